// Rewards for finance as CSV: date, kind, description, value in pounds (two decimals, a number a
// spreadsheet can add up), project and recipient ("Deleted account" once personal details are
// gone). Every text cell is guarded against spreadsheet formulas.
import { stringify } from 'csv-stringify/sync';
import { REWARD_KIND_LABELS } from '../../recognition/labels';
import { guardCell } from '../surveys/export';
import type { RewardRow } from './rewards';

export function rewardsCsv(rows: RewardRow[]): string {
	const out: string[][] = [['Date', 'Kind', 'Description', 'Value (£)', 'Project', 'Recipient']];
	for (const r of rows)
		out.push([r.givenOn, REWARD_KIND_LABELS[r.kind], r.description, r.valuePence === null ? '' : (r.valuePence / 100).toFixed(2), r.projectTitle ?? '', r.recipient]);
	return stringify(out, { cast: { string: guardCell }, bom: true });
}
