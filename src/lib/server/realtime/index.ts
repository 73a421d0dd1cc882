// This process's live bus, chosen by the database it runs on.
import { getDatabase } from '../db';
import { log } from '../log';
import { localBus, postgresBus, type LiveBus, type LiveSignal } from './bus';

let opening: Promise<LiveBus> | undefined;

export function getBus(): Promise<LiveBus> {
	opening ??= getDatabase()
		.then((database) => (database.sql ? postgresBus(database.sql) : localBus()))
		.catch((err) => {
			opening = undefined;
			throw err;
		});
	return opening;
}

/**
 * Announces a committed change. A failure is logged, not thrown: the answer is already safe in
 * the database, and every hub also looks again on its own every few seconds while people watch.
 */
export async function announce(signal: LiveSignal): Promise<void> {
	try {
		await (await getBus()).announce(signal);
	} catch (err) {
		log('warn', 'live update not announced', { name: (err as Error)?.name, code: (err as { code?: string })?.code });
	}
}

export async function closeBus(): Promise<void> {
	const pending = opening;
	opening = undefined;
	if (pending) await (await pending.catch(() => null))?.close();
}
