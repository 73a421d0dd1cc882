import { config } from './config';
import { closeDatabase, getDatabase, getDb } from './db';
import { seedDemo } from './demo/seed';
import { log } from './log';
import { closeBus } from './realtime';
import { startTallyWorker } from './surveys/tally-worker';

/**
 * Run once per process at start-up: migrate, then seed demo data into an empty database when
 * that is wanted (always asked for on Postgres; the default on the embedded database).
 */
export async function startUp(): Promise<void> {
	// adapter-node stops accepting requests on SIGTERM/SIGINT, lets running ones finish, then emits
	// this; the open database pool would otherwise keep the process alive for ever.
	const stopTallies = startTallyWorker(getDb, config.tallyIntervalSeconds);
	process.once('sveltekit:shutdown' as 'exit', () => {
		stopTallies();
		// The listening connection first, then the pool (postgres.js would otherwise keep it open).
		closeBus()
			.catch(() => {})
			.then(() => closeDatabase())
			.then(
				() => log('info', 'stopped'),
				() => log('warn', 'database did not close cleanly')
			);
	});
	try {
		const database = await getDatabase();
		const wanted = config.seedDemo ?? database.driver === 'pglite';
		if (wanted && (await seedDemo(database.db))) log('info', 'demo data seeded', { driver: database.driver });
	} catch (err) {
		// Keep serving: /healthz answers 503 and the next request retries the connection.
		log('error', 'database not ready at start-up', { name: (err as Error)?.name, code: (err as { code?: string })?.code });
	}
}
