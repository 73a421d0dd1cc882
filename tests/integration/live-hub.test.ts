// The per-process hub: signals become throttled pushes (a burst of answers makes a handful of
// messages with the right final tally, not one per answer), one database read per tick however
// many streams watch, unchanged snapshots are not sent again, a new stream always gets the
// current state, and a reconnected bus or the slow safety read recovers lost signals. On
// Postgres, a second bus on another connection hears the first one's announcement.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHub, type HubOptions } from '../../src/lib/server/live/hub';
import { liveState } from '../../src/lib/server/live/snapshot';
import { sseResponse, type SseSink } from '../../src/lib/server/live/sse';
import { localBus, postgresBus, type LiveBus, type LiveSignal } from '../../src/lib/server/realtime/bus';
import type { LiveSnapshot } from '../../src/lib/live/types';
import { liveActivities, workshopSessions } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addActivity, addParticipant, liveOrganisation, liveSession, respond } from './live-tally-fixture';

let t: TestDatabase;
let db: Db;
let org: Awaited<ReturnType<typeof liveOrganisation>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await liveOrganisation(db);
});
afterAll(async () => t?.close());

const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream that keeps what it was sent. */
function fakeSink() {
	const messages: LiveSnapshot[] = [];
	let heartbeats = 0;
	let closed = false;
	const sink: SseSink & { messages: LiveSnapshot[]; heartbeats: () => number } = {
		send(chunk) {
			if (closed) return false;
			const text = decoder.decode(chunk);
			if (text.startsWith('data: ')) messages.push(JSON.parse(text.slice(6)));
			else heartbeats++;
			return true;
		},
		close() {
			closed = true;
		},
		get closed() {
			return closed;
		},
		messages,
		heartbeats: () => heartbeats
	};
	return sink;
}

/** A bus whose "reconnected" moment the test decides. */
function manualBus(): LiveBus & { reconnect(): void } {
	const listeners = new Set<(s: LiveSignal) => void>();
	const ready = new Set<() => void>();
	return {
		async announce(signal) {
			for (const l of listeners) l(signal);
		},
		listen(listener, onReady) {
			listeners.add(listener);
			if (onReady) ready.add(onReady);
			return () => listeners.delete(listener);
		},
		async close() {},
		reconnect() {
			for (const r of ready) r();
		}
	};
}

function countingHub(bus: LiveBus, options: HubOptions = {}) {
	let reads = 0;
	const hub = createHub(db, bus, {
		throttleMs: 250,
		safetyMs: 60_000,
		heartbeatMs: 60_000,
		...options,
		load: (d, id) => {
			reads++;
			return liveState(d, id);
		}
	});
	return { hub, reads: () => reads };
}

async function pollSession() {
	const sessionId = await liveSession(db, org);
	const poll = await addActivity(db, sessionId, 'poll', { state: 'open' });
	await db.update(workshopSessions).set({ currentActivityId: poll.id }).where(eq(workshopSessions.id, sessionId));
	return { sessionId, poll };
}

describe('hub on the in-process bus', () => {
	it('sends each new stream the current state first', async () => {
		const bus = localBus();
		const { hub } = countingHub(bus);
		const { sessionId, poll } = await pollSession();
		const phone = fakeSink();
		const control = fakeSink();
		hub.subscribe(sessionId, 'phone', phone);
		hub.subscribe(sessionId, 'control', control);
		await hub.settled();
		expect(phone.messages).toHaveLength(1);
		expect(phone.messages[0]).toMatchObject({ status: 'live', activity: { id: poll.id }, tally: null, pending: 0 });
		expect(control.messages[0].tally?.options.map((o) => o.count)).toEqual([0, 0, 0]);

		// A latecomer gets the state although nothing changed; the others get nothing new.
		const late = fakeSink();
		hub.subscribe(sessionId, 'phone', late);
		await hub.settled();
		expect(late.messages).toHaveLength(1);
		expect(phone.messages).toHaveLength(1);
		hub.stop();
		expect(phone.closed && control.closed && late.closed).toBe(true);
		expect(hub.count()).toBe(0);
	});

	it('500 signals within a second make a handful of pushes ending in the right tally', async () => {
		const bus = localBus();
		const { hub, reads } = countingHub(bus);
		const { sessionId, poll } = await pollSession();
		const projector = fakeSink();
		const phones = Array.from({ length: 200 }, () => fakeSink());
		hub.subscribe(sessionId, 'projector', projector);
		for (const phone of phones) hub.subscribe(sessionId, 'phone', phone);
		await hub.settled();
		const readsBefore = reads();
		expect(readsBefore).toBe(1); // one read for 201 streams
		expect(projector.messages).toHaveLength(1);

		const voters: string[] = [];
		for (let i = 0; i < 50; i++) voters.push(await addParticipant(db, sessionId));
		const started = Date.now();
		for (let i = 0; i < 500; i++) {
			if (i < 50) await respond(db, poll.id, voters[i], { choices: [[poll.optionIds[i % 3], 1]] });
			await bus.announce({ sessionId, what: 'answer' });
			if (i % 25 === 0) await sleep(Math.max(0, (started + (i / 500) * 1000) - Date.now()));
		}
		await sleep(Math.max(0, started + 1000 - Date.now()));
		const elapsed = Date.now() - started;
		await hub.settled();

		// At most one read (and push) per 250 ms while signals come: about 5 in the second (more
		// only when a busy machine stretched the burst), never one per signal.
		const pushes = projector.messages.length - 1;
		const allowed = Math.ceil(elapsed / 250) + 2;
		expect(pushes).toBeGreaterThanOrEqual(1);
		expect(pushes).toBeLessThanOrEqual(allowed);
		expect(reads() - readsBefore).toBeLessThanOrEqual(allowed);
		expect(pushes).toBeLessThan(50);
		const last = projector.messages.at(-1)!;
		expect(last.tally?.responses).toBe(50);
		expect(last.tally?.options.map((o) => o.count)).toEqual([17, 17, 16]);
		// Results aren't revealed: the phones' snapshot never changed, so they got nothing more.
		for (const phone of phones) expect(phone.messages).toHaveLength(1);
		// Each push is newer than the one before.
		const ats = projector.messages.map((m) => m.at);
		expect([...ats].sort((a, b) => a - b)).toEqual(ats);
		hub.stop();
	});

	it('a control change reaches phones, projector and control panel', async () => {
		const bus = localBus();
		const { hub } = countingHub(bus);
		const { sessionId, poll } = await pollSession();
		const sinks = { phone: fakeSink(), projector: fakeSink(), control: fakeSink() };
		for (const [audience, sink] of Object.entries(sinks)) hub.subscribe(sessionId, audience as keyof typeof sinks, sink);
		await hub.settled();
		await db.update(liveActivities).set({ revealed: true }).where(eq(liveActivities.id, poll.id));
		await bus.announce({ sessionId, what: 'control' });
		await hub.settled();
		for (const sink of Object.values(sinks)) expect(sink.messages.at(-1)?.activity?.revealed).toBe(true);
		expect(sinks.phone.messages.at(-1)?.tally).not.toBeNull();
		hub.stop();
	});

	it('signals for sessions nobody here watches cost nothing', async () => {
		const bus = localBus();
		const { hub, reads } = countingHub(bus);
		const { sessionId } = await pollSession();
		for (let i = 0; i < 100; i++) await bus.announce({ sessionId, what: 'answer' });
		await hub.settled();
		expect(reads()).toBe(0);
		hub.stop();
	});

	it('when the bus reconnects every watched session is read again (signals may have been lost)', async () => {
		const bus = manualBus();
		const { hub } = countingHub(bus);
		const { sessionId, poll } = await pollSession();
		const control = fakeSink();
		hub.subscribe(sessionId, 'control', control);
		await hub.settled();
		// An answer whose signal was lost.
		await respond(db, poll.id, await addParticipant(db, sessionId), { choices: [[poll.optionIds[1], 1]] });
		await sleep(300);
		await hub.settled();
		expect(control.messages).toHaveLength(1);
		bus.reconnect();
		await hub.settled();
		expect(control.messages).toHaveLength(2);
		expect(control.messages[1].tally?.options.map((o) => o.count)).toEqual([0, 1, 0]);
		hub.stop();
	});

	it('the slow safety read and the heartbeat run while people watch', async () => {
		const bus = manualBus();
		const { hub } = countingHub(bus, { safetyMs: 200, heartbeatMs: 100 });
		const { sessionId, poll } = await pollSession();
		const projector = fakeSink();
		hub.subscribe(sessionId, 'projector', projector);
		await hub.settled();
		await respond(db, poll.id, await addParticipant(db, sessionId), { choices: [[poll.optionIds[2], 1]] });
		await sleep(700);
		await hub.settled();
		expect(projector.messages.at(-1)?.tally?.options.map((o) => o.count)).toEqual([0, 0, 1]);
		expect(projector.heartbeats()).toBeGreaterThanOrEqual(2);
		hub.stop();
	});

	it('a closed session gets its final snapshot and the streams end', async () => {
		const bus = localBus();
		const { hub } = countingHub(bus);
		const { sessionId } = await pollSession();
		const phone = fakeSink();
		const unsubscribe = hub.subscribe(sessionId, 'phone', phone);
		await hub.settled();
		await db.update(workshopSessions).set({ status: 'closed', closedAt: new Date() }).where(eq(workshopSessions.id, sessionId));
		await bus.announce({ sessionId, what: 'control' });
		await hub.settled();
		expect(phone.messages.at(-1)?.status).toBe('closed');
		expect(phone.closed).toBe(true);
		unsubscribe();
		expect(hub.count(sessionId)).toBe(0);
		hub.stop();
	});

	it('a new code ends the phone streams that came in by the old one; screens and new-code phones carry on', async () => {
		const bus = localBus();
		const { hub } = countingHub(bus);
		const { sessionId } = await pollSession();
		const [{ code: old }] = await db.select({ code: workshopSessions.code }).from(workshopSessions).where(eq(workshopSessions.id, sessionId));
		const stranger = fakeSink();
		const projector = fakeSink();
		hub.subscribe(sessionId, 'phone', stranger, old);
		hub.subscribe(sessionId, 'projector', projector);
		await hub.settled();
		expect(stranger.messages).toHaveLength(1);
		await db.update(workshopSessions).set({ code: 'NEWC2D' }).where(eq(workshopSessions.id, sessionId));
		const joined = fakeSink();
		hub.subscribe(sessionId, 'phone', joined, 'NEWC2D');
		await bus.announce({ sessionId, what: 'control' });
		await hub.settled();
		expect(stranger.closed).toBe(true);
		expect(stranger.messages).toHaveLength(1);
		expect(joined.closed).toBe(false);
		expect(joined.messages).toHaveLength(1);
		expect(projector.messages.at(-1)?.code).toBe('NEWC2D');
		expect(hub.count(sessionId)).toBe(2);
		// Revealed results later reach only the phone on the new code.
		await db.update(liveActivities).set({ revealed: true }).where(eq(liveActivities.sessionId, sessionId));
		await bus.announce({ sessionId, what: 'control' });
		await hub.settled();
		expect(joined.messages.at(-1)?.tally).not.toBeNull();
		expect(stranger.messages).toHaveLength(1);
		hub.stop();
	});

	it('a thousand streams on one session: one read per tick, the same bytes to all', async () => {
		const bus = localBus();
		const { hub, reads } = countingHub(bus);
		const { sessionId, poll } = await pollSession();
		await db.update(liveActivities).set({ revealed: true }).where(eq(liveActivities.id, poll.id));
		const phones = Array.from({ length: 1000 }, () => fakeSink());
		const removals = phones.map((phone) => hub.subscribe(sessionId, 'phone', phone));
		await hub.settled();
		expect(reads()).toBe(1);
		await respond(db, poll.id, await addParticipant(db, sessionId), { choices: [[poll.optionIds[0], 1]] });
		await bus.announce({ sessionId, what: 'answer' });
		await hub.settled();
		expect(reads()).toBe(2);
		for (const phone of phones) expect(phone.messages.at(-1)?.tally?.options[0].count).toBe(1);
		expect(hub.count(sessionId)).toBe(1000);
		for (const remove of removals) remove();
		expect(hub.count()).toBe(0);
		hub.stop();
	});
});

describe('event streams', () => {
	it('start with retry, end when the reader goes, and drop a reader that stopped reading', async () => {
		let cleaned = 0;
		let sinkRef: SseSink | undefined;
		const response = sseResponse(undefined, (sink) => {
			sinkRef = sink;
			return () => cleaned++;
		});
		expect(response.headers.get('content-type')).toContain('text/event-stream');
		expect(response.headers.get('x-accel-buffering')).toBe('no');
		expect(response.headers.get('cache-control')).toContain('no-cache');
		const reader = response.body!.getReader();
		expect(decoder.decode((await reader.read()).value)).toBe('retry: 1000\n\n');
		// Nobody reads: after a backlog the stream is dropped instead of growing.
		let sent = 0;
		while (sinkRef!.send(new TextEncoder().encode('data: {}\n\n')) && sent < 1000) sent++;
		expect(sent).toBeLessThan(100);
		expect(sinkRef!.closed).toBe(true);
		expect(cleaned).toBe(1);

		const aborted = new AbortController();
		let cleanedTwo = 0;
		const second = sseResponse(aborted.signal, () => () => cleanedTwo++);
		const secondReader = second.body!.getReader();
		await secondReader.read();
		aborted.abort();
		expect(cleanedTwo).toBe(1);
		expect((await secondReader.read()).done).toBe(true);

		let cleanedThree = 0;
		const third = sseResponse(undefined, () => () => cleanedThree++);
		await third.body!.cancel();
		expect(cleanedThree).toBe(1);
	});
});

describe('stopping on a signal', () => {
	/** Runs a small script that asks for stopOnSignals, sends it SIGTERM once ready; how it ended. */
	async function signalled(before: string) {
		const dir = mkdtempSync(join(tmpdir(), 'hub-signal-'));
		const script = join(dir, 'child.ts');
		const hub = resolve('src/lib/server/live/hub.ts');
		writeFileSync(script, `${before}\nimport { stopOnSignals } from ${JSON.stringify(hub)};\nstopOnSignals(() => console.log('streams ended'));\nsetInterval(() => {}, 1000);\nconsole.log('ready');\n`);
		try {
			const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
			let out = '';
			child.stdout.on('data', (chunk) => {
				out += chunk;
				if (out.includes('ready') && !child.killed) child.kill('SIGTERM');
			});
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
			clearTimeout(timer);
			return { ...ended, out };
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}

	it('ends the streams and still lets SIGTERM end a process nobody else listens in', async () => {
		const ended = await signalled('');
		expect(ended.out).toContain('streams ended');
		expect(ended).toMatchObject({ signal: 'SIGTERM' });
	}, 30_000);

	it('leaves the stopping to the server when it listens too (adapter-node)', async () => {
		const ended = await signalled(`process.on('SIGTERM', () => setTimeout(() => { console.log('server stopped'); process.exit(0); }, 50));`);
		expect(ended.out).toContain('streams ended');
		expect(ended.out).toContain('server stopped');
		expect(ended).toMatchObject({ code: 0, signal: null });
	}, 30_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('hub across processes (Postgres NOTIFY)', () => {
	it('a hub on a second connection hears the first connection’s announcement', async () => {
		const first = postgres(t.url!, { max: 2, onnotice: () => {} });
		const second = postgres(t.url!, { max: 2, onnotice: () => {} });
		const announcer = postgresBus(first);
		const listener = postgresBus(second);
		try {
			const { hub, reads } = countingHub(listener);
			const { sessionId, poll } = await pollSession();
			const projector = fakeSink();
			hub.subscribe(sessionId, 'projector', projector);
			await hub.settled();
			// Listening is set up asynchronously: wait until it is (a signal heard proves it).
			const heard = new Promise<void>((resolve) => {
				const stop = listener.listen(() => {
					stop();
					resolve();
				});
			});
			for (let i = 0; i < 20; i++) {
				const done = await Promise.race([heard.then(() => true), sleep(100).then(() => false)]);
				if (done) break;
				await announcer.announce({ sessionId: 'warmupwarmupwarm', what: 'answer' });
			}
			const readsBefore = reads();
			await respond(db, poll.id, await addParticipant(db, sessionId), { choices: [[poll.optionIds[0], 1]] });
			await announcer.announce({ sessionId, what: 'answer' });
			const deadline = Date.now() + 3000;
			while (projector.messages.length < 2 && Date.now() < deadline) await sleep(20);
			expect(reads()).toBeGreaterThan(readsBefore);
			expect(projector.messages.at(-1)?.tally?.options.map((o) => o.count)).toEqual([1, 0, 0]);
			hub.stop();
		} finally {
			await announcer.close();
			await listener.close();
			await first.end({ timeout: 2 });
			await second.end({ timeout: 2 });
		}
	});
});
