// Keeping the screen clean: the champion approves ideas before they reach the screen, and can hide
// any idea or word-cloud word (and bring it back). Staff only, and only an entry of the session
// they are running (named in the address), in their organisation; each decision is audited (ids
// only) and tells the screens to look again.
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { announce } from '../realtime';
import { ID, sessionInOrganisation, type Actor } from '../workshops/lookup';
import { liveActivities, liveEntries, liveParticipants, liveResponses, workshopSessions, type LiveEntryStatus } from '../workshops/schema';

export const NO_ENTRY = 'That idea or word isn’t part of this session.';

type Decision = 'approve' | 'hide' | 'restore';

/** What each decision may start from, and where it leads (restoring puts back what the kind shows). */
function nextStatus(decision: Decision, type: string, from: LiveEntryStatus): LiveEntryStatus | null {
	const ideas = type === 'ideas';
	switch (decision) {
		case 'approve':
			return ideas && from !== 'approved' ? 'approved' : null;
		case 'hide':
			return from !== 'hidden' ? 'hidden' : null;
		case 'restore':
			return from === 'hidden' ? (ideas ? 'approved' : 'shown') : null;
	}
}

async function decide(db: Db, actor: Actor, sessionId: string, entryId: string, decision: Decision, now: Date): Promise<void> {
	if (!ID.test(entryId) || !ID.test(sessionId)) throw new InputError(NO_ENTRY);
	const changed = await db.transaction(async (tx) => {
		const [row] = await tx
			.select({ entry: liveEntries, type: liveActivities.type, sessionId: workshopSessions.id })
			.from(liveEntries)
			.innerJoin(liveActivities, eq(liveActivities.id, liveEntries.activityId))
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
			.where(and(eq(liveEntries.id, entryId), eq(workshopSessions.id, sessionId), eq(workshopSessions.organisationId, actor.organisationId)))
			.for('update', { of: liveEntries });
		if (!row) throw new InputError(NO_ENTRY);
		if (decision === 'approve' && row.type !== 'ideas') throw new InputError('Only ideas wait for approval: words go straight to the cloud.');
		const status = nextStatus(decision, row.type, row.entry.status);
		// Already so (someone else got there first, or a second click): nothing to do.
		if (!status) return false;
		await tx.update(liveEntries).set({ status, moderatedBy: actor.id, moderatedAt: now }).where(eq(liveEntries.id, entryId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: `live_entry.${decision === 'approve' ? 'approved' : decision === 'hide' ? 'hidden' : 'restored'}`,
			targetType: 'workshop_session',
			targetId: row.sessionId,
			detail: { activityId: row.entry.activityId, entryId, from: row.entry.status, to: status }
		});
		return true;
	});
	if (changed) await announce({ sessionId, what: 'moderation' });
}

/** An idea of this session goes on the screen. */
export const approveEntry = (db: Db, actor: Actor, sessionId: string, entryId: string, now = new Date()) => decide(db, actor, sessionId, entryId, 'approve', now);
/** An idea or word of this session comes off the screen (kept, and can be restored). */
export const hideEntry = (db: Db, actor: Actor, sessionId: string, entryId: string, now = new Date()) => decide(db, actor, sessionId, entryId, 'hide', now);
/** A hidden idea or word of this session goes back on the screen. */
export const restoreEntry = (db: Db, actor: Actor, sessionId: string, entryId: string, now = new Date()) => decide(db, actor, sessionId, entryId, 'restore', now);

export interface EntryForReview {
	id: string;
	text: string;
	status: LiveEntryStatus;
	createdAt: Date;
	/** Only when the session shows names. */
	nickname?: string;
}

/** Entries of one activity of the organisation's session in a given status, oldest first (at most 200). */
async function entriesIn(db: Db, organisationId: string, sessionId: string, activityId: string, status: LiveEntryStatus): Promise<EntryForReview[]> {
	const { session } = await sessionInOrganisation(db, organisationId, sessionId);
	const [activity] = ID.test(activityId)
		? await db
				.select({ id: liveActivities.id })
				.from(liveActivities)
				.where(and(eq(liveActivities.id, activityId), eq(liveActivities.sessionId, sessionId)))
		: [];
	if (!activity) throw new InputError('That activity isn’t part of this session.');
	const rows = await db
		.select({ id: liveEntries.id, text: liveEntries.text, status: liveEntries.status, createdAt: liveEntries.createdAt, nickname: liveParticipants.nickname })
		.from(liveEntries)
		.innerJoin(liveResponses, eq(liveResponses.id, liveEntries.responseId))
		.innerJoin(liveParticipants, eq(liveParticipants.id, liveResponses.participantId))
		.where(and(eq(liveEntries.activityId, activityId), eq(liveEntries.status, status)))
		.orderBy(asc(liveEntries.createdAt), asc(liveEntries.id))
		.limit(200);
	return rows.map(({ nickname, ...r }) => (session.showNicknames && nickname ? { ...r, nickname } : r));
}

/** Ideas waiting for approval in one activity, oldest first. */
export function pendingEntries(db: Db, actor: Actor, sessionId: string, activityId: string): Promise<EntryForReview[]> {
	return entriesIn(db, actor.organisationId, sessionId, activityId, 'pending');
}

/** Ideas and words taken off the screen in one activity, oldest first (to restore one). */
export function hiddenEntries(db: Db, actor: Actor, sessionId: string, activityId: string): Promise<EntryForReview[]> {
	return entriesIn(db, actor.organisationId, sessionId, activityId, 'hidden');
}
