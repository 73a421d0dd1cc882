// Answers posted as a plain form (a phone without JavaScript) read into the same shape the JSON
// endpoint takes, so the same rules and messages apply; hostile forms become refusals, not errors.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';

vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import type { Db } from '../../src/lib/server/db/client';
import { submitAnswer } from '../../src/lib/server/live/answers';
import { answerFromForm, phonePage } from '../../src/lib/server/live/phone-page';
import { liveOptions, workshopSessions } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rows } from '../helpers/fixtures-integration';
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

const form = (fields: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of fields) f.append(k, v);
	return f;
};
const options = async (activityId: string) => (await db.select().from(liveOptions).where(eq(liveOptions.activityId, activityId)).orderBy(asc(liveOptions.position))).map((o) => o.id);

describe('reading a posted answer form', () => {
	it('reads each kind into the JSON shape', () => {
		expect(answerFromForm(form([['activityId', 'a'], ['kind', 'poll'], ['choices', 'x'], ['choices', 'y']]))).toEqual({ activityId: 'a', input: { choices: ['x', 'y'] } });
		expect(answerFromForm(form([['activityId', 'a'], ['kind', 'rating'], ['rating', '4']]))).toEqual({ activityId: 'a', input: { rating: 4 } });
		expect(answerFromForm(form([['kind', 'rating'], ['rating', '']])).input).toEqual({ rating: undefined });
		expect(answerFromForm(form([['kind', 'rating'], ['rating', '4.5']])).input).toEqual({ rating: '4.5' });
		expect(answerFromForm(form([['kind', 'priority'], ['dots.o1', '2'], ['dots.o2', ''], ['dots.o3', 'lots']])).input).toEqual({ dots: { o1: 2, o2: 0, o3: 'lots' } });
		expect(answerFromForm(form([['kind', 'word_cloud'], ['entries', ' music '], ['entries', '  '], ['entries', 'art']])).input).toEqual({ entries: [' music ', 'art'] });
		expect(answerFromForm(form([['kind', 'sql'], ['choices', 'x']])).input).toEqual({});
	});

	it('keeps "dots.__proto__" as a plain (unknown) option, and caps how many fields are read', () => {
		const read = answerFromForm(form([['kind', 'priority'], ['dots.__proto__', '1']])).input.dots as Record<string, unknown>;
		expect(Object.keys(read)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
		const many = answerFromForm(form([['kind', 'word_cloud'], ...Array.from({ length: 500 }, (_, i) => ['entries', `w${i}`] as [string, string])]));
		expect((many.input.entries as string[]).length).toBe(40);
	});

	it('gives the same refusals as the JSON endpoint, storing nothing', async () => {
		const { ids, phoneA } = await liveWithActivities(db, council);
		const [trips] = await options(ids.priority);
		const count = async () => Number((await rows<{ n: number }>(db, 'select count(*)::int as n from live_responses'))[0].n);
		const before = await count();
		const cases: [[string, string][], string][] = [
			[[['activityId', ids.poll], ['kind', 'poll']], 'Please choose one option.'],
			[[['activityId', ids.rating], ['kind', 'rating'], ['rating', '9']], 'Please choose a number from 1 to 5.'],
			[[['activityId', ids.rating], ['kind', 'rating'], ['rating', 'x']], 'Please choose a number from 1 to 5.'],
			[[['activityId', ids.priority], ['kind', 'priority'], [`dots.${trips}`, '6']], 'You have 5 dots to spread. Please take some off.'],
			[[['activityId', ids.priority], ['kind', 'priority'], ['dots.__proto__', '1']], 'That option isn’t part of this activity. Please reload the page and choose again.'],
			[[['activityId', ids.words], ['kind', 'word_cloud'], ['entries', '  ']], 'Please type a word.'],
			[[['activityId', ids.words], ['kind', 'poll'], ['choices', 'x']], 'That answer doesn’t fit this activity. Please reload the page and try again.'],
			[[['activityId', ids.ideas], ['kind', 'ideas'], ['entries', 'x'.repeat(201)]], 'Each idea can be at most 200 characters.']
		];
		for (const [fields, message] of cases) {
			const { activityId, input } = answerFromForm(form(fields));
			const outcome = await submitAnswer(db, phoneA, activityId, input);
			expect(outcome, JSON.stringify(fields).slice(0, 80)).toMatchObject({ outcome: 'invalid', message });
		}
		expect(await count()).toBe(before);
		const { activityId, input } = answerFromForm(form([['activityId', ids.priority], ['kind', 'priority'], [`dots.${trips}`, '5']]));
		expect(await submitAnswer(db, phoneA, activityId, input)).toEqual({ outcome: 'stored', changed: false });
	});
});

describe('the phone page’s first load', () => {
	it('is the phones’ snapshot and this phone’s own answer, never another’s', async () => {
		const { ids, phoneA, phoneB, session } = await liveWithActivities(db, council);
		await db.update(workshopSessions).set({ currentActivityId: ids.words }).where(eq(workshopSessions.id, session.id));
		await submitAnswer(db, phoneA, ids.words, { entries: ['music'] });
		const a = await phonePage(db, session, phoneA);
		expect(a.snapshot.activity?.id).toBe(ids.words);
		expect(a.snapshot.tally).toBeNull();
		expect(a.answer?.entries).toEqual([{ text: 'music', status: 'shown' }]);
		expect((await phonePage(db, session, phoneB)).answer).toBeNull();
	});
});
