// A mystery shopper's report as the phone sends it and the server checks it: the same rules on
// both sides (no server imports here), so a report that waits offline was already checked before
// it was queued and the server only refuses what someone changed on the way.

export const NOT_SEEN_VALUE = 'not_seen';
export type RatingChoice = 1 | 2 | 3 | 4 | 5 | typeof NOT_SEEN_VALUE;

/** Each comment and each of the three longer answers. */
export const REPORT_TEXT_MAX = 2000;

export interface ReportPayload {
	/** The day they went or made contact, YYYY-MM-DD. */
	visitedOn: string;
	/** Per checklist item id: a rating 1-5 or "didn't see this", and an optional comment. */
	ratings: Record<string, { rating: RatingChoice; comment: string }>;
	wentWell: string;
	couldBeBetter: string;
	otherComments: string;
}

export type ReportErrors = Record<string, string>;

export const REPORT_TEXT_FIELDS = ['wentWell', 'couldBeBetter', 'otherComments'] as const;
export const ratingField = (itemId: string) => `rating-${itemId}`;
export const commentField = (itemId: string) => `comment-${itemId}`;

export const BAD_CHARACTER = 'That has a character in it we can’t accept. Please type it again.';
const TOO_LONG = `Please keep this to ${REPORT_TEXT_MAX.toLocaleString('en-GB')} characters or fewer.`;
const CHOOSE = 'Please pick how it was, or “I didn’t see this”.';

/** True for a date that exists on the calendar, written YYYY-MM-DD. */
function isRealDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// Postgres can't store NUL, and no keyboard types a lone surrogate.
const UNACCEPTABLE = /[\u0000]|\p{Cs}/u;

function checkText(value: unknown, field: string, errors: ReportErrors): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') {
		errors[field] = 'Please type this in as words.';
		return '';
	}
	if (UNACCEPTABLE.test(value)) errors[field] = BAD_CHARACTER;
	else if (value.length > REPORT_TEXT_MAX) errors[field] = TOO_LONG;
	return value.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

export interface ReportRules {
	/** The checklist's item ids, in order: every one needs a rating or "didn't see this". */
	itemIds: readonly string[];
	windowFrom: string;
	windowTo: string;
	/** Today's date where the visit happened (YYYY-MM-DD): a visit can't be in the future. */
	today: string;
}

/** The report, or what needs changing (keyed by form field name; `form` for the whole report). */
export function checkReport(rules: ReportRules, raw: unknown): { report: ReportPayload | null; errors: ReportErrors } {
	const errors: ReportErrors = {};
	if (!isRecord(raw)) return { report: null, errors: { form: 'We couldn’t read that report. Please try again.' } };
	const known = new Set(rules.itemIds);
	const extra = Object.keys(raw).filter((k) => !['visitedOn', 'ratings', ...REPORT_TEXT_FIELDS].includes(k));
	if (extra.length) errors.form = 'That report has something in it we don’t ask for. Please reload the page and try again.';

	let visitedOn = '';
	if (typeof raw.visitedOn !== 'string' || raw.visitedOn.trim() === '') errors.visitedOn = 'Please enter the day you went.';
	else if (!isRealDate(raw.visitedOn.trim())) errors.visitedOn = 'Please enter the day you went as a real date, for example 2026-03-14.';
	else {
		visitedOn = raw.visitedOn.trim();
		if (visitedOn > rules.today) errors.visitedOn = 'The day you went can’t be in the future.';
		else if (visitedOn < rules.windowFrom || visitedOn > rules.windowTo) errors.visitedOn = 'Please pick a day inside the dates for this visit.';
	}

	const ratings: ReportPayload['ratings'] = {};
	const given = isRecord(raw.ratings) ? raw.ratings : null;
	if (!given) errors.form ??= 'Please rate each question on the checklist.';
	else {
		if (Object.keys(given).some((id) => !known.has(id)))
			errors.form = 'The checklist for this visit has changed since you opened it. Please reload the page (your answers are kept).';
		for (const id of rules.itemIds) {
			const entry = given[id];
			const value = isRecord(entry) ? entry.rating : undefined;
			const rating = value === NOT_SEEN_VALUE ? NOT_SEEN_VALUE : Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5 ? (value as 1 | 2 | 3 | 4 | 5) : null;
			if (rating === null) errors[ratingField(id)] = value === undefined || value === null || value === '' ? CHOOSE : 'Please pick a number from 1 to 5, or “I didn’t see this”.';
			if (isRecord(entry) && Object.keys(entry).some((k) => k !== 'rating' && k !== 'comment')) errors.form ??= 'That report has something in it we don’t ask for. Please reload the page and try again.';
			const comment = checkText(isRecord(entry) ? entry.comment : undefined, commentField(id), errors);
			if (rating !== null) ratings[id] = { rating, comment };
		}
	}
	const words = Object.fromEntries(REPORT_TEXT_FIELDS.map((f) => [f, checkText(raw[f], f, errors)])) as Record<(typeof REPORT_TEXT_FIELDS)[number], string>;
	if (Object.keys(errors).length) return { report: null, errors };
	return { report: { visitedOn, ratings, ...words }, errors };
}

/** The same report from a form (a page posted without JavaScript, or the phone reading its own form). */
export function reportFromForm(itemIds: readonly string[], form: { get(name: string): FormDataEntryValue | null }): Record<string, unknown> {
	const str = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : value === null ? undefined : 0; // a file: refused as "not words"
	};
	const ratings: Record<string, { rating: unknown; comment: unknown }> = {};
	for (const id of itemIds) {
		const picked = str(ratingField(id));
		const rating = picked === undefined || picked === '' ? undefined : picked === NOT_SEEN_VALUE ? NOT_SEEN_VALUE : /^[0-9]{1,2}$/.test(String(picked)) ? Number(picked) : picked;
		ratings[id] = { rating, comment: str(commentField(id)) ?? '' };
	}
	return {
		visitedOn: str('visitedOn') ?? '',
		ratings,
		wentWell: str('wentWell') ?? '',
		couldBeBetter: str('couldBeBetter') ?? '',
		otherComments: str('otherComments') ?? ''
	};
}

/** A form's field values from a report (to show a draft or a report sent back for changes). */
export function formValuesOf(report: Partial<ReportPayload>): Record<string, string> {
	const values: Record<string, string> = {};
	if (typeof report.visitedOn === 'string') values.visitedOn = report.visitedOn;
	for (const [id, entry] of Object.entries(report.ratings ?? {})) {
		if (entry.rating !== undefined && entry.rating !== null) values[ratingField(id)] = String(entry.rating);
		if (entry.comment) values[commentField(id)] = entry.comment;
	}
	for (const f of REPORT_TEXT_FIELDS) if (typeof report[f] === 'string') values[f] = report[f] as string;
	return values;
}
