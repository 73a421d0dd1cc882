// Shared arithmetic for the room's bars and word sizes (no styles: CSP forbids inline ones, so
// lengths go into SVG width attributes and sizes into classes).

/** A bar's length out of 100, against the biggest count (so the leader fills the row). */
export function barLength(count: number, biggest: number): number {
	if (biggest <= 0 || count <= 0) return 0;
	return Math.max(1, Math.round((count / biggest) * 100));
}

/** Share of a total as a whole percentage, or '' when nobody answered. */
export function percent(count: number, total: number): string {
	return total > 0 ? `${Math.round((count / total) * 100)}%` : '';
}

/** A word's size class 1-5 by how often it was given against the most given word. */
export function wordSize(count: number, biggest: number): 1 | 2 | 3 | 4 | 5 {
	if (biggest <= 1) return count >= 1 ? 3 : 1;
	const share = count / biggest;
	return share >= 0.85 ? 5 : share >= 0.6 ? 4 : share >= 0.4 ? 3 : share >= 0.2 ? 2 : 1;
}

export const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
export const answers = (n: number) => `${n} ${n === 1 ? 'answer' : 'answers'}`;
