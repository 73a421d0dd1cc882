// Answering live activities: every kind stored as it should be, changing an answer (only where
// allowed, replaced whole), the same answer again changes nothing, and every refusal (closed,
// not started, another session, bad or hostile input, the word filter) has a plain message and
// writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';

const announced = vi.hoisted(() => [] as { sessionId: string; what: string }[]);
vi.mock('../../src/lib/server/realtime', () => ({ announce: async (signal: { sessionId: string; what: string }) => void announced.push(signal) }));

import type { Db } from '../../src/lib/server/db/client';
import { submitAnswer, myAnswer, type AnswerOutcome } from '../../src/lib/server/live/answers';
import { joinLive } from '../../src/lib/server/live/participants';
import { liveActivities, liveChoices, liveEntries, liveOptions, liveResponses } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, rows } from '../helpers/fixtures-integration';
import { liveCouncil, liveWithActivities, setState, setStatus } from './live-answers-fixture';

let t: TestDatabase;
let db: Db;
let council: Awaited<ReturnType<typeof liveCouncil>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	council = await liveCouncil(db, 'Riverside');
});
afterAll(async () => t?.close());
beforeEach(() => void announced.splice(0));

const options = async (activityId: string) => (await db.select().from(liveOptions).where(eq(liveOptions.activityId, activityId)).orderBy(asc(liveOptions.position))).map((o) => o.id);
const responsesTo = (activityId: string) => db.select().from(liveResponses).where(eq(liveResponses.activityId, activityId));
const choicesTo = (activityId: string) => db.select().from(liveChoices).where(eq(liveChoices.activityId, activityId));
const entriesTo = (activityId: string) => db.select().from(liveEntries).where(eq(liveEntries.activityId, activityId)).orderBy(asc(liveEntries.createdAt));
const liveCounts = async () =>
	(
		await rows<Record<string, number>>(
			db,
			`select (select count(*)::int from live_responses) r, (select count(*)::int from live_choices) c, (select count(*)::int from live_entries) e, (select count(*)::int from live_participants) p`
		)
	)[0];
const stored = (changed = false): AnswerOutcome => ({ outcome: 'stored', changed });
/** The fixture's own announcements (adding activities to a live session) aren't the answers'. */
async function live(allowChange?: boolean) {
	const made = await liveWithActivities(db, council, { allowChange });
	announced.splice(0);
	return made;
}

describe('each kind of activity', () => {
	it('stores a single-choice and a multiple-choice poll', async () => {
		const { ids, phoneA, phoneB, session } = await live();
		const [mon, wed] = await options(ids.poll);
		expect(await submitAnswer(db, phoneA, ids.poll, { choices: [wed] })).toEqual(stored());
		expect(await submitAnswer(db, phoneB, ids.poll, { choices: [mon] })).toEqual(stored());
		expect((await choicesTo(ids.poll)).map((c) => [c.optionId, c.dots]).sort()).toEqual([[mon, 1], [wed, 1]].sort());
		expect(announced).toEqual([
			{ sessionId: session.id, what: 'answer' },
			{ sessionId: session.id, what: 'answer' }
		]);
		const [music, , cooking, gaming] = await options(ids.pollMany);
		expect(await submitAnswer(db, phoneA, ids.pollMany, { choices: [music, gaming, cooking] })).toEqual(stored());
		expect((await choicesTo(ids.pollMany)).map((c) => c.optionId).sort()).toEqual([music, gaming, cooking].sort());
		expect(await myAnswer(db, phoneA.id, ids.pollMany)).toMatchObject({ rating: null, entries: [] });
		expect((await myAnswer(db, phoneA.id, ids.pollMany))!.choices.sort()).toEqual([music, gaming, cooking].sort());
		expect(await myAnswer(db, phoneB.id, ids.pollMany)).toBeNull();
	});

	it('stores a rating, words (shown) and ideas (waiting for approval)', async () => {
		const { ids, phoneA } = await live();
		expect(await submitAnswer(db, phoneA, ids.rating, { rating: 5 })).toEqual(stored());
		expect((await responsesTo(ids.rating))[0].rating).toBe(5);
		expect(await submitAnswer(db, phoneA, ids.words, { entries: ['  Music ', 'free   food', 'Café'] })).toEqual(stored());
		expect((await entriesTo(ids.words)).map((e) => [e.text, e.normalised, e.status])).toEqual([
			['Music', 'music', 'shown'],
			['free food', 'free food', 'shown'],
			['Café', 'café', 'shown']
		]);
		expect(await submitAnswer(db, phoneA, ids.ideas, { entries: ['A summer trip to the seaside', 'Longer opening on Fridays'] })).toEqual(stored());
		expect((await entriesTo(ids.ideas)).map((e) => e.status)).toEqual(['pending', 'pending']);
		expect((await myAnswer(db, phoneA.id, ids.ideas))!.entries).toEqual([
			{ text: 'A summer trip to the seaside', status: 'pending' },
			{ text: 'Longer opening on Fridays', status: 'pending' }
		]);
	});

	it('stores priority dots, leaving out options given none', async () => {
		const { ids, phoneA } = await live();
		const [trips, food, kit] = await options(ids.priority);
		expect(await submitAnswer(db, phoneA, ids.priority, { dots: { [trips]: 3, [food]: 2, [kit]: 0 } })).toEqual(stored());
		expect((await choicesTo(ids.priority)).map((c) => [c.optionId, c.dots]).sort()).toEqual([[trips, 3], [food, 2]].sort());
		expect(await submitAnswer(db, phoneA, ids.priority, { dots: { [kit]: 1 } })).toEqual(stored(true));
		expect((await choicesTo(ids.priority)).map((c) => [c.optionId, c.dots])).toEqual([[kit, 1]]);
	});
});

describe('one answer per person', () => {
	it('changes an answer where allowed, replacing it whole; the same answer again is fine', async () => {
		const { ids, phoneA } = await live();
		const [music, sport, cooking] = await options(ids.pollMany);
		await submitAnswer(db, phoneA, ids.pollMany, { choices: [music, sport] });
		announced.splice(0);
		expect(await submitAnswer(db, phoneA, ids.pollMany, { choices: [sport, music] })).toEqual(stored(false));
		expect(announced).toEqual([]);
		expect(await submitAnswer(db, phoneA, ids.pollMany, { choices: [cooking] })).toEqual(stored(true));
		expect((await choicesTo(ids.pollMany)).map((c) => c.optionId)).toEqual([cooking]);
		expect(await responsesTo(ids.pollMany)).toHaveLength(1);
		expect(announced).toHaveLength(1);

		await submitAnswer(db, phoneA, ids.words, { entries: ['music', 'art'] });
		expect(await submitAnswer(db, phoneA, ids.words, { entries: ['dance'] })).toEqual(stored(true));
		expect((await entriesTo(ids.words)).map((e) => e.text)).toEqual(['dance']);
		await submitAnswer(db, phoneA, ids.rating, { rating: 2 });
		expect(await submitAnswer(db, phoneA, ids.rating, { rating: 4 })).toEqual(stored(true));
		expect((await responsesTo(ids.rating)).map((r) => r.rating)).toEqual([4]);
	});

	it('refuses a different answer when changing isn’t allowed, and accepts the same one again', async () => {
		const { ids, phoneA } = await live(false);
		const [mon, wed] = await options(ids.poll);
		expect(await submitAnswer(db, phoneA, ids.poll, { choices: [mon] })).toEqual(stored());
		const before = await liveCounts();
		expect(await submitAnswer(db, phoneA, ids.poll, { choices: [wed] })).toEqual({
			outcome: 'already_answered',
			message: 'You’ve already answered this one, and answers can’t be changed for it. Thanks!'
		});
		expect(await submitAnswer(db, phoneA, ids.poll, { choices: [mon] })).toEqual(stored(false));
		expect(await liveCounts()).toEqual(before);
		expect((await choicesTo(ids.poll)).map((c) => c.optionId)).toEqual([mon]);
		await submitAnswer(db, phoneA, ids.ideas, { entries: ['More trips'] });
		expect((await submitAnswer(db, phoneA, ids.ideas, { entries: ['Fewer trips'] })).outcome).toBe('already_answered');
		expect(await submitAnswer(db, phoneA, ids.ideas, { entries: [' More   trips '] })).toEqual(stored(false));
	});

	it('keeps each person’s answer apart', async () => {
		const { ids, phoneA, phoneB } = await live(false);
		await submitAnswer(db, phoneA, ids.rating, { rating: 1 });
		expect(await submitAnswer(db, phoneB, ids.rating, { rating: 5 })).toEqual(stored());
		expect((await responsesTo(ids.rating)).map((r) => r.rating).sort()).toEqual([1, 5]);
	});
});

describe('when answers can’t be taken', () => {
	it('refuses a closed or not-yet-started activity, and a session that isn’t live', async () => {
		const { ids, phoneA, session } = await live();
		const before = await liveCounts();
		await setState(db, ids.rating, 'closed');
		expect(await submitAnswer(db, phoneA, ids.rating, { rating: 3 })).toEqual({ outcome: 'closed', message: 'This activity has closed, so answers can’t be sent now.' });
		await setState(db, ids.rating, 'draft');
		expect(await submitAnswer(db, phoneA, ids.rating, { rating: 3 })).toEqual({ outcome: 'closed', message: 'This activity hasn’t started yet. Please wait for the champion to open it.' });
		for (const status of ['planned', 'closed', 'cancelled'] as const) {
			await setStatus(db, session.id, status);
			expect(await submitAnswer(db, phoneA, ids.words, { entries: ['late'] })).toEqual({ outcome: 'closed', message: 'This session isn’t running right now, so answers can’t be sent.' });
		}
		expect(await liveCounts()).toEqual(before);
		expect(announced).toEqual([]);
	});

	it('refuses an activity of another session, and ids that can’t be', async () => {
		const one = await live();
		const two = await live();
		const before = await allCounts(db);
		const counts = await liveCounts();
		const notFound = { outcome: 'not_found', message: 'That activity isn’t part of this session. Please reload the page.' };
		expect(await submitAnswer(db, one.phoneA, two.ids.rating, { rating: 3 })).toEqual(notFound);
		for (const id of ['zzzzzzzzzzzzzzzz', '', 'x'.repeat(10_000), null, 42, { $ne: null }, ["' or 1=1 --"]]) expect(await submitAnswer(db, one.phoneA, id, { rating: 3 })).toEqual(notFound);
		expect(await allCounts(db)).toEqual(before);
		expect(await liveCounts()).toEqual(counts);
	});

	it('refuses an option of another activity', async () => {
		const { ids, phoneA } = await live();
		const [trips] = await options(ids.priority);
		const outcome = await submitAnswer(db, phoneA, ids.poll, { choices: [trips] });
		expect(outcome).toEqual({ outcome: 'invalid', field: 'choices', message: 'That option isn’t part of this activity. Please reload the page and choose again.' });
	});
});

describe('bad and hostile input', () => {
	it('refuses each with its message and stores nothing', async () => {
		const { ids, phoneA } = await live();
		const [mon, wed] = await options(ids.poll);
		const [trips, food] = await options(ids.priority);
		const bad: [string, keyof typeof ids, Record<string, unknown>, string][] = [
			['no choice', 'poll', { choices: [] }, 'Please choose one option.'],
			['two choices for one', 'poll', { choices: [mon, wed] }, 'Please choose one option.'],
			['a choice as text', 'poll', { choices: mon }, 'Please choose one option.'],
			['a number for a choice', 'poll', { choices: [1] }, 'Please choose one option.'],
			['choices missing', 'poll', {}, 'Please choose one option.'],
			['an unknown option', 'poll', { choices: ['zzzzzzzzzzzzzzzz'] }, 'That option isn’t part of this activity. Please reload the page and choose again.'],
			['a rating for a poll', 'poll', { choices: [mon], rating: 3 }, 'That answer doesn’t fit this activity. Please reload the page and try again.'],
			['none of several', 'pollMany', { choices: [] }, 'Please choose at least one option.'],
			['one twice', 'pollMany', { choices: [(await options(ids.pollMany))[0], (await options(ids.pollMany))[0]] }, 'Each option can be chosen only once.'],
			['a huge list', 'pollMany', { choices: Array.from({ length: 10_000 }, () => mon) }, 'Please choose at least one option.'],
			['rating above', 'rating', { rating: 6 }, 'Please choose a number from 1 to 5.'],
			['rating below', 'rating', { rating: 0 }, 'Please choose a number from 1 to 5.'],
			['rating half', 'rating', { rating: 2.5 }, 'Please choose a number from 1 to 5.'],
			['rating as text', 'rating', { rating: '3' }, 'Please choose a number from 1 to 5.'],
			['rating missing', 'rating', {}, 'Please choose a number from 1 to 5.'],
			['rating infinite', 'rating', { rating: Infinity }, 'Please choose a number from 1 to 5.'],
			['dots as a list', 'priority', { dots: [3] }, 'Please spread your dots across the options.'],
			['no dots', 'priority', { dots: {} }, 'Please put at least one dot on an option.'],
			['all zero', 'priority', { dots: { [trips]: 0 } }, 'Please put at least one dot on an option.'],
			['too many dots', 'priority', { dots: { [trips]: 4, [food]: 2 } }, 'You have 5 dots to spread. Please take some off.'],
			['a huge number of dots', 'priority', { dots: { [trips]: 1e9 } }, 'You have 5 dots to spread. Please take some off.'],
			['negative dots', 'priority', { dots: { [trips]: -1, [food]: 2 } }, 'Dots are whole numbers: 0, 1, 2 and so on.'],
			['half a dot', 'priority', { dots: { [trips]: 1.5 } }, 'Dots are whole numbers: 0, 1, 2 and so on.'],
			['dots as text', 'priority', { dots: { [trips]: '2' } }, 'Dots are whole numbers: 0, 1, 2 and so on.'],
			['dots on an unknown option', 'priority', { dots: { zzzzzzzzzzzzzzzz: 1 } }, 'That option isn’t part of this activity. Please reload the page and choose again.'],
			['dots on a poll option', 'priority', { dots: { [mon]: 1 } }, 'That option isn’t part of this activity. Please reload the page and choose again.'],
			['dots on __proto__', 'priority', { dots: JSON.parse('{"__proto__": 1}') }, 'That option isn’t part of this activity. Please reload the page and choose again.'],
			['no words', 'words', { entries: [] }, 'Please type a word.'],
			['words as text', 'words', { entries: 'music' }, 'Please type a word.'],
			['four words of three', 'words', { entries: ['a1', 'b1', 'c1', 'd1'] }, 'You can send up to 3 words.'],
			['an empty word', 'words', { entries: ['music', '   '] }, 'One of your words is empty. Please type it or leave it out.'],
			['a long word', 'words', { entries: ['x'.repeat(41)] }, 'Each word can be at most 40 characters.'],
			['a huge word', 'words', { entries: ['x'.repeat(1_000_000)] }, 'Each word can be at most 40 characters.'],
			['the same word twice', 'words', { entries: ['Music', 'music '] }, 'You’ve typed the same word twice.'],
			['NUL in a word', 'words', { entries: ['mu\u0000sic'] }, 'That has a character in it we can’t accept. Please type it again.'],
			['a lone surrogate', 'words', { entries: ['mu\ud800sic'] }, 'That has a character in it we can’t accept. Please type it again.'],
			['a control code', 'words', { entries: ['mu\u0007sic'] }, 'That has a character in it we can’t accept. Please type it again.'],
			['a swear word', 'words', { entries: ['music', 'sh1t'] }, 'Please choose different words – this one can’t go on the screen'],
			['a slur in an idea', 'ideas', { entries: ['let the r3tards stay home'] }, 'Please choose different words – this one can’t go on the screen'],
			['no idea', 'ideas', { entries: [] }, 'Please write your idea.'],
			['three ideas of two', 'ideas', { entries: ['a', 'b', 'c'] }, 'You can send up to 2 ideas.'],
			['a long idea', 'ideas', { entries: ['x'.repeat(201)] }, 'Each idea can be at most 200 characters.'],
			['an object for ideas', 'ideas', { entries: [{ text: 'hi' }] }, 'Please write your idea.']
		];
		const before = await liveCounts();
		for (const [label, kind, input, message] of bad) {
			const outcome = await submitAnswer(db, phoneA, ids[kind], input);
			expect(outcome.outcome, label).toBe('invalid');
			expect((outcome as { message: string }).message, label).toBe(message);
		}
		expect(await liveCounts()).toEqual(before);
		expect(announced).toEqual([]);
		// Emoji and accents are words too: 40 characters counts characters, not code units.
		expect(await submitAnswer(db, phoneA, ids.words, { entries: ['🎉'.repeat(40), 'naïve'] })).toEqual(stored());
	});

	it('a refused change leaves the earlier answer as it was', async () => {
		const { ids, phoneA } = await live();
		await submitAnswer(db, phoneA, ids.words, { entries: ['music', 'art'] });
		expect((await submitAnswer(db, phoneA, ids.words, { entries: ['dance', 'shit'] })).outcome).toBe('invalid');
		expect((await entriesTo(ids.words)).map((e) => e.text)).toEqual(['music', 'art']);
	});
});

describe.runIf(!!process.env.TEST_DATABASE_URL)('answers at the same moment (Postgres)', () => {
	it('stores one response when one phone sends twice at once, whatever the answers', async () => {
		for (let round = 0; round < 5; round++) {
			const { ids, phoneA } = await live(false);
			const [mon, wed, fri] = await options(ids.poll);
			const outcomes = await Promise.all([mon, wed, fri, mon, wed, fri].map((id) => submitAnswer(db, phoneA, ids.poll, { choices: [id] })));
			expect(await responsesTo(ids.poll)).toHaveLength(1);
			const [choice] = await choicesTo(ids.poll);
			expect(await choicesTo(ids.poll)).toHaveLength(1);
			// Each send is either the stored answer (first, or the same again) or a plain refusal.
			for (const [i, o] of outcomes.entries()) {
				const sent = [mon, wed, fri, mon, wed, fri][i];
				expect(o).toEqual(sent === choice.optionId ? stored(false) : { outcome: 'already_answered', message: expect.any(String) });
			}
			const words = await Promise.all(Array.from({ length: 6 }, () => submitAnswer(db, phoneA, ids.words, { entries: ['music', 'art'] })));
			expect(words.every((o) => o.outcome === 'stored')).toBe(true);
			expect(await entriesTo(ids.words)).toHaveLength(2);
		}
	});

	it('changes from one phone at once end as one whole answer', async () => {
		const { ids, phoneA } = await live();
		const [trips, food, kit] = await options(ids.priority);
		const sends = [{ [trips]: 5 }, { [food]: 3, [kit]: 2 }, { [kit]: 1 }, { [trips]: 1, [food]: 1, [kit]: 1 }];
		const outcomes = await Promise.all(sends.map((dots) => submitAnswer(db, phoneA, ids.priority, { dots })));
		expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true);
		const final = Object.fromEntries((await choicesTo(ids.priority)).map((c) => [c.optionId, c.dots]));
		expect(sends).toContainEqual(final);
		expect(await responsesTo(ids.priority)).toHaveLength(1);
	});

	it('an answer sent while the champion closes the activity waits, then is refused; one sent before is kept', async () => {
		const { ids, phoneA, phoneB } = await live();
		const [mon] = await options(ids.poll);
		expect(await submitAnswer(db, phoneA, ids.poll, { choices: [mon] })).toEqual(stored());
		let pending!: Promise<AnswerOutcome>;
		await db.transaction(async (tx) => {
			// As the control panel does: the activity's row, then the change.
			await tx.select({ id: liveActivities.id }).from(liveActivities).where(eq(liveActivities.id, ids.poll)).for('update');
			pending = submitAnswer(db, phoneB, ids.poll, { choices: [mon] });
			for (let i = 0; i < 400; i++) {
				const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
				if (Number(row.n) > 0) break;
				await new Promise((r) => setTimeout(r, 25));
			}
			await tx.update(liveActivities).set({ state: 'closed' }).where(eq(liveActivities.id, ids.poll));
		});
		expect(await pending).toEqual({ outcome: 'closed', message: 'This activity has closed, so answers can’t be sent now.' });
		expect(await responsesTo(ids.poll)).toHaveLength(1);
	});

	it('many phones answering at once are all counted', async () => {
		const { ids, session } = await live();
		const phones = await Promise.all(Array.from({ length: 40 }, () => joinLive(db, { session: { id: session.id, status: 'live', showNicknames: false }, user: null, token: null })));
		const outcomes = await Promise.all(phones.map(({ participant }, i) => submitAnswer(db, participant, ids.rating, { rating: (i % 5) + 1 })));
		expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true);
		expect(await responsesTo(ids.rating)).toHaveLength(40);
		expect(announced.filter((a) => a.what === 'answer')).toHaveLength(40);
	});

});
