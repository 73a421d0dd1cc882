// Authoring live activities: each kind with its rules, clear refusals that change nothing, the
// lock once people have answered (the wording can still be fixed), moving, removing, and only
// ever the actor's own organisation's sessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';

const announced = vi.hoisted(() => [] as { sessionId: string; what: string }[]);
vi.mock('../../src/lib/server/realtime', () => ({ announce: async (signal: { sessionId: string; what: string }) => void announced.push(signal) }));

import type { Db } from '../../src/lib/server/db/client';
import { addActivity, activityInSession, activityList, moveActivity, removeActivity, updateActivity } from '../../src/lib/server/live/activities';
import { ACTIVITY_LIMITS } from '../../src/lib/server/live/activity-input';
import { submitAnswer } from '../../src/lib/server/live/answers';
import { joinLive } from '../../src/lib/server/live/participants';
import { liveActivities, liveOptions, workshopSessions } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, rows } from '../helpers/fixtures-integration';
import { KINDS, activityInput, liveCouncil, openActivity, quickSession, setStatus } from './live-answers-fixture';

let t: TestDatabase;
let db: Db;
let council: Awaited<ReturnType<typeof liveCouncil>>;
let other: Awaited<ReturnType<typeof liveCouncil>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	council = await liveCouncil(db, 'Riverside');
	other = await liveCouncil(db, 'Hillside');
});
afterAll(async () => t?.close());
beforeEach(() => void announced.splice(0));

const optionsOf = (activityId: string) => db.select().from(liveOptions).where(eq(liveOptions.activityId, activityId)).orderBy(asc(liveOptions.position));
const activity = async (id: string) => (await db.select().from(liveActivities).where(eq(liveActivities.id, id)))[0];
const liveTables = async () => {
	const [row] = await rows<Record<string, number>>(
		db,
		`select (select count(*)::int from live_activities) a, (select count(*)::int from live_options) o, (select count(*)::int from live_responses) r, (select count(*)::int from audit_log) l`
	);
	return row;
};

describe('adding activities', () => {
	it('adds one of each kind, in order, keeping only what each kind uses', async () => {
		const s = await quickSession(db, council);
		const ids = [];
		for (const fields of Object.values(KINDS)) ids.push(await addActivity(db, council.champion, s.id, activityInput({ ...fields, dots: '7', maxEntries: '4', scaleMax: '5' })));
		const list = await activityList(db, council.organisationId, s.id);
		expect(list.activities.map((a) => [a.number, a.type, a.position])).toEqual([
			[1, 'poll', 1],
			[2, 'poll', 2],
			[3, 'rating', 3],
			[4, 'word_cloud', 4],
			[5, 'ideas', 5],
			[6, 'priority', 6]
		]);
		const [poll, many, rating, words, ideas, priority] = list.activities;
		expect(poll.options.map((o) => o.label)).toEqual(['Monday', 'Wednesday', 'Friday']);
		expect(poll.multiple).toBe(false);
		expect(many.multiple).toBe(true);
		// Fields another kind uses stay at their defaults.
		expect([poll.dots, poll.maxEntries, poll.scaleMax]).toEqual([3, 3, 5]);
		expect([rating.scaleMin, rating.scaleMax, rating.minLabel, rating.maxLabel, rating.options.length]).toEqual([1, 5, 'Not at all', 'Very', 0]);
		expect([words.maxEntries, words.options.length, words.dots]).toEqual([4, 0, 3]);
		expect(ideas.maxEntries).toBe(4);
		expect([priority.dots, priority.options.length, priority.multiple]).toEqual([7, 3, false]);
		expect(list.activities.every((a) => a.state === 'draft' && a.allowChange)).toBe(true);
		const audits = (await auditFor(db, 'live_activity.added')).filter((a) => a.targetId === s.id);
		expect(audits).toHaveLength(6);
		expect(JSON.stringify(audits)).not.toContain('Monday');
		// A planned session: nobody is watching yet, so nothing is announced.
		expect(announced).toEqual([]);
	});

	it('tells live screens to look again after a change', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		await addActivity(db, council.champion, s.id, activityInput(KINDS.poll));
		expect(announced).toEqual([{ sessionId: s.id, what: 'control' }]);
	});

	const refusals: [string, Record<string, string>, string, string][] = [
		['no question', { ...KINDS.poll, prompt: '  ' }, 'prompt', 'Please enter the question.'],
		['a long question', { ...KINDS.poll, prompt: 'x'.repeat(201) }, 'prompt', 'The question can be at most 200 characters.'],
		['NUL in the question', { ...KINDS.poll, prompt: 'a\u0000b' }, 'prompt', 'That has a character in it we can’t accept. Please type it again.'],
		['an unknown kind', { ...KINDS.poll, type: 'quiz' }, 'type', 'Choose what kind of activity this is.'],
		['one option', { ...KINDS.poll, options: 'Only\n\n  ' }, 'options', 'Give at least 2 options, one on each line.'],
		['13 options', { ...KINDS.poll, options: Array.from({ length: 13 }, (_, i) => `O${i}`).join('\n') }, 'options', 'Give at most 12 options.'],
		['a long option', { ...KINDS.priority, options: `A\n${'b'.repeat(81)}` }, 'options', 'Option 2 is too long: keep each option to 80 characters or fewer, so it fits on the screen.'],
		['the same option twice', { ...KINDS.poll, options: 'Yes\nyes' }, 'options', 'Each option should appear only once.'],
		['NUL in an option', { ...KINDS.poll, options: 'A\nB\u0000' }, 'options', 'That has a character in it we can’t accept. Please type it again.'],
		['pick neither', { ...KINDS.poll, pick: 'all' }, 'pick', 'Choose whether people pick one option or several.'],
		['a scale from 2', { ...KINDS.rating, scaleMin: '2', scaleMax: '7' }, 'scaleMin', 'The scale starts at 0 or 1.'],
		['a scale to 11', { ...KINDS.rating, scaleMax: '11' }, 'scaleMax', 'The highest number can be at most 10.'],
		['a scale with no middle', { ...KINDS.rating, scaleMin: '1', scaleMax: '2' }, 'scaleMax', 'The highest number must be at least 2 more than the lowest, so there is a middle.'],
		['no top to the scale', { ...KINDS.rating, scaleMax: '' }, 'scaleMax', 'Please enter the highest number on the scale.'],
		['a scale in words', { ...KINDS.rating, scaleMax: 'five' }, 'scaleMax', 'The highest number must be a whole number.'],
		['a negative scale', { ...KINDS.rating, scaleMin: '-1' }, 'scaleMin', 'The lowest number must be a whole number.'],
		['a long end word', { ...KINDS.rating, maxLabel: 'x'.repeat(31) }, 'maxLabel', 'The word for the highest number can be at most 30 characters.'],
		['no dots', { ...KINDS.priority, dots: '0' }, 'dots', 'Give each person from 1 to 20 dots.'],
		['21 dots', { ...KINDS.priority, dots: '21' }, 'dots', 'Give each person from 1 to 20 dots.'],
		['dots left empty', { ...KINDS.priority, dots: '' }, 'dots', 'Please enter how many dots each person gets.'],
		['no words each', { ...KINDS.words, maxEntries: '0' }, 'maxEntries', 'Each person can send from 1 to 10 words.'],
		['11 notes each', { ...KINDS.ideas, maxEntries: '11' }, 'maxEntries', 'Each person can send from 1 to 10 notes.'],
		['a box that isn’t yes', { ...KINDS.poll, allowChange: 'true' }, 'allowChange', 'Tick the box or leave it empty.']
	];

	it.each(refusals)('refuses %s with a clear message and stores nothing', async (_label, fields, field, message) => {
		const s = await quickSession(db, council);
		const before = await liveTables();
		// Through the form's schema, as the page does, or straight to the domain with the raw values.
		const { activitySchema, newActivityRaw } = await import('../../src/lib/server/live/activity-input');
		const { safeParse } = await import('valibot');
		const parsed = safeParse(activitySchema, { ...newActivityRaw(), ...fields });
		if (parsed.success) {
			const err = await expectInputError(addActivity(db, council.champion, s.id, parsed.output), field);
			expect(err.message).toBe(message);
		} else {
			expect(parsed.issues[0].path?.[0]?.key).toBe(field);
			expect(parsed.issues[0].message).toBe(message);
		}
		expect(await liveTables()).toEqual(before);
	});

	it('re-checks input that skipped the form', async () => {
		const s = await quickSession(db, council);
		const input = { ...activityInput(KINDS.poll), prompt: 'x'.repeat(500) };
		expect((await expectInputError(addActivity(db, council.champion, s.id, input), 'prompt')).message).toBe('The question can be at most 200 characters.');
		const nul = { ...activityInput(KINDS.poll), options: ['A', 'B\u0000'] };
		await expectInputError(addActivity(db, council.champion, s.id, nul), 'options');
	});

	it('has room for 40 activities and no more', async () => {
		const s = await quickSession(db, council);
		for (let i = 0; i < ACTIVITY_LIMITS.activities; i++) await addActivity(db, council.champion, s.id, activityInput(KINDS.words));
		const err = await expectInputError(addActivity(db, council.champion, s.id, activityInput(KINDS.words)));
		expect(err.message).toBe('A session can have at most 40 activities.');
	});

	it('refuses sessions that have ended, and other councils’ sessions', async () => {
		for (const status of ['closed', 'cancelled'] as const) {
			const s = await quickSession(db, council, { status });
			const err = await expectInputError(addActivity(db, council.champion, s.id, activityInput(KINDS.poll)));
			expect(err.message).toBe('This session has ended, so its activities can’t be changed.');
		}
		const theirs = await quickSession(db, other);
		const before = await allCounts(db);
		expect((await expectInputError(addActivity(db, council.champion, theirs.id, activityInput(KINDS.poll)))).message).toBe('That session does not exist.');
		await expectInputError(addActivity(db, council.champion, 'not-an-id', activityInput(KINDS.poll)));
		await expectInputError(activityList(db, council.organisationId, theirs.id));
		expect(await allCounts(db)).toEqual(before);
	});
});

describe('changing activities', () => {
	it('changes anything before people answer; options keep their ids when their words stay', async () => {
		const s = await quickSession(db, council);
		const id = await addActivity(db, council.champion, s.id, activityInput(KINDS.poll));
		const [mon, wed] = await optionsOf(id);
		await updateActivity(db, council.champion, s.id, id, activityInput({ ...KINDS.poll, options: 'wednesday\nMonday\nSaturday', pick: 'several', allowChange: '' }));
		const after = await optionsOf(id);
		expect(after.map((o) => o.label)).toEqual(['wednesday', 'Monday', 'Saturday']);
		expect(after[0].id).toBe(wed.id);
		expect(after[1].id).toBe(mon.id);
		const row = await activity(id);
		expect([row.multiple, row.allowChange]).toEqual([true, false]);
		// A different kind entirely: the options go.
		await updateActivity(db, council.champion, s.id, id, activityInput(KINDS.rating));
		expect(await optionsOf(id)).toEqual([]);
		expect((await activity(id)).type).toBe('rating');
		expect((await auditFor(db, 'live_activity.updated')).filter((a) => a.targetId === s.id)).toHaveLength(2);
	});

	it('once answered: only the wording, end words and settings change; the rest is refused and kept', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const poll = await addActivity(db, council.champion, s.id, activityInput(KINDS.poll));
		const rating = await addActivity(db, council.champion, s.id, activityInput(KINDS.rating));
		const words = await addActivity(db, council.champion, s.id, activityInput(KINDS.words));
		const priority = await addActivity(db, council.champion, s.id, activityInput(KINDS.priority));
		const { participant } = await joinLive(db, { session: { id: s.id, status: 'live', showNicknames: false }, user: null, token: null });
		for (const id of [poll, rating, words, priority]) await openActivity(db, s.id, id);
		const [monday] = await optionsOf(poll);
		const [trips] = await optionsOf(priority);
		expect((await submitAnswer(db, participant, poll, { choices: [monday.id] })).outcome).toBe('stored');
		expect((await submitAnswer(db, participant, rating, { rating: 4 })).outcome).toBe('stored');
		expect((await submitAnswer(db, participant, words, { entries: ['music'] })).outcome).toBe('stored');
		expect((await submitAnswer(db, participant, priority, { dots: { [trips.id]: 5 } })).outcome).toBe('stored');

		const tail = 'You can still fix the wording of the question.';
		const refused: [string, string, Record<string, string>, string][] = [
			[poll, 'type', { ...KINDS.rating }, `People have already answered this activity, so its kind can’t be changed. ${tail}`],
			[poll, 'pick', { ...KINDS.poll, pick: 'several' }, `People have already answered this activity, so whether people pick one or several can’t be changed. ${tail}`],
			[poll, 'options', { ...KINDS.poll, options: 'Monday\nWednesday\nFriday\nSunday' }, `People have already answered this activity, so its options can’t be changed. ${tail}`],
			[poll, 'options', { ...KINDS.poll, options: 'Monday\nWednesday' }, `People have already answered this activity, so its options can’t be changed. ${tail}`],
			[poll, 'options', { ...KINDS.poll, options: 'Mon\nWednesday\nFriday' }, `People have already answered this activity, so its options can’t be changed. ${tail}`],
			[rating, 'scaleMax', { ...KINDS.rating, scaleMax: '10' }, `People have already answered this activity, so its scale can’t be changed. ${tail}`],
			[rating, 'scaleMin', { ...KINDS.rating, scaleMin: '0' }, `People have already answered this activity, so its scale can’t be changed. ${tail}`],
			[words, 'maxEntries', { ...KINDS.words, maxEntries: '5' }, `People have already answered this activity, so how many each person can send can’t be changed. ${tail}`],
			[priority, 'dots', { ...KINDS.priority, dots: '3' }, `People have already answered this activity, so the number of dots can’t be changed. ${tail}`]
		];
		for (const [id, field, fields, message] of refused) {
			const before = { row: await activity(id), options: await optionsOf(id), counts: await allCounts(db) };
			const err = await expectInputError(updateActivity(db, council.champion, s.id, id, activityInput(fields)), field);
			expect(err.message).toBe(message);
			expect({ row: await activity(id), options: await optionsOf(id), counts: await allCounts(db) }).toEqual(before);
		}
		await updateActivity(db, council.champion, s.id, poll, activityInput({ ...KINDS.poll, prompt: 'Which night is best for the club?', allowChange: '' }));
		expect([(await activity(poll)).prompt, (await activity(poll)).allowChange]).toEqual(['Which night is best for the club?', false]);
		await updateActivity(db, council.champion, s.id, rating, activityInput({ ...KINDS.rating, minLabel: 'Not safe', maxLabel: 'Very safe', hideUntilRevealed: 'yes' }));
		expect([(await activity(rating)).minLabel, (await activity(rating)).maxLabel, (await activity(rating)).hideUntilRevealed]).toEqual(['Not safe', 'Very safe', true]);
	});

	it('refuses another session’s activity, even of the same council', async () => {
		const a = await quickSession(db, council);
		const b = await quickSession(db, council);
		const id = await addActivity(db, council.champion, a.id, activityInput(KINDS.poll));
		const before = await allCounts(db);
		expect((await expectInputError(updateActivity(db, council.champion, b.id, id, activityInput(KINDS.rating)))).message).toBe('That activity isn’t part of this session.');
		await expectInputError(removeActivity(db, council.champion, b.id, id));
		await expectInputError(moveActivity(db, council.champion, b.id, id, 'down'));
		await expectInputError(activityInSession(db, council.organisationId, b.id, id));
		await expectInputError(activityInSession(db, other.organisationId, a.id, id));
		await expectInputError(updateActivity(db, other.champion, a.id, id, activityInput(KINDS.rating)));
		await expectInputError(updateActivity(db, council.champion, a.id, 'zzzzzzzzzzzzzzzz', activityInput(KINDS.rating)));
		expect(await allCounts(db)).toEqual(before);
		expect((await activity(id)).type).toBe('poll');
	});
});

describe('moving and removing activities', () => {
	it('moves up and down, and says when it can’t', async () => {
		const s = await quickSession(db, council);
		const a = await addActivity(db, council.champion, s.id, activityInput(KINDS.poll));
		const b = await addActivity(db, council.champion, s.id, activityInput(KINDS.rating));
		const c = await addActivity(db, council.champion, s.id, activityInput(KINDS.words));
		await moveActivity(db, council.champion, s.id, c, 'up');
		const order = async () => (await activityList(db, council.organisationId, s.id)).activities.map((x) => x.id);
		expect(await order()).toEqual([a, c, b]);
		await moveActivity(db, council.champion, s.id, a, 'down');
		expect(await order()).toEqual([c, a, b]);
		expect((await expectInputError(moveActivity(db, council.champion, s.id, c, 'up'))).message).toBe('That activity is already first.');
		expect((await expectInputError(moveActivity(db, council.champion, s.id, b, 'down'))).message).toBe('That activity is already last.');
		await expectInputError(moveActivity(db, council.champion, s.id, b, 'sideways' as 'up'));
		expect(await order()).toEqual([c, a, b]);
	});

	it('removes an unanswered activity (the session moves off it) but keeps an answered one', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const a = await addActivity(db, council.champion, s.id, activityInput(KINDS.poll));
		const b = await addActivity(db, council.champion, s.id, activityInput(KINDS.rating));
		const c = await addActivity(db, council.champion, s.id, activityInput(KINDS.words));
		await openActivity(db, s.id, b);
		await removeActivity(db, council.champion, s.id, b);
		const [session] = await db.select().from(workshopSessions).where(eq(workshopSessions.id, s.id));
		expect(session.currentActivityId).toBeNull();
		const list = await activityList(db, council.organisationId, s.id);
		expect(list.activities.map((x) => [x.id, x.position])).toEqual([
			[a, 1],
			[c, 2]
		]);
		await openActivity(db, s.id, c);
		const { participant } = await joinLive(db, { session: { id: s.id, status: 'live', showNicknames: false }, user: null, token: null });
		await submitAnswer(db, participant, c, { entries: ['fun'] });
		const before = await allCounts(db);
		const err = await expectInputError(removeActivity(db, council.champion, s.id, c));
		expect(err.message).toBe('People have already answered this activity, so it can’t be removed: their answers are kept for the session’s record.');
		expect(await allCounts(db)).toEqual(before);
		expect((await auditFor(db, 'live_activity.removed')).filter((x) => x.targetId === s.id)).toHaveLength(1);
	});

	it('stops changes once the session has ended', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const a = await addActivity(db, council.champion, s.id, activityInput(KINDS.poll));
		await setStatus(db, s.id, 'closed');
		for (const attempt of [
			() => updateActivity(db, council.champion, s.id, a, activityInput({ ...KINDS.poll, prompt: 'New words' })),
			() => removeActivity(db, council.champion, s.id, a),
			() => moveActivity(db, council.champion, s.id, a, 'down')
		])
			expect((await expectInputError(attempt())).message).toBe('This session has ended, so its activities can’t be changed.');
		expect((await activityList(db, council.organisationId, s.id)).editable).toBe(false);
	});
});
