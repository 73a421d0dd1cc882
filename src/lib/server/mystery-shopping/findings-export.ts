// A contract's findings as CSV: the same figures and comments as the page and the printed report,
// small groups still hidden, no shopper names, no report ids. Every text cell is guarded against
// spreadsheet formulas (a comment could start with "=").
import { stringify } from 'csv-stringify/sync';
import { commentsWithheld } from '$lib/monitoring/findings-format';
import type { Count } from '../privacy/small-numbers';
import { guardCell } from '../surveys/export';
import type { Findings } from './findings';
import { RATING_VALUES } from './findings-themes';

const countCell = (c: Count): string | number => (c.suppressed ? c.display : c.value);
const meanCell = (m: number | null): string | number => m ?? '';

export function findingsCsv(findings: Findings): string {
	const rows: (string | number)[][] = [['Section', 'Theme or group', 'Period', 'Figure', 'Value']];
	rows.push(['Summary', '', '', 'Visits with an approved report', findings.visits]);
	rows.push(['Summary', '', '', 'Reports counted', countCell(findings.reports)]);
	rows.push(['Summary', '', '', 'When', findings.when ?? '']);
	for (const s of findings.scenarios) rows.push(['Scenario', '', '', 'Title', s]);
	const themes = [{ label: 'All themes', all: findings.overall, byPeriod: findings.overallByPeriod, distribution: null }, ...findings.themes];
	for (const th of themes) {
		rows.push(['Scores', th.label, 'All visits', 'Reports', countCell(th.all.reports)]);
		rows.push(['Scores', th.label, 'All visits', 'Average out of 5', meanCell(th.all.mean)]);
		for (const v of RATING_VALUES) rows.push(['Scores', th.label, 'All visits', `Reports rating it ${v}`, th.distribution ? countCell(th.distribution[v - 1]) : 'not shown']);
		th.byPeriod.forEach((c, i) => {
			rows.push(['Scores', th.label, findings.periods[i].label, 'Reports', countCell(c.reports)]);
			rows.push(['Scores', th.label, findings.periods[i].label, 'Average out of 5', meanCell(c.mean)]);
		});
	}
	for (const g of findings.comments) {
		if (g.withheld) rows.push(['Comments', g.heading, '', 'Not shown', commentsWithheld(findings.threshold)]);
		for (const c of g.comments) rows.push(['Comments', g.heading, '', 'Comment', c]);
	}
	return stringify(rows, { cast: { string: guardCell }, bom: true });
}
