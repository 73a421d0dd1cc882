// Bids' letters ("Bid A", "Bid B", ...): pure helpers shared by the officers' and the panels' views.

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function labelFor(index: number): string {
	let n = index + 1;
	let label = '';
	while (n > 0) {
		n -= 1;
		label = String.fromCharCode(65 + (n % 26)) + label;
		n = Math.floor(n / 26);
	}
	return label;
}

/** "A" < "B" < ... < "Z" < "AA". */
export function byLabel(a: { label: string }, b: { label: string }): number {
	return a.label.length - b.label.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}
