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

/** What hidden counts read when "fewer than N" would help work them out (see suppressSet). */
export const HIDDEN_WITH_SMALL = 'not shown';

/**
 * Counts that add up to a total the reader can see (a question's answers, the days of a chart,
 * the groups of a filter). Hiding only the small ones is not enough: the reader subtracts the
 * shown ones from the total and gets the small one back. So when any count is hidden, the next
 * smallest shown ones are hidden too (zeros first, which read like any small count), until the
 * hidden counts add up to at least the threshold between them.
 */
export function suppressSet(counts: readonly number[], threshold: number): Count[] {
	const hidden = counts.map((n) => isSmall(n, threshold));
	if (hidden.some(Boolean)) {
		let sum = counts.reduce((s, n, i) => (hidden[i] ? s + n : s), 0);
		const order = counts.map((n, i) => [n, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
		for (const [n, i] of order) {
			if (sum >= threshold) break;
			if (hidden[i]) continue;
			hidden[i] = true;
			sum += n;
		}
	}
	// "fewer than N" on every hidden count bounds each one; with the total that can pin them
	// down (one "fewer than 5" and one known to be 5 or more adding up to 6 are 1 and 5; two
	// "fewer than 5" adding up to 8 are 4 and 4). Then all of the set's hidden counts read alike.
	const hiddenCounts = counts.filter((_, i) => hidden[i]);
	const sum = hiddenCounts.reduce((a, b) => a + b, 0);
	const pinned = hiddenCounts.some((n) => n >= threshold) || (hiddenCounts.length > 0 && sum === hiddenCounts.length * (threshold - 1));
	const label = pinned ? HIDDEN_WITH_SMALL : fewerThan(threshold);
	return counts.map((n, i) => (hidden[i] ? { suppressed: true, value: null, display: label } : suppress(n, threshold)));
}

/** Which of a set of counts `suppressSet` would hide. */
export function hiddenInSet(counts: readonly number[], threshold: number): boolean[] {
	return suppressSet(counts, threshold).map((c) => c.suppressed);
}
