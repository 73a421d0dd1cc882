import { config } from '../config';
import { openDatabase, type Database } from './client';
import { migrateDatabase } from './migrate';

export type { Db, Database } from './client';

let opening: Promise<Database> | undefined;

/** This process's connection (a pool on Postgres), migrated before first use. */
export function getDatabase(): Promise<Database> {
	opening ??= (async () => {
		const url = config.databaseUrl;
		const database = await openDatabase({ url, dataDir: config.dataDir, poolSize: config.dbPoolSize });
		await migrateDatabase(database, config.migrationsDir, url);
		return database;
	})().catch((err) => {
		opening = undefined; // let the next request try again, e.g. once Postgres is back
		throw err;
	});
	return opening;
}

/** This process's database if it has been opened (or is opening), without opening it. */
export function openedDatabase(): Promise<Database> | undefined {
	return opening;
}

export async function getDb() {
	return (await getDatabase()).db;
}

/** Closes this process's connection, so a stopping server can exit (see startup.ts). */
export async function closeDatabase(): Promise<void> {
	const pending = opening;
	opening = undefined;
	if (pending) await (await pending.catch(() => null))?.close();
}
