// Days as people in England see them. The server runs in UTC, so "today" and the day of a
// timestamp are worked out in Europe/London: between midnight and 1am in summer (BST) the UTC day
// is still yesterday. Browser-safe (Intl only), so pages and server code share it.

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const SHORT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' });

/** Today's date in England, YYYY-MM-DD (en-CA formats as year-month-day). */
export function londonToday(now: Date = new Date()): string {
	return DAY.format(now);
}

/** The day a moment falls on in England, YYYY-MM-DD. */
export function londonDay(at: Date | string): string {
	return DAY.format(typeof at === 'string' ? new Date(at) : at);
}

/**
 * A timestamp (an ISO string or a Date) as the day it was in England, e.g. "1 May 2026".
 * For a plain YYYY-MM-DD date use shortDate from project-labels instead.
 */
export function londonShortDate(at: Date | string | null | undefined): string {
	if (!at) return '';
	const d = typeof at === 'string' ? new Date(at) : at;
	if (Number.isNaN(d.getTime())) return typeof at === 'string' ? at : '';
	return SHORT.format(d);
}
