// What phones, the projector and the control panel see of a live session, built from the
// database as it is now (so a reconnecting screen always gets the current state). The hub reads
// the state once per tick and derives each audience's snapshot from it, so a thousand phones cost
// one read, not a thousand.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { liveActivities, liveEntries, workshopSessions, type WorkshopSession } from '../workshops/schema';
import type { LiveActivityView, LiveAudience, LiveSnapshot, LiveTally } from '../../live/types';
import { toActivityView } from './activities';
import { activityOptions, activityTally } from './tally';

/** Everything any audience may see, before the audience's rules are applied. */
export interface LiveState {
	session: Pick<WorkshopSession, 'id' | 'title' | 'status' | 'showNicknames' | 'organisationId' | 'code'>;
	activity: LiveActivityView | null;
	/** The current activity's screen setting: results wait for "reveal" on the projector too. */
	hideUntilRevealed: boolean;
	tally: LiveTally | null;
	pending: number;
}

let lastAt = 0;
/** Milliseconds since 1970, never the same or lower twice in this process (and so in step across processes on one clock). */
export function nextAt(): number {
	lastAt = Math.max(Date.now(), lastAt + 1);
	return lastAt;
}

/** Ideas waiting for the champion's approval, across the session's activities. */
export async function pendingCount(db: Db, sessionId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(liveEntries)
		.innerJoin(liveActivities, eq(liveActivities.id, liveEntries.activityId))
		.where(and(eq(liveActivities.sessionId, sessionId), eq(liveEntries.status, 'pending')));
	return Number(row?.n ?? 0);
}

/** The session's live state, or null when there is no such session. */
export async function liveState(db: Db, sessionId: string): Promise<LiveState | null> {
	const [row] = await db
		.select({
			session: {
				id: workshopSessions.id,
				title: workshopSessions.title,
				status: workshopSessions.status,
				showNicknames: workshopSessions.showNicknames,
				organisationId: workshopSessions.organisationId,
				code: workshopSessions.code
			},
			activity: liveActivities,
			of: sql<number>`(select count(*) from ${liveActivities} a where a.session_id = ${workshopSessions.id})`.mapWith(Number),
			before: sql<number>`(select count(*) from ${liveActivities} a where a.session_id = ${workshopSessions.id} and (a.position, a.id) < (${liveActivities.position}, ${liveActivities.id}))`.mapWith(Number)
		})
		.from(workshopSessions)
		.leftJoin(liveActivities, and(eq(liveActivities.id, workshopSessions.currentActivityId), eq(liveActivities.sessionId, workshopSessions.id)))
		.where(eq(workshopSessions.id, sessionId));
	if (!row) return null;
	const pending = pendingCount(db, sessionId);
	if (!row.activity) return { session: row.session, activity: null, hideUntilRevealed: false, tally: null, pending: await pending };
	const activity = row.activity;
	const options = activity.type === 'poll' || activity.type === 'priority' ? await activityOptions(db, activity.id) : [];
	const tally = await activityTally(db, activity, { options, showNicknames: row.session.showNicknames });
	return {
		session: row.session,
		activity: toActivityView(activity, options, Number(row.before) + 1, Number(row.of)),
		hideUntilRevealed: activity.hideUntilRevealed,
		tally,
		pending: await pending
	};
}

/** May this audience see the current activity's results now? */
export function showsResults(state: Pick<LiveState, 'activity' | 'hideUntilRevealed'>, audience: LiveAudience): boolean {
	if (!state.activity) return false;
	if (audience === 'control') return true;
	if (audience === 'projector') return !state.hideUntilRevealed || state.activity.revealed;
	return state.activity.revealed;
}

/** One audience's snapshot of a state (no database: the hub calls it per audience per tick). */
export function snapshotFor(state: LiveState, audience: LiveAudience, at = nextAt()): LiveSnapshot {
	return {
		sessionTitle: state.session.title,
		status: state.session.status,
		activity: state.activity,
		tally: showsResults(state, audience) ? state.tally : null,
		answered: audience === 'phone' ? null : (state.tally?.responses ?? 0),
		code: audience === 'phone' ? null : state.session.code,
		pending: audience === 'control' ? state.pending : 0,
		at
	};
}

export class LiveSessionGone extends Error {
	constructor() {
		super('That session does not exist.');
	}
}

/** The snapshot one audience sees now, from the database. */
export async function liveSnapshot(db: Db, sessionId: string, audience: LiveAudience): Promise<LiveSnapshot> {
	const state = await liveState(db, sessionId);
	if (!state) throw new LiveSessionGone();
	return snapshotFor(state, audience);
}

/** The session's activities in order (control panel). */
export async function sessionActivities(db: Db, sessionId: string) {
	return db.select().from(liveActivities).where(eq(liveActivities.sessionId, sessionId)).orderBy(asc(liveActivities.position), asc(liveActivities.id));
}
