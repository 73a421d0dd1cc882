// Live tallies and snapshots: every activity kind counts the right thing; hidden and pending
// entries never reach a screen; nicknames stay off unless the session shows names; each audience
// (phone, projector, control) sees results only when it may.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { activityTally, sessionTallies } from '../../src/lib/server/live/tally';
import { liveSnapshot, nextAt } from '../../src/lib/server/live/snapshot';
import { liveActivities, workshopSessions } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addActivity, addParticipant, liveOrganisation, liveSession, respond } from './live-tally-fixture';

let t: TestDatabase;
let db: Db;
let org: Awaited<ReturnType<typeof liveOrganisation>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await liveOrganisation(db);
});
afterAll(async () => t?.close());

async function people(sessionId: string, n: number, nickname = '') {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) ids.push(await addParticipant(db, sessionId, nickname ? `${nickname}${i}` : ''));
	return ids;
}

describe('activityTally', () => {
	it('poll: people per option, in option order, zero for untouched options', async () => {
		const sessionId = await liveSession(db, org);
		const poll = await addActivity(db, sessionId, 'poll', { multiple: true });
		const [a, b, c] = await people(sessionId, 3);
		const [music, sport] = poll.optionIds;
		await respond(db, poll.id, a, { choices: [[music, 1]] });
		await respond(db, poll.id, b, { choices: [[music, 1], [sport, 1]] });
		await respond(db, poll.id, c, { choices: [[sport, 1]] });
		const tally = await activityTally(db, poll);
		expect(tally.responses).toBe(3);
		expect(tally.options.map((o) => [o.label, o.count])).toEqual([['Music', 2], ['Sport', 2], ['Art', 0]]);
		expect(tally.rating).toBeNull();
		expect(tally.words).toEqual([]);
		expect(tally.notes).toEqual([]);
	});

	it('priority: dots per option', async () => {
		const sessionId = await liveSession(db, org);
		const priority = await addActivity(db, sessionId, 'priority', { dots: 5 });
		const [a, b] = await people(sessionId, 2);
		const [music, sport, art] = priority.optionIds;
		await respond(db, priority.id, a, { choices: [[music, 3], [art, 2]] });
		await respond(db, priority.id, b, { choices: [[music, 1], [sport, 4]] });
		const tally = await activityTally(db, priority);
		expect(tally.responses).toBe(2);
		expect(tally.options.map((o) => o.count)).toEqual([4, 4, 2]);
	});

	it('rating: people per point across the whole scale, and the mean', async () => {
		const sessionId = await liveSession(db, org);
		const rating = await addActivity(db, sessionId, 'rating', { scaleMin: 0, scaleMax: 4 });
		const ids = await people(sessionId, 4);
		for (const [i, value] of [4, 4, 1, 0].entries()) await respond(db, rating.id, ids[i], { rating: value });
		const tally = await activityTally(db, rating);
		expect(tally.rating).toEqual({ counts: [1, 1, 0, 0, 2], mean: 2.25 });
		expect(tally.responses).toBe(4);

		const empty = await addActivity(db, sessionId, 'rating');
		expect((await activityTally(db, empty)).rating).toEqual({ counts: [0, 0, 0, 0, 0], mean: null });
	});

	it('word cloud: people per normalised shown word, most first; hidden words never counted', async () => {
		const sessionId = await liveSession(db, org);
		const cloud = await addActivity(db, sessionId, 'word_cloud');
		const [a, b, c] = await people(sessionId, 3);
		await respond(db, cloud.id, a, { entries: [['Music', 'shown'], ['music ', 'shown'], ['rude', 'hidden']] });
		await respond(db, cloud.id, b, { entries: [['MUSIC', 'shown'], ['friends', 'shown']] });
		await respond(db, cloud.id, c, { entries: [['rude', 'hidden'], ['art', 'shown']] });
		const tally = await activityTally(db, cloud);
		expect(tally.words).toEqual([
			{ text: 'music', count: 2 },
			{ text: 'art', count: 1 },
			{ text: 'friends', count: 1 }
		]);
		expect(JSON.stringify(tally)).not.toContain('rude');
	});

	it('word cloud: at most 60 words', async () => {
		const sessionId = await liveSession(db, org);
		const cloud = await addActivity(db, sessionId, 'word_cloud', { maxEntries: 10 });
		const ids = await people(sessionId, 7);
		for (const [i, id] of ids.entries()) await respond(db, cloud.id, id, { entries: Array.from({ length: 10 }, (_, j) => [`w${i}-${j}`, 'shown'] as [string, 'shown']) });
		expect((await activityTally(db, cloud)).words).toHaveLength(60);
	});

	it('ideas: approved notes only, the latest first, no nicknames unless the session shows them', async () => {
		const sessionId = await liveSession(db, org);
		const ideas = await addActivity(db, sessionId, 'ideas');
		const [a, b] = await people(sessionId, 2, 'Sam');
		await respond(db, ideas.id, a, { entries: [['A youth club on Fridays', 'approved'], ['Something unkind', 'hidden']] });
		await respond(db, ideas.id, b, { entries: [['Free bus passes', 'approved'], ['Still waiting', 'pending']] });
		const tally = await activityTally(db, ideas);
		expect(tally.notes.map((n) => n.text)).toEqual(['Free bus passes', 'A youth club on Fridays']);
		expect(tally.notes.every((n) => !('nickname' in n))).toBe(true);
		const text = JSON.stringify(tally);
		expect(text).not.toContain('Something unkind');
		expect(text).not.toContain('Still waiting');
		expect(text).not.toContain('Sam');

		const named = await activityTally(db, ideas, { showNicknames: true });
		expect(named.notes.map((n) => n.nickname)).toEqual(['Sam1', 'Sam0']);
	});

	it('sessionTallies: every activity of the session, in order', async () => {
		const sessionId = await liveSession(db, org);
		const poll = await addActivity(db, sessionId, 'poll');
		const rating = await addActivity(db, sessionId, 'rating');
		const all = await sessionTallies(db, sessionId);
		expect(all.map((x) => x.activity.id)).toEqual([poll.id, rating.id]);
		expect(all[1].tally.rating?.counts).toEqual([0, 0, 0, 0, 0]);
	});
});

describe('liveSnapshot audiences', () => {
	async function setUp(settings: { hideUntilRevealed?: boolean; revealed?: boolean; showNicknames?: boolean }) {
		const sessionId = await liveSession(db, org, { showNicknames: settings.showNicknames ?? false });
		await addActivity(db, sessionId, 'rating');
		const ideas = await addActivity(db, sessionId, 'ideas', { state: 'open', hideUntilRevealed: settings.hideUntilRevealed ?? false, revealed: settings.revealed ?? false });
		await db.update(workshopSessions).set({ currentActivityId: ideas.id }).where(eq(workshopSessions.id, sessionId));
		const [a] = await people(sessionId, 1, 'Jo');
		await respond(db, ideas.id, a, { entries: [['Approved idea', 'approved'], ['Waiting idea', 'pending'], ['Another waiting', 'pending']] });
		return { sessionId, ideas };
	}

	it('between activities: no activity and no tally for anyone', async () => {
		const sessionId = await liveSession(db, org);
		await addActivity(db, sessionId, 'poll');
		for (const audience of ['phone', 'projector', 'control'] as const) {
			const snapshot = await liveSnapshot(db, sessionId, audience);
			expect(snapshot).toMatchObject({ sessionTitle: 'Youth voice workshop', status: 'live', activity: null, tally: null, pending: 0 });
		}
	});

	it('not revealed: the projector and control see results, phones do not; only control sees the pending count', async () => {
		const { sessionId, ideas } = await setUp({});
		const phone = await liveSnapshot(db, sessionId, 'phone');
		const projector = await liveSnapshot(db, sessionId, 'projector');
		const control = await liveSnapshot(db, sessionId, 'control');
		expect(phone.activity).toMatchObject({ id: ideas.id, type: 'ideas', state: 'open', number: 2, of: 2 });
		expect(phone.tally).toBeNull();
		expect(phone.pending).toBe(0);
		expect(projector.tally?.notes.map((n) => n.text)).toEqual(['Approved idea']);
		expect(projector.pending).toBe(0);
		expect(control.tally?.notes.map((n) => n.text)).toEqual(['Approved idea']);
		expect(control.pending).toBe(2);
		for (const s of [phone, projector, control]) expect(JSON.stringify(s)).not.toMatch(/Waiting idea|Jo0|organisation/);
		// The code only for the screens at the front (phones know it); the count even before reveal.
		expect(phone).toMatchObject({ code: null, answered: null });
		expect(projector.code).toMatch(/^[A-Z2-9]{6}$/);
		expect(control.code).toBe(projector.code);
		expect(projector.answered).toBe(control.tally?.responses);
	});

	it('hidden until revealed: only control sees results; revealed: everyone does', async () => {
		const { sessionId, ideas } = await setUp({ hideUntilRevealed: true });
		expect((await liveSnapshot(db, sessionId, 'projector')).tally).toBeNull();
		expect((await liveSnapshot(db, sessionId, 'phone')).tally).toBeNull();
		expect((await liveSnapshot(db, sessionId, 'control')).tally).not.toBeNull();
		await db.update(liveActivities).set({ revealed: true }).where(eq(liveActivities.id, ideas.id));
		for (const audience of ['phone', 'projector', 'control'] as const) expect((await liveSnapshot(db, sessionId, audience)).tally?.notes).toHaveLength(1);
	});

	it('nicknames show beside ideas only when the session shows names', async () => {
		const { sessionId } = await setUp({ showNicknames: true });
		expect((await liveSnapshot(db, sessionId, 'projector')).tally?.notes[0].nickname).toBe('Jo0');
	});

	it('at increases with every snapshot', async () => {
		const { sessionId } = await setUp({});
		const first = await liveSnapshot(db, sessionId, 'phone');
		const second = await liveSnapshot(db, sessionId, 'phone');
		expect(second.at).toBeGreaterThan(first.at);
		expect(nextAt()).toBeGreaterThan(second.at);
		expect(Math.abs(first.at - Date.now())).toBeLessThan(60_000);
	});

	it('an unknown session is refused', async () => {
		await expect(liveSnapshot(db, 'nosuchsession000', 'phone')).rejects.toThrow('does not exist');
	});
});
