// The champion's control panel: open, close, reveal, next, waiting screen and hiding a word.
// Each change checks the activity is this session's and the session is live, is audited with
// ids, and is announced; a refusal (hostile ids, another organisation, a closed or planned
// session, a bad word) has a plain message and changes nothing. Also who may follow a phone
// stream by code (wrong codes counted per address, as on /live).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';

const announced = vi.hoisted(() => [] as { sessionId: string; what: string }[]);
vi.mock('../../src/lib/server/realtime', () => ({ announce: async (signal: { sessionId: string; what: string }) => void announced.push(signal) }));

import type { Db } from '../../src/lib/server/db/client';
import { CONTROL_MESSAGES, closeActivity, hideWord, nextActivity, openActivity, revealResults, showWaitingScreen } from '../../src/lib/server/live/control';
import { controlPanel } from '../../src/lib/server/live/control-page';
import { phoneStreamAccess } from '../../src/lib/server/live/streams';
import { liveTokenHash } from '../../src/lib/server/live/participants';
import { NO_SESSION } from '../../src/lib/server/workshops/lookup';
import { liveActivities, liveEntries, liveParticipants, workshopSessions } from '../../src/lib/server/workshops/schema';
import { NUL_MESSAGE } from '../../src/lib/server/forms';
import { moveSession } from '../../src/lib/server/workshops/sessions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError } from '../helpers/fixtures-integration';
import { addActivity, addParticipant, liveOrganisation, liveSession, respond } from './live-tally-fixture';

let t: TestDatabase;
let db: Db;
let org: Awaited<ReturnType<typeof liveOrganisation>>;
let other: Awaited<ReturnType<typeof liveOrganisation>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await liveOrganisation(db, 'Riverside');
	other = await liveOrganisation(db, 'Hillside');
});
afterAll(async () => t?.close());
beforeEach(() => void announced.splice(0));

async function room(overrides: Parameters<typeof liveSession>[2] = {}) {
	const sessionId = await liveSession(db, org, overrides);
	const poll = await addActivity(db, sessionId, 'poll');
	const cloud = await addActivity(db, sessionId, 'word_cloud');
	const ideas = await addActivity(db, sessionId, 'ideas');
	return { sessionId, poll, cloud, ideas };
}

/** Everything the control panel can change, to prove a refusal changed nothing. */
async function everything(sessionId: string) {
	const [session] = await db.select({ current: workshopSessions.currentActivityId, status: workshopSessions.status }).from(workshopSessions).where(eq(workshopSessions.id, sessionId));
	const activities = await db
		.select({ id: liveActivities.id, state: liveActivities.state, revealed: liveActivities.revealed, openedAt: liveActivities.openedAt, closedAt: liveActivities.closedAt })
		.from(liveActivities)
		.where(eq(liveActivities.sessionId, sessionId))
		.orderBy(asc(liveActivities.position));
	const entries = await db.select({ id: liveEntries.id, status: liveEntries.status }).from(liveEntries).orderBy(asc(liveEntries.id));
	return { session, activities, entries, counts: await allCounts(db) };
}

async function refused(sessionId: string, work: () => Promise<unknown>, message: string, field?: string) {
	const before = await everything(sessionId);
	const err = await expectInputError(work(), field);
	expect(err.message).toBe(message);
	expect(await everything(sessionId)).toEqual(before);
	expect(announced).toEqual([]);
}

const stateOf = async (id: string) => (await db.select().from(liveActivities).where(eq(liveActivities.id, id)))[0];
const currentOf = async (id: string) => (await db.select().from(workshopSessions).where(eq(workshopSessions.id, id)))[0].currentActivityId;

describe('running the activities', () => {
	it('open puts an activity on the screens and closes the one before; a second click changes nothing', async () => {
		const { sessionId, poll, cloud } = await room();
		await openActivity(db, org.champion, sessionId, poll.id);
		expect(await stateOf(poll.id)).toMatchObject({ state: 'open' });
		expect((await stateOf(poll.id)).openedAt).toBeInstanceOf(Date);
		expect(await currentOf(sessionId)).toBe(poll.id);
		expect(announced).toEqual([{ sessionId, what: 'control' }]);
		const audit = (await auditFor(db, 'live_session.opened')).filter((a) => a.targetId === sessionId);
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: org.champion.id, organisationId: org.organisationId, targetType: 'workshop_session', detail: { activityId: poll.id, from: 'draft' } });

		const before = await allCounts(db);
		await openActivity(db, org.champion, sessionId, poll.id);
		expect(await allCounts(db)).toEqual(before);

		await openActivity(db, org.champion, sessionId, cloud.id);
		expect((await stateOf(poll.id)).state).toBe('closed');
		expect((await stateOf(cloud.id)).state).toBe('open');
		expect(await currentOf(sessionId)).toBe(cloud.id);
	});

	it('close stops answers and keeps the activity on the screen; a draft can’t be closed', async () => {
		const { sessionId, poll, cloud } = await room();
		await openActivity(db, org.champion, sessionId, poll.id);
		announced.splice(0);
		await closeActivity(db, org.champion, sessionId, poll.id);
		expect(await stateOf(poll.id)).toMatchObject({ state: 'closed' });
		expect(await currentOf(sessionId)).toBe(poll.id);
		expect(announced).toHaveLength(1);
		expect((await auditFor(db, 'live_session.closed')).some((a) => a.targetId === sessionId)).toBe(true);
		announced.splice(0);
		await refused(sessionId, () => closeActivity(db, org.champion, sessionId, cloud.id), CONTROL_MESSAGES.notOpen);
		// Opening a closed one again keeps when it first opened.
		const firstOpened = (await stateOf(poll.id)).openedAt;
		await openActivity(db, org.champion, sessionId, poll.id);
		expect(await stateOf(poll.id)).toMatchObject({ state: 'open', openedAt: firstOpened, closedAt: null });
	});

	it('reveal and hide the results again', async () => {
		const { sessionId, poll } = await room();
		await revealResults(db, org.champion, sessionId, poll.id, true);
		expect((await stateOf(poll.id)).revealed).toBe(true);
		const before = await allCounts(db);
		await revealResults(db, org.champion, sessionId, poll.id, true);
		expect(await allCounts(db)).toEqual(before);
		await revealResults(db, org.champion, sessionId, poll.id, false);
		expect((await stateOf(poll.id)).revealed).toBe(false);
		expect((await auditFor(db, 'live_session.unrevealed')).some((a) => a.targetId === sessionId)).toBe(true);
	});

	it('next: the first from the waiting screen, then each in turn closing the one before; not past the last', async () => {
		const { sessionId, poll, cloud, ideas } = await room();
		await nextActivity(db, org.champion, sessionId);
		expect(await currentOf(sessionId)).toBe(poll.id);
		expect((await stateOf(poll.id)).state).toBe('open');
		await nextActivity(db, org.champion, sessionId);
		expect(await currentOf(sessionId)).toBe(cloud.id);
		expect((await stateOf(poll.id)).state).toBe('closed');
		expect((await stateOf(cloud.id)).state).toBe('open');
		await nextActivity(db, org.champion, sessionId);
		expect(await currentOf(sessionId)).toBe(ideas.id);
		announced.splice(0);
		await refused(sessionId, () => nextActivity(db, org.champion, sessionId), CONTROL_MESSAGES.last);
	});

	it('back to the waiting screen closes what was open', async () => {
		const { sessionId, poll } = await room();
		await openActivity(db, org.champion, sessionId, poll.id);
		await showWaitingScreen(db, org.champion, sessionId);
		expect(await currentOf(sessionId)).toBeNull();
		expect((await stateOf(poll.id)).state).toBe('closed');
		expect((await auditFor(db, 'live_session.waiting')).some((a) => a.targetId === sessionId)).toBe(true);
		const before = await allCounts(db);
		await showWaitingScreen(db, org.champion, sessionId);
		expect(await allCounts(db)).toEqual(before);
	});
});

describe('cancelling a running session', () => {
	it('closes the open activity and takes it off the screens, in the same step', async () => {
		const { sessionId, poll, cloud } = await room();
		await openActivity(db, org.champion, sessionId, poll.id);
		const later = new Date(Date.now() + 60_000);
		await moveSession(db, org.champion, sessionId, 'cancel', later);
		expect(await stateOf(poll.id)).toMatchObject({ state: 'closed', closedAt: later });
		expect((await stateOf(cloud.id)).state).toBe('draft');
		expect(await currentOf(sessionId)).toBeNull();
		// Put back in the plan, nothing opens by itself.
		await moveSession(db, org.champion, sessionId, 'reinstate');
		expect((await stateOf(poll.id)).state).toBe('closed');
	});
});

describe('refusals change nothing', () => {
	it('hostile and wrong activity ids', async () => {
		const { sessionId } = await room();
		const elsewhere = await room();
		for (const bad of ['', 'x', "' or 1=1 --", 'A'.repeat(16), 'a'.repeat(5000), '\u0000aaaaaaaaaaaaaaa', '\ud800aaaaaaaaaaaaaaa', elsewhere.poll.id]) {
			await refused(sessionId, () => openActivity(db, org.champion, sessionId, bad), CONTROL_MESSAGES.noActivity);
			await refused(sessionId, () => revealResults(db, org.champion, sessionId, bad, true), CONTROL_MESSAGES.noActivity);
		}
	});

	it('another organisation’s session is not there', async () => {
		const { sessionId, poll } = await room();
		await refused(sessionId, () => openActivity(db, other.champion, sessionId, poll.id), NO_SESSION);
		await refused(sessionId, () => nextActivity(db, other.champion, sessionId), NO_SESSION);
		await refused(sessionId, () => showWaitingScreen(db, other.champion, 'zzzzzzzzzzzzzzzz'), NO_SESSION);
	});

	it('a planned, closed or cancelled session can’t be run', async () => {
		const planned = await room({ status: 'planned' });
		await refused(planned.sessionId, () => openActivity(db, org.champion, planned.sessionId, planned.poll.id), CONTROL_MESSAGES.notLive);
		for (const status of ['closed', 'cancelled'] as const) {
			const ended = await room({ status });
			await refused(ended.sessionId, () => nextActivity(db, org.champion, ended.sessionId), CONTROL_MESSAGES.ended);
			await refused(ended.sessionId, () => revealResults(db, org.champion, ended.sessionId, ended.poll.id, true), CONTROL_MESSAGES.ended);
		}
	});
});

describe('hiding a word', () => {
	it('takes every person’s entry of that word off the cloud', async () => {
		const { sessionId, cloud } = await room();
		const [a, b] = [await addParticipant(db, sessionId), await addParticipant(db, sessionId)];
		const one = await respond(db, cloud.id, a, { entries: [['Rubbish', 'shown'], ['music', 'shown']] });
		const two = await respond(db, cloud.id, b, { entries: [['rubbish ', 'shown']] });
		await hideWord(db, org.champion, sessionId, cloud.id, 'rubbish');
		const statuses = await db.select({ id: liveEntries.id, status: liveEntries.status, by: liveEntries.moderatedBy }).from(liveEntries).where(eq(liveEntries.activityId, cloud.id));
		const byId = new Map(statuses.map((s) => [s.id, s]));
		expect(byId.get(one.entryIds[0])).toMatchObject({ status: 'hidden', by: org.champion.id });
		expect(byId.get(two.entryIds[0])?.status).toBe('hidden');
		expect(byId.get(one.entryIds[1])?.status).toBe('shown');
		expect(announced).toEqual([{ sessionId, what: 'control' }]);
		const [audit] = (await auditFor(db, 'live_session.word_hidden')).filter((x) => x.targetId === sessionId);
		expect(audit.detail).toEqual({ activityId: cloud.id, entries: 2 });
		expect(JSON.stringify(audit)).not.toContain('rubbish');
	});

	it('refuses words not on the screen, bad words and other kinds of activity', async () => {
		const { sessionId, cloud, poll } = await room();
		await respond(db, cloud.id, await addParticipant(db, sessionId), { entries: [['music', 'shown'], ['gone', 'hidden']] });
		await refused(sessionId, () => hideWord(db, org.champion, sessionId, cloud.id, 'gone'), CONTROL_MESSAGES.noWord, 'word');
		await refused(sessionId, () => hideWord(db, org.champion, sessionId, cloud.id, 'nothing'), CONTROL_MESSAGES.noWord, 'word');
		await refused(sessionId, () => hideWord(db, org.champion, sessionId, poll.id, 'music'), CONTROL_MESSAGES.noWord, 'word');
		await refused(sessionId, () => hideWord(db, org.champion, sessionId, cloud.id, 'mu\u0000sic'), NUL_MESSAGE, 'word');
		for (const bad of ['', '   ', 'x'.repeat(201), 'a\ud800b'])
			await refused(sessionId, () => hideWord(db, org.champion, sessionId, cloud.id, bad), CONTROL_MESSAGES.badWord, 'word');
		await refused(sessionId, () => hideWord(db, other.champion, sessionId, cloud.id, 'music'), NO_SESSION);
	});

	it('still works once the session has closed (the results and CSV follow), not once cancelled or before it starts', async () => {
		const { sessionId, cloud } = await room();
		await respond(db, cloud.id, await addParticipant(db, sessionId), { entries: [['music', 'shown'], ['rubbish', 'shown']] });
		await db.update(workshopSessions).set({ status: 'closed' }).where(eq(workshopSessions.id, sessionId));
		await hideWord(db, org.champion, sessionId, cloud.id, 'rubbish');
		const statuses = await db.select({ text: liveEntries.normalised, status: liveEntries.status }).from(liveEntries).where(eq(liveEntries.activityId, cloud.id));
		expect(Object.fromEntries(statuses.map((e) => [e.text, e.status]))).toEqual({ music: 'shown', rubbish: 'hidden' });
		expect(announced).toEqual([{ sessionId, what: 'control' }]);
		expect((await auditFor(db, 'live_session.word_hidden')).some((a) => a.targetId === sessionId)).toBe(true);
		announced.splice(0);
		// Other changes stay refused on a closed session.
		await refused(sessionId, () => openActivity(db, org.champion, sessionId, cloud.id), CONTROL_MESSAGES.ended);
		for (const status of ['cancelled', 'planned'] as const) {
			const other = await room({ status });
			await respond(db, other.cloud.id, await addParticipant(db, other.sessionId), { entries: [['music', 'shown']] });
			await refused(other.sessionId, () => hideWord(db, org.champion, other.sessionId, other.cloud.id, 'music'), status === 'cancelled' ? CONTROL_MESSAGES.ended : CONTROL_MESSAGES.notLive);
		}
	});
});

describe('the control panel’s page', () => {
	it('lists activities, the ideas waiting (no names unless shown) and what was taken off the current activity', async () => {
		const { sessionId, ideas, poll } = await room();
		await openActivity(db, org.champion, sessionId, ideas.id);
		const p = await addParticipant(db, sessionId, 'Kai');
		await respond(db, ideas.id, p, { entries: [['More clubs', 'pending'], ['Nope', 'hidden'], ['Seen', 'approved']] });
		const page = await controlPanel(db, org.champion, sessionId);
		expect(page.activities.map((a) => [a.id, a.current])).toEqual([
			[poll.id, false],
			[page.activities[1].id, false],
			[ideas.id, true]
		]);
		expect(page.queue).toHaveLength(1);
		expect(page.queue[0].entries.map((e) => e.text)).toEqual(['More clubs']);
		expect(page.queue[0].entries[0].nickname).toBeUndefined();
		expect(page.hidden[0].entries.map((e) => e.text)).toEqual(['Nope']);
		expect(page.snapshot.pending).toBe(1);
		expect(page.snapshot.tally?.notes.map((n) => n.text)).toEqual(['Seen']);
		await expect(controlPanel(db, other.champion, sessionId)).rejects.toThrow(NO_SESSION);
	});
});

describe('following a session by code', () => {
	it('live and closed sessions can be followed; unknown codes count against the address unless the phone was in a session', async () => {
		const live = await room();
		const [session] = await db.select().from(workshopSessions).where(eq(workshopSessions.id, live.sessionId));
		expect(await phoneStreamAccess(db, '10.0.0.1', session.code.toLowerCase(), [])).toMatchObject({ state: 'live' });
		const closed = await room({ status: 'closed' });
		const [closedRow] = await db.select().from(workshopSessions).where(eq(workshopSessions.id, closed.sessionId));
		expect(await phoneStreamAccess(db, '10.0.0.1', closedRow.code, [])).toMatchObject({ state: 'closed' });
		const planned = await room({ status: 'planned' });
		const [plannedRow] = await db.select().from(workshopSessions).where(eq(workshopSessions.id, planned.sessionId));
		const before = await allCounts(db);
		expect(await phoneStreamAccess(db, '10.0.0.1', plannedRow.code, [])).toEqual({ state: 'not_found' });
		expect(await allCounts(db)).toEqual(before);

		// A phone whose session changed its code: known token, told where the session is now, not
		// counted against the room's address.
		const token = 'a'.repeat(32);
		await db.insert(liveParticipants).values({ id: 'tokentokentoken2', sessionId: live.sessionId, tokenHash: liveTokenHash(token) });
		for (let i = 0; i < 29; i++) {
			const moved = await phoneStreamAccess(db, '10.0.0.2', 'ZZZZZZ', ['b'.repeat(32), token]);
			expect(moved).toMatchObject({ state: 'moved', session: { id: live.sessionId, code: session.code } });
		}
		// A phone of a cancelled session isn't sent anywhere.
		const cancelled = await room({ status: 'cancelled' });
		const cancelledToken = 'd'.repeat(32);
		await db.insert(liveParticipants).values({ id: 'tokentokentoken3', sessionId: cancelled.sessionId, tokenHash: liveTokenHash(cancelledToken) });
		expect(await phoneStreamAccess(db, '10.0.0.5', 'ZZZZZZ', [cancelledToken])).toEqual({ state: 'not_found' });

		// Anyone else guessing is counted and, after 30 wrong codes, told to wait.
		for (let i = 0; i < 30; i++) expect((await phoneStreamAccess(db, '10.0.0.3', `ZZZZ${i}`.slice(0, 6), ['c'.repeat(32)])).state).toBe('not_found');
		expect(await phoneStreamAccess(db, '10.0.0.3', session.code, [])).toMatchObject({ state: 'throttled' });
		expect(await phoneStreamAccess(db, '10.0.0.2', session.code, [token])).toMatchObject({ state: 'live' });
		for (const bad of ['', '\u0000', 'x'.repeat(5000), '\ud800'])
			expect((await phoneStreamAccess(db, '10.0.0.4', bad, [])).state).toBe('not_found');
	});
});
