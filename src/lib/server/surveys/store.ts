// Storing one checked response: a single row, so it is kept whole or not at all. The unique
// indexes decide "one response per person / device" and "this submission was already received",
// even when two copies arrive at the same moment on two processes.
import { and, eq } from 'drizzle-orm';
import type { Answers, RespondentType } from '../../surveys/definition';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { surveyResponses } from './schema';

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
