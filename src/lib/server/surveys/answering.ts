// The participant's side of a survey: what the answering page may show (nothing staff-only),
// which state the survey is in for this person, and the anonymous device cookie.
import type { Cookies } from '@sveltejs/kit';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { SessionUser } from '../auth/sessions';
import type { Db } from '../db/client';
import type { SurveyAudience, SurveyQuestion } from '../../surveys/definition';
import { surveyResponses, surveys, type Survey } from './schema';
import { deviceHash, hasAnswered, participantRoleFor, type LoadedSurvey } from './responses';

export const DEVICE_COOKIE = 'survey_device';
// Any long random value will do: only its hash with the survey id is kept.
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The device's random token, or null when it has none (or a malformed one). */
export function readDeviceToken(cookies: Cookies): string | null {
	const token = cookies.get(DEVICE_COOKIE);
	return token && DEVICE_TOKEN.test(token) ? token : null;
}

export function newDeviceToken(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function setDeviceCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', path: '/', maxAge: YEAR_SECONDS });
}

/** The device's token, making one (128 random bits) when it has none. It says nothing about who holds it. */
export function ensureDeviceToken(cookies: Cookies, url: URL): string {
	const existing = readDeviceToken(cookies);
	if (existing) return existing;
	const token = newDeviceToken();
	setDeviceCookie(cookies, url, token);
	return token;
}

/** Only what answering needs. */
export interface ParticipantSurvey {
	code: string;
	title: string;
	introduction: string;
	nextSteps: string;
	audience: SurveyAudience;
	anonymous: boolean;
	questions: SurveyQuestion[];
}

export function participantSurvey({ survey, questions }: LoadedSurvey): ParticipantSurvey {
	const { code, title, introduction, nextSteps, audience, anonymous } = survey;
	return { code, title, introduction, nextSteps, audience, anonymous, questions };
}

/** The published results summary's address, when participants may read it. */
export function resultsHref(survey: Pick<Survey, 'code' | 'resultsPublishedAt' | 'resultsVisibility'>): string | null {
	return survey.resultsPublishedAt && survey.resultsVisibility !== 'staff' ? `/survey/${survey.code}/results` : null;
}

export type AnswerState = 'not_yet_open' | 'closed' | 'sign_in' | 'not_for_you' | 'already_answered' | 'open';

/** Where this person stands with a launched survey (drafts are not found, and never reach here). */
export async function answerState(db: Db, loaded: LoadedSurvey, state: 'open' | 'closed' | 'not_yet_open', user: SessionUser | null, deviceToken: string | null): Promise<AnswerState> {
	if (state !== 'open') return state;
	const { survey } = loaded;
	if (survey.anonymous) return (await hasAnswered(db, survey, deviceToken)) ? 'already_answered' : 'open';
	if (!user) return 'sign_in';
	if (user.organisationId !== survey.organisationId || !participantRoleFor(survey.audience, user.roles)) return 'not_for_you';
	return (await hasAnswered(db, survey, user.id)) ? 'already_answered' : 'open';
}

function audiencesFor(roles: readonly string[]): SurveyAudience[] {
	const list: SurveyAudience[] = ['anyone'];
	if (roles.includes('young_person')) list.push('young_people');
	if (roles.includes('parent_carer')) list.push('parents');
	return list;
}

/** Open surveys of the person's organisation for their audience that they (or this device) haven't answered. */
export async function surveysToAnswer(db: Db, user: SessionUser, deviceToken: string | null, now = new Date()) {
	const rows = await db
		.select({ id: surveys.id, code: surveys.code, title: surveys.title, anonymous: surveys.anonymous, closesAt: surveys.closesAt })
		.from(surveys)
		.where(
			and(
				eq(surveys.organisationId, user.organisationId),
				eq(surveys.status, 'open'),
				inArray(surveys.audience, audiencesFor(user.roles)),
				or(isNull(surveys.opensAt), lte(surveys.opensAt, now)),
				or(isNull(surveys.closesAt), gt(surveys.closesAt, now))
			)
		)
		.orderBy(asc(surveys.closesAt), asc(surveys.title));
	if (!rows.length) return [];
	const hashes = deviceToken ? rows.filter((r) => r.anonymous).map((r) => deviceHash(r.id, deviceToken)) : [];
	const answered = await db
		.select({ surveyId: surveyResponses.surveyId })
		.from(surveyResponses)
		.where(
			and(
				inArray(
					surveyResponses.surveyId,
					rows.map((r) => r.id)
				),
				hashes.length ? or(eq(surveyResponses.userId, user.id), inArray(surveyResponses.deviceHash, hashes)) : eq(surveyResponses.userId, user.id)
			)
		);
	const done = new Set(answered.map((a) => a.surveyId));
	return rows.filter((r) => !done.has(r.id)).map(({ code, title, anonymous, closesAt }) => ({ code, title, anonymous, closesOn: closesAt ? closesAt.toISOString().slice(0, 10) : null }));
}
