// One hub per process: it listens to the live bus once and keeps the event streams this process
// serves, grouped by session and audience (phone, projector, control).
//
// A signal only marks a session "dirty". A timer per session then reads the state from the
// database at most every THROTTLE_MS (one read for every audience, however many phones watch),
// serialises each audience's snapshot once and writes the same bytes to each of its streams,
// and skips an audience whose snapshot did not change. So a burst of 500 answers makes a few
// pushes a second, never one message per answer to every phone. A stream that has just
// connected always gets the next snapshot, changed or not: that is its first event.
//
// Signals can be lost (the LISTEN connection dropped, a NOTIFY failed after the commit): when the
// bus (re)connects every session is read again, and every few seconds anyway while people watch.
//
// A phone's stream remembers the code it came in by. When the champion makes a new code (the old
// one got out), the next read ends every phone stream under the old code instead of sending it
// more: watching needs only the code, so otherwise whoever had the leaked one would keep seeing
// the results. Phones that joined reconnect, are told the new code (streams.ts) and carry on.
import { getDatabase } from '../db';
import type { Db } from '../db/client';
import { log } from '../log';
import { getBus } from '../realtime';
import type { LiveBus, LiveSignal } from '../realtime/bus';
import type { LiveAudience } from '../../live/types';
import { liveState, nextAt, snapshotFor, type LiveState } from './snapshot';
import { SSE_HEARTBEAT, sseMessage, type SseSink } from './sse';

export interface HubOptions {
	/** Least time between two reads of one session. */
	throttleMs?: number;
	/** A read of every watched session this often, in case a signal was lost. */
	safetyMs?: number;
	/** A comment line this often, so proxies and phones keep the connection open. */
	heartbeatMs?: number;
	/** Reads the state; tests count reads through it. */
	load?: (db: Db, sessionId: string) => Promise<LiveState | null>;
}

const AUDIENCES: LiveAudience[] = ['phone', 'projector', 'control'];
const RETRY_AFTER_FAILURE_MS = 1000;

interface Room {
	sessionId: string;
	streams: Record<LiveAudience, Set<SseSink>>;
	/** Streams that have had nothing yet: they get the next snapshot whatever it is. */
	fresh: Set<SseSink>;
	/** The code each phone stream came in by. */
	codes: Map<SseSink, string>;
	/** Each audience's last snapshot as sent, without `at`, to skip unchanged ones. */
	last: Partial<Record<LiveAudience, string>>;
	dirty: boolean;
	reading: boolean;
	timer?: ReturnType<typeof setTimeout>;
	lastRead: number;
}

export interface LiveHub {
	/**
	 * Adds a stream; it gets the current snapshot within one throttle. Returns the removal. A
	 * phone's stream gives the code it came in by: it ends once the session's code is another.
	 */
	subscribe(sessionId: string, audience: LiveAudience, sink: SseSink, code?: string): () => void;
	/** Marks a session for a read, as a signal does. */
	touch(sessionId: string): void;
	/** Streams open on this process (all sessions, or one). */
	count(sessionId?: string): number;
	/** Waits until no read is due or running (tests). */
	settled(): Promise<void>;
	stop(): void;
}

export function createHub(db: Db, bus: LiveBus, options: HubOptions = {}): LiveHub {
	const throttleMs = options.throttleMs ?? 250;
	const safetyMs = options.safetyMs ?? 5000;
	const heartbeatMs = options.heartbeatMs ?? 15_000;
	const load = options.load ?? liveState;
	const rooms = new Map<string, Room>();
	let safetyTimer: ReturnType<typeof setInterval> | undefined;
	let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
	let stopped = false;

	const schedule = (room: Room, delay = Math.max(0, room.lastRead + throttleMs - Date.now())) => {
		if (room.timer || room.reading || stopped) return;
		room.timer = setTimeout(() => {
			room.timer = undefined;
			void read(room);
		}, delay);
	};

	const touchRoom = (room: Room) => {
		room.dirty = true;
		schedule(room);
	};

	const closeRoom = (room: Room) => {
		for (const audience of AUDIENCES) for (const sink of [...room.streams[audience]]) sink.close();
		dropRoomIfEmpty(room);
	};

	/** Ends the phone streams that came in by a code the session no longer has. */
	const endStaleCodes = (room: Room, code: string) => {
		for (const [sink, came] of [...room.codes]) {
			if (came === code) continue;
			room.streams.phone.delete(sink);
			room.fresh.delete(sink);
			room.codes.delete(sink);
			sink.close();
		}
	};

	const dropRoomIfEmpty = (room: Room) => {
		if (AUDIENCES.some((a) => room.streams[a].size > 0)) return;
		if (room.timer) clearTimeout(room.timer);
		room.timer = undefined;
		if (rooms.get(room.sessionId) === room) rooms.delete(room.sessionId);
		if (rooms.size === 0) stopTimers();
	};

	async function read(room: Room) {
		if (!room.dirty || rooms.get(room.sessionId) !== room) return;
		room.dirty = false;
		room.reading = true;
		room.lastRead = Date.now();
		let state: LiveState | null | undefined;
		try {
			state = await load(db, room.sessionId);
		} catch (err) {
			log('warn', 'live snapshot not read', { name: (err as Error)?.name, code: (err as { code?: string })?.code });
		}
		room.reading = false;
		if (rooms.get(room.sessionId) !== room) return;
		if (state === undefined) {
			// The database is away for a moment: try again soon; the streams stay open meanwhile.
			room.dirty = true;
			schedule(room, RETRY_AFTER_FAILURE_MS);
			return;
		}
		if (state === null) return closeRoom(room); // the session was deleted
		endStaleCodes(room, state.session.code);
		const at = nextAt();
		for (const audience of AUDIENCES) {
			const sinks = room.streams[audience];
			if (sinks.size === 0) continue;
			const { at: _at, ...rest } = snapshotFor(state, audience, at);
			const body = JSON.stringify(rest);
			const changed = room.last[audience] !== body;
			room.last[audience] = body;
			const message = sseMessage(`{"at":${at},${body.slice(1)}`);
			for (const sink of [...sinks]) {
				if (!changed && !room.fresh.has(sink)) continue;
				room.fresh.delete(sink);
				sink.send(message);
			}
		}
		// The session is over: the final snapshot is out, the streams end (clients stop asking).
		if (state.session.status === 'closed' || state.session.status === 'cancelled') return closeRoom(room);
		if (room.dirty) schedule(room);
	}

	const startTimers = () => {
		if (safetyTimer || stopped) return;
		safetyTimer = setInterval(() => {
			for (const room of rooms.values()) touchRoom(room);
		}, safetyMs);
		heartbeatTimer = setInterval(() => {
			for (const room of rooms.values()) for (const audience of AUDIENCES) for (const sink of [...room.streams[audience]]) sink.send(SSE_HEARTBEAT);
		}, heartbeatMs);
		safetyTimer.unref?.();
		heartbeatTimer.unref?.();
	};

	const stopTimers = () => {
		if (safetyTimer) clearInterval(safetyTimer);
		if (heartbeatTimer) clearInterval(heartbeatTimer);
		safetyTimer = heartbeatTimer = undefined;
	};

	const onSignal = (signal: LiveSignal) => {
		const room = rooms.get(signal.sessionId);
		if (room) touchRoom(room);
	};
	const onReady = () => {
		for (const room of rooms.values()) touchRoom(room);
	};
	const unlisten = bus.listen(onSignal, onReady);

	return {
		subscribe(sessionId, audience, sink, code) {
			let room = rooms.get(sessionId);
			if (!room) {
				room = { sessionId, streams: { phone: new Set(), projector: new Set(), control: new Set() }, fresh: new Set(), codes: new Map(), last: {}, dirty: false, reading: false, lastRead: 0 };
				rooms.set(sessionId, room);
			}
			room.streams[audience].add(sink);
			room.fresh.add(sink);
			if (audience === 'phone' && code !== undefined) room.codes.set(sink, code);
			startTimers();
			touchRoom(room);
			const joined = room;
			return () => {
				joined.streams[audience].delete(sink);
				joined.fresh.delete(sink);
				joined.codes.delete(sink);
				dropRoomIfEmpty(joined);
			};
		},
		touch(sessionId) {
			const room = rooms.get(sessionId);
			if (room) touchRoom(room);
		},
		count(sessionId) {
			const list = sessionId ? [rooms.get(sessionId)].filter((r): r is Room => !!r) : [...rooms.values()];
			return list.reduce((n, r) => n + AUDIENCES.reduce((m, a) => m + r.streams[a].size, 0), 0);
		},
		async settled() {
			for (;;) {
				const busy = [...rooms.values()].some((r) => r.dirty || r.reading || r.timer);
				if (!busy) return;
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		},
		stop() {
			stopped = true;
			unlisten();
			stopTimers();
			for (const room of [...rooms.values()]) closeRoom(room);
			rooms.clear();
		}
	};
}

/**
 * Runs `stop` when the process is told to stop. adapter-node's server stops on SIGTERM or SIGINT
 * by waiting for open requests to end, and event streams never do by themselves: ending them lets
 * it stop at once (the browsers reconnect to whatever comes back). Listening to a signal replaces
 * Node's own "exit", so where nothing else listens (a script or bench server run another way) the
 * signal is raised again once our listener has gone, and the process ends as it would have.
 */
export function stopOnSignals(stop: () => void): void {
	const onSignal = (signal: NodeJS.Signals) => {
		try {
			stop();
		} finally {
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		}
	};
	process.once('SIGTERM', onSignal);
	process.once('SIGINT', onSignal);
}

let opening: Promise<LiveHub> | undefined;

/** This process's hub, on this process's database and bus. */
export function getHub(): Promise<LiveHub> {
	opening ??= Promise.all([getDatabase(), getBus()])
		.then(([database, bus]) => {
			const hub = createHub(database.db, bus);
			stopOnSignals(() => hub.stop());
			return hub;
		})
		.catch((err) => {
			opening = undefined;
			throw err;
		});
	return opening;
}
