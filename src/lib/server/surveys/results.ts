// What a survey's answers add up to, built from its tallies only (never by reading every
// response), with small groups suppressed. The staff results page, the CSV summary, the
// published summary and the project's evidence all read this one shape.
import { eq } from 'drizzle-orm';
import {
	RATING_FACES,
	RATING_VALUES,
	RESPONDENT_TYPE_LABELS,
	RESPONDENT_TYPES,
	YES_NO_LABELS,
	YES_NO_VALUES,
	type QuestionKind,
	type RespondentType,
	type SurveyQuestion
} from '../../surveys/definition';
import { AGE_BANDS, AGE_BAND_LABELS, equalityQuestions, type AgeBand } from '../../surveys/equality';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { organisations } from '../organisations/schema';
import { fewerThan, hiddenInSet, HIDDEN_WITH_SMALL, percentOf, suppress, suppressSet, tooSmallExplanation, type Count } from '../privacy/small-numbers';
import type { Survey } from './schema';
import { loadQuestions } from './surveys';
import { DAY_QUESTION, foldResponses, groupSizes, readTallies, TOTAL_BUCKET, TOTAL_QUESTION, tryFoldResponses } from './tallies';
import { themeCounts, type RawThemeCount } from './themes';

export const AGE_FILTERS = [...AGE_BANDS, 'unknown'] as const;
export type AgeFilter = AgeBand | 'unknown';

export interface ResultsFilter {
	respondentType: RespondentType | null;
	ageBand: AgeFilter | null;
}
export const NO_FILTER: ResultsFilter = { respondentType: null, ageBand: null };

/** Reads `audience` and `age` from a query string; anything but a known value (or blank) is refused. */
export function parseResultsFilter(params: URLSearchParams): ResultsFilter {
	const one = (name: string, allowed: readonly string[]): string | null => {
		const values = params.getAll(name);
		if (values.length > 1) throw new InputError('Choose one value for each filter.', name);
		const value = values[0] ?? '';
		if (value === '') return null;
		if (!allowed.includes(value)) throw new InputError('That filter isn’t one we know. Choose from the lists on the results page.', name);
		return value;
	};
	return { respondentType: one('audience', RESPONDENT_TYPES) as RespondentType | null, ageBand: one('age', AGE_FILTERS) as AgeFilter | null };
}

/** "Young people, 13 to 15" or null for everyone. */
export function describeFilter(filter: ResultsFilter): string | null {
	const parts = [filter.respondentType && RESPONDENT_TYPE_LABELS[filter.respondentType], filter.ageBand && `age ${AGE_BAND_LABELS[filter.ageBand]}`].filter(Boolean);
	return parts.length ? parts.join(', ') : null;
}

export interface ChoiceRow {
	key: string;
	label: string;
	count: Count;
	/** Whole-number percentage of the people who answered this question; null when hidden. */
	percent: number | null;
}
export interface RankingItem {
	id: string;
	label: string;
	/** How many put it in place 1, 2, ... */
	byPlace: Count[];
	/** How many put it anywhere. */
	ranked: Count;
	/** Average place among those who ranked it (1 = top), one decimal; null when hidden. */
	averagePlace: number | null;
}
export interface QuestionResult {
	id: string;
	kind: QuestionKind;
	prompt: string;
	answered: Count;
	/** Fewer people answered than the threshold: nothing else is shown. */
	tooFew: boolean;
	rows: ChoiceRow[];
	/** Rating questions: the mean score (1 to 5), one decimal; null when hidden. */
	mean: number | null;
	places: number[];
	ranking: RankingItem[];
	themes: ThemeCount[];
}
export interface ThemeCount {
	id: string;
	name: string;
	count: Count;
}
export interface Period {
	/** YYYY-MM-DD: the day, or the Monday starting the week. */
	start: string;
	count: Count;
}
export interface SurveyResults {
	threshold: number;
	filter: ResultsFilter;
	filterLabel: string | null;
	responses: Count;
	/** The group (or the whole survey) is under the threshold: only `explanation` is shown. */
	tooSmall: boolean;
	explanation: string | null;
	overTime: { granularity: 'day' | 'week'; periods: Period[] };
	questions: QuestionResult[];
	equality: QuestionResult[];
}

export function ratingLabel(point: number, faces: boolean): string {
	return faces ? `${point} (${RATING_FACES[point]})` : String(point);
}

/** The answer buckets a question can have, with their labels, in display order. */
function bucketsOf(q: SurveyQuestion): { key: string; label: string }[] {
	if (q.kind === 'yes_no') return YES_NO_VALUES.map((v) => ({ key: v, label: YES_NO_LABELS[v] }));
	if (q.kind === 'rating') return RATING_VALUES.map((p) => ({ key: String(p), label: ratingLabel(p, q.faces) }));
	return q.options.map((o) => ({ key: o.id, label: o.label }));
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const hiddenCount = (n: number, threshold: number): Count => ({ suppressed: true, value: null, display: n < threshold ? fewerThan(threshold) : HIDDEN_WITH_SMALL });

export function questionResult(q: SurveyQuestion, buckets: ReadonlyMap<string, number> | undefined, threshold: number, themes: RawThemeCount[] = []): QuestionResult {
	const get = (key: string) => buckets?.get(key) ?? 0;
	const answered = suppress(get('_answered'), threshold);
	const base: QuestionResult = { id: q.id, kind: q.kind, prompt: q.prompt, answered, tooFew: answered.suppressed, rows: [], mean: null, places: [], ranking: [], themes: [] };
	if (answered.suppressed) return base;
	if (q.kind === 'short_text' || q.kind === 'long_text') return { ...base, themes: themes.map((t) => ({ id: t.id, name: t.name, count: suppress(t.tagged, threshold) })) };
	if (q.kind === 'ranking') {
		const most = Math.min(q.rankCount ?? q.options.length, q.options.length);
		const places = Array.from({ length: most }, (_, i) => i + 1);
		const raw = q.options.map((o) => places.map((p) => get(`${o.id}#${p}`)));
		// Each place's counts add up to about the number who answered: suppress them as one set.
		const byPlace = raw.map(() => [] as Count[]);
		places.forEach((_, p) => suppressSet(raw.map((row) => row[p]), threshold).forEach((c, o) => (byPlace[o][p] = c)));
		const ranking = q.options.map((o, i) => {
			const total = raw[i].reduce((a, b) => a + b, 0);
			// An item's total would give back its hidden places by subtraction, so it goes with them.
			const anyHidden = byPlace[i].some((c) => c.suppressed);
			const hidden = anyHidden || total === 0;
			return {
				id: o.id,
				label: o.label,
				byPlace: byPlace[i],
				ranked: anyHidden ? hiddenCount(total, threshold) : suppress(total, threshold),
				averagePlace: hidden ? null : oneDecimal(raw[i].reduce((sum, n, p) => sum + n * (p + 1), 0) / total)
			};
		});
		return { ...base, places, ranking };
	}
	const choices = bucketsOf(q);
	// The answers add up to the number who answered (roughly, for multiple choice): one set.
	const counts = suppressSet(choices.map(({ key }) => get(key)), threshold);
	const rows = choices.map(({ key, label }, i) => ({ key, label, count: counts[i], percent: percentOf(counts[i], answered) }));
	let mean: number | null = null;
	if (q.kind === 'rating' && !rows.some((r) => r.count.suppressed) && answered.value) {
		mean = oneDecimal(RATING_VALUES.reduce((sum, p) => sum + p * get(String(p)), 0) / answered.value);
	}
	return { ...base, rows, mean };
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

/** Responses per day, or per week when the survey ran for more than a month; empty periods kept so the chart is honest. */
export function responsesOverTime(days: ReadonlyMap<string, number> | undefined, threshold: number): SurveyResults['overTime'] {
	const entries = [...(days ?? new Map<string, number>())].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
	if (entries.length === 0) return { granularity: 'day', periods: [] };
	const first = entries[0][0];
	const last = entries[entries.length - 1][0];
	const weekly = Date.parse(last) - Date.parse(first) > 31 * 86_400_000;
	const counts = new Map<string, number>();
	for (const [day, n] of entries) {
		const key = weekly ? mondayOf(day) : day;
		counts.set(key, (counts.get(key) ?? 0) + n);
	}
	const starts: string[] = [];
	const end = weekly ? mondayOf(last) : last;
	for (let start = weekly ? mondayOf(first) : first; start <= end; start = addDays(start, weekly ? 7 : 1)) starts.push(start);
	// The periods add up to the responses shown at the top: one set.
	const shown = suppressSet(starts.map((start) => counts.get(start) ?? 0), threshold);
	const periods: Period[] = starts.map((start, i) => ({ start, count: shown[i] }));
	return { granularity: weekly ? 'week' : 'day', periods };
}

type GroupSizes = Awaited<ReturnType<typeof groupSizes>>;

/** Whether `key` is among the groups `suppressSet` would hide, splitting a parent group by `keys`. */
function hiddenAmong(key: string, keys: readonly string[], size: (k: string) => number, threshold: number): boolean {
	const all = [...new Set([...keys, key])];
	return hiddenInSet(all.map(size), threshold)[all.indexOf(key)];
}

/**
 * Whether a filtered view must be refused although its own group is big enough: the groups of
 * one filter add up to the group above them (everyone, or one audience or age band), so showing
 * every group but a small one would give the small one away by subtraction ("everyone" minus
 * "young people" minus "parents" is "not known"). The groups are suppressed as a set, as counts
 * in a table are; a view of two filters goes when either of its one-filter views goes.
 */
export function filterRefused(filter: ResultsFilter, sizes: GroupSizes, threshold: number): boolean {
	const types = [...new Set<string>([...RESPONDENT_TYPES, ...sizes.byType.keys()])];
	const ages = [...new Set<string>([...AGE_FILTERS, ...sizes.byAge.keys()])];
	const { respondentType: type, ageBand: age } = filter;
	const typeRefused = !!type && hiddenAmong(type, types, (t) => sizes.byType.get(t) ?? 0, threshold);
	const ageRefused = !!age && hiddenAmong(age, ages, (a) => sizes.byAge.get(a) ?? 0, threshold);
	if (!type || !age) return typeRefused || ageRefused;
	if (typeRefused || ageRefused) return true;
	const pair = (t: string, a: string) => sizes.byPair.get(`${t}/${a}`) ?? 0;
	return hiddenAmong(age, ages, (a) => pair(type, a), threshold) || hiddenAmong(type, types, (t) => pair(t, age), threshold);
}

export const differencingExplanation = (threshold: number) =>
	`This group can’t be shown on its own. Together with the other groups it would let someone work out how a group of fewer than ${threshold} people answered, so nothing about it is shown, to protect their privacy. Try a wider group.`;

export async function organisationThreshold(db: Db, organisationId: string): Promise<number> {
	const [row] = await db.select({ threshold: organisations.smallNumberThreshold }).from(organisations).where(eq(organisations.id, organisationId));
	return row?.threshold ?? 5;
}

/**
 * Folds any new responses in, then builds every question's results for the group asked for.
 * `wait: false` (pages anyone can open) never queues behind another fold: see tryFoldResponses.
 */
export async function surveyResults(db: Db, survey: Survey, filter: ResultsFilter = NO_FILTER, options: { wait?: boolean } = {}): Promise<SurveyResults> {
	await (options.wait === false ? tryFoldResponses : foldResponses)(db, survey.id);
	const tallyFilter = { respondentType: filter.respondentType ?? undefined, ageBand: filter.ageBand ?? undefined };
	const [threshold, own, tallies, themes] = await Promise.all([
		organisationThreshold(db, survey.organisationId),
		loadQuestions(db, survey.id),
		readTallies(db, survey.id, tallyFilter),
		themeCounts(db, survey.id, filter)
	]);
	const total = tallies.get(TOTAL_QUESTION)?.get(TOTAL_BUCKET) ?? 0;
	let responses = suppress(total, threshold);
	let explanation = responses.suppressed ? tooSmallExplanation(threshold) : null;
	if (!responses.suppressed && (filter.respondentType || filter.ageBand) && filterRefused(filter, await groupSizes(db, survey.id), threshold)) {
		responses = hiddenCount(total, threshold);
		explanation = differencingExplanation(threshold);
	}
	const result: SurveyResults = {
		threshold,
		filter,
		filterLabel: describeFilter(filter),
		responses,
		tooSmall: responses.suppressed,
		explanation,
		overTime: { granularity: 'day', periods: [] },
		questions: [],
		equality: []
	};
	if (result.tooSmall) return result;
	result.overTime = responsesOverTime(tallies.get(DAY_QUESTION), threshold);
	result.questions = own.map((q) => questionResult(q, tallies.get(q.id), threshold, themes.get(q.id) ?? []));
	const hasEquality = survey.equalityMonitoring || [...tallies.keys()].some((id) => id.startsWith('eq-'));
	if (hasEquality) {
		result.equality = equalityQuestions(1, survey.equalityAreas, survey.audience, survey.anonymous).map((q) => questionResult(q, tallies.get(q.id), threshold));
	}
	return result;
}
