// A live session under load (Postgres only), on the built app as a child process:
// 1. the room: 1,000 phones join by the session's page (a cookie each), hold the phone event
//    stream open and each vote once in an open poll, spread evenly over 10 seconds, while the
//    projector (staff signed in) follows its own stream. Every vote must be acknowledged (201);
//    we time each vote, then the wait from the last acknowledgement to the projector showing the
//    exact final tally, and read the server's memory from /proc while it runs;
// 2. the ceiling: the same phones vote in three more polls as fast as `concurrency` connections
//    allow, then the same inserts (a live_responses row and its live_choices row, in one
//    transaction) are made directly with postgres.js at that concurrency: the database's own rate;
// 3. the phone's live page: first-load JavaScript, gzipped, cold, at 390x844 in Chromium.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import postgres, { type Sql } from 'postgres';
import { newId } from '../src/lib/server/db/ids';
import { measureFirstLoadJs, type PageWeight } from './js-size';
import { cpuMsOf, memoryOf, openStream, pool, resetPeakMemory, send, type EventStream } from './live-client';
import type { RunningServer } from './server';
import { signInAsOfficer } from './survey-results';
import { percentile } from './timing';

const SLUG = 'youth-mental-health-support';
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const OPTIONS = ['Short waits', 'Evening times', 'Same worker', 'Drop in'];
/** Which option phone i chooses: uneven on purpose, so a wrong count can't hide in a tie. */
const choiceOf = (i: number) => [0, 0, 0, 1, 1, 2, 3][i % 7];

interface Latency {
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
}
const round = (n: number) => Math.round(n * 10) / 10;
function latency(ms: number[]): Latency {
	const sorted = [...ms].sort((a, b) => a - b);
	return { p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), p99Ms: round(percentile(sorted, 99)) };
}
const tally = (into: Record<string, number>, key: number | string) => (into[key] = (into[key] ?? 0) + 1);

export interface LiveBench {
	participants: number;
	/** The machine's 1-minute load average before and after the room (2 cores: above 2, something else was running too). */
	loadAverage: { before: number; after: number };
	joins: { perSecond: number; failed: Record<string, number> } & Latency;
	streamsOpen: number;
	room: { votes: number; acknowledged: number; statuses: Record<string, number>; seconds: number; perSecond: number; serverCpuMsPerVote: number | null } & Latency;
	projector: { exactTallyAfterLastAckMs: number | null; snapshots: number };
	phoneSnapshots: { total: number; min: number; median: number; max: number };
	serverMemory: { peakMb: number | null; maxRssSampledMb: number; peakReset: boolean };
	ceiling: {
		concurrency: number;
		/** serverCpuMsPerVote: the app process's own CPU per vote (user + system), whatever else runs on the machine. */
		app: { votes: number; acknowledged: number; perSecond: number; serverCpuMsPerVote: number | null } & Latency;
		direct: { inserts: number; perSecond: number } & Latency;
		ratio: number;
	};
	livePageJs: PageWeight[];
}

interface Fixture {
	sessionId: string;
	code: string;
	organisationId: string;
	/** The poll of the room scenario, then three for the ceiling. */
	polls: { id: string; optionIds: string[] }[];
}

async function createFixture(sql: Sql): Promise<Fixture> {
	const [project] = await sql<{ id: string; organisation_id: string }[]>`select id, organisation_id from projects where slug = ${SLUG}`;
	if (!project) throw new Error('bench: the demo youth mental-health project is missing');
	const code = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
	const sessionId = newId();
	await sql`insert into workshop_sessions (id, organisation_id, project_id, step, kind, title, starts_at, ends_at, place, invite, status, code)
		values (${sessionId}, ${project.organisation_id}, ${project.id}, 2, 'workshop', 'Bench: a thousand phones', now() - interval '10 minutes', now() + interval '2 hours', 'Bench hall', 'open', 'live', ${code})`;
	const polls: Fixture['polls'] = [];
	for (let position = 1; position <= 4; position++) {
		const id = newId();
		await sql`insert into live_activities (id, session_id, position, type, prompt, state, opened_at)
			values (${id}, ${sessionId}, ${position}, 'poll', ${`What matters most? (${position})`}, ${position === 1 ? 'open' : 'draft'}, ${position === 1 ? new Date() : null})`;
		const optionIds = OPTIONS.map(() => newId());
		await sql`insert into live_options ${sql(OPTIONS.map((label, i) => ({ id: optionIds[i], activity_id: id, position: i + 1, label })))}`;
		polls.push({ id, optionIds });
	}
	await sql`update workshop_sessions set current_activity_id = ${polls[0].id} where id = ${sessionId}`;
	return { sessionId, code, organisationId: project.organisation_id, polls };
}

const address = (i: number) => `10.77.${(i >> 8) & 255}.${i & 255}`;

/** Each phone opens the session's page and taps Join: a 303 with its cookie. */
async function joinPhones(origin: URL, code: string, count: number, concurrency: number) {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const cookies: string[] = [];
	const times: number[] = [];
	const failed: Record<string, number> = {};
	const started = performance.now();
	await pool(count, concurrency, async (i) => {
		const t = performance.now();
		const reply = await send(agent, origin, 'POST', `/live/${code}?/join`, { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: origin.origin, 'x-forwarded-for': address(i) }, 'nickname=');
		times.push(performance.now() - t);
		const cookie = ([] as string[]).concat(reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('live='));
		if (reply.status === 303 && cookie) cookies[i] = cookie.split(';')[0];
		else tally(failed, reply.status);
	});
	agent.destroy();
	return { cookies, perSecond: Math.round(count / ((performance.now() - started) / 1000)), failed, ...latency(times) };
}

function vote(agent: Agent, origin: URL, code: string, phone: number, cookie: string, poll: Fixture['polls'][number]) {
	const body = JSON.stringify({ activityId: poll.id, choices: [poll.optionIds[choiceOf(phone)]] });
	return send(agent, origin, 'POST', `/api/live/${code}/answers`, { 'content-type': 'application/json', origin: origin.origin, cookie, 'x-forwarded-for': address(phone) }, body);
}

interface Snapshot {
	tally: { activityId: string; responses: number; options: { id: string; count: number }[] } | null;
}

/** Whether a projector snapshot shows exactly these counts for the poll. */
function showsExactly(data: string, poll: Fixture['polls'][number], expected: number[]): boolean {
	const t = (JSON.parse(data) as Snapshot).tally;
	if (!t || t.activityId !== poll.id || t.responses !== expected.reduce((a, b) => a + b, 0)) return false;
	return poll.optionIds.every((id, i) => t.options.find((o) => o.id === id)?.count === expected[i]);
}

/** The scenario: votes spread evenly over `seconds`, every phone's stream open, the projector watching. */
async function runRoom(origin: URL, fixture: Fixture, cookies: string[], projector: EventStream, seconds: number, pid: number | undefined) {
	const poll = fixture.polls[0];
	const agent = new Agent({ keepAlive: true, maxSockets: 256 });
	const expected = OPTIONS.map(() => 0);
	const statuses: Record<string, number> = {};
	const times: number[] = [];
	let lastAck = 0;
	let exactAt: number | null = null;
	let wanted = false;
	projector.onMessage = (data, at) => {
		if (wanted && exactAt === null && showsExactly(data, poll, expected)) exactAt = at;
	};
	let maxRss = 0;
	const sampler = setInterval(() => (maxRss = Math.max(maxRss, memoryOf(pid ?? 0)?.rssMb ?? 0)), 200);
	const gap = (seconds * 1000) / cookies.length;
	const cpuBefore = pid ? cpuMsOf(pid) : null;
	const started = performance.now();
	await Promise.all(
		cookies.map(async (cookie, i) => {
			const due = started + i * gap;
			const wait = due - performance.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			const t = performance.now();
			const reply = await vote(agent, origin, fixture.code, i, cookie, poll).catch(() => ({ status: -1 }));
			const done = performance.now();
			times.push(done - t);
			tally(statuses, reply.status);
			if (reply.status === 201) {
				expected[choiceOf(i)]++;
				lastAck = Math.max(lastAck, done);
			}
		})
	);
	const elapsed = (performance.now() - started) / 1000;
	// The projector may already have it: its last message counts too.
	wanted = true;
	if (projector.last && showsExactly(projector.last, poll, expected)) exactAt = Math.min(performance.now(), lastAck);
	const deadline = performance.now() + 10_000;
	while (exactAt === null && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	clearInterval(sampler);
	const cpuAfter = pid ? cpuMsOf(pid) : null;
	agent.destroy();
	const acknowledged = statuses['201'] ?? 0;
	const serverCpuMsPerVote = cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / cookies.length) * 100) / 100 : null;
	return {
		room: { votes: cookies.length, acknowledged, statuses, seconds: round(elapsed), perSecond: Math.round(acknowledged / elapsed), serverCpuMsPerVote, ...latency(times) },
		exactTallyAfterLastAckMs: exactAt === null ? null : Math.max(0, Math.round((exactAt as number) - lastAck)),
		maxRss
	};
}

/** The same phones vote in three more polls, `concurrency` at a time, as fast as they are answered. */
async function appCeiling(sql: Sql, origin: URL, fixture: Fixture, cookies: string[], concurrency: number, pid: number | undefined) {
	const polls = fixture.polls.slice(1);
	await sql`update live_activities set state = 'open', opened_at = now() where id in ${sql(polls.map((p) => p.id))}`;
	await sql`update live_activities set state = 'closed', closed_at = now() where id = ${fixture.polls[0].id}`;
	await sql`update workshop_sessions set current_activity_id = ${polls[0].id} where id = ${fixture.sessionId}`;
	await sql`select pg_notify('coproduce_live', ${JSON.stringify({ sessionId: fixture.sessionId, what: 'control' })})`;
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const total = polls.length * cookies.length;
	const times: number[] = [];
	let acknowledged = 0;
	const cpuBefore = pid ? cpuMsOf(pid) : null;
	const started = performance.now();
	await pool(total, concurrency, async (n) => {
		const phone = n % cookies.length;
		const t = performance.now();
		const reply = await vote(agent, origin, fixture.code, phone, cookies[phone], polls[Math.floor(n / cookies.length)]).catch(() => ({ status: -1 }));
		times.push(performance.now() - t);
		if (reply.status === 201) acknowledged++;
	});
	const seconds = (performance.now() - started) / 1000;
	const cpuAfter = pid ? cpuMsOf(pid) : null;
	agent.destroy();
	const serverCpuMsPerVote = cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / total) * 100) / 100 : null;
	return { votes: total, acknowledged, perSecond: Math.round(acknowledged / seconds), serverCpuMsPerVote, ...latency(times) };
}

/** The database's ceiling: one response and its choice per transaction, as the app writes them, for new participants. */
async function directCeiling(url: string, fixture: Fixture, people: number, concurrency: number) {
	const sql = postgres(url, { max: concurrency, onnotice: () => {} });
	try {
		const ids = Array.from({ length: people }, () => newId());
		for (let i = 0; i < people; i += 1000)
			await sql`insert into live_participants ${sql(ids.slice(i, i + 1000).map((id) => ({ id, session_id: fixture.sessionId, token_hash: `bench-${id}` })))}`;
		const polls = fixture.polls.slice(1);
		const total = polls.length * people;
		const times: number[] = [];
		const started = performance.now();
		await pool(total, concurrency, async (n) => {
			const participant = ids[n % people];
			const poll = polls[Math.floor(n / people)];
			const t = performance.now();
			await sql.begin(async (tx) => {
				const [row] = await tx`insert into live_responses (id, activity_id, participant_id) values (${newId()}, ${poll.id}, ${participant})
					on conflict (activity_id, participant_id) do nothing returning id`;
				await tx`insert into live_choices (response_id, option_id, activity_id, dots) values (${row.id}, ${poll.optionIds[choiceOf(n)]}, ${poll.id}, 1)`;
			});
			times.push(performance.now() - t);
		});
		const seconds = (performance.now() - started) / 1000;
		return { inserts: total, perSecond: Math.round(total / seconds), ...latency(times) };
	} finally {
		await sql.end();
	}
}

export async function benchLive(databaseUrl: string, server: RunningServer): Promise<LiveBench> {
	const participants = Number(process.env.BENCH_LIVE_PARTICIPANTS || 1000);
	const seconds = Number(process.env.BENCH_LIVE_SECONDS || 10);
	const concurrency = Number(process.env.BENCH_CONCURRENCY || 32);
	const origin = new URL(server.origin);
	const pid = server.process.pid;
	const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
	const streams: EventStream[] = [];
	try {
		const fixture = await createFixture(sql);
		const staff = await signInAsOfficer(server.origin);
		const projector = await openStream(new Agent({ keepAlive: false }), origin, `/api/sessions/${fixture.sessionId}/events?view=projector`, { cookie: staff });
		streams.push(projector);
		if (projector.status !== 200) throw new Error(`bench: the projector stream answered ${projector.status}`);

		const joins = await joinPhones(origin, fixture.code, participants, concurrency);
		const cookies = joins.cookies.filter(Boolean);
		if (cookies.length !== participants) throw new Error(`bench: only ${cookies.length} of ${participants} phones joined (${JSON.stringify(joins.failed)})`);
		const streamAgent = new Agent({ keepAlive: false, maxSockets: Infinity });
		await pool(participants, 50, async (i) => {
			streams.push(await openStream(streamAgent, origin, `/api/live/${fixture.code}/events`, { cookie: cookies[i], 'x-forwarded-for': address(i) }));
		});
		const phones = streams.slice(1);
		const ready = performance.now() + 30_000;
		while (phones.some((s) => s.messages === 0) && performance.now() < ready) await new Promise((r) => setTimeout(r, 50));
		const streamsOpen = phones.filter((s) => s.status === 200 && s.messages > 0).length;
		const before = phones.map((s) => s.messages);

		const loadBefore = round(loadavg()[0]);
		const peakReset = pid ? resetPeakMemory(pid) : false;
		const room = await runRoom(origin, fixture, cookies, projector, seconds, pid);
		await new Promise((r) => setTimeout(r, 1000));
		const memory = pid ? memoryOf(pid) : null;
		const loadAfter = round(loadavg()[0]);
		const received = phones.map((s, i) => s.messages - before[i]).sort((a, b) => a - b);
		const phoneSnapshots = { total: received.reduce((a, b) => a + b, 0), min: received[0], median: percentile(received, 50), max: received[received.length - 1] };

		const app = await appCeiling(sql, origin, fixture, cookies, concurrency, pid);
		for (const s of streams) s.close();
		const direct = await directCeiling(databaseUrl, fixture, participants, concurrency);
		const livePageJs = await measureFirstLoadJs(server.origin, [`/live/${fixture.code}`]);

		const result: LiveBench = {
			participants,
			loadAverage: { before: loadBefore, after: loadAfter },
			joins: { perSecond: joins.perSecond, failed: joins.failed, p50Ms: joins.p50Ms, p95Ms: joins.p95Ms, p99Ms: joins.p99Ms },
			streamsOpen,
			room: room.room,
			projector: { exactTallyAfterLastAckMs: room.exactTallyAfterLastAckMs, snapshots: projector.messages },
			phoneSnapshots,
			serverMemory: { peakMb: peakReset ? (memory?.hwmMb ?? null) : null, maxRssSampledMb: room.maxRss, peakReset },
			ceiling: { concurrency, app, direct, ratio: Math.round((app.perSecond / direct.perSecond) * 100) / 100 },
			livePageJs: livePageJs.map((w) => ({ ...w, label: 'live page (phone)' }))
		};
		printLive(result, seconds);
		mkdirSync('bench/results', { recursive: true });
		writeFileSync('bench/results/live.json', JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
		return result;
	} finally {
		for (const s of streams) s.close();
		await sql.end();
	}
}

function printLive(r: LiveBench, seconds: number) {
	const ok = (pass: boolean) => (pass ? 'ok' : 'OVER BUDGET');
	const exact = r.projector.exactTallyAfterLastAckMs;
	const peak = r.serverMemory.peakMb ?? r.serverMemory.maxRssSampledMb;
	const js = r.livePageJs[0];
	console.log(`Live session: ${r.participants} phones, one open poll, each votes once within ${seconds} s; the projector watching (load average ${r.loadAverage.before} → ${r.loadAverage.after} on 2 cores):`);
	console.log(`  joined                      ${r.participants} (${r.joins.perSecond}/s, p95 ${r.joins.p95Ms} ms); phone streams open ${r.streamsOpen}`);
	console.log(`  votes acknowledged (201)    ${r.room.acknowledged}/${r.room.votes} ${JSON.stringify(r.room.statuses)}  ${ok(r.room.acknowledged === r.room.votes)}`);
	console.log(`  vote latency                p50 ${r.room.p50Ms} ms, p95 ${r.room.p95Ms} ms, p99 ${r.room.p99Ms} ms  (p95 < 200 ms: ${ok(r.room.p95Ms < 200)})`);
	console.log(`  votes/s (paced)             ${r.room.perSecond} over ${r.room.seconds} s; the server used ${r.room.serverCpuMsPerVote} ms of CPU per vote, streams and pushes included`);
	console.log(`  projector exact tally       ${exact === null ? 'never' : `${exact} ms`} after the last acknowledgement  (≤ 1,000 ms: ${ok(exact !== null && exact <= 1000)})`);
	console.log(`  snapshots                   projector ${r.projector.snapshots}; each phone min ${r.phoneSnapshots.min}, median ${r.phoneSnapshots.median}, max ${r.phoneSnapshots.max} (${r.phoneSnapshots.total} in all)`);
	console.log(`  server memory               peak ${peak} MB${r.serverMemory.peakReset ? ' (VmHWM, reset at the start)' : ' (VmRSS sampled)'}  (< 300 MB: ${ok(peak < 300)})`);
	console.log(`Votes as fast as they are answered, ${r.ceiling.concurrency} connections (${r.participants} phones × 3 polls):`);
	console.log(`  over HTTP (the app)         ${r.ceiling.app.perSecond} votes/s, p50 ${r.ceiling.app.p50Ms} ms, p95 ${r.ceiling.app.p95Ms} ms (${r.ceiling.app.acknowledged}/${r.ceiling.app.votes} acknowledged; the server used ${r.ceiling.app.serverCpuMsPerVote} ms of CPU per vote)`);
	console.log(`  direct postgres.js inserts  ${r.ceiling.direct.perSecond}/s, p50 ${r.ceiling.direct.p50Ms} ms, p95 ${r.ceiling.direct.p95Ms} ms (${r.ceiling.direct.inserts} response + choice transactions)`);
	console.log(`  app / database ceiling      ${r.ceiling.ratio}`);
	console.log(`  first-load JavaScript of the live page: ${(js.gzipBytes / 1024).toFixed(1)} kB gzip (${js.files} files)  (< 60 kB: ${ok(js.gzipBytes < 60 * 1024)})`);
}
