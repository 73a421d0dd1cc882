// What the session form sends and the rules it must meet: the project, cycle step, kind, title,
// when (as people in England read a clock: the form's local date and time are turned into a
// moment, summer time or not), where (a place, an https link or both), capacity, who is invited,
// hours and whether nicknames may reach the screen.
import * as v from 'valibot';
import { InputError, optionalWords, validate, words } from '../forms';
import { stepField } from '../projects/steps';
import { ID } from './lookup';
import { SESSION_INVITES, SESSION_KINDS } from './schema';

/** Longest a session may last: anything longer is almost certainly a typing slip. */
export const MAX_SESSION_DAYS = 7;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const PARTS = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** A moment as a datetime-local input shows it in England: "2026-04-14T18:30". */
export function londonInputValue(at: Date): string {
	const p = Object.fromEntries(PARTS.formatToParts(at).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * A clock time in England ("2026-04-14T18:30") as a moment, or null when it isn't a real one: a
 * day that doesn't exist, or a time skipped when the clocks go forward. A time that happens twice
 * when they go back is taken as the first.
 */
export function londonDateTime(value: string): Date | null {
	const m = LOCAL.exec(value);
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
	const naive = Date.UTC(y, mo - 1, d, h, mi);
	const wanted = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
	// England is UTC+1 or UTC+0: try summer time first so a repeated hour means the first one.
	for (const offsetHours of [1, 0]) {
		const at = new Date(naive - offsetHours * 3_600_000);
		if (londonInputValue(at) === wanted) return at;
	}
	return null;
}

const moment = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.minLength(1, `Please enter ${label}.`),
		v.check((s) => LOCAL.test(s), `Enter ${label} as a date and time, for example 2026-09-14 18:30.`),
		v.check((s) => s.slice(0, 10) >= '2000-01-01' && s.slice(0, 10) <= '2099-12-31', `Enter ${label} between the years 2000 and 2099.`),
		v.check((s) => londonDateTime(s) !== null, `That isn’t a real time in the UK for ${label}: check the date, and the hour the clocks go forward.`)
	);

/** A whole number typed in a form, from min to max, with one message for anything else. */
export const whole = (message: string, min: number, max: number) => v.pipe(v.string(), v.trim(), v.regex(/^\d{1,5}$/, message), v.transform(Number), v.minValue(min, message), v.maxValue(max, message));

export const sessionSchema = v.object({
	projectId: v.pipe(v.string(), v.regex(ID, 'Choose one of your projects.')),
	step: stepField,
	kind: v.picklist(SESSION_KINDS, 'Choose what kind of session it is.'),
	title: words('a title', 150),
	description: optionalWords('the description', 2000),
	startsAt: moment('when it starts'),
	endsAt: moment('when it ends'),
	place: optionalWords('the place', 300),
	onlineLink: v.pipe(
		optionalWords('the online link', 500),
		v.check((s) => s === '' || /^https:\/\/[^\s/?#]+\.[^\s]*$/i.test(s), 'The online link has to be a web address starting with https://, for example https://meet.example.org/room.')
	),
	capacity: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || (/^\d{1,5}$/.test(s) && Number(s) >= 1 && Number(s) <= 10000), 'Enter the most people who can come as a whole number from 1 to 10,000, or leave it empty for no limit.'),
		v.transform((s) => (s === '' ? null : Number(s)))
	),
	invite: v.picklist(SESSION_INVITES, 'Choose who can come.'),
	hoursCredited: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,2}(\.\d{1,2})?$/, 'Enter the hours as a number from 0 to 24, for example 2 or 1.5.'),
		v.transform(Number),
		v.maxValue(24, 'A session can credit at most 24 hours.')
	),
	showNicknames: v.pipe(
		v.optional(v.string(), ''),
		v.picklist(['', 'yes'], 'Tick the box to show nicknames, or leave it empty.')
	)
});
export type SessionInput = v.InferInput<typeof sessionSchema>;
export const SESSION_FIELDS = [
	'projectId',
	'step',
	'kind',
	'title',
	'description',
	'startsAt',
	'endsAt',
	'place',
	'onlineLink',
	'capacity',
	'invite',
	'hoursCredited',
	'showNicknames'
] as const;

/** The form's values checked together: what to store, or InputError on the field to fix. */
export function checkedSession(input: SessionInput) {
	const data = validate(sessionSchema, input);
	const startsAt = londonDateTime(data.startsAt)!;
	const endsAt = londonDateTime(data.endsAt)!;
	if (endsAt <= startsAt) throw new InputError('The session has to end after it starts.', 'endsAt');
	if (endsAt.getTime() - startsAt.getTime() > MAX_SESSION_DAYS * 86_400_000)
		throw new InputError(`A session can last at most ${MAX_SESSION_DAYS} days. Check the end date.`, 'endsAt');
	if (!data.place && !data.onlineLink) throw new InputError('Say where it happens: a place, an online link, or both.', 'place');
	return {
		projectId: data.projectId,
		step: data.step,
		kind: data.kind,
		title: data.title,
		description: data.description,
		startsAt,
		endsAt,
		place: data.place,
		onlineLink: data.onlineLink || null,
		capacity: data.capacity,
		invite: data.invite,
		hoursCredited: data.hoursCredited,
		showNicknames: data.showNicknames === 'yes'
	};
}
export type CheckedSession = ReturnType<typeof checkedSession>;

/** A new session's form: the first project, step 2, a workshop next week at 6pm for two hours. */
export function sessionDefaults(projectId: string | undefined, now = new Date()): Record<string, string> {
	const day = londonInputValue(new Date(now.getTime() + 7 * 86_400_000)).slice(0, 10);
	return {
		projectId: projectId ?? '',
		step: '2',
		kind: 'workshop',
		title: '',
		description: '',
		startsAt: `${day}T18:00`,
		endsAt: `${day}T20:00`,
		place: '',
		onlineLink: '',
		capacity: '',
		invite: 'participants',
		hoursCredited: '2',
		showNicknames: ''
	};
}

/** A stored session as the form shows it. */
export function sessionValues(s: CheckedSession & { hoursCredited: number }): Record<string, string> {
	return {
		projectId: s.projectId,
		step: String(s.step),
		kind: s.kind,
		title: s.title,
		description: s.description,
		startsAt: londonInputValue(s.startsAt),
		endsAt: londonInputValue(s.endsAt),
		place: s.place,
		onlineLink: s.onlineLink ?? '',
		capacity: s.capacity === null ? '' : String(s.capacity),
		invite: s.invite,
		hoursCredited: String(s.hoursCredited),
		showNicknames: s.showNicknames ? 'yes' : ''
	};
}
