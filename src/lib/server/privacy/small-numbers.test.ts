import { describe, expect, it } from 'vitest';
import { fewerThan, HIDDEN_WITH_SMALL, suppressSet } from './small-numbers';

/** What a reader who knows the total can work out about each hidden cell: the range it lies in. */
function attack(counts: number[], threshold: number) {
	const shown = suppressSet(counts, threshold);
	const total = counts.reduce((a, b) => a + b, 0);
	const hiddenSum = total - shown.reduce((s, c) => s + (c.suppressed ? 0 : c.value), 0);
	const hidden = shown.filter((c) => c.suppressed).length;
	return { shown, hiddenSum, hidden };
}

describe('suppressing a set of counts that add up to a shown total', () => {
	it('leaves a set with no small count alone', () => {
		expect(suppressSet([5, 0, 12], 5).map((c) => c.display)).toEqual(['5', '0', '12']);
	});

	it('a single small count can no longer be got back by subtracting the others from the total', () => {
		// Without secondary suppression: 20 - 10 - 7 = 3, the hidden count.
		const { shown, hiddenSum, hidden } = attack([10, 3, 7], 5);
		expect(shown.map((c) => c.display)).toEqual(['10', HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL]);
		expect(hidden).toBe(2);
		// Two hidden cells adding up to 10, read alike: the small one could be anything from 3 to 7.
		expect(hiddenSum).toBeGreaterThanOrEqual(5);
	});

	it('hides zeros first, and a hidden zero reads like the other hidden counts', () => {
		const { shown, hiddenSum } = attack([0, 2, 9, 6], 5);
		// 2 then 0 (still 2), then 6: hidden add up to 8.
		expect(shown.map((c) => c.display)).toEqual([HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL, '9', HIDDEN_WITH_SMALL]);
		expect(suppressSet([0, 1, 2, 9, 8], 5).map((c) => c.display)).toEqual([HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL, '9', HIDDEN_WITH_SMALL]);
		expect(suppressSet([0, 3, 2, 9], 5).map((c) => c.display)).toEqual(['0', fewerThan(5), fewerThan(5), '9']);
		expect(hiddenSum).toBe(8);
		expect(shown.every((c) => !c.suppressed || c.value === null)).toBe(true);
	});

	it('stops as soon as the hidden counts reach the threshold (two small ones are enough)', () => {
		expect(suppressSet([3, 2, 40, 50], 5).map((c) => c.suppressed)).toEqual([true, true, false, false]);
		expect(suppressSet([1, 1, 40, 50], 5).map((c) => c.suppressed)).toEqual([true, true, true, false]);
	});

	it('never lets the labels pin the hidden counts down', () => {
		// One "fewer than 5" and one "5 or more" adding up to 6 would be 1 and 5.
		expect(suppressSet([1, 5, 20], 5).map((c) => c.display)).toEqual([HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL, '20']);
		// Two "fewer than 5" adding up to 8 would be 4 and 4.
		expect(suppressSet([4, 4, 10, 10], 5).map((c) => c.display)).toEqual([HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL, '10', '10']);
		expect(suppressSet([3, 4, 10], 5).map((c) => c.display)).toEqual([fewerThan(5), fewerThan(5), '10']);
	});

	it('follows the threshold and keeps ties in order', () => {
		expect(suppressSet([9, 12, 12], 10).map((c) => c.display)).toEqual([HIDDEN_WITH_SMALL, HIDDEN_WITH_SMALL, '12']);
		expect(suppressSet([], 5)).toEqual([]);
	});

	it('in every set it hides something, the hidden counts add up to at least the threshold or to everything', () => {
		for (let seed = 1; seed < 500; seed++) {
			const counts = Array.from({ length: 2 + (seed % 5) }, (_, i) => (seed * (i + 7) * 31) % 13);
			const { shown, hiddenSum } = attack(counts, 5);
			if (!shown.some((c) => c.suppressed)) continue;
			const all = shown.every((c) => c.suppressed);
			expect(all || hiddenSum >= 5, JSON.stringify(counts)).toBe(true);
		}
	});
});
