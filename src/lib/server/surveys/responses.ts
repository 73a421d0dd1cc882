// Taking one response: every rule checked in order, then one row stored whole (or nothing).
// This is the hot path of the submissions benchmark, so it reads the survey, its questions and
// whether this submission was already received in a single query; anonymous submissions add only
// the rate-limit upsert, and the insert itself re-checks the survey (version, open) under a lock.
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ageOn } from '../auth/policy';
import { users, type Role } from '../auth/schema';
import type { Db } from '../db/client';
import { checkAnswers, type AnswerErrors, type RespondentType, type SurveyAudience, type SurveyQuestion } from '../../surveys/definition';
import { ageBandFor, ageBandFromAnswer, respondentTypeFromAnswers } from '../../surveys/equality';
import { surveyQuestions, surveyResponses, surveys, type Survey } from './schema';
import { storeCheckedResponse } from './store';
import { addressLimit, secondsLeft, sweepSubmissionWindows } from './submission-limits';
import { answerableQuestions, availability, normaliseSurveyCode, toQuestion } from './surveys';
import { NUL_MESSAGE } from '../forms';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export interface LoadedSurvey {
	survey: Survey;
	/** Everything a person answers, equality block included. */
	questions: SurveyQuestion[];
	/** Set when loaded for a submission: whether one with this idempotency key is already stored. */
	received?: boolean;
}

/**
 * A survey by its share code with its questions, in one round trip; null for an unknown code.
 * Given an idempotency key, the same query also says whether that submission is already stored.
 */
export async function loadSurveyByCode(db: Db, code: string, idempotencyKey?: string): Promise<LoadedSurvey | null> {
	const normalised = normaliseSurveyCode(code);
	if (!normalised) return null;
	const received = idempotencyKey
		? sql<boolean>`exists (select 1 from survey_responses r where r.survey_id = "surveys"."id" and r.idempotency_key = ${idempotencyKey})`
		: sql<boolean>`false`;
	const rows = await db
		.select({ survey: surveys, question: surveyQuestions, received })
		.from(surveys)
		.leftJoin(surveyQuestions, eq(surveyQuestions.surveyId, surveys.id))
		.where(eq(surveys.code, normalised))
		.orderBy(asc(surveyQuestions.page), asc(surveyQuestions.position));
	if (!rows.length) return null;
	const survey = rows[0].survey;
	const own = rows.flatMap((r) => (r.question ? [toQuestion(r.question)] : []));
	return { survey, questions: answerableQuestions(survey, own), received: idempotencyKey ? !!rows[0].received : undefined };
}

/** Which participant role a person answers a signed-in survey as, or null when it isn't for them. */
export function participantRoleFor(audience: SurveyAudience, roles: readonly Role[]): 'young_person' | 'parent_carer' | null {
	const young = roles.includes('young_person');
	const parent = roles.includes('parent_carer');
	if (audience === 'young_people') return young ? 'young_person' : null;
	if (audience === 'parents') return parent ? 'parent_carer' : null;
	return young ? 'young_person' : parent ? 'parent_carer' : null;
}

/**
 * Which person a submission queued on a phone belongs to, without saying who: a shared phone keeps
 * each person's drafts and unsent answers apart, and the server refuses answers queued by another.
 */
export function answeringScope(survey: Pick<Survey, 'id' | 'anonymous'>, userId: string | null): string {
	if (survey.anonymous || !userId) return 'anon';
	return createHash('sha256').update(`${userId}:${survey.id}`).digest('hex').slice(0, 16);
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
	| { outcome: RefusalOutcome; message: string }
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
	already_answered: 'You’ve already answered this survey. Thank you!',
	other_person: 'These answers were saved on this phone by someone else, so we didn’t send them.',
	changed: 'This survey has just changed. Please reload it.'
} as const;
type RefusalOutcome = 'not_found' | 'closed' | 'not_yet_open' | 'sign_in' | 'not_for_you' | 'no_device' | 'bad_key' | 'other_person' | 'changed';

export interface Submission {
	/** The loaded survey (saves a query when the caller has it), or its share code. */
	survey: LoadedSurvey | { code: string };
	actor: { id: string; organisationId: string; roles: readonly Role[] } | null;
	/** From the phone's queue: whose answers these are (answeringScope); absent from form posts. */
	scope?: unknown;
	deviceToken: string | null;
	address: string;
	idempotencyKey: unknown;
	rawAnswers: unknown;
	now?: Date;
}

const refuse = <K extends RefusalOutcome>(outcome: K) => ({ outcome, message: SUBMIT_MESSAGES[outcome] });

// Postgres refuses a lone surrogate in jsonb, and no keyboard types one.
const LONE_SURROGATE = /\p{Cs}/u;
function hasLoneSurrogate(value: unknown): boolean {
	if (typeof value === 'string') return LONE_SURROGATE.test(value);
	return Array.isArray(value) && value.some((v) => typeof v === 'string' && LONE_SURROGATE.test(v));
}

export async function submitResponse(db: Db, submission: Submission): Promise<SubmitOutcome> {
	const now = submission.now ?? new Date();
	const key = typeof submission.idempotencyKey === 'string' && IDEMPOTENCY_KEY_PATTERN.test(submission.idempotencyKey) ? submission.idempotencyKey : null;
	const code = 'code' in submission.survey ? submission.survey.code : null;
	const loaded = code === null ? (submission.survey as LoadedSurvey) : await cachedSurvey(db, code, now);
	const first = await attempt(db, submission, loaded, key, now, true);
	if (first !== 'changed' && !(code !== null && isRefusal(first))) return first;
	// The copy we checked against is out of date (the questions changed, or it was reopened): check
	// once more against the survey as it is now, and only then give up.
	const fresh = await loadSurveyByCode(db, loaded?.survey.code ?? code ?? '', key ?? undefined);
	if (code !== null) rememberSurvey(db, code, fresh, now);
	const again = await attempt(db, submission, fresh, key, now, false);
	return again === 'changed' ? refuse('changed') : again;
}

/** Refusals that a stale cached copy could cause; worth one fresh look before giving them. */
function isRefusal(outcome: SubmitOutcome): boolean {
	return outcome.outcome === 'not_found' || outcome.outcome === 'closed' || outcome.outcome === 'not_yet_open';
}

// Each process keeps the surveys being answered for a few seconds, so a busy survey isn't read
// from the database for every answer. Nothing depends on the copy being current: the insert
// itself checks the version and that the survey is open, and refusals are re-checked fresh.
const CACHE_MS = 10_000;
const surveyCache = new WeakMap<Db, Map<string, { loaded: LoadedSurvey | null; at: number }>>();

async function cachedSurvey(db: Db, code: string, now: Date): Promise<LoadedSurvey | null> {
	const hit = surveyCache.get(db)?.get(code);
	if (hit && now.getTime() - hit.at < CACHE_MS) return hit.loaded;
	const loaded = await loadSurveyByCode(db, code);
	rememberSurvey(db, code, loaded, now);
	return loaded;
}

function rememberSurvey(db: Db, code: string, loaded: LoadedSurvey | null, now: Date): void {
	let byCode = surveyCache.get(db);
	if (!byCode) surveyCache.set(db, (byCode = new Map()));
	if (byCode.size > 500) byCode.clear();
	byCode.set(code, { loaded: loaded && { survey: loaded.survey, questions: loaded.questions }, at: now.getTime() });
}

async function attempt(db: Db, submission: Submission, loaded: LoadedSurvey | null, key: string | null, now: Date, count: boolean): Promise<SubmitOutcome | 'changed'> {
	if (!loaded || loaded.survey.status === 'draft') return refuse('not_found');
	const { survey, questions } = loaded;
	// A retry of a stored submission is answered as received, never refused: a survey that closed
	// since must not tell the phone its answers were lost. When the load didn't say, the key is
	// looked up only on the way to a refusal (the insert itself notices a retry otherwise).
	if (key && loaded.received) return { outcome: 'already_received', survey };
	const received = async () => !!key && loaded.received === undefined && (await isReceived(db, survey.id, key));
	const unlessReceived = async <T extends SubmitOutcome>(refusal: T): Promise<SubmitOutcome> => ((await received()) ? { outcome: 'already_received', survey } : refusal);
	const open = availability(survey, now);
	if (open === 'closed' || open === 'not_yet_open' || open === 'draft') return unlessReceived(refuse(open === 'draft' ? 'not_found' : open));

	let role: 'young_person' | 'parent_carer' | null = null;
	const { actor } = submission;
	if (!survey.anonymous) {
		if (!actor) return unlessReceived(refuse('sign_in'));
		role = actor.organisationId === survey.organisationId ? participantRoleFor(survey.audience, actor.roles) : null;
		if (!role) return unlessReceived(refuse('not_for_you'));
	}
	if (submission.scope !== undefined && submission.scope !== answeringScope(survey, actor?.id ?? null)) return unlessReceived(refuse('other_person'));
	if (survey.anonymous && !submission.deviceToken) return refuse('no_device');
	if (!key) return refuse('bad_key');

	const { answers, errors } = checkAnswers(questions, submission.rawAnswers);
	for (const [id, value] of Object.entries(answers)) {
		if (hasLoneSurrogate(value)) errors[id] = NUL_MESSAGE;
	}
	if (Object.keys(errors).length) return unlessReceived({ outcome: 'invalid', message: errors.form ?? SUBMIT_MESSAGES.invalid, errors, survey, questions });

	let respondentType: RespondentType;
	let ageBand: string | null = ageBandFromAnswer(answers['eq-age']);
	if (role && actor) {
		respondentType = role;
		if (!ageBand) {
			const [person] = await db.select({ birthMonth: users.birthMonth }).from(users).where(eq(users.id, actor.id));
			ageBand = person?.birthMonth ? ageBandFor(ageOn(person.birthMonth, now)) : null;
		}
	} else {
		respondentType = respondentTypeFromAnswers(survey.audience, answers['eq-answering-as']);
	}
	const stored = await storeCheckedResponse(
		db,
		{
			surveyId: survey.id,
			userId: survey.anonymous ? null : actor!.id,
			deviceHash: survey.anonymous ? deviceHash(survey.id, submission.deviceToken!) : null,
			idempotencyKey: key,
			respondentType,
			ageBand: ageBand ?? 'unknown',
			answers,
			// Anonymous: only the hour, so the time can't be matched with anything else about the visit.
			submittedAt: survey.anonymous ? startOfHour(now) : now
		},
		// Anonymous answers count against their address's limit in the same statement (the first
		// try only: a second try after a change was counted already).
		{ version: survey.version, now, limit: (survey.anonymous && count && addressLimit(survey.id, submission.address, now)) || undefined }
	);
	// Now and then (about one anonymous submission in 500), forget address windows that are over.
	if (survey.anonymous && count && Math.random() < 0.002) await sweepSubmissionWindows(db, now);
	if (stored.outcome === 'rate_limited') return { outcome: 'rate_limited', message: SUBMIT_MESSAGES.rate_limited, retryAfter: secondsLeft(stored.windowStartedAt, now) };
	if (stored.outcome === 'changed') return 'changed';
	// Closed or not yet open although our copy said open: the copy may be stale, so look again once.
	if (stored.outcome === 'closed' || stored.outcome === 'not_yet_open') return count ? 'changed' : refuse(stored.outcome);
	return stored.outcome === 'stored' ? { ...stored, survey } : { outcome: stored.outcome, survey };
}

function startOfHour(at: Date): Date {
	return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

async function isReceived(db: Db, surveyId: string, key: string): Promise<boolean> {
	const [row] = await db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.idempotencyKey, key)))
		.limit(1);
	return !!row;
}
