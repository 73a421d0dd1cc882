// How sessions read in pages (browser and server alike): when in England, and the status words.
import type { SessionStatus } from '$lib/live/kinds';

const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const asDate = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at);

/** "Fri 20 Mar 2026, 18:00 to 20:00", or with both days when it runs past midnight. */
export function sessionWhen(startsAt: Date | string, endsAt: Date | string): string {
	const start = asDate(startsAt);
	const end = asDate(endsAt);
	const startDay = DAY.format(start);
	const endDay = DAY.format(end);
	return startDay === endDay ? `${startDay}, ${TIME.format(start)} to ${TIME.format(end)}` : `${startDay}, ${TIME.format(start)} to ${endDay}, ${TIME.format(end)}`;
}

export const STATUS_LABELS: Record<SessionStatus, string> = {
	planned: 'Planned',
	live: 'Live now',
	closed: 'Closed',
	cancelled: 'Cancelled'
};

export const INVITE_LABELS = {
	participants: 'Young people and parents with an account sign up',
	open: 'Open: anyone with the code can join in'
} as const;

/** "3 of 12 places taken", "3 signed up (no limit)". */
export function placesText(registered: number, capacity: number | null): string {
	return capacity === null ? `${registered} signed up (no limit)` : `${registered} of ${capacity} ${capacity === 1 ? 'place' : 'places'} taken`;
}
