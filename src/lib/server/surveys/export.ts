// CSV exports of a survey's results. csv-stringify does the quoting; we add a guard against
// spreadsheet formulas. summary.csv is exactly the results page (filter and suppression included);
// responses.csv (officers only, audited) has one row per response with nothing that identifies a
// person or device: no ids of any kind, no equality answers, the week rather than the day, and the
// respondent type or age band columns only when every group in them is big.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { RESPONDENT_TYPE_LABELS, YES_NO_LABELS, type AnswerValue, type RespondentType, type SurveyQuestion } from '../../surveys/definition';
import { AGE_BAND_LABELS, type AgeBand } from '../../surveys/equality';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import type { Count } from '../privacy/small-numbers';
import { surveyResponses, type Survey } from './schema';
import { organisationThreshold, type QuestionResult, type SurveyResults } from './results';
import { loadQuestions } from './surveys';
import { foldResponses, groupSizes } from './tallies';

/** Cells a spreadsheet would run as a formula get a leading quote (OWASP CSV injection). */
export function guardCell(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const OPTIONS = { cast: { string: guardCell } } as const;

/** Suppressed counts print as "fewer than 5"; others as plain numbers a spreadsheet can add up. */
const countCell = (c: Count): string | number => (c.suppressed ? c.display : c.value);
const pct = (p: number | null) => (p === null ? '' : p);

function questionRows(q: QuestionResult, prefix = ''): (string | number)[][] {
	const prompt = prefix + q.prompt;
	const rows: (string | number)[][] = [[prompt, 'Answered this question', countCell(q.answered), '']];
	if (q.tooFew) return rows;
	for (const r of q.rows) rows.push([prompt, r.label, countCell(r.count), pct(r.percent)]);
	if (q.kind === 'rating') rows.push([prompt, 'Average score (1 to 5)', q.mean ?? 'not shown (a group is too small)', '']);
	for (const item of q.ranking) {
		item.byPlace.forEach((c, i) => rows.push([prompt, `${item.label}: put in place ${i + 1}`, countCell(c), '']));
		rows.push([prompt, `${item.label}: average place`, item.averagePlace ?? 'not shown', '']);
	}
	for (const t of q.themes) rows.push([prompt, `Theme: ${t.name}`, countCell(t.count), '']);
	return rows;
}

/** The results page as a table: question, answer, count, percent. */
export function summaryCsv(results: SurveyResults): string {
	const rows: (string | number)[][] = [['Question', 'Answer', 'Count', 'Percent of those who answered']];
	if (results.filterLabel) rows.push(['Group shown', results.filterLabel, '', '']);
	rows.push(['All responses', '', countCell(results.responses), '']);
	if (results.tooSmall) {
		rows.push(['Note', results.explanation ?? '', '', '']);
		return stringify(rows, { ...OPTIONS, bom: true });
	}
	const period = results.overTime.granularity === 'week' ? 'Week starting ' : '';
	for (const p of results.overTime.periods) rows.push(['Responses over time', `${period}${p.start}`, countCell(p.count), '']);
	for (const q of results.questions) rows.push(...questionRows(q));
	for (const q of results.equality) rows.push(...questionRows(q, 'About you: '));
	return stringify(rows, { ...OPTIONS, bom: true });
}

/** One answer in words, as the person saw the choices. */
export function answerText(q: SurveyQuestion, value: AnswerValue | undefined): string | number {
	if (value === undefined) return '';
	const label = (id: string) => q.options.find((o) => o.id === id)?.label ?? id;
	switch (q.kind) {
		case 'single_choice':
			return label(String(value));
		case 'yes_no':
			return YES_NO_LABELS[value as keyof typeof YES_NO_LABELS] ?? String(value);
		case 'rating':
			return Number(value);
		case 'multiple_choice':
			return Array.isArray(value) ? value.map(label).join('; ') : '';
		case 'ranking':
			return Array.isArray(value) ? value.map((id, i) => `${i + 1}. ${label(id)}`).join('; ') : '';
		default:
			return String(value);
	}
}

const BATCH = 2000;

/**
 * Whether a column of groups (answering as, age band) may be printed: only when every group in
 * it that has anyone (not known included, which prints as blank) has at least the threshold.
 */
const everyGroupBig = (sizes: ReadonlyMap<string, number>, threshold: number) => [...sizes.values()].every((n) => n === 0 || n >= threshold);

/**
 * responses.csv, streamed in batches so 100,000 responses never sit in memory at once. Rows go
 * in the order of their random ids, not the order they came in, and carry the week, not the
 * day, so a row can't be matched to the person someone saw filling it in.
 */
export async function* responsesCsv(db: Db, survey: Survey): AsyncGenerator<string> {
	await foldResponses(db, survey.id);
	const [threshold, questions, sizes] = await Promise.all([organisationThreshold(db, survey.organisationId), loadQuestions(db, survey.id), groupSizes(db, survey.id)]);
	const showType = everyGroupBig(sizes.byType, threshold);
	const showAge = everyGroupBig(sizes.byAge, threshold) && (!showType || everyGroupBig(sizes.byPair, threshold));
	const groupHeader = [...(showType ? ['Answering as'] : []), ...(showAge ? ['Age band'] : [])];
	const groupCells = (type: string, age: string) => [
		...(showType ? [type === 'unknown' ? '' : (RESPONDENT_TYPE_LABELS[type as RespondentType] ?? '')] : []),
		...(showAge ? [age === 'unknown' ? '' : (AGE_BAND_LABELS[age as AgeBand] ?? '')] : [])
	];
	yield stringify([['Response', 'Week submitted (starting Monday)', ...groupHeader, ...questions.map((q, i) => `Q${i + 1}. ${q.prompt}`)]], { ...OPTIONS, bom: true });
	let number = 0;
	let after: string | null = null;
	for (;;) {
		const batch: { id: string; week: string; respondentType: string; ageBand: string; answers: Record<string, AnswerValue> }[] = await db
			.select({
				id: surveyResponses.id,
				week: sql<string>`to_char(date_trunc('week', ${surveyResponses.submittedAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
				respondentType: surveyResponses.respondentType,
				ageBand: surveyResponses.ageBand,
				answers: surveyResponses.answers
			})
			.from(surveyResponses)
			.where(and(eq(surveyResponses.surveyId, survey.id), after ? gt(surveyResponses.id, after) : undefined))
			.orderBy(asc(surveyResponses.id))
			.limit(BATCH);
		if (batch.length === 0) return;
		const records = batch.map((r) => [++number, r.week, ...groupCells(r.respondentType, r.ageBand), ...questions.map((q) => answerText(q, r.answers[q.id]))]);
		yield stringify(records, OPTIONS);
		if (batch.length < BATCH) return;
		after = batch[batch.length - 1].id;
	}
}

/** Records who downloaded every response of a survey (ids and a count only). */
export async function recordResponsesExport(db: Db, actor: { id: string; organisationId: string }, survey: Survey): Promise<void> {
	const rows = await db.$count(surveyResponses, eq(surveyResponses.surveyId, survey.id));
	await recordAudit(db, { organisationId: actor.organisationId, actorId: actor.id, action: 'survey.responses_exported', targetType: 'survey', targetId: survey.id, detail: { rows } });
}

/** A file name without anything from the survey's words: the code and the date. */
export function csvFileName(survey: Pick<Survey, 'code'>, kind: 'summary' | 'responses', now = new Date()): string {
	return `survey-${survey.code}-${kind}-${now.toISOString().slice(0, 10)}.csv`;
}
