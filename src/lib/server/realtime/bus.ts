// How processes tell each other that a live session changed. On Postgres a change is announced
// with NOTIFY on one channel (ids only, never answers or names) and every process LISTENs once,
// on one dedicated connection that postgres.js re-opens by itself. On the embedded database
// there is one process, so the same interface is an in-process emitter.
//
// A signal says only "look again": the hub (hub.ts) reads the state from the database, so a
// missed or repeated signal costs a refresh, never a wrong tally.
import { EventEmitter } from 'node:events';
import type postgres from 'postgres';
import { log } from '../log';

export const LIVE_CHANNEL = 'coproduce_live';

export interface LiveSignal {
	sessionId: string;
	/** answer: a response or entry changed; control: the champion changed the session or an activity; moderation: an idea approved or hidden. */
	what: 'answer' | 'control' | 'moderation';
}

export type SignalListener = (signal: LiveSignal) => void;

export interface LiveBus {
	/** Tell every process (this one too). Call after the change is committed. */
	announce(signal: LiveSignal): Promise<void>;
	/** Hear every signal; `onReady` runs each time listening (re)starts, when signals may have been missed. Returns a stop function. */
	listen(listener: SignalListener, onReady?: () => void): () => void;
	close(): Promise<void>;
}

const WHATS = new Set<LiveSignal['what']>(['answer', 'control', 'moderation']);

/** Reads a payload from the channel; anything else on it is ignored. */
export function parseSignal(payload: string): LiveSignal | null {
	try {
		const value = JSON.parse(payload) as Partial<LiveSignal>;
		if (typeof value.sessionId === 'string' && value.sessionId.length <= 40 && WHATS.has(value.what as LiveSignal['what']))
			return { sessionId: value.sessionId, what: value.what as LiveSignal['what'] };
	} catch {
		// not ours
	}
	return null;
}

/** One process, no Postgres: the embedded database. */
export function localBus(): LiveBus {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	return {
		async announce(signal) {
			emitter.emit('signal', { sessionId: signal.sessionId, what: signal.what });
		},
		listen(listener, onReady) {
			emitter.on('signal', listener);
			queueMicrotask(() => onReady?.());
			return () => emitter.off('signal', listener);
		},
		async close() {
			emitter.removeAllListeners();
		}
	};
}

/** Many processes, one Postgres: NOTIFY out, one LISTEN connection in. */
export function postgresBus(sql: postgres.Sql): LiveBus {
	const listeners = new Set<SignalListener>();
	const readyHandlers = new Set<() => void>();
	let listening: Promise<{ unlisten(): Promise<void> }> | undefined;
	const startListening = () => {
		listening ??= sql
			.listen(
				LIVE_CHANNEL,
				(payload) => {
					const signal = parseSignal(payload);
					if (signal) for (const listener of listeners) listener(signal);
				},
				() => {
					for (const ready of readyHandlers) ready();
				}
			)
			.catch((err) => {
				listening = undefined; // the next listen() tries again
				log('warn', 'live updates not listening', { name: (err as Error)?.name, code: (err as { code?: string })?.code });
				throw err;
			});
		listening.catch(() => {});
	};
	return {
		async announce(signal) {
			await sql.notify(LIVE_CHANNEL, JSON.stringify({ sessionId: signal.sessionId, what: signal.what }));
		},
		listen(listener, onReady) {
			listeners.add(listener);
			if (onReady) readyHandlers.add(onReady);
			startListening();
			return () => {
				listeners.delete(listener);
				if (onReady) readyHandlers.delete(onReady);
			};
		},
		async close() {
			listeners.clear();
			readyHandlers.clear();
			const pending = listening;
			listening = undefined;
			if (pending) await (await pending.catch(() => null))?.unlisten().catch(() => {});
		}
	};
}
