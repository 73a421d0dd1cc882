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

export type CheckedStoreOutcome =
	| StoreOutcome
	| { outcome: 'changed' | 'closed' | 'not_yet_open' }
	| { outcome: 'rate_limited'; windowStartedAt: Date };

/** An anonymous submission counted against its address's window in the same statement. */
export interface AddressLimit {
	key: string;
	windowStartedAt: Date;
	max: number;
}

type Row = Record<string, unknown>;
/** Rows from db.execute on either driver (postgres.js gives an array, PGlite an object with rows). */
function rowsOf(result: unknown): Row[] {
	return Array.isArray(result) ? (result as Row[]) : ((result as { rows?: Row[] }).rows ?? []);
}

/**
 * Stores a response only while the survey is still the version its answers were checked against
 * and still open, and (anonymous) while its address is within the limit, in ONE statement, so a
 * submission costs one round trip and one commit:
 * - the address's window count goes up in a data-modifying WITH, whatever happens next;
 * - the survey row is read FOR KEY SHARE (the lock the foreign key takes anyway), so a builder's
 *   edit (FOR UPDATE) either finishes first, and this stores nothing, or waits for this insert.
 * Only when nothing was stored does a second query find out why.
 */
export async function storeCheckedResponse(
	db: Db,
	response: ResponseToStore,
	against: { version: number; now: Date; limit?: AddressLimit }
): Promise<CheckedStoreOutcome> {
	const id = newId();
	const r = response;
	const at = against.now.toISOString();
	const submittedAt = (r.submittedAt ?? against.now).toISOString();
	const limit = against.limit;
	const counted = limit
		? sql`with counted as (
				insert into survey_submission_windows as w (key, window_started_at, count)
				values (${limit.key}, ${limit.windowStartedAt.toISOString()}::timestamptz, 1)
				on conflict (key) do update set
					count = case when w.window_started_at = excluded.window_started_at then w.count + 1 else 1 end,
					window_started_at = excluded.window_started_at
				returning count
			) `
		: sql``;
	const withinLimit = limit ? sql` and (select count from counted) <= ${limit.max}` : sql``;
	const rows = rowsOf(
		await db.execute(sql`${counted}insert into survey_responses
				(id, survey_id, user_id, device_hash, idempotency_key, respondent_type, age_band, answers, submitted_at, tallied)
			select ${id}::text, s.id, ${r.userId}::text, ${r.deviceHash}::text, ${r.idempotencyKey}::text, ${r.respondentType}::text, ${r.ageBand}::text,
				${JSON.stringify(r.answers)}::jsonb, ${submittedAt}::timestamptz, false
			from surveys s
			where s.id = ${r.surveyId} and s.version = ${against.version} and s.status = 'open'
				and (s.opens_at is null or s.opens_at <= ${at}::timestamptz)
				and (s.closes_at is null or s.closes_at > ${at}::timestamptz)${withinLimit}
			for key share of s
			on conflict do nothing
			returning id`)
	);
	if (rows.length) return { outcome: 'stored', responseId: id };
	const [now] = await db
		.select({
			survey: { status: surveys.status, opensAt: surveys.opensAt, closesAt: surveys.closesAt, version: surveys.version },
			same: sql<boolean>`exists (select 1 from survey_responses r where r.survey_id = ${r.surveyId} and r.idempotency_key = ${r.idempotencyKey})`,
			sent: limit
				? sql<number>`(select w.count from survey_submission_windows w where w.key = ${limit.key} and w.window_started_at = ${limit.windowStartedAt.toISOString()}::timestamptz)`
				: sql<number>`0`
		})
		.from(surveys)
		.where(eq(surveys.id, r.surveyId));
	if (!now) return { outcome: 'closed' };
	if (now.same) return { outcome: 'already_received' };
	if (limit && Number(now.sent ?? 0) > limit.max) return { outcome: 'rate_limited', windowStartedAt: limit.windowStartedAt };
	const s = now.survey;
	if (s.status !== 'open' || (s.closesAt && s.closesAt <= against.now)) return { outcome: 'closed' };
	if (s.opensAt && s.opensAt > against.now) return { outcome: 'not_yet_open' };
	if (s.version !== against.version) return { outcome: 'changed' };
	return { outcome: 'already_answered' };
}
