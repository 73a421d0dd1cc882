// The closing record: what happened (a summary or minutes), what came out of it, the final count
// of walk-ins, with who signed up and came and each activity's number of answers. Closing closes
// every open activity, marks the session closed and credits the session's hours to everyone who
// came, once (see creditHours). The record can be corrected afterwards; hours are never credited twice.
import { and, asc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, optionalWords, validate, words } from '../forms';
import { creditHours, WALK_INS_MESSAGE } from './attendance';
import { lockSession, sessionInOrganisation, type Actor } from './lookup';
import { whole } from './session-input';
import { liveActivities, sessionRegistrations, workshopSessions } from './schema';

export const closingSchema = v.object({
	summary: words('a summary or the minutes', 20000),
	outputs: optionalWords('the outputs', 10000),
	walkIns: whole(WALK_INS_MESSAGE, 0, 10000)
});
export type ClosingInput = v.InferInput<typeof closingSchema>;
export const CLOSING_FIELDS = ['summary', 'outputs', 'walkIns'] as const;

export interface ClosingOutcome {
	/** True when this call closed the session; false when it only corrected the record. */
	closed: boolean;
	/** Hours credited by this call (people who came and had none yet). */
	credited: number;
}

export async function attendanceCounts(db: Db, sessionId: string) {
	const [row] = await db
		.select({
			registered: sql<number>`count(*)::int`,
			attended: sql<number>`count(${sessionRegistrations.attendedAt})::int`
		})
		.from(sessionRegistrations)
		.where(eq(sessionRegistrations.sessionId, sessionId));
	return { registered: Number(row.registered), attended: Number(row.attended) };
}

/** Each activity in order, with its state and how many people answered. */
export function activityAnswers(db: Db, sessionId: string) {
	return db
		.select({
			id: liveActivities.id,
			position: liveActivities.position,
			type: liveActivities.type,
			prompt: liveActivities.prompt,
			state: liveActivities.state,
			answers: sql<number>`(select count(*)::int from live_responses r where r.activity_id = ${liveActivities}.id)`.mapWith(Number)
		})
		.from(liveActivities)
		.where(eq(liveActivities.sessionId, sessionId))
		.orderBy(asc(liveActivities.position), asc(liveActivities.id));
}

/** Closes the session with its record, or corrects the record of a closed one. */
export async function closeSession(db: Db, actor: Actor, sessionId: string, input: ClosingInput, now = new Date()): Promise<ClosingOutcome> {
	const data = validate(closingSchema, input);
	return db.transaction(async (tx) => {
		const session = await lockSession(tx, actor.organisationId, sessionId);
		if (session.status === 'cancelled') throw new InputError('This session was cancelled, so it has no closing record. Put it back in the plan first if it went ahead.');
		const record = { summary: data.summary, outputs: data.outputs, walkIns: data.walkIns, updatedAt: now };
		if (session.status === 'closed') {
			await tx.update(workshopSessions).set(record).where(eq(workshopSessions.id, sessionId));
			await recordAudit(tx, {
				organisationId: actor.organisationId,
				actorId: actor.id,
				action: 'workshop_session.record_updated',
				targetType: 'workshop_session',
				targetId: sessionId,
				detail: { walkIns: data.walkIns }
			});
			return { closed: false, credited: 0 };
		}
		const closedActivities = await tx
			.update(liveActivities)
			.set({ state: 'closed', closedAt: now, updatedAt: now })
			.where(and(eq(liveActivities.sessionId, sessionId), eq(liveActivities.state, 'open')))
			.returning({ id: liveActivities.id });
		await tx.update(workshopSessions).set({ ...record, status: 'closed', closedAt: now, closedBy: actor.id }).where(eq(workshopSessions.id, sessionId));
		const credited = await creditHours(tx, actor, session, now);
		const counts = await attendanceCounts(tx, sessionId);
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'workshop_session.closed',
			targetType: 'workshop_session',
			targetId: sessionId,
			detail: { from: session.status, registered: counts.registered, attended: counts.attended, walkIns: data.walkIns, credited, activitiesClosed: closedActivities.length }
		});
		return { closed: true, credited };
	});
}

/** What the closing page shows. */
export async function closingPage(db: Db, organisationId: string, sessionId: string) {
	const { session, projectTitle } = await sessionInOrganisation(db, organisationId, sessionId);
	const [counts, activities] = await Promise.all([attendanceCounts(db, sessionId), activityAnswers(db, sessionId)]);
	return {
		session: {
			id: session.id,
			title: session.title,
			kind: session.kind,
			status: session.status,
			startsAt: session.startsAt,
			endsAt: session.endsAt,
			summary: session.summary,
			outputs: session.outputs,
			walkIns: session.walkIns,
			hoursCredited: session.hoursCredited,
			closedAt: session.closedAt
		},
		projectTitle,
		counts: { ...counts, walkIns: session.walkIns, attendedTotal: counts.attended + session.walkIns },
		activities
	};
}
