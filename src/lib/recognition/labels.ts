// Words and number formats for the contributions ledger, rewards and certificates (pages and the
// server share them: ledger, certificate, rewards list and the finance CSV).

export const ACTIVITY_LABELS = {
	panel: 'Tender panels',
	session: 'Sessions and workshops',
	mystery_shopping: 'Mystery shopping',
	other: 'Other volunteering'
} as const;
export type ActivityKey = keyof typeof ACTIVITY_LABELS;
export const ACTIVITY_ORDER: ActivityKey[] = ['panel', 'session', 'mystery_shopping', 'other'];

export const REWARD_KIND_LABELS = { voucher: 'Voucher', payment: 'Payment', accreditation: 'Accreditation' } as const;

/** 3 → "3 hours", 1 → "1 hour", 2.5 → "2.5 hours", 0.25 → "0.25 hours". */
export function formatHours(hours: number): string {
	const n = Math.round(hours * 100) / 100;
	return `${n.toLocaleString('en-GB', { maximumFractionDigits: 2 })} ${n === 1 ? 'hour' : 'hours'}`;
}

/** 1050 → "£10.50"; null → "". */
export function formatPounds(pence: number | null): string {
	if (pence === null) return '';
	return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
