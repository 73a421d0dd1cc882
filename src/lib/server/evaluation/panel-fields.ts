// What a panel's setup form accepts: the quorum, the scoring window (typed in UK time) and the
// hours each participant member is credited once they submit their scores. panels.ts validates
// with panelSchema and re-exports all of this, so callers import from either.
import * as v from 'valibot';
import { isRealDate } from '../forms';
import { parseHours } from '../recognition/fields';

/** Panel windows are typed in UK time (what a datetime-local input sends) or given as full ISO. */
function londonOffsetMs(utcMs: number): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
			.formatToParts(new Date(utcMs))
			.map((p) => [p.type, Number(p.value)])
	);
	return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - utcMs;
}

export function parseWindowTime(s: string): Date | null {
	const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
	if (local) {
		const [y, mo, d, h, mi] = local.slice(1).map(Number);
		const guess = Date.UTC(y, mo - 1, d, h, mi);
		if (!isRealDate(s.slice(0, 10)) || y < 2000 || y > 2099 || h > 23 || mi > 59) return null;
		return new Date(guess - londonOffsetMs(guess));
	}
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
	const date = new Date(s);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** "14 September 2026 at 18:00", in UK time. */
export function windowTime(d: Date): string {
	const day = d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
	const time = d.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	return `${day} at ${time}`;
}

const windowField = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || parseWindowTime(s) !== null, `Enter ${label} as a date and time, for example 2026-09-14T18:00.`),
		v.transform((s) => (s === '' ? null : parseWindowTime(s)))
	);

export const panelSchema = v.object({
	quorum: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,2}$/, 'Enter how many scores each bid needs as a whole number, for example 3.'),
		v.transform(Number),
		v.minValue(1, 'Each bid needs at least 1 score from the panel.'),
		v.maxValue(50, 'A quorum of 50 scores or fewer, please.')
	),
	opensAt: windowField('when scoring opens'),
	closesAt: windowField('when scoring closes'),
	/** Hours each participant member is credited once they submit; blank or left out keeps what it was (3 to start with). */
	creditedHours: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.check((s) => s === '' || (parseHours(s) ?? 99) <= 24, 'Enter the hours each member is credited as a number from 0 to 24, for example 3 or 2.5.'),
			v.transform((s) => (s === '' ? undefined : parseHours(s)!))
		)
	)
});
export type PanelInput = v.InferInput<typeof panelSchema>;
