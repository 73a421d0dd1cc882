// Hours and money as people type them. Hours: a number with up to two decimal places, such as
// "3", "2.5" or "0.25". Money: pounds, with or without "£", commas and pence, such as "£10.50",
// "10" or "1,250". Anything else (negatives, "1e3", "0x10", too many decimals) is refused.
import * as v from 'valibot';
import { LONE_SURROGATE, NUL_MESSAGE, words } from '../forms';

/** The largest reward value rewards.value_pence allows: £1,000,000. */
export const MAX_REWARD_PENCE = 100_000_000;

/** "2.5" → 2.5; null unless it is plain digits with up to two decimal places. */
export function parseHours(raw: string): number | null {
	const s = raw.trim();
	if (!/^\d{1,3}(\.\d{1,2})?$|^\.\d{1,2}$/.test(s)) return null;
	return Number(s);
}

/** "£10.50" → 1050, "10" → 1000, "1,250" → 125000; null for anything else. */
export function parsePounds(raw: string): number | null {
	const s = raw.trim().replace(/^£\s*/, '');
	if (!/^(\d{1,3}(,\d{3})+|\d{1,9})(\.\d{1,2})?$/.test(s)) return null;
	const [whole, fraction = ''] = s.replaceAll(',', '').split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Hours between min and max, as a form field (blank refused). */
export function hoursField(label: string, minHours: number, maxHours: number) {
	return v.pipe(
		v.string(),
		v.check((s) => !s.includes('\u0000'), NUL_MESSAGE),
		v.trim(),
		v.nonEmpty(`Enter ${label}, for example 2.5.`),
		v.check((s) => parseHours(s) !== null, `Enter ${label} as a number, for example 2.5 (up to two decimal places).`),
		v.transform((s) => parseHours(s)!),
		v.check((n) => n >= minHours && n <= maxHours, `${label.charAt(0).toUpperCase()}${label.slice(1)} must be from ${minHours} to ${maxHours}.`)
	);
}

/** Required plain words (no NUL, no broken characters), trimmed and capped. */
export function plainWords(label: string, max: number) {
	return v.pipe(
		v.string(),
		v.check((s) => !LONE_SURROGATE.test(s), NUL_MESSAGE),
		words(label, max)
	);
}
