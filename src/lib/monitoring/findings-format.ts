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

/**
 * A cell's figure in words for tables and chart summaries: "4.1", "no reports", "fewer than 5
 * reports", or "not shown" (a count hidden with a small one, where "fewer than" would give it away).
 */
export function cellText(cell: { reports: { suppressed: boolean; value: number | null; display: string }; mean: number | null }): string {
	if (cell.reports.suppressed) return cell.reports.display.startsWith('fewer than') ? `${cell.reports.display} reports` : cell.reports.display;
	if (cell.reports.value === 0) return 'no reports';
	return meanText(cell.mean);
}

/** What a group of comments from too few reports reads instead of the comments. */
export function commentsWithheld(threshold: number): string {
	return `Comments are shown once at least ${threshold} reports are in, to protect who wrote them.`;
}
