// Plain words for project values, shared by staff and public pages (no server imports here).

export const LEVEL_LABELS: Record<string, string> = {
	strategic: 'Strategic',
	operational: 'Operational or locality',
	individual: 'Individual'
};

export const ROUTE_LABELS: Record<string, string> = {
	self_delivery: 'Run by the council itself',
	partnership: 'Run with partner organisations',
	procurement: 'Bought from another organisation (a tender)',
	grant: 'A grant to a local organisation',
	grant_in_kind: 'Help in kind, such as a building or equipment'
};

export const PROJECT_STATUS_LABELS: Record<string, string> = {
	planned: 'Planned',
	active: 'Active',
	decommissioning: 'Being decommissioned',
	closed: 'Closed'
};

export const STEP_STATUS_LABELS: Record<string, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	done: 'Done',
	skipped: 'Skipped'
};

export const ACTIVITY_LABELS: Record<string, string> = {
	survey: 'Survey',
	workshop: 'Workshop',
	panel: 'Panel',
	mystery_shopping: 'Mystery shopping',
	storytelling: 'Storytelling',
	other: 'Other'
};

export const AUDIENCE_LABELS: Record<string, string> = {
	young_people: 'Young people',
	parents: 'Parents and carers',
	both: 'Young people and parents'
};

/** Whole pence as pounds: £125,000 or £12.50. */
export function pounds(pence: number): string {
	return (pence / 100).toLocaleString('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: pence % 100 === 0 ? 0 : 2 });
}

/** Pence as a plain number a person can edit in a pounds box: "125000" or "12.50". */
export function poundsInput(pence: number): string {
	return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

/** An ISO date (YYYY-MM-DD) as "14 Sept 2026"; the date is a calendar day, so no time zone shifts it. */
export function shortDate(iso: string | null | undefined): string {
	if (!iso) return '';
	const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
	if (Number.isNaN(d.getTime())) return iso;
	return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A public contact that is an email address gets a mailto: link; anything else is shown as text. */
export function looksLikeEmail(s: string): boolean {
	return /^[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}$/i.test(s);
}
