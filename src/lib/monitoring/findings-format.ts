// Words for mystery-shopping findings figures, shared by the findings pages and the server's
// evidence and summary text (pure: no server or component imports).

/** "4.1 out of 5", or null when the mean is hidden. */
export function outOfFive(mean: number | null): string | null {
	return mean === null ? null : `${mean.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} out of 5`;
}

/** "4.1", or "–" when hidden. */
export function meanText(mean: number | null): string {
	return mean === null ? '–' : mean.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
