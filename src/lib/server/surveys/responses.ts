// Taking one response: every rule checked in order, then one row stored whole (or nothing).
// This is the hot path of the submissions benchmark, so it reads the survey and its questions in
// a single query, and anonymous submissions add only the rate-limit upsert before the insert.
import { createHash } from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { ageOn } from '../auth/policy';
import { users, type Role } from '../auth/schema';
import { config } from '../config';
import type { Db } from '../db/client';
import { checkAnswers, type AnswerErrors, type RespondentType, type SurveyAudience, type SurveyQuestion } from '../../surveys/definition';
import { ageBandFor, ageBandFromAnswer, respondentTypeFromAnswers } from '../../surveys/equality';
import { surveyQuestions, surveyResponses, surveys, surveySubmissionWindows, type Survey } from './schema';
import { storeResponse } from './store';
import { answerableQuestions, availability, normaliseSurveyCode, toQuestion } from './surveys';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export interface LoadedSurvey {
	survey: Survey;
	/** Everything a person answers, equality block included. */
	questions: SurveyQuestion[];
}

/** A survey by its share code with its questions, in one round trip; null for an unknown code. */
export async function loadSurveyByCode(db: Db, code: string): Promise<LoadedSurvey | null> {
	const normalised = normaliseSurveyCode(code);
	if (!normalised) return null;
	const rows = await db
		.select({ survey: surveys, question: surveyQuestions })
		.from(surveys)
		.leftJoin(surveyQuestions, eq(surveyQuestions.surveyId, surveys.id))
		.where(eq(surveys.code, normalised))
		.orderBy(asc(surveyQuestions.page), asc(surveyQuestions.position));
	if (!rows.length) return null;
	const survey = rows[0].survey;
	const own = rows.flatMap((r) => (r.question ? [toQuestion(r.question)] : []));
	return { survey, questions: answerableQuestions(survey, own) };
}

/** Which participant role a person answers a signed-in survey as, or null when it isn't for them. */
export function participantRoleFor(audience: SurveyAudience, roles: readonly Role[]): 'young_person' | 'parent_carer' | null {
	const young = roles.includes('young_person');
	const parent = roles.includes('parent_carer');
	if (audience === 'young_people') return young ? 'young_person' : null;
	if (audience === 'parents') return parent ? 'parent_carer' : null;
	return young ? 'young_person' : parent ? 'parent_carer' : null;
}

/** What an anonymous response keeps to limit repeats: never the token itself. */
export function deviceHash(surveyId: string, deviceToken: string): string {
	return createHash('sha256').update(`${surveyId}:${deviceToken}`).digest('hex');
}

/** Whether this person (signed-in survey) or this device (anonymous survey) has answered already. */
export async function hasAnswered(db: Db, survey: Pick<Survey, 'id' | 'anonymous'>, who: string | null): Promise<boolean> {
	if (!who) return false;
	const match = survey.anonymous ? eq(surveyResponses.deviceHash, deviceHash(survey.id, who)) : eq(surveyResponses.userId, who);
	const [row] = await db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, survey.id), match))
		.limit(1);
	return !!row;
}

export type SubmitOutcome =
	| { outcome: 'stored'; responseId: string; survey: Survey }
	| { outcome: 'already_received' | 'already_answered'; survey: Survey }
	| { outcome: 'not_found' | 'closed' | 'not_yet_open' | 'sign_in' | 'not_for_you' | 'no_device' | 'bad_key'; message: string }
	| { outcome: 'rate_limited'; message: string; retryAfter: number }
	| { outcome: 'invalid'; message: string; errors: AnswerErrors; survey: Survey; questions: SurveyQuestion[] };

export const SUBMIT_MESSAGES = {
	not_found: 'We couldn’t find that survey. Please check the code.',
	closed: 'This survey has closed, so it isn’t taking answers any more.',
	not_yet_open: 'This survey isn’t open yet. Please come back when it opens.',
	sign_in: 'Please sign in to answer this survey.',
	not_for_you: 'This survey is for other people, so we can’t take your answers.',
	no_device: 'Please open the survey again on this phone, then send your answers.',
	bad_key: 'We couldn’t match up those answers. Please open the survey again and send them.',
	rate_limited: 'A lot of answers have come from this connection. Please wait a few minutes and try again.',
	invalid: 'Some answers need changing before they can be sent.',
	already_received: 'We already have these answers. Thank you!',
	already_answered: 'You’ve already answered this survey. Thank you!'
} as const;

export interface Submission {
	/** The loaded survey (saves a query when the caller has it), or its share code. */
	survey: LoadedSurvey | { code: string };
	actor: { id: string; roles: readonly Role[] } | null;
	deviceToken: string | null;
	address: string;
	idempotencyKey: unknown;
	rawAnswers: unknown;
	now?: Date;
}

const refuse = <K extends 'not_found' | 'closed' | 'not_yet_open' | 'sign_in' | 'not_for_you' | 'no_device' | 'bad_key'>(outcome: K) => ({ outcome, message: SUBMIT_MESSAGES[outcome] });

// Postgres refuses a lone surrogate in jsonb, and no keyboard types one.
const LONE_SURROGATE = /\p{Cs}/u;
function hasLoneSurrogate(value: unknown): boolean {
	if (typeof value === 'string') return LONE_SURROGATE.test(value);
	return Array.isArray(value) && value.some((v) => typeof v === 'string' && LONE_SURROGATE.test(v));
}

export async function submitResponse(db: Db, submission: Submission): Promise<SubmitOutcome> {
	const now = submission.now ?? new Date();
	const loaded = 'code' in submission.survey ? await loadSurveyByCode(db, submission.survey.code) : submission.survey;
	if (!loaded || loaded.survey.status === 'draft') return refuse('not_found');
	const { survey, questions } = loaded;
	const open = availability(survey, now);
	if (open === 'closed' || open === 'not_yet_open' || open === 'draft') return refuse(open === 'draft' ? 'not_found' : open);

	let role: 'young_person' | 'parent_carer' | null = null;
	if (!survey.anonymous) {
		if (!submission.actor) return refuse('sign_in');
		role = participantRoleFor(survey.audience, submission.actor.roles);
		if (!role) return refuse('not_for_you');
	} else {
		if (!submission.deviceToken) return refuse('no_device');
		const retryAfter = await countSubmission(db, survey.id, submission.address, now);
		if (retryAfter > 0) return { outcome: 'rate_limited', message: SUBMIT_MESSAGES.rate_limited, retryAfter };
	}
	const key = submission.idempotencyKey;
	if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) return refuse('bad_key');

	const { answers, errors } = checkAnswers(questions, submission.rawAnswers);
	for (const [id, value] of Object.entries(answers)) {
		if (hasLoneSurrogate(value)) errors[id] = 'That has a character in it we can’t accept. Please type it again.';
	}
	if (Object.keys(errors).length) return { outcome: 'invalid', message: errors.form ?? SUBMIT_MESSAGES.invalid, errors, survey, questions };

	let respondentType: RespondentType;
	let ageBand: string | null = ageBandFromAnswer(answers['eq-age']);
	if (role && submission.actor) {
		respondentType = role;
		if (!ageBand) {
			const [person] = await db.select({ birthMonth: users.birthMonth }).from(users).where(eq(users.id, submission.actor.id));
			ageBand = person?.birthMonth ? ageBandFor(ageOn(person.birthMonth, now)) : null;
		}
	} else {
		respondentType = respondentTypeFromAnswers(survey.audience, answers['eq-answering-as']);
	}
	const stored = await storeResponse(db, {
		surveyId: survey.id,
		userId: survey.anonymous ? null : submission.actor!.id,
		deviceHash: survey.anonymous ? deviceHash(survey.id, submission.deviceToken!) : null,
		idempotencyKey: key,
		respondentType,
		ageBand: ageBand ?? 'unknown',
		answers,
		submittedAt: now
	});
	return { ...stored, survey };
}

/**
 * Counts one anonymous submission for this survey and address in a fixed window (one upsert) and
 * returns the seconds to wait when over the limit, else 0. Only a hash of the address is kept.
 */
async function countSubmission(db: Db, surveyId: string, address: string, now: Date): Promise<number> {
	const limit = config.surveyAddressLimit;
	if (limit === 0) return 0;
	const windowSeconds = config.surveyAddressWindowSeconds;
	const key = createHash('sha256').update(`${surveyId}:${address}`).digest('hex');
	const w = surveySubmissionWindows;
	// Raw SQL fragments get ISO strings: postgres.js does not serialise Date parameters there.
	const expired = sql`${w.windowStartedAt} < ${new Date(now.getTime() - windowSeconds * 1000).toISOString()}::timestamptz`;
	const [row] = await db
		.insert(w)
		.values({ key, windowStartedAt: now, count: 1 })
		.onConflictDoUpdate({
			target: w.key,
			set: {
				count: sql`case when ${expired} then 1 else ${w.count} + 1 end`,
				windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${w.windowStartedAt} end`
			}
		})
		.returning({ count: w.count, windowStartedAt: w.windowStartedAt });
	// Now and then, forget windows long over: the hashed addresses are kept no longer than needed.
	if (Math.random() < 0.002) await db.delete(w).where(lt(w.windowStartedAt, new Date(now.getTime() - Math.max(windowSeconds, 86_400) * 1000)));
	if (row.count <= limit) return 0;
	return Math.max(1, Math.ceil((row.windowStartedAt.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
}
