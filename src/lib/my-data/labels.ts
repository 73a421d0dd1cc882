// Plain words for the values in a person's own data.
export const ROLE_WORDS: Record<string, string> = {
	young_person: 'Young person',
	parent_carer: 'Parent or carer',
	champion: 'Participation champion',
	officer: 'Officer',
	admin: 'Administrator'
};
export const PANEL_STATUS_WORDS: Record<string, string> = {
	invited: 'Invited',
	active: 'Taking part',
	interest_declared: 'Declared an interest',
	removed: 'Taken off the panel'
};
export const REPORT_STATUS_WORDS: Record<string, string> = { submitted: 'Sent, waiting to be checked', approved: 'Approved', returned: 'Sent back to you to change' };
export const ACTIVITY_WORDS: Record<string, string> = { mystery_shopping: 'Mystery shopping', panel: 'Panel', session: 'Session or workshop', other: 'Other' };
export const REWARD_WORDS: Record<string, string> = { voucher: 'Voucher', payment: 'Payment', accreditation: 'Accreditation' };
/** withdrawn: the person changed their mind; declined: a champion turned the request down. */
export const DELETION_WORDS: Record<string, string> = {
	pending: 'Waiting for a champion',
	confirmed: 'Confirmed',
	withdrawn: 'You changed your mind',
	declined: 'A champion turned this request down'
};
export const ENTRY_WORDS: Record<string, string> = { shown: 'Shown', pending: 'Waiting to be checked', approved: 'Shown', hidden: 'Hidden' };

export function pounds(pence: number | null): string {
	return pence === null ? 'No money value' : `£${(pence / 100).toFixed(2)}`;
}

export function hours(n: number): string {
	return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, '')} ${n === 1 ? 'hour' : 'hours'}`;
}

/** A YYYY-MM-DD date as "1 May 2026". */
export function day(value: string | null): string {
	if (!value) return '';
	const d = new Date(`${value.slice(0, 10)}T12:00:00Z`);
	return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A YYYY-MM month as "May 2026". */
export function month(value: string | null): string {
	if (!value) return '';
	const d = new Date(`${value.slice(0, 7)}-01T12:00:00Z`);
	return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
