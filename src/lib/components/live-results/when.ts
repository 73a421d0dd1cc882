// When a session ran, as people in England read it: "Thursday 12 March 2026, 18:00 to 20:00".
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function sessionWhen(startsAt: Date, endsAt: Date): string {
	const sameDay = DAY.format(startsAt) === DAY.format(endsAt);
	return sameDay
		? `${DAY.format(startsAt)}, ${TIME.format(startsAt)} to ${TIME.format(endsAt)}`
		: `${DAY.format(startsAt)}, ${TIME.format(startsAt)} to ${DAY.format(endsAt)}, ${TIME.format(endsAt)}`;
}

export const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
