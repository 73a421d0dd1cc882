// Form fields shared by the monitoring modules, with plain-words messages (text fields: words and
// optionalWords in ../forms).
import * as v from 'valibot';
import { capitalise, noNul } from '../forms';

/**
 * A number as typed: commas, spaces and a % or £ sign are ignored; up to 12 digits before the point
 * and 2 after (what numeric(14, 2) holds); may be negative.
 */
export const numberField = (label: string) =>
	v.pipe(
		v.string(),
		noNul,
		v.trim(),
		v.minLength(1, `Please enter ${label}.`),
		v.transform((s) => s.replace(/[,\s%£]/g, '')),
		v.regex(/^-?\d{1,12}(\.\d{1,2})?$/, `Enter ${label} as a number, for example 42 or 12.5 (up to 2 decimal places).`),
		v.transform(Number)
	);

/** Whole months between 1 and 60; empty means the default. */
export const monthsField = (label: string, fallback: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => (s === '' ? String(fallback) : s)),
		v.regex(/^\d{1,3}$/, `Enter ${label} as a whole number of months.`),
		v.transform(Number),
		v.minValue(1, `${capitalise(label)} is at least 1 month.`),
		v.maxValue(60, `${capitalise(label)} is at most 60 months.`)
	);

/** A "yes"/"no" choice from radio buttons. */
export const yesNo = (message: string) => v.pipe(v.string(), v.picklist(['yes', 'no'], message), v.transform((s) => s === 'yes'));
