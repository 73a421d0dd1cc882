// Changing an answer keeps what the champion decided: the same words keep their status (a hidden
// word stays off the screen, an approved idea stays on it), new words arrive as usual, and a word
// the champion has hidden in the activity arrives hidden from anyone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';

vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import type { Db } from '../../src/lib/server/db/client';
import { myAnswer, submitAnswer } from '../../src/lib/server/live/answers';
import { liveEntries, liveResponses, type LiveEntryStatus } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { liveCouncil, liveWithActivities } from './live-answers-fixture';

let t: TestDatabase;
let db: Db;
let council: Awaited<ReturnType<typeof liveCouncil>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	council = await liveCouncil(db, 'Riverside');
});
afterAll(async () => t?.close());

const decidedAt = new Date('2026-05-01T16:30:00Z');

/** What the champion's moderation does to one entry, by its words. */
async function decide(activityId: string, normalised: string, status: LiveEntryStatus) {
	await db
		.update(liveEntries)
		.set({ status, moderatedBy: council.champion.id, moderatedAt: decidedAt })
		.where(and(eq(liveEntries.activityId, activityId), eq(liveEntries.normalised, normalised)));
}

/** A participant's entries as stored: text and status, in order. */
async function entriesOf(participantId: string, activityId: string) {
	return db
		.select({ text: liveEntries.text, status: liveEntries.status, moderatedBy: liveEntries.moderatedBy })
		.from(liveEntries)
		.innerJoin(liveResponses, eq(liveResponses.id, liveEntries.responseId))
		.where(and(eq(liveResponses.participantId, participantId), eq(liveResponses.activityId, activityId)))
		.orderBy(asc(liveEntries.createdAt));
}

describe('changing words on the cloud', () => {
	it('keeps a hidden word hidden (however it is typed again) and puts new words on the cloud', async () => {
		const { ids, phoneA } = await liveWithActivities(db, council);
		expect(await submitAnswer(db, phoneA, ids.words, { entries: ['music', 'art', 'sport'] })).toEqual({ outcome: 'stored', changed: false });
		await decide(ids.words, 'art', 'hidden');

		expect(await submitAnswer(db, phoneA, ids.words, { entries: ['ART ', 'football', 'Music'] })).toEqual({ outcome: 'stored', changed: true });
		expect(await entriesOf(phoneA.id, ids.words)).toEqual([
			{ text: 'ART', status: 'hidden', moderatedBy: council.champion.id },
			{ text: 'football', status: 'shown', moderatedBy: null },
			{ text: 'Music', status: 'shown', moderatedBy: null }
		]);
		// The phone sees its own words with their status.
		expect((await myAnswer(db, phoneA.id, ids.words))?.entries).toEqual([
			{ text: 'ART', status: 'hidden' },
			{ text: 'football', status: 'shown' },
			{ text: 'Music', status: 'shown' }
		]);
	});

	it('gives a word the champion hid in this activity to anyone else hidden, new answer or changed', async () => {
		const { ids, phoneA, phoneB } = await liveWithActivities(db, council);
		await submitAnswer(db, phoneA, ids.words, { entries: ['chill', 'rubbish'] });
		await decide(ids.words, 'rubbish', 'hidden');
		await submitAnswer(db, phoneB, ids.words, { entries: ['Rubbish', 'fun'] });
		expect((await entriesOf(phoneB.id, ids.words)).map((e) => [e.text, e.status])).toEqual([
			['Rubbish', 'hidden'],
			['fun', 'shown']
		]);
		await submitAnswer(db, phoneB, ids.words, { entries: ['fun', 'RUBBISH', 'chill'] });
		expect((await entriesOf(phoneB.id, ids.words)).map((e) => [e.text, e.status])).toEqual([
			['fun', 'shown'],
			['RUBBISH', 'hidden'],
			['chill', 'shown']
		]);
	});
});

describe('changing ideas', () => {
	it('keeps an approved idea on the screen and a hidden one off it; a reworded idea waits to be checked', async () => {
		const { ids, phoneA } = await liveWithActivities(db, council);
		await submitAnswer(db, phoneA, ids.ideas, { entries: ['A trip to the seaside', 'Free snacks'] });
		await decide(ids.ideas, 'a trip to the seaside', 'approved');
		await decide(ids.ideas, 'free snacks', 'hidden');

		// Same ideas in another order and spacing: nothing goes back to the queue or the screen.
		expect(await submitAnswer(db, phoneA, ids.ideas, { entries: ['Free  snacks', 'A trip to the seaside'] })).toEqual({ outcome: 'stored', changed: true });
		expect(await entriesOf(phoneA.id, ids.ideas)).toEqual([
			{ text: 'Free snacks', status: 'hidden', moderatedBy: council.champion.id },
			{ text: 'A trip to the seaside', status: 'approved', moderatedBy: council.champion.id }
		]);
		// Reworded: the champion hasn't seen these words, so they wait.
		await submitAnswer(db, phoneA, ids.ideas, { entries: ['A trip to the seaside in August', 'A trip to the seaside'] });
		expect((await entriesOf(phoneA.id, ids.ideas)).map((e) => [e.text, e.status])).toEqual([
			['A trip to the seaside in August', 'pending'],
			['A trip to the seaside', 'approved']
		]);
	});
});
