import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { organisations } from '../../src/lib/server/organisations/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, rows } from '../helpers/fixtures-integration';

const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: { tag: string }[] };
const APPLIED = 'select count(*)::int as n from drizzle.__drizzle_migrations';

let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.close();
});

describe('migrations', () => {
	it('applies every committed migration once', async () => {
		const [row] = await rows<{ n: number }>(t.db, APPLIED);
		expect(Number(row.n)).toBe(journal.entries.length);
	});

	it('running them again is a no-op that keeps the data', async () => {
		await t.db.insert(organisations).values({ id: 'keepme0000000000', name: 'Kept Council' });
		const before = await allCounts(t.db);
		await migrateDatabase(t, 'drizzle', t.url);
		await migrateDatabase(t, 'drizzle', t.url);
		const [row] = await rows<{ n: number }>(t.db, APPLIED);
		expect(Number(row.n)).toBe(journal.entries.length);
		expect(await allCounts(t.db)).toEqual(before);
		expect(await t.db.select().from(organisations)).toMatchObject([{ id: 'keepme0000000000', name: 'Kept Council' }]);
	});

	it.runIf(!!process.env.TEST_DATABASE_URL)('two processes migrating one fresh database at once both succeed', async () => {
		const serverUrl = process.env.TEST_DATABASE_URL!;
		const name = `coproduce_mig_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		const [a, b] = [await openDatabase({ url: url.href, poolSize: 2 }), await openDatabase({ url: url.href, poolSize: 2 })];
		try {
			const results = await Promise.allSettled([migrateDatabase(a, 'drizzle', url.href), migrateDatabase(b, 'drizzle', url.href)]);
			expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
			const [row] = await rows<{ n: number }>(a.db, APPLIED);
			expect(Number(row.n)).toBe(journal.entries.length);
			expect(Object.values(await allCounts(b.db)).every((n) => n === 0)).toBe(true);
			// The advisory lock is released afterwards.
			const locks = await rows<{ n: number }>(a.db, 
				"select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())"
			);
			expect(Number(locks[0].n)).toBe(0);
		} finally {
			await a.close();
			await b.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	});
});
