// Who must approve, from the total contract value and the organisation's bands (a setting, not a constant).

export interface Band {
	fromPence: number;
	/** Exclusive upper bound; null for the top band. */
	toPence: number | null;
	approver: string;
}

/** Whole-life value: the annual value over the contract length, in whole pence. */
export function totalContractValuePence(annualValuePence: number, contractMonths: number): number {
	return Math.round((annualValuePence * contractMonths) / 12);
}

/** The band a value falls in: from <= value < to. Null when the bands leave a gap (a settings mistake). */
export function approvalBandFor(bands: readonly Band[], totalValuePence: number): Band | null {
	return bands.find((b) => totalValuePence >= b.fromPence && (b.toPence === null || totalValuePence < b.toPence)) ?? null;
}

/** Plain-words problems with a set of bands: they must start at 0, touch end to end, and end open. */
export function bandProblems(bands: readonly Band[]): string[] {
	const sorted = [...bands].sort((a, b) => a.fromPence - b.fromPence);
	const problems: string[] = [];
	if (sorted.length === 0) return ['Add at least one band.'];
	if (sorted[0].fromPence !== 0) problems.push('The first band must start at £0.');
	sorted.forEach((band, i) => {
		if (!band.approver.trim()) problems.push(`Band ${i + 1} needs an approver.`);
		if (band.toPence !== null && band.toPence <= band.fromPence) problems.push(`Band ${i + 1} must end above where it starts.`);
		const next = sorted[i + 1];
		if (next && band.toPence !== next.fromPence) problems.push(`Band ${i + 2} must start where band ${i + 1} ends.`);
		if (!next && band.toPence !== null) problems.push('The last band must have no upper limit.');
	});
	return problems;
}
