// A suggested performance rating from where a value sits between the baseline and the target, for
// the officer's form (in the browser) and the server alike. The officer always chooses.
import type { PerformanceRatingKey } from './labels';

/**
 * At or beyond the target Good; at least half way from the baseline Approaching target; better than
 * the baseline Requires improvement; at or worse than the baseline Inadequate.
 */
export function suggestRating(value: number, baseline: number, target: number, higherIsBetter: boolean): PerformanceRatingKey {
	const sign = higherIsBetter ? 1 : -1;
	const gain = (value - baseline) * sign;
	const wanted = (target - baseline) * sign;
	if ((value - target) * sign >= 0) return 'good';
	if (wanted <= 0) return gain >= 0 ? 'good' : 'inadequate';
	if (gain >= wanted / 2) return 'approaching_target';
	if (gain > 0) return 'requires_improvement';
	return 'inadequate';
}
