import { resolve } from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { Database } from './client';

// Any constant will do; it only has to be the same in every process.
const MIGRATION_LOCK = 4_242_017;

/** Applies the committed SQL in `drizzle/`. Safe when several processes start at once. */
export async function migrateDatabase(database: Database, folder: string, url?: string): Promise<void> {
	const migrationsFolder = resolve(folder);
	if (database.driver === 'pglite') {
		await migratePglite(drizzlePglite(database.pglite!), { migrationsFolder });
		return;
	}
	// One dedicated connection, so the advisory lock and the migration share a session.
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	try {
		await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migratePostgres(drizzlePostgres(sql), { migrationsFolder });
		await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
	} finally {
		await sql.end({ timeout: 5 });
	}
}
