// Races on Postgres (PGlite runs one statement at a time, so nothing interleaves there): the last
// place taken twice at once goes to one person; closing twice at once credits hours once;
// a code checked in twice at once is one check-in; walk-ins counted from two phones add up.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { InputError } from '../../src/lib/server/forms';
import { contributions } from '../../src/lib/server/participation/schema';
import { checkInByCode, countWalkIns } from '../../src/lib/server/workshops/attendance';
import { closeSession } from '../../src/lib/server/workshops/closing';
import { registerForSession, SESSION_FULL } from '../../src/lib/server/workshops/registrations';
import { sessionRegistrations, workshopSessions } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { birthMonthYearsAgo, quickUser } from '../helpers/fixtures-integration';
import { NOW, quickSession, sessionWorld, type SessionWorld } from './sessions-fixture';

const ROUNDS = 10;
let t: TestDatabase;
let db: Db;
let w: SessionWorld;
const settle = <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
const today = (overrides = {}) => quickSession(db, w, { startsAt: '2026-03-15T18:00', endsAt: '2026-03-15T20:00', ...overrides });

describe.runIf(!!process.env.TEST_DATABASE_URL)('sessions under concurrency (Postgres)', () => {
	beforeAll(async () => {
		t = await createTestDatabase();
		db = t.db;
		w = await sessionWorld(db);
	});
	afterAll(async () => t?.close());

	it('two people taking the last place at once: one gets it, the other is told plainly', async () => {
		const fourth = await quickUser(db, w.orgA, ['parent_carer']);
		for (let round = 0; round < ROUNDS; round++) {
			const id = await quickSession(db, w, { capacity: '3' });
			await registerForSession(db, w.priya, id, NOW);
			await registerForSession(db, w.mia, id, NOW);
			const [a, b] = await Promise.all([settle(registerForSession(db, w.jay, id, NOW)), settle(registerForSession(db, fourth, id, NOW))]);
			const wins = [a, b].filter((r) => r.ok);
			const losses = [a, b].filter((r) => !r.ok);
			expect(wins).toHaveLength(1);
			expect(losses).toHaveLength(1);
			const error = (losses[0] as { error: unknown }).error;
			expect(error).toBeInstanceOf(InputError);
			expect((error as InputError).message).toBe(SESSION_FULL);
			expect(await db.$count(sessionRegistrations, eq(sessionRegistrations.sessionId, id))).toBe(3);
		}
	});

	it('many people at once on a session with 5 places: exactly 5 get in', async () => {
		const people = await Promise.all(Array.from({ length: 12 }, () => quickUser(db, w.orgA, ['young_person'], { birthMonth: birthMonthYearsAgo(17, NOW) })));
		const id = await quickSession(db, w, { capacity: '5' });
		const results = await Promise.all(people.map((p) => settle(registerForSession(db, p, id, NOW))));
		expect(results.filter((r) => r.ok)).toHaveLength(5);
		for (const r of results) if (!r.ok) expect((r.error as InputError).message).toBe(SESSION_FULL);
		expect(await db.$count(sessionRegistrations, eq(sessionRegistrations.sessionId, id))).toBe(5);
	});

	it('the same person signing up twice at once: one registration, no error', async () => {
		for (let round = 0; round < ROUNDS; round++) {
			const id = await quickSession(db, w);
			const results = await Promise.all([settle(registerForSession(db, w.jay, id, NOW)), settle(registerForSession(db, w.jay, id, NOW))]);
			expect(results.every((r) => r.ok)).toBe(true);
			expect(await db.$count(sessionRegistrations, eq(sessionRegistrations.sessionId, id))).toBe(1);
		}
	});

	it('closing twice at once credits each person’s hours once', async () => {
		for (let round = 0; round < ROUNDS; round++) {
			const id = await today();
			await registerForSession(db, w.jay, id, NOW);
			await registerForSession(db, w.priya, id, NOW);
			const [{ code }] = await db.select({ code: workshopSessions.code }).from(workshopSessions).where(eq(workshopSessions.id, id));
			await Promise.all([checkInByCode(db, w.jay, code, NOW), checkInByCode(db, w.priya, code, NOW), checkInByCode(db, w.jay, code, NOW)]);
			const record = { summary: 'Done.', outputs: '', walkIns: '2' };
			const results = await Promise.all([settle(closeSession(db, w.champion, id, record, NOW)), settle(closeSession(db, w.officer, id, record, NOW))]);
			expect(results.every((r) => r.ok)).toBe(true);
			expect(results.map((r) => (r.ok ? r.value.closed : null)).sort()).toEqual([false, true]);
			const regs = await db.select({ id: sessionRegistrations.id }).from(sessionRegistrations).where(eq(sessionRegistrations.sessionId, id));
			let credited = 0;
			for (const r of regs) credited += await db.$count(contributions, eq(contributions.sourceId, r.id));
			expect(credited).toBe(2);
		}
	});

	it('walk-ins counted from two phones at once add up', async () => {
		const id = await today();
		await Promise.all(Array.from({ length: 20 }, () => countWalkIns(db, w.champion, id, { by: 1 }, NOW)));
		const [row] = await db.select({ walkIns: workshopSessions.walkIns }).from(workshopSessions).where(eq(workshopSessions.id, id));
		expect(row.walkIns).toBe(20);
	});
});
