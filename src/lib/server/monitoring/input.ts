// Form fields shared by the monitoring modules, with plain-words messages.
import * as v from 'valibot';
import { text } from '../forms';

export const NUL_MESSAGE = 'That has a character in it we can’t accept. Please type it again.';
const noNul = v.check((s: string) => !s.includes('\u0000'), NUL_MESSAGE);

/** Required text without NUL, trimmed and capped. */
export const words = (label: string, max: number) => v.pipe(v.string(), noNul, text(label, max));

/** Optional text without NUL, trimmed and capped; empty stays ''. */
export const optionalWords = (label: string, max: number) =>
	v.pipe(v.string(), noNul, v.trim(), v.maxLength(max, `${label.charAt(0).toUpperCase()}${label.slice(1)} can be at most ${max} characters.`));

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
		v.minValue(1, `${label.charAt(0).toUpperCase()}${label.slice(1)} is at least 1 month.`),
		v.maxValue(60, `${label.charAt(0).toUpperCase()}${label.slice(1)} is at most 60 months.`)
	);

/** A "yes"/"no" choice from radio buttons. */
export const yesNo = (message: string) => v.pipe(v.string(), v.picklist(['yes', 'no'], message), v.transform((s) => s === 'yes'));
