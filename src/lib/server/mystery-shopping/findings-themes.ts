// The arithmetic of mystery-shopping findings, apart from the database: each approved report
// counts once per theme (its own average over the theme's items, so a theme with two items
// doesn't count a report twice), cells built from fewer reports than the organisation's threshold
// show "fewer than N" and no mean, and visits are grouped by calendar quarter of the day they went.
// A row's quarters add up to its all-visits cell, so they are hidden as a set (suppressSet): with
// the all-visits count and mean beside them, hiding only the small quarter would let a reader
// subtract the others and get its count and mean back.
import { THEME_LABELS, type ChecklistThemeKey } from '$lib/monitoring/labels';
import { suppress, suppressSet, type Count } from '../privacy/small-numbers';
import { CHECKLIST_THEMES, RATING_MAX, RATING_MIN } from './schema';

/** One approved report as findings need it: no shopper, no ids that reach a page. */
export interface ReportScores {
	visitId: string;
	visitedOn: string;
	/** Every rating the report gave (null ones, "didn't see this", already left out), by theme. */
	ratings: { theme: ChecklistThemeKey; rating: number }[];
}

/** A theme, a period or the whole: how many reports it was built from and their mean. */
export interface FindingsCell {
	reports: Count;
	/** One decimal, 1 to 5; null when no report rated it or too few did. */
	mean: number | null;
}

export interface Period {
	/** e.g. "2026-Q2". */
	key: string;
	/** e.g. "April to June 2026". */
	label: string;
	/** Visits with an approved report whose reports fall in the period (a visit isn't a person). */
	visits: number;
}

export interface ThemeFindings {
	theme: ChecklistThemeKey;
	label: string;
	all: FindingsCell;
	/**
	 * How many reports gave each rating, 1 to 5 (a report's theme average, rounded), or null when
	 * any of them is a small group: with the mean and the number of reports beside it, hiding only
	 * some would let the hidden ones be worked out, so the spread is shown whole or not at all.
	 */
	distribution: Count[] | null;
	byPeriod: FindingsCell[];
}

export const RATING_VALUES = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const average = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function cell(scores: readonly number[], threshold: number): FindingsCell {
	const reports = suppress(scores.length, threshold);
	return { reports, mean: reports.suppressed || scores.length === 0 ? null : oneDecimal(average(scores)) };
}

/**
 * Cells that add up to a total shown beside them (a row's quarters): the counts go through
 * suppressSet, which hides enough other cells that subtraction can't recover a small one, and
 * every hidden cell loses its mean too (the means and counts of the shown ones, with the total's,
 * would give the hidden sum back otherwise).
 */
export function cellSet(groups: readonly (readonly number[])[], threshold: number): FindingsCell[] {
	const counts = suppressSet(
		groups.map((g) => g.length),
		threshold
	);
	return groups.map((scores, i) => ({ reports: counts[i], mean: counts[i].suppressed || scores.length === 0 ? null : oneDecimal(average(scores)) }));
}

export function quarterOf(day: string): string {
	const [y, m] = day.split('-').map(Number);
	return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

export function quarterLabel(key: string): string {
	const [y, q] = key.split('-Q').map(Number);
	return `${MONTHS[(q - 1) * 3]} to ${MONTHS[(q - 1) * 3 + 2]} ${y}`;
}

/** Every quarter from the first to the last, empty ones kept so the chart doesn't hide a gap. */
export function quartersBetween(first: string, last: string): string[] {
	const keys: string[] = [];
	let [y, q] = quarterOf(first).split('-Q').map(Number);
	const end = quarterOf(last);
	for (let guard = 0; guard < 400; guard++) {
		const key = `${y}-Q${q}`;
		keys.push(key);
		if (key === end) break;
		[y, q] = q === 4 ? [y + 1, 1] : [y, q + 1];
	}
	return keys;
}

/** "March 2026", for a YYYY-MM-DD day. */
export function monthYear(day: string): string {
	const [y, m] = day.split('-').map(Number);
	return `${MONTHS[m - 1]} ${y}`;
}

/** "in March 2026", "between March and October 2026", "between November 2025 and February 2026". */
export function whenWords(first: string, last: string): string {
	const [fy, fm] = first.split('-').map(Number);
	const [ly, lm] = last.split('-').map(Number);
	if (fy === ly && fm === lm) return `in ${monthYear(first)}`;
	if (fy === ly) return `between ${MONTHS[fm - 1]} and ${monthYear(last)}`;
	return `between ${monthYear(first)} and ${monthYear(last)}`;
}

/** A report's score for one theme: the average of its ratings there, or null when it rated nothing in it. */
function themeScore(report: ReportScores, theme: ChecklistThemeKey): number | null {
	const xs = report.ratings.filter((r) => r.theme === theme).map((r) => r.rating);
	return xs.length ? average(xs) : null;
}

function overallScore(report: ReportScores): number | null {
	return report.ratings.length ? average(report.ratings.map((r) => r.rating)) : null;
}

function scoresOf(reports: readonly ReportScores[], score: (r: ReportScores) => number | null): number[] {
	return reports.map(score).filter((s): s is number => s !== null);
}

export interface ScoreTables {
	periods: Period[];
	overall: FindingsCell;
	overallByPeriod: FindingsCell[];
	themes: ThemeFindings[];
}

/** Theme by theme and quarter by quarter, for the themes the checklists use (in the order a visit happens). */
export function scoreTables(reports: readonly ReportScores[], themesUsed: ReadonlySet<string>, threshold: number): ScoreTables {
	const days = reports.map((r) => r.visitedOn).sort();
	const keys = days.length ? quartersBetween(days[0], days[days.length - 1]) : [];
	const inPeriod = (key: string) => reports.filter((r) => quarterOf(r.visitedOn) === key);
	const periods = keys.map((key) => ({ key, label: quarterLabel(key), visits: new Set(inPeriod(key).map((r) => r.visitId)).size }));
	const themes = CHECKLIST_THEMES.filter((t) => themesUsed.has(t)).map((theme): ThemeFindings => {
		const score = (r: ReportScores) => themeScore(r, theme);
		const all = scoresOf(reports, score);
		const rounded = all.map((s) => Math.min(RATING_MAX, Math.max(RATING_MIN, Math.round(s))));
		const counts = suppressSet(
			RATING_VALUES.map((v) => rounded.filter((s) => s === v).length),
			threshold
		);
		const distribution = counts.some((c) => c.suppressed) ? null : counts;
		return {
			theme,
			label: THEME_LABELS[theme],
			all: cell(all, threshold),
			distribution,
			byPeriod: cellSet(
				keys.map((key) => scoresOf(inPeriod(key), score)),
				threshold
			)
		};
	});
	return {
		periods,
		overall: cell(scoresOf(reports, overallScore), threshold),
		overallByPeriod: cellSet(
			keys.map((key) => scoresOf(inPeriod(key), overallScore)),
			threshold
		),
		themes
	};
}
