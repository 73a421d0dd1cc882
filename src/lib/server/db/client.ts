import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

/** The one database type every domain function takes; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
	db: Db;
	driver: 'postgres' | 'pglite';
	/** Postgres only: the raw client, for LISTEN/NOTIFY and benchmarks. */
	sql?: postgres.Sql;
	pglite?: PGlite;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres:// URL; when absent an embedded PGlite database is used. */
	url?: string;
	/** PGlite data folder; absent means in memory. */
	dataDir?: string;
	poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	if (options.url) {
		const sql = postgres(options.url, {
			max: options.poolSize ?? 10,
			onnotice: () => {},
			connection: { application_name: 'coproduce' }
		});
		const db = drizzlePostgres(sql, { schema, casing: 'snake_case' }) as unknown as Db;
		return { db, driver: 'postgres', sql, close: () => sql.end({ timeout: 5 }) };
	}
	const pglite = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
	await pglite.waitReady;
	const db = drizzlePglite(pglite, { schema, casing: 'snake_case' }) as unknown as Db;
	return { db, driver: 'pglite', pglite, close: () => pglite.close() };
}
