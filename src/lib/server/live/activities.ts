// Authoring a session's live activities: adding, changing, moving and removing them. Every change
// takes the session's row lock first (as registrations and closing do), then the activity's, so an
// answer arriving at the same moment either lands before the change (and the change sees it) or
// after (and is checked against the new activity). Once an activity has answers its kind, options
// and limits stay as they were; the wording of the question can still be fixed.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { announce } from '../realtime';
import { lockSession, sessionInOrganisation } from '../workshops/lookup';
import { liveActivities, liveOptions, liveResponses, type LiveActivity, type LiveOption, type WorkshopSession } from '../workshops/schema';
import { ACTIVITY_TYPE_LABELS } from '../../live/kinds';
import type { LiveActivityView } from '../../live/types';
import { ACTIVITY_LIMITS, OPTION_TYPES, lockedChange, shapeActivity, type ActivityInput, type ActivityShape } from './activity-input';

export type Actor = { id: string; organisationId: string };

export const NO_ACTIVITY = 'That activity isn’t part of this session.';
const ENDED = 'This session has ended, so its activities can’t be changed.';
const ID = /^[a-z2-7]{16}$/;

/** The phone's view of an activity (the shape the live snapshot carries). */
export function toActivityView(activity: LiveActivity, options: Pick<LiveOption, 'id' | 'label'>[], number: number, of: number): LiveActivityView {
	return {
		id: activity.id,
		type: activity.type,
		prompt: activity.prompt,
		options: OPTION_TYPES.includes(activity.type) ? options.map((o) => ({ id: o.id, label: o.label })) : [],
		multiple: activity.multiple,
		scaleMin: activity.scaleMin,
		scaleMax: activity.scaleMax,
		minLabel: activity.minLabel,
		maxLabel: activity.maxLabel,
		dots: activity.dots,
		maxEntries: activity.maxEntries,
		allowChange: activity.allowChange,
		state: activity.state,
		revealed: activity.revealed,
		number,
		of
	};
}

/** Options of some activities, in order, grouped by activity. */
export async function optionsOf(db: Db, activityIds: string[]): Promise<Map<string, LiveOption[]>> {
	const byActivity = new Map<string, LiveOption[]>(activityIds.map((id) => [id, []]));
	if (!activityIds.length) return byActivity;
	const rows = await db.select().from(liveOptions).where(inArray(liveOptions.activityId, activityIds)).orderBy(asc(liveOptions.position), asc(liveOptions.id));
	for (const o of rows) byActivity.get(o.activityId)?.push(o);
	return byActivity;
}

async function responseCounts(db: Db, activityIds: string[]): Promise<Map<string, number>> {
	if (!activityIds.length) return new Map();
	const rows = await db
		.select({ activityId: liveResponses.activityId, n: count() })
		.from(liveResponses)
		.where(inArray(liveResponses.activityId, activityIds))
		.groupBy(liveResponses.activityId);
	return new Map(rows.map((r) => [r.activityId, Number(r.n)]));
}

const sessionSummary = (s: WorkshopSession, projectTitle: string) => ({
	id: s.id,
	title: s.title,
	status: s.status,
	code: s.code,
	projectId: s.projectId,
	projectTitle,
	currentActivityId: s.currentActivityId
});

/** A session of the organisation with its activities in order, their options and how many answered each. */
export async function activityList(db: Db, organisationId: string, sessionId: string) {
	const { session, projectTitle } = await sessionInOrganisation(db, organisationId, sessionId);
	const rows = await db.select().from(liveActivities).where(eq(liveActivities.sessionId, sessionId)).orderBy(asc(liveActivities.position), asc(liveActivities.id));
	const ids = rows.map((r) => r.id);
	const [options, responses] = await Promise.all([optionsOf(db, ids), responseCounts(db, ids)]);
	return {
		session: sessionSummary(session, projectTitle),
		editable: session.status === 'planned' || session.status === 'live',
		activities: rows.map((a, i) => ({
			...a,
			number: i + 1,
			typeLabel: ACTIVITY_TYPE_LABELS[a.type],
			options: options.get(a.id) ?? [],
			responses: responses.get(a.id) ?? 0,
			current: session.currentActivityId === a.id
		}))
	};
}

/** One activity of a session of the organisation, with its options and answer count (InputError when not there). */
export async function activityInSession(db: Db, organisationId: string, sessionId: string, activityId: string) {
	const { session, projectTitle } = await sessionInOrganisation(db, organisationId, sessionId);
	const [activity] = ID.test(activityId) ? await db.select().from(liveActivities).where(and(eq(liveActivities.id, activityId), eq(liveActivities.sessionId, sessionId))) : [];
	if (!activity) throw new InputError(NO_ACTIVITY);
	const [options, responses] = await Promise.all([optionsOf(db, [activityId]), responseCounts(db, [activityId])]);
	return {
		session: sessionSummary(session, projectTitle),
		editable: session.status === 'planned' || session.status === 'live',
		activity,
		options: options.get(activityId) ?? [],
		responses: responses.get(activityId) ?? 0
	};
}

interface Editing {
	tx: Db;
	session: WorkshopSession;
}

/**
 * Runs one change under the session's lock, refusing sessions that have ended, audits it, and
 * tells the phones and screen to look again when the session is live.
 */
async function change<T>(db: Db, actor: Actor, sessionId: string, action: string, work: (e: Editing) => Promise<{ result: T; activityId: string; detail?: Record<string, string | number | boolean> }>): Promise<T> {
	const { result, live } = await db.transaction(async (tx) => {
		const session = await lockSession(tx, actor.organisationId, sessionId);
		if (session.status !== 'planned' && session.status !== 'live') throw new InputError(ENDED);
		const done = await work({ tx, session });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action,
			targetType: 'workshop_session',
			targetId: sessionId,
			detail: { activityId: done.activityId, ...done.detail }
		});
		return { result: done.result, live: session.status === 'live' };
	});
	if (live) await announce({ sessionId, what: 'control' });
	return result;
}

/** The activity row, locked for this transaction (answers to it wait, or are waited for). */
async function lockActivity(tx: Db, sessionId: string, activityId: string): Promise<LiveActivity> {
	const [row] = ID.test(activityId)
		? await tx
				.select()
				.from(liveActivities)
				.where(and(eq(liveActivities.id, activityId), eq(liveActivities.sessionId, sessionId)))
				.for('update')
		: [];
	if (!row) throw new InputError(NO_ACTIVITY);
	return row;
}

async function hasAnswers(tx: Db, activityId: string): Promise<boolean> {
	const [row] = await tx.select({ id: liveResponses.id }).from(liveResponses).where(eq(liveResponses.activityId, activityId)).limit(1);
	return !!row;
}

const columns = (shape: ActivityShape) => ({
	type: shape.type,
	prompt: shape.prompt,
	multiple: shape.multiple,
	scaleMin: shape.scaleMin,
	scaleMax: shape.scaleMax,
	minLabel: shape.minLabel,
	maxLabel: shape.maxLabel,
	dots: shape.dots,
	maxEntries: shape.maxEntries,
	allowChange: shape.allowChange,
	hideUntilRevealed: shape.hideUntilRevealed
});

/** Activities 1, 2, 3... in their current order. */
async function renumber(tx: Db, sessionId: string) {
	const rows = await tx.select({ id: liveActivities.id, position: liveActivities.position }).from(liveActivities).where(eq(liveActivities.sessionId, sessionId)).orderBy(asc(liveActivities.position), asc(liveActivities.id));
	for (const [i, r] of rows.entries()) if (r.position !== i + 1) await tx.update(liveActivities).set({ position: i + 1 }).where(eq(liveActivities.id, r.id));
}

export async function addActivity(db: Db, actor: Actor, sessionId: string, input: ActivityInput, now = new Date()): Promise<string> {
	const shape = shapeActivity(input);
	return change(db, actor, sessionId, 'live_activity.added', async ({ tx }) => {
		const [{ n, last }] = await tx
			.select({ n: count(), last: sql<number>`coalesce(max(${liveActivities.position}), 0)`.mapWith(Number) })
			.from(liveActivities)
			.where(eq(liveActivities.sessionId, sessionId));
		if (Number(n) >= ACTIVITY_LIMITS.activities) throw new InputError(`A session can have at most ${ACTIVITY_LIMITS.activities} activities.`);
		const id = newId();
		await tx.insert(liveActivities).values({ id, sessionId, position: last + 1, ...columns(shape), createdAt: now, updatedAt: now });
		if (shape.labels.length) await tx.insert(liveOptions).values(shape.labels.map((label, i) => ({ id: newId(), activityId: id, position: i + 1, label })));
		return { result: id, activityId: id, detail: { type: shape.type } };
	});
}

export async function updateActivity(db: Db, actor: Actor, sessionId: string, activityId: string, input: ActivityInput, now = new Date()): Promise<void> {
	const shape = shapeActivity(input);
	await change(db, actor, sessionId, 'live_activity.updated', async ({ tx }) => {
		const old = await lockActivity(tx, sessionId, activityId);
		const oldOptions = (await optionsOf(tx, [activityId])).get(activityId) ?? [];
		if (await hasAnswers(tx, activityId)) {
			const locked = lockedChange(
				old,
				oldOptions.map((o) => o.label),
				shape
			);
			if (locked) throw new InputError(locked.message, locked.field);
			await tx.update(liveActivities).set({ prompt: shape.prompt, minLabel: shape.minLabel, maxLabel: shape.maxLabel, allowChange: shape.allowChange, hideUntilRevealed: shape.hideUntilRevealed, updatedAt: now }).where(eq(liveActivities.id, activityId));
			return { result: undefined, activityId, detail: { type: old.type, answered: true } };
		}
		await tx.update(liveActivities).set({ ...columns(shape), updatedAt: now }).where(eq(liveActivities.id, activityId));
		// No answers point at the options yet: a label still there keeps its id, the rest are replaced.
		const byLabel = new Map(oldOptions.map((o) => [o.label.toLowerCase(), o]));
		const kept = new Set<string>();
		for (const [i, label] of shape.labels.entries()) {
			const existing = byLabel.get(label.toLowerCase());
			if (existing) {
				kept.add(existing.id);
				if (existing.position !== i + 1 || existing.label !== label) await tx.update(liveOptions).set({ position: i + 1, label }).where(eq(liveOptions.id, existing.id));
			} else await tx.insert(liveOptions).values({ id: newId(), activityId, position: i + 1, label });
		}
		const gone = oldOptions.filter((o) => !kept.has(o.id)).map((o) => o.id);
		if (gone.length) await tx.delete(liveOptions).where(inArray(liveOptions.id, gone));
		return { result: undefined, activityId, detail: { type: shape.type, answered: false } };
	});
}

export async function moveActivity(db: Db, actor: Actor, sessionId: string, activityId: string, direction: 'up' | 'down', now = new Date()): Promise<void> {
	if (direction !== 'up' && direction !== 'down') throw new InputError('Choose to move it up or down.');
	await change(db, actor, sessionId, 'live_activity.moved', async ({ tx }) => {
		await lockActivity(tx, sessionId, activityId);
		await renumber(tx, sessionId);
		const rows = await tx.select({ id: liveActivities.id }).from(liveActivities).where(eq(liveActivities.sessionId, sessionId)).orderBy(asc(liveActivities.position));
		const i = rows.findIndex((r) => r.id === activityId);
		const j = direction === 'up' ? i - 1 : i + 1;
		if (j < 0 || j >= rows.length) throw new InputError(direction === 'up' ? 'That activity is already first.' : 'That activity is already last.');
		await tx.update(liveActivities).set({ position: j + 1, updatedAt: now }).where(eq(liveActivities.id, rows[i].id));
		await tx.update(liveActivities).set({ position: i + 1, updatedAt: now }).where(eq(liveActivities.id, rows[j].id));
		return { result: undefined, activityId, detail: { direction } };
	});
}

/** Removes an activity nobody has answered (answers are evidence and are kept). */
export async function removeActivity(db: Db, actor: Actor, sessionId: string, activityId: string): Promise<void> {
	await change(db, actor, sessionId, 'live_activity.removed', async ({ tx }) => {
		const activity = await lockActivity(tx, sessionId, activityId);
		if (await hasAnswers(tx, activityId)) throw new InputError('People have already answered this activity, so it can’t be removed: their answers are kept for the session’s record.');
		// A session on this activity moves on to nothing ("waiting for the next activity"): the foreign key sets it to null.
		await tx.delete(liveActivities).where(eq(liveActivities.id, activityId));
		await renumber(tx, sessionId);
		return { result: undefined, activityId, detail: { type: activity.type } };
	});
}
