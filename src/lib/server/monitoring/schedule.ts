// The monitoring schedule and rating suggestions: pure functions, no database. A new service is
// first reviewed 6 months after it starts, an existing one after 12, then every N months (12 by
// default) until the contract ends.
import { PERFORMANCE_RATING_LABELS, type PerformanceRatingKey } from '../../monitoring/labels';

export const FIRST_REVIEW_MONTHS = { newService: 6, existingService: 12 } as const;
export const DEFAULT_REVIEW_EVERY_MONTHS = 12;
/** A schedule never lists more dates than this (a 60-year contract reviewed monthly is a typo). */
const MAX_REVIEWS = 120;

/** YYYY-MM-DD plus whole months; the 31st of a short month becomes its last day. */
export function addMonths(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number);
	const first = new Date(Date.UTC(y, m - 1 + months, 1));
	const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
	first.setUTCDate(Math.min(d, lastDay));
	return first.toISOString().slice(0, 10);
}

export function defaultFirstReview(startsOn: string, newService: boolean): string {
	return addMonths(startsOn, newService ? FIRST_REVIEW_MONTHS.newService : FIRST_REVIEW_MONTHS.existingService);
}

export interface ReviewDate {
	on: string;
	/** Before today. */
	past: boolean;
	/** The first review on or after today. */
	next: boolean;
}

/** Review dates from the first review, every `everyMonths`, up to and including the end date. */
export function reviewDates(firstReviewOn: string, everyMonths: number, endsOn: string, today: string): ReviewDate[] {
	const dates: string[] = [];
	for (let i = 0; i < MAX_REVIEWS; i++) {
		const on = addMonths(firstReviewOn, i * everyMonths);
		if (on > endsOn) break;
		dates.push(on);
	}
	const nextIndex = dates.findIndex((on) => on >= today);
	return dates.map((on, i) => ({ on, past: on < today, next: i === nextIndex }));
}

export function nextReview(firstReviewOn: string, everyMonths: number, endsOn: string, today: string): string | null {
	return reviewDates(firstReviewOn, everyMonths, endsOn, today).find((r) => r.next)?.on ?? null;
}

export { suggestRating } from '../../monitoring/suggest-rating';

/** "3 measures: 2 Good, 1 Requires improvement" (ratings best first). */
export function ratingSummary(ratings: readonly PerformanceRatingKey[]): string {
	const count = ratings.length;
	if (count === 0) return 'No values yet';
	const parts = (Object.keys(PERFORMANCE_RATING_LABELS) as PerformanceRatingKey[])
		.map((key) => [key, ratings.filter((r) => r === key).length] as const)
		.filter(([, n]) => n > 0)
		.map(([key, n]) => `${n} ${PERFORMANCE_RATING_LABELS[key]}`);
	return `${count} ${count === 1 ? 'measure' : 'measures'}: ${parts.join(', ')}`;
}

/** Periods may touch end to start only if one ends the day before the other starts. */
export function overlaps(a: { startsOn: string; endsOn: string }, b: { startsOn: string; endsOn: string }): boolean {
	return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}
