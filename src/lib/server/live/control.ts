// The champion's control panel: opening and closing activities, revealing results, moving the
// room on to the next activity or back to the waiting screen, and taking a word off the cloud.
// Every change takes the session's row lock, checks the activity is this session's and the
// session is live (a word can still come off a closed session's results, as an idea can), is
// audited (ids only), and then tells the phones and screens to look again.
//
// One activity is open at a time, and it is the one on the screens: opening another closes the
// one before, and the waiting screen closes what was open.
import { and, asc, eq, gt, ne, or } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, LONE_SURROGATE, NUL_MESSAGE } from '../forms';
import { announce } from '../realtime';
import { ID, lockSession, type Actor } from '../workshops/lookup';
import { liveActivities, liveEntries, workshopSessions, type LiveActivity, type WorkshopSession } from '../workshops/schema';
export const CONTROL_MESSAGES = {
	noActivity: 'That activity isn’t part of this session.',
	notLive: 'This session isn’t running. Start it from the session’s page first.',
	ended: 'This session has ended, so its activities can’t be changed.',
	notOpen: 'That activity isn’t open.',
	last: 'That was the last activity. You can go back to the waiting screen or close the session.',
	noWord: 'That word isn’t on the screen any more.',
	badWord: 'Choose a word from the cloud.'
} as const;

type ControlAction = 'opened' | 'closed' | 'revealed' | 'unrevealed' | 'next' | 'waiting' | 'word_hidden';

interface Controlling {
	tx: Db;
	session: WorkshopSession;
	now: Date;
}

/**
 * Runs one control change under the session's lock; audits it and announces it after commit.
 * `afterClosing`: the change may also be made once the session is closed (tidying its results).
 */
async function control(
	db: Db,
	actor: Actor,
	sessionId: string,
	action: ControlAction,
	work: (c: Controlling) => Promise<{ activityId: string | null; detail?: Record<string, string | number | boolean | null> } | null>,
	now = new Date(),
	afterClosing = false
): Promise<void> {
	const changed = await db.transaction(async (tx) => {
		const session = await lockSession(tx, actor.organisationId, sessionId);
		const allowed = session.status === 'live' || (afterClosing && session.status === 'closed');
		if (!allowed) throw new InputError(session.status === 'closed' || session.status === 'cancelled' ? CONTROL_MESSAGES.ended : CONTROL_MESSAGES.notLive);
		const done = await work({ tx, session, now });
		if (!done) return false;
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: `live_session.${action}`,
			targetType: 'workshop_session',
			targetId: sessionId,
			detail: { activityId: done.activityId, ...done.detail }
		});
		return true;
	});
	if (changed) await announce({ sessionId, what: 'control' });
}

async function activityOf(tx: Db, sessionId: string, activityId: string): Promise<LiveActivity> {
	const [activity] = ID.test(activityId)
		? await tx
				.select()
				.from(liveActivities)
				.where(and(eq(liveActivities.id, activityId), eq(liveActivities.sessionId, sessionId)))
				.for('update')
		: [];
	if (!activity) throw new InputError(CONTROL_MESSAGES.noActivity);
	return activity;
}

/** Closes whatever else is open in the session (one open activity at a time). */
async function closeOthers(tx: Db, sessionId: string, keepId: string | null, now: Date) {
	await tx
		.update(liveActivities)
		.set({ state: 'closed', closedAt: now, updatedAt: now })
		.where(and(eq(liveActivities.sessionId, sessionId), eq(liveActivities.state, 'open'), keepId ? ne(liveActivities.id, keepId) : undefined));
}

async function openIt(tx: Db, session: WorkshopSession, activity: LiveActivity, now: Date) {
	await closeOthers(tx, session.id, activity.id, now);
	await tx
		.update(liveActivities)
		.set({ state: 'open', openedAt: activity.openedAt ?? now, closedAt: null, updatedAt: now })
		.where(eq(liveActivities.id, activity.id));
	await tx.update(workshopSessions).set({ currentActivityId: activity.id, updatedAt: now }).where(eq(workshopSessions.id, session.id));
}

/** Opens an activity for answers and puts it on every screen. */
export function openActivity(db: Db, actor: Actor, sessionId: string, activityId: string, now = new Date()) {
	return control(db, actor, sessionId, 'opened', async ({ tx, session }) => {
		const activity = await activityOf(tx, sessionId, activityId);
		if (activity.state === 'open' && session.currentActivityId === activity.id) return null; // a second click
		await openIt(tx, session, activity, now);
		return { activityId: activity.id, detail: { from: activity.state } };
	}, now);
}

/** Stops answers to an activity; it stays on the screens with its results. */
export function closeActivity(db: Db, actor: Actor, sessionId: string, activityId: string, now = new Date()) {
	return control(db, actor, sessionId, 'closed', async ({ tx }) => {
		const activity = await activityOf(tx, sessionId, activityId);
		if (activity.state === 'closed') return null; // a second click
		if (activity.state !== 'open') throw new InputError(CONTROL_MESSAGES.notOpen);
		await tx.update(liveActivities).set({ state: 'closed', closedAt: now, updatedAt: now }).where(eq(liveActivities.id, activity.id));
		return { activityId: activity.id };
	}, now);
}

/** Shows an activity's results on phones (and on the screen when they were held back), or hides them again. */
export function revealResults(db: Db, actor: Actor, sessionId: string, activityId: string, revealed: boolean, now = new Date()) {
	return control(db, actor, sessionId, revealed ? 'revealed' : 'unrevealed', async ({ tx }) => {
		const activity = await activityOf(tx, sessionId, activityId);
		if (activity.revealed === revealed) return null; // already so: a second click changes nothing
		await tx.update(liveActivities).set({ revealed, updatedAt: now }).where(eq(liveActivities.id, activity.id));
		return { activityId: activity.id };
	}, now);
}

/** Closes the current activity if it is open and opens the one after it (the first, from the waiting screen). */
export function nextActivity(db: Db, actor: Actor, sessionId: string, now = new Date()) {
	return control(db, actor, sessionId, 'next', async ({ tx, session }) => {
		const [current] = session.currentActivityId
			? await tx.select().from(liveActivities).where(and(eq(liveActivities.id, session.currentActivityId), eq(liveActivities.sessionId, sessionId)))
			: [];
		const [next] = await tx
			.select()
			.from(liveActivities)
			.where(
				and(
					eq(liveActivities.sessionId, sessionId),
					current
						? or(gt(liveActivities.position, current.position), and(eq(liveActivities.position, current.position), gt(liveActivities.id, current.id)))
						: undefined
				)
			)
			.orderBy(asc(liveActivities.position), asc(liveActivities.id))
			.limit(1)
			.for('update');
		if (!next) throw new InputError(CONTROL_MESSAGES.last);
		await openIt(tx, session, next, now);
		return { activityId: next.id, detail: { fromActivityId: current?.id ?? null } };
	}, now);
}

/** Back to the waiting screen (the code and the address): whatever was open closes. */
export function showWaitingScreen(db: Db, actor: Actor, sessionId: string, now = new Date()) {
	return control(db, actor, sessionId, 'waiting', async ({ tx, session }) => {
		if (!session.currentActivityId) return null;
		await closeOthers(tx, sessionId, null, now);
		await tx.update(workshopSessions).set({ currentActivityId: null, updatedAt: now }).where(eq(workshopSessions.id, sessionId));
		return { activityId: session.currentActivityId };
	}, now);
}

/**
 * Takes a word off the cloud: every person's entry of that word in the activity is hidden. Also
 * after the session has closed, so a word can come out of its results and the CSV.
 */
export function hideWord(db: Db, actor: Actor, sessionId: string, activityId: string, word: string, now = new Date()) {
	if (typeof word === 'string' && word.includes('\u0000')) return Promise.reject(new InputError(NUL_MESSAGE, 'word'));
	if (typeof word !== 'string' || !word.trim() || word.length > 200 || LONE_SURROGATE.test(word)) return Promise.reject(new InputError(CONTROL_MESSAGES.badWord, 'word'));
	return control(db, actor, sessionId, 'word_hidden', async ({ tx }) => {
		const activity = await activityOf(tx, sessionId, activityId);
		if (activity.type !== 'word_cloud') throw new InputError(CONTROL_MESSAGES.noWord, 'word');
		const hidden = await tx
			.update(liveEntries)
			.set({ status: 'hidden', moderatedBy: actor.id, moderatedAt: now })
			.where(and(eq(liveEntries.activityId, activity.id), eq(liveEntries.status, 'shown'), eq(liveEntries.normalised, word)))
			.returning({ id: liveEntries.id });
		if (!hidden.length) throw new InputError(CONTROL_MESSAGES.noWord, 'word');
		return { activityId: activity.id, detail: { entries: hidden.length } };
	}, now, true);
}
