// Small-number suppression: a count of people above zero but below the organisation's threshold
// is never shown, in pages or exports, because someone who knows the group could pick a person
// out. Anything that would let the reader work the hidden number back out (its percentage, a
// mean built from it) is hidden with it.

export interface ShownCount {
	suppressed: false;
	value: number;
	/** What to print: "12". */
	display: string;
}
export interface HiddenCount {
	suppressed: true;
	value: null;
	/** What to print: "fewer than 5". */
	display: string;
}
export type Count = ShownCount | HiddenCount;

export const fewerThan = (threshold: number) => `fewer than ${threshold}`;

/** Whether a count of people is too small to show (zero is safe: it names nobody). */
export function isSmall(count: number, threshold: number): boolean {
	return count > 0 && count < threshold;
}

export function suppress(count: number, threshold: number): Count {
	if (isSmall(count, threshold)) return { suppressed: true, value: null, display: fewerThan(threshold) };
	return { suppressed: false, value: count, display: count.toLocaleString('en-GB') };
}

/** A whole-number percentage of `of`, or null when either count is hidden or there is nothing to divide by. */
export function percentOf(count: Count, of: Count): number | null {
	if (count.suppressed || of.suppressed || !of.value) return null;
	return Math.round((count.value / of.value) * 100);
}

/** What a chart may draw for a count: hidden counts are drawn as nothing (0 high). */
export function chartValue(count: Count): number {
	return count.suppressed ? 0 : count.value;
}

/** A plain-words line for a group too small to show anything about. */
export function tooSmallExplanation(threshold: number): string {
	return `Fewer than ${threshold} people are in this group, so nothing about it is shown, to protect their privacy.`;
}
