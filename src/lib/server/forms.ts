import * as v from 'valibot';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type Parsed<T> =
	| { ok: true; data: T; values: FormValues }
	| { ok: false; errors: FieldErrors; values: FormValues };

/** Postgres can't store NUL, and no person types one: every form and domain check refuses it with this. */
export const NUL_MESSAGE = 'That has a character in it we can’t accept. Please type it again.';

/** A valibot check refusing NUL (domain functions may be called without parseForm's check). */
export const noNul = v.check((s: string) => !s.includes('\u0000'), NUL_MESSAGE);

/** Half of a character pair with no other half (broken text): refused with NUL_MESSAGE like NUL. */
export const LONE_SURROGATE = /\p{Cs}/u;

/** Domain functions throw this for input that passed the form schema but breaks a rule. */
export class InputError extends Error {
	constructor(
		message: string,
		public readonly field: string = 'form'
	) {
		super(message);
	}
}

/**
 * Reads the named text fields from a form (files and missing fields become errors or empty
 * strings, never exceptions) and validates them with a valibot schema.
 * `values` echoes what was typed (never passwords) so the form can be shown again.
 */
export function parseForm<TSchema extends v.GenericSchema<Record<string, unknown>, unknown>>(
	schema: TSchema,
	form: FormData,
	fields: readonly string[],
	secretFields: readonly string[] = []
): Parsed<v.InferOutput<TSchema>> {
	const raw: Record<string, string> = {};
	const errors: FieldErrors = {};
	for (const name of fields) {
		const value = form.get(name);
		if (value !== null && typeof value !== 'string') errors[name] = 'Please type this in rather than attaching a file.';
		// Postgres can't store NUL, and no person types one.
		else if (typeof value === 'string' && value.includes('\u0000')) errors[name] = NUL_MESSAGE;
		raw[name] = typeof value === 'string' ? value : '';
	}
	const values: FormValues = {};
	for (const name of fields) if (!secretFields.includes(name)) values[name] = raw[name].slice(0, 2000);
	if (Object.keys(errors).length) return { ok: false, errors, values };
	const result = v.safeParse(schema, raw);
	if (result.success) return { ok: true, data: result.output, values };
	for (const issue of result.issues) {
		const key = issue.path?.[0]?.key;
		const field = typeof key === 'string' ? key : 'form';
		errors[field] ??= issue.message;
	}
	return { ok: false, errors, values };
}

/**
 * Domain functions re-check their input against the same schema the form used, so a caller that
 * skipped the form (a script, a future API) still can't store what the form would refuse.
 */
export function validate<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, input);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const key = issue.path?.[0]?.key;
	throw new InputError(issue.message, typeof key === 'string' ? key : 'form');
}

/** Our ids (src/lib/server/db/ids.ts): 16 lower-case base32 characters. Anything else can't exist. */
export const ID_PATTERN = /^[a-z2-7]{16}$/;

/** A form field holding one of our ids (a hidden input or a choice); anything else gets `message`. */
export function idField(message: string) {
	return v.pipe(v.string(), v.regex(ID_PATTERN, message));
}

/** A search box's text: bounded, and without characters Postgres can't hold. */
export function searchText(raw: string | null, max = 80): string {
	return (raw ?? '').replace(/\u0000/g, '').trim().slice(0, max);
}

/** A required line of text, trimmed, with plain-words messages. */
export function text(label: string, max: number, min = 1) {
	return v.pipe(
		v.string(),
		v.trim(),
		v.minLength(min, min === 1 ? `Please enter ${label}.` : `${capitalise(label)} needs at least ${min} characters.`),
		v.maxLength(max, `${capitalise(label)} can be at most ${max} characters.`)
	);
}

/** True for a date that exists on the calendar, written YYYY-MM-DD (Postgres refuses others). */
export function isRealDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A required date as a date input sends it, between the years 2000 and 2099. */
export function realDate(label: string) {
	return v.pipe(
		v.string(),
		v.trim(),
		v.check(isRealDate, `Enter ${label} as a real date, for example 2026-09-14.`),
		v.check((s) => s >= '2000-01-01' && s <= '2099-12-31', `Enter ${label} between the years 2000 and 2099.`)
	);
}

/** Required text that refuses NUL, trimmed and capped, with plain-words messages. */
export function words(label: string, max: number) {
	return v.pipe(v.string(), noNul, text(label, max));
}

/** Optional text that refuses NUL, trimmed and capped; empty stays ''. */
export function optionalWords(label: string, max: number) {
	return v.pipe(v.string(), noNul, v.trim(), v.maxLength(max, `${capitalise(label)} can be at most ${max} characters.`));
}

/** Optional text: empty becomes null. */
export function optionalText(label: string, max: number) {
	return v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(max, `${capitalise(label)} can be at most ${max} characters.`),
		v.transform((s) => (s === '' ? null : s))
	);
}

export function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Usernames: letters, digits, dot, dash, underscore; stored lower-case. */
export const username = v.pipe(
	v.string(),
	v.trim(),
	v.toLowerCase(),
	v.minLength(3, 'Usernames have at least 3 characters.'),
	v.maxLength(40, 'Usernames have at most 40 characters.'),
	v.regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use only letters, numbers, dots, dashes and underscores in a username.')
);

/** A password as typed: never trimmed; length and commonness are checked by passwordProblem. */
export const password = v.pipe(v.string(), v.minLength(1, 'Please enter a password.'), v.maxLength(1024, 'That password is too long.'));
