import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { surveyResponses, surveys } from '../../src/lib/server/surveys/schema';
import { totalResponses } from '../../src/lib/server/surveys/tallies';
import { foldWaitingSurveys, startTallyWorker } from '../../src/lib/server/surveys/tally-worker';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	await seedDemo(db);
}, 180_000);
afterAll(async () => t?.close());

describe('background tallies', () => {
	it('counts every waiting response of every survey once, and then has nothing to do', async () => {
		const [needs] = await db.select().from(surveys).where(eq(surveys.code, 'MHNEED'));
		const waiting = await db.$count(surveyResponses, eq(surveyResponses.tallied, false));
		expect(waiting).toBe(212);
		expect(await foldWaitingSurveys(db)).toBe(212);
		expect(await totalResponses(db, needs.id)).toBe(212);
		expect(await foldWaitingSurveys(db)).toBe(0);
		expect(await totalResponses(db, needs.id)).toBe(212);
	});

	it('the worker folds on its timer and stops when asked', async () => {
		const [needs] = await db.select().from(surveys).where(eq(surveys.code, 'MHNEED'));
		await db.update(surveyResponses).set({ tallied: false }).where(eq(surveyResponses.surveyId, needs.id));
		const stop = startTallyWorker(async () => db, 0.05);
		try {
			await expect.poll(() => db.$count(surveyResponses, eq(surveyResponses.tallied, false)), { timeout: 5000 }).toBe(0);
		} finally {
			stop();
		}
		// Marked untallied by hand above, so counted a second time: proves the worker really folded.
		expect(await totalResponses(db, needs.id)).toBe(424);
		expect(startTallyWorker(async () => db, 0)).toBeTypeOf('function');
	});
});
