import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';

export interface TestDatabase extends Database {
	url?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the Postgres server at TEST_DATABASE_URL (dropped again by close()).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
	const serverUrl = process.env.TEST_DATABASE_URL;
	if (!serverUrl) {
		const database = await openDatabase({});
		await migrateDatabase(database, 'drizzle');
		return database;
	}
	const name = `coproduce_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.href, poolSize: 4 });
	await migrateDatabase(database, 'drizzle', url.href);
	return {
		...database,
		url: url.href,
		async close() {
			await database.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}
