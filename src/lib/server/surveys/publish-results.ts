// Publishing a survey's results: to staff only, to the people with the survey's link
// ("participants": /survey/CODE/results and the thanks page), or also to the public project page.
// What is published is the closed questions only (never free text or the "About you" block),
// counted over everyone, with small groups suppressed, and the officer's summary.
import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, NUL_MESSAGE, validate } from '../forms';
import { notifySurveyResultsPublished } from '../notifications/events';
import { projects } from '../projects/schema';
import { suppress, type Count } from '../privacy/small-numbers';
import type { PublicSurveySummary } from '../publishing/types';
import { RESULTS_VISIBILITY, surveys, type ResultsVisibility, type Survey } from './schema';
import { NO_FILTER, organisationThreshold, surveyResults, type QuestionResult } from './results';
import { totalResponses, tryFoldResponses } from './tallies';
import { getSurvey } from './surveys';

type Actor = { id: string; organisationId: string };

export const RESULTS_VISIBILITY_LABELS: Record<ResultsVisibility, string> = {
	staff: 'Staff only (not published)',
	participants: 'People with the survey link',
	public: 'People with the survey link and the public project page'
};

const PUBLISHED_KINDS = new Set(['single_choice', 'multiple_choice', 'yes_no', 'rating', 'ranking']);

export const publishSchema = v.object({
	visibility: v.picklist(RESULTS_VISIBILITY, 'Choose who can see the results.'),
	summary: v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(2000, 'The summary can be at most 2000 characters.'),
		v.check((s) => !s.includes('\u0000'), NUL_MESSAGE)
	)
});
export type PublishInput = v.InferInput<typeof publishSchema>;

export async function publishResults(db: Db, actor: Actor, surveyId: string, input: PublishInput, now = new Date()): Promise<void> {
	const data = validate(publishSchema, input);
	const survey = await getSurvey(db, actor.organisationId, surveyId);
	if (survey.status === 'draft' && data.visibility !== 'staff') throw new InputError('This survey hasn’t been opened yet, so there are no results to publish.', 'visibility');
	if (data.visibility !== 'staff' && data.summary === '') throw new InputError('Please write a short summary of what people said, in plain words.', 'summary');
	await db.transaction(async (tx) => {
		await tx
			.update(surveys)
			.set({
				resultsVisibility: data.visibility,
				resultsSummary: data.summary === '' ? null : data.summary,
				resultsPublishedAt: data.visibility === 'staff' ? null : now,
				updatedAt: now
			})
			.where(eq(surveys.id, surveyId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'survey.results_published',
			targetType: 'survey',
			targetId: surveyId,
			detail: { visibility: data.visibility }
		});
		await notifySurveyResultsPublished(tx, actor.organisationId, surveyId, data.visibility, now);
	});
}

export interface PublishedQuestion {
	id: string;
	kind: QuestionResult['kind'];
	prompt: string;
	answered: Count;
	tooFew: boolean;
	rows: { label: string; count: Count; percent: number | null }[];
	mean: number | null;
	places: number[];
	ranking: { label: string; byPlace: Count[]; averagePlace: number | null }[];
}
export interface PublishedResults {
	code: string;
	title: string;
	summary: string | null;
	publishedAt: string | null;
	threshold: number;
	responses: Count;
	tooSmall: boolean;
	questions: PublishedQuestion[];
}

/** Who is asking: someone with the link (participants), or the public project page. */
export type ResultsAudience = 'participants' | 'public';

export function resultsVisibleTo(visibility: ResultsVisibility, audience: ResultsAudience): boolean {
	return audience === 'participants' ? visibility === 'participants' || visibility === 'public' : visibility === 'public';
}

/** The published summary, or null when it isn't published to this audience. */
export async function publishedResults(db: Db, survey: Survey, audience: ResultsAudience = 'participants'): Promise<PublishedResults | null> {
	if (survey.status === 'draft' || !resultsVisibleTo(survey.resultsVisibility, audience)) return null;
	if (audience === 'public') {
		const [project] = await db.select({ id: projects.id }).from(projects).where(and(eq(projects.id, survey.projectId), isNotNull(projects.publishedAt)));
		if (!project) return null;
	}
	const results = await surveyResults(db, survey, NO_FILTER, { wait: false });
	return {
		code: survey.code,
		title: survey.title,
		summary: survey.resultsSummary,
		publishedAt: survey.resultsPublishedAt ? survey.resultsPublishedAt.toISOString().slice(0, 10) : null,
		threshold: results.threshold,
		responses: results.responses,
		tooSmall: results.tooSmall,
		questions: results.questions
			.filter((q) => PUBLISHED_KINDS.has(q.kind))
			.map((q) => ({
				id: q.id,
				kind: q.kind,
				prompt: q.prompt,
				answered: q.answered,
				tooFew: q.tooFew,
				rows: q.rows.map((r) => ({ label: r.label, count: r.count, percent: r.percent })),
				mean: q.mean,
				places: q.places,
				ranking: q.ranking.map((r) => ({ label: r.label, byPlace: r.byPlace, averagePlace: r.averagePlace }))
			}))
	};
}

/**
 * A project's surveys whose results are public: title, summary, response count and link. The
 * portal calls this only for a published project (or the staff preview of exactly that page).
 */
export async function publicSurveySummaries(db: Db, projectId: string): Promise<PublicSurveySummary[]> {
	const rows = await db
		.select({ id: surveys.id, organisationId: surveys.organisationId, code: surveys.code, title: surveys.title, summary: surveys.resultsSummary, publishedAt: surveys.resultsPublishedAt })
		.from(surveys)
		.where(and(eq(surveys.projectId, projectId), eq(surveys.resultsVisibility, 'public'), ne(surveys.status, 'draft')))
		.orderBy(asc(surveys.createdAt), asc(surveys.id));
	if (rows.length === 0) return [];
	const threshold = await organisationThreshold(db, rows[0].organisationId);
	return Promise.all(
		rows.map(async (s) => {
			await tryFoldResponses(db, s.id);
			const responses = suppress(await totalResponses(db, s.id), threshold);
			return { code: s.code, title: s.title, summary: s.summary, responses: responses.value, responsesDisplay: responses.display, publishedAt: s.publishedAt ? s.publishedAt.toISOString().slice(0, 10) : null, url: `/survey/${s.code}/results` };
		})
	);
}
