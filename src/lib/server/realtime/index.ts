// This process's live bus, chosen by the database it runs on, and `announce`, which every live
// change calls after it is committed.
import { getDatabase, openedDatabase } from '../db';
import { log } from '../log';
import { localBus, postgresBus, type LiveBus, type LiveSignal } from './bus';

let opening: Promise<LiveBus> | undefined;

/** The bus on this process's database (opening it if need be: the hub's first stream). */
export function getBus(): Promise<LiveBus> {
	opening ??= getDatabase()
		.then((d) => (d.sql ? postgresBus(d.sql) : localBus()))
		.catch((err) => {
			opening = undefined;
			throw err;
		});
	return opening;
}

/** The bus, only when this process has opened its database: undefined in a script or a test with its own database. */
function busIfOpen(): Promise<LiveBus> | undefined {
	return openedDatabase() ? getBus() : undefined;
}

/**
 * Signals are gathered for a moment and sent once per session and kind: a hundred answers a
 * second become a few NOTIFYs, and the answer's request doesn't wait for one. The hubs read the
 * state at most every 250 ms anyway, so the wait costs nothing anyone sees.
 */
const GATHER_MS = 20;
const waiting = new Map<string, LiveSignal>();
let gathering: ReturnType<typeof setTimeout> | undefined;
let sending: Promise<void> = Promise.resolve();

async function send(): Promise<void> {
	gathering = undefined;
	const signals = [...waiting.values()];
	waiting.clear();
	const bus = busIfOpen();
	if (!bus) return;
	try {
		const ready = await bus;
		await Promise.all(signals.map((signal) => ready.announce(signal)));
	} catch (err) {
		// The answers are safe in the database, and every hub also looks again every few seconds.
		log('warn', 'live update not announced', { name: (err as Error)?.name, code: (err as { code?: string })?.code });
	}
}

/**
 * Announces a committed change to every process. Does nothing in a process that hasn't opened its
 * database (seeding the demo from a script, or a test on its own database): no screens watch there.
 */
export async function announce(signal: LiveSignal): Promise<void> {
	if (!openedDatabase()) return;
	waiting.set(`${signal.sessionId} ${signal.what}`, { sessionId: signal.sessionId, what: signal.what });
	gathering ??= setTimeout(() => {
		sending = send();
	}, GATHER_MS);
}

export async function closeBus(): Promise<void> {
	if (gathering) {
		clearTimeout(gathering);
		sending = send();
	}
	await sending;
	const pending = opening;
	opening = undefined;
	if (pending) await (await pending.catch(() => null))?.close();
}
