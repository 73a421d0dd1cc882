// A session's results as CSV: one row per activity and option, rating point, word or approved
// idea, with its count. The same figures as the results page, and no personal data: no names or
// nicknames, no ids, nothing hidden or waiting for approval. csv-stringify quotes; every text cell
// is guarded against spreadsheet formulas (an idea could start with "=").
import { stringify } from 'csv-stringify/sync';
import { londonDay } from '../../dates';
import { ACTIVITY_TYPE_LABELS } from '../../live/kinds';
import { guardCell } from '../surveys/export';
import type { ActivityResult, SessionResults } from './results';

type Row = (string | number)[];

function activityRows(a: ActivityResult): Row[] {
	const lead: Row = [a.number, a.prompt, ACTIVITY_TYPE_LABELS[a.type]];
	const t = a.tally;
	const rows: Row[] = [[...lead, 'People who answered', t.responses]];
	if (a.type === 'poll') for (const o of t.options) rows.push([...lead, o.label, o.count]);
	if (a.type === 'priority') for (const o of t.options) rows.push([...lead, `${o.label} (dots)`, o.count]);
	if (t.rating) {
		t.rating.counts.forEach((n, i) => rows.push([...lead, String(a.scaleMin + i), n]));
		rows.push([...lead, 'Average', t.rating.mean ?? '']);
	}
	for (const w of t.words) rows.push([...lead, w.text, w.count]);
	for (const n of t.notes) rows.push([...lead, n.text, 1]);
	return rows;
}

export function sessionResultsCsv(results: SessionResults): string {
	const rows: Row[] = [['Activity', 'Question', 'Type', 'Answer', 'Count']];
	for (const a of results.activities) rows.push(...activityRows(a));
	return stringify(rows, { cast: { string: guardCell }, bom: true });
}

/** e.g. session-results-2026-03-14.csv: the day the session ran, in England. */
export function sessionResultsFilename(results: SessionResults): string {
	return `session-results-${londonDay(results.session.startsAt)}.csv`;
}
