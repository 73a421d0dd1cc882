// What the survey-building pages show: one call per page, scoped to the organisation, returning
// only what staff need (never answers).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { CYCLE } from '../projects/cycle';
import { getProject } from '../projects/projects';
import { LIMITS, QUESTION_KIND_LABELS, SURVEY_AUDIENCE_LABELS, SURVEY_AUDIENCES, pagesOf, type SurveyQuestion } from '../../surveys/definition';
import { detailsToRaw } from './builder';
import { CONDITION_KINDS, conditionValues } from './question-input';
import { surveyResponses, type Survey } from './schema';
import { availability, getSurvey, loadQuestions, type SurveyAvailability } from './surveys';

const day = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Where a survey is in plain words: "Draft", "Open until 3 May 2026", "Closed". */
export function surveyState(s: Pick<Survey, 'status' | 'opensAt' | 'closesAt'>, now = new Date()): { state: SurveyAvailability; label: string } {
	const state = availability(s, now);
	switch (state) {
		case 'draft':
			return { state, label: 'Draft: not open yet' };
		case 'not_yet_open':
			return { state, label: `Opens ${day(s.opensAt!)}` };
		case 'open':
			return { state, label: s.closesAt ? `Open until ${day(s.closesAt)}` : 'Open' };
		case 'closed':
			return { state, label: s.status === 'closed' ? 'Closed' : `Closed on ${day(s.closesAt!)}` };
	}
}

/** The choices the survey forms offer. */
export function surveyChoices() {
	return {
		steps: CYCLE.map((c) => ({ step: c.step, name: c.name })),
		audiences: SURVEY_AUDIENCES.map((value) => ({ value, label: SURVEY_AUDIENCE_LABELS[value] }))
	};
}

async function countResponses(db: Db, surveyId: string): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId));
	return Number(row.n);
}

/** A survey of the organisation with its project, questions and how many have answered. */
export async function surveyWorkspace(db: Db, organisationId: string, surveyId: string, now = new Date()) {
	const survey = await getSurvey(db, organisationId, surveyId);
	const project = await getProject(db, organisationId, survey.projectId);
	const questions = await loadQuestions(db, surveyId);
	const responses = await countResponses(db, surveyId);
	const byId = new Map(questions.map((q) => [q.id, q]));
	return {
		survey: {
			id: survey.id,
			title: survey.title,
			code: survey.code,
			status: survey.status,
			audience: survey.audience,
			anonymous: survey.anonymous,
			step: survey.step,
			stepName: CYCLE[survey.step - 1]?.name ?? '',
			equalityMonitoring: survey.equalityMonitoring,
			version: survey.version,
			...surveyState(survey, now)
		},
		details: detailsToRaw(survey),
		project: { id: project.id, title: project.title },
		questions: questions.map((q) => ({
			...q,
			kindLabel: QUESTION_KIND_LABELS[q.kind],
			condition: q.showIf ? describeCondition(q, byId) : null
		})),
		pages: pagesOf(questions),
		responses,
		answered: responses > 0
	};
}

function describeCondition(q: SurveyQuestion, byId: Map<string, SurveyQuestion>): string {
	const source = byId.get(q.showIf!.questionId);
	if (!source) return 'Shown only for a certain earlier answer.';
	const value = conditionValues(source).find((c) => c.value === q.showIf!.value)?.label ?? q.showIf!.value;
	return `Shown only when the answer to “${source.prompt}” is “${value}”.`;
}

/** What the question form needs: the pages to choose from, and the answers a condition can wait for. */
export async function questionFormData(db: Db, organisationId: string, surveyId: string, questionId?: string) {
	const workspace = await surveyWorkspace(db, organisationId, surveyId);
	const question = questionId ? workspace.questions.find((q) => q.id === questionId) : undefined;
	if (questionId && !question) throw new InputError('That question isn’t in this survey.');
	const last = workspace.pages.at(-1) ?? 0;
	const pages = [...workspace.pages];
	if (last < LIMITS.pages) pages.push(last + 1);
	return {
		survey: { id: workspace.survey.id, title: workspace.survey.title },
		project: workspace.project,
		answered: workspace.answered,
		full: !question && workspace.questions.length >= LIMITS.questions,
		question: question ?? null,
		lastPage: Math.max(1, last),
		pages: pages.map((page) => ({ page, label: page === last + 1 ? `Page ${page} (a new page)` : `Page ${page}` })),
		conditions: workspace.questions
			.filter((q) => q.id !== questionId && CONDITION_KINDS.includes(q.kind))
			.map((q) => ({ questionId: q.id, page: q.page, prompt: q.prompt, values: conditionValues(q) }))
	};
}
