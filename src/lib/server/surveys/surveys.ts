// Reading surveys and their questions. Every staff read is scoped to the organisation; the
// participant-facing read goes by the public short code and returns only what answering needs.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { sortQuestions, type SurveyQuestion } from '../../surveys/definition';
import { equalityQuestions } from '../../surveys/equality';
import { surveyQuestions, surveys, type Survey, type SurveyQuestionRow } from './schema';

// No I, O, 0 or 1: nothing to misread from a poster or a projector.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const SURVEY_CODE_LENGTH = 6;

/** A random six-character share code (30 bits; codes only find a survey, they grant nothing). */
export function generateSurveyCode(): string {
	const bytes = new Uint8Array(SURVEY_CODE_LENGTH);
	crypto.getRandomValues(bytes);
	return [...bytes].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** Accepts what people type (any case, spaces, dashes); null when it can't be a survey code. */
export function normaliseSurveyCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== SURVEY_CODE_LENGTH || ![...code].every((c) => CODE_ALPHABET.includes(c))) return null;
	return code;
}

export function toQuestion(row: SurveyQuestionRow): SurveyQuestion {
	return {
		id: row.id,
		page: row.page,
		position: row.position,
		kind: row.kind,
		prompt: row.prompt,
		help: row.help,
		required: row.required,
		options: row.options,
		maxChoices: row.maxChoices,
		rankCount: row.rankCount,
		faces: row.faces,
		showIf: row.showIfQuestionId && row.showIfValue ? { questionId: row.showIfQuestionId, value: row.showIfValue } : null
	};
}

/** A survey of this organisation, or InputError (routes turn it into a 404). */
export async function getSurvey(db: Db, organisationId: string, surveyId: string): Promise<Survey> {
	const [row] = await db
		.select()
		.from(surveys)
		.where(and(eq(surveys.id, surveyId), eq(surveys.organisationId, organisationId)));
	if (!row) throw new InputError('That survey does not exist.');
	return row;
}

export async function getSurveyByCode(db: Db, code: string): Promise<Survey | null> {
	const normalised = normaliseSurveyCode(code);
	if (!normalised) return null;
	const [row] = await db.select().from(surveys).where(eq(surveys.code, normalised));
	return row ?? null;
}

/** The survey's own questions, in order (without the equality block). */
export async function loadQuestions(db: Db, surveyId: string): Promise<SurveyQuestion[]> {
	const rows = await db
		.select()
		.from(surveyQuestions)
		.where(eq(surveyQuestions.surveyId, surveyId))
		.orderBy(asc(surveyQuestions.page), asc(surveyQuestions.position));
	return rows.map(toQuestion);
}

/** Everything a person answers: the survey's questions, then the "About you" page when it is on. */
export function answerableQuestions(survey: Survey, own: readonly SurveyQuestion[]): SurveyQuestion[] {
	const sorted = sortQuestions(own);
	if (!survey.equalityMonitoring) return sorted;
	const lastPage = sorted.length ? sorted[sorted.length - 1].page : 0;
	return [...sorted, ...equalityQuestions(lastPage + 1, survey.equalityAreas, survey.audience, survey.anonymous)];
}

export type SurveyAvailability = 'draft' | 'not_yet_open' | 'open' | 'closed';

/** Whether answers are being taken now: launched, and inside its open and close dates. */
export function availability(survey: Pick<Survey, 'status' | 'opensAt' | 'closesAt'>, now = new Date()): SurveyAvailability {
	if (survey.status === 'draft') return 'draft';
	if (survey.status === 'closed') return 'closed';
	if (survey.closesAt && survey.closesAt <= now) return 'closed';
	if (survey.opensAt && survey.opensAt > now) return 'not_yet_open';
	return 'open';
}
