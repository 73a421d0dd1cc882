// Storing one checked response: a single row, so it is kept whole or not at all. The unique
// indexes decide "one response per person / device" and "this submission was already received",
// even when two copies arrive at the same moment on two processes.
import { and, eq, sql } from 'drizzle-orm';
import type { Answers, RespondentType } from '../../surveys/definition';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { surveyResponses, surveys } from './schema';

export interface ResponseToStore {
	surveyId: string;
	userId: string | null;
	deviceHash: string | null;
	idempotencyKey: string;
	respondentType: RespondentType;
	ageBand: string;
	answers: Answers;
	submittedAt?: Date;
}

/** stored; already_received (same idempotency key); already_answered (this person or device answered before). */
export type StoreOutcome = { outcome: 'stored'; responseId: string } | { outcome: 'already_received' } | { outcome: 'already_answered' };

export async function storeResponse(db: Db, response: ResponseToStore): Promise<StoreOutcome> {
	const id = newId();
	const rows = await db
		.insert(surveyResponses)
		.values({ id, ...response })
		.onConflictDoNothing()
		.returning({ id: surveyResponses.id });
	if (rows.length) return { outcome: 'stored', responseId: id };
	// Nothing was written; find out which rule refused it, to say so plainly.
	const [same] = await db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, response.surveyId), eq(surveyResponses.idempotencyKey, response.idempotencyKey)));
	return same ? { outcome: 'already_received' } : { outcome: 'already_answered' };
}

export type CheckedStoreOutcome = StoreOutcome | { outcome: 'changed' | 'closed' | 'not_yet_open' };

/**
 * Stores a response only while the survey is still the version its answers were checked against
 * and still open, in one statement: the survey row is read FOR SHARE, so a builder's edit (which
 * takes it FOR UPDATE) either finishes first, and this stores nothing, or waits for this insert.
 * Only when nothing was stored does a second query find out why.
 */
export async function storeCheckedResponse(db: Db, response: ResponseToStore, against: { version: number; now: Date }): Promise<CheckedStoreOutcome> {
	const id = newId();
	const r = response;
	const at = against.now.toISOString();
	const submittedAt = (r.submittedAt ?? against.now).toISOString();
	// The columns in table order (drizzle's insert-select lists every column).
	const rows = await db
		.insert(surveyResponses)
		.select(
			sql`select ${id}::text, ${surveys.id}, ${r.userId}::text, ${r.deviceHash}::text, ${r.idempotencyKey}::text, ${r.respondentType}::text, ${r.ageBand}::text,
				${JSON.stringify(r.answers)}::jsonb, ${submittedAt}::timestamptz, false
			from ${surveys}
			where ${surveys.id} = ${r.surveyId} and ${surveys.version} = ${against.version} and ${surveys.status} = 'open'
				and (${surveys.opensAt} is null or ${surveys.opensAt} <= ${at}::timestamptz)
				and (${surveys.closesAt} is null or ${surveys.closesAt} > ${at}::timestamptz)
			for share`
		)
		.onConflictDoNothing()
		.returning({ id: surveyResponses.id });
	if (rows.length) return { outcome: 'stored', responseId: id };
	const [now] = await db
		.select({
			survey: { status: surveys.status, opensAt: surveys.opensAt, closesAt: surveys.closesAt, version: surveys.version },
			same: sql<boolean>`exists (select 1 from survey_responses r where r.survey_id = ${r.surveyId} and r.idempotency_key = ${r.idempotencyKey})`
		})
		.from(surveys)
		.where(eq(surveys.id, r.surveyId));
	if (!now) return { outcome: 'closed' };
	if (now.same) return { outcome: 'already_received' };
	const s = now.survey;
	if (s.status !== 'open' || (s.closesAt && s.closesAt <= against.now)) return { outcome: 'closed' };
	if (s.opensAt && s.opensAt > against.now) return { outcome: 'not_yet_open' };
	if (s.version !== against.version) return { outcome: 'changed' };
	return { outcome: 'already_answered' };
}
