// Surveys in a project's evidence: each survey with its response count and a headline result,
// read from the tallies (folded first, without waiting) and suppressed like every other count.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { EvidenceItem, EvidenceSource } from '../projects/evidence';
import { surveys } from './schema';
import { NO_FILTER, surveyResults, type QuestionResult } from './results';
import { totalResponses } from './tallies';

const HEADLINE_KINDS = new Set(['single_choice', 'multiple_choice', 'yes_no', 'rating']);

/** The top answer of the survey's first closed question, in a few words. */
export function headline(questions: readonly QuestionResult[], threshold: number): string | null {
	const q = questions.find((r) => HEADLINE_KINDS.has(r.kind));
	if (!q) return null;
	const prompt = q.prompt.length > 80 ? `${q.prompt.slice(0, 79)}…` : q.prompt;
	if (q.tooFew) return `${prompt}: fewer than ${threshold} answered`;
	const top = q.rows.reduce<(typeof q.rows)[number] | null>((best, r) => ((r.count.value ?? 0) > (best?.count.value ?? 0) ? r : best), null);
	// Enough people answered, but every answer given is hidden (each group was small).
	if (!top && q.rows.some((r) => r.count.suppressed)) return `${prompt}: answers not shown, to protect the privacy of small groups`;
	if (!top) return `${prompt}: no answers yet`;
	if (q.kind === 'rating' && q.mean !== null) return `${prompt}: average ${q.mean} out of 5, most said ${top.label} (${top.percent}%)`;
	return `${prompt}: most said “${top.label}” (${top.percent}%)`;
}

const STATUS_WORDS = { draft: 'draft', open: 'open', closed: 'closed' } as const;

export const surveyEvidence: EvidenceSource = {
	kind: 'survey',
	label: 'Surveys',
	async list(db: Db, projectId: string): Promise<EvidenceItem[]> {
		const rows = await db.select().from(surveys).where(eq(surveys.projectId, projectId)).orderBy(asc(surveys.createdAt), asc(surveys.id));
		return Promise.all(
			rows.map(async (survey) => {
				const results = await surveyResults(db, survey, NO_FILTER, { wait: false });
				const total = results.responses.suppressed ? await totalResponses(db, survey.id) : results.responses.value;
				// "fewer than 5 responses": the word must not give away that it was exactly one.
				const count = total === 0 ? 'No responses yet' : `${results.responses.display} ${total === 1 && !results.responses.suppressed ? 'response' : 'responses'}`;
				const top = results.tooSmall || total === 0 ? null : headline(results.questions, results.threshold);
				// The public project page adds these up by activity: only counts that are public and
				// shown in full, so the sum can't give away an unpublished or a small survey's count.
				const participants = survey.resultsVisibility === 'public' && !results.responses.suppressed ? total : 0;
				const lastDay = results.overTime.periods.at(-1)?.start;
				return {
					kind: 'survey',
					step: survey.step,
					title: `Survey: ${survey.title} (${STATUS_WORDS[survey.status]})`,
					summary: [count, top].filter(Boolean).join(' · '),
					date: (survey.status === 'closed' && survey.closesAt ? survey.closesAt.toISOString() : (lastDay ?? survey.createdAt.toISOString())).slice(0, 10),
					href: `/staff/surveys/${survey.id}/results`,
					...(participants > 0 ? { participation: { activity: 'survey' as const, participants } } : {})
				};
			})
		);
	}
};
