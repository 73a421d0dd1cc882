import { fail, redirect, type Actions, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { findUsableInvitation, joinSchema, redeemJoinInvitation, redeemResetCode, resetSchema, suggestUsername } from '../auth/invitations';
import { throttleKey } from '../auth/sign-in';
import { recordFailure, retryAfterSeconds } from '../auth/throttle';
import { getDb } from '../db';
import { liveSessionCode } from '../live/participants';
import { InputError, parseForm, type FieldErrors, type FormValues } from '../forms';
import { clientAddress, invalid, readForm } from './actions';
import { startSession } from './start-session';

const codeField = v.object({ code: v.pipe(v.string(), v.trim(), v.minLength(1, 'Please type the code you were given.'), v.maxLength(40, 'That code is too long. Codes look like K7QMX-2PA9D.')) });

function joinRule() {
	return { kind: 'window' as const, max: 20, windowSeconds: 900 };
}

export type CodeCheck =
	| { state: 'ok'; code: string; purpose: 'join' | 'reset'; suggestedUsername: string }
	/** A live session's code typed here by mistake (only when asked to look for one). */
	| { state: 'live'; code: string }
	| { state: 'invalid' }
	| { state: 'throttled'; retryAfter: number };

/**
 * Looks a typed code up; wrong guesses are counted per address so codes can't be guessed. With
 * `orLive`, a live session's code is found too, behind the same limit (a throttled address can't
 * go on trying session codes here).
 */
export async function checkCode(event: RequestEvent, typed: string, options: { orLive?: boolean } = {}): Promise<CodeCheck> {
	const db = await getDb();
	const key = throttleKey('join-address', clientAddress(event));
	const retryAfter = await retryAfterSeconds(db, key);
	if (retryAfter > 0) return { state: 'throttled', retryAfter };
	const live = options.orLive ? await liveSessionCode(db, typed) : null;
	if (live) return { state: 'live', code: live };
	const invitation = await findUsableInvitation(db, typed);
	if (!invitation) {
		await recordFailure(db, key, joinRule());
		return { state: 'invalid' };
	}
	return { state: 'ok', code: typed.toUpperCase().trim(), purpose: invitation.purpose, suggestedUsername: suggestUsername() };
}

const INVALID_CODE = 'That code didn’t work. It may have been used already or run out. Check it, or ask for a new one.';

export function codeProblem(check: CodeCheck): string | null {
	if (check.state === 'invalid') return INVALID_CODE;
	if (check.state === 'throttled') return `Too many tries. Please wait ${Math.ceil(check.retryAfter / 60)} minutes and try again.`;
	return null;
}

/** The actions shared by /join (typed code) and /join/[code] (link or QR code). */
export const joinActions: Actions = {
	check: async (event) => {
		const parsed = parseForm(codeField, await readForm(event.request), ['code']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		// A live session's six-character code typed here by mistake goes to the session (other codes count as usual).
		const check = await checkCode(event, parsed.data.code, { orLive: true });
		if (check.state === 'live') redirect(303, `/live/${check.code}`);
		const problem = codeProblem(check);
		if (check.state === 'throttled') {
			event.setHeaders({ 'Retry-After': String(check.retryAfter) });
			return fail(429, { errors: { code: problem! } as FieldErrors, values: parsed.values });
		}
		if (problem) return invalid({ code: problem }, parsed.values);
		return { step: 'details' as const, check };
	},
	join: async (event) => {
		const form = await readForm(event.request);
		const parsed = parseForm(v.object({ ...codeField.entries, ...joinSchema.entries }), form, ['code', 'displayName', 'username', 'password'], ['password']);
		if (!parsed.ok) return detailsFailure('join', parsed.errors, parsed.values);
		const { code, ...details } = parsed.data;
		const refused = await refuseBadCode(event, code, 'join', parsed.values);
		if (refused) return refused;
		try {
			const joined = await redeemJoinInvitation(await getDb(), code, details);
			await startSession(event, joined.token, joined.expiresAt);
		} catch (err) {
			if (err instanceof InputError) return detailsFailure('join', { [err.field]: err.message }, parsed.values);
			throw err;
		}
		redirect(303, '/me?welcome=1');
	},
	reset: async (event) => {
		const parsed = parseForm(v.object({ ...codeField.entries, ...resetSchema.entries }), await readForm(event.request), ['code', 'password'], ['password']);
		if (!parsed.ok) return detailsFailure('reset', parsed.errors, parsed.values);
		const refused = await refuseBadCode(event, parsed.data.code, 'reset', parsed.values);
		if (refused) return refused;
		try {
			const reset = await redeemResetCode(await getDb(), parsed.data.code, parsed.data.password);
			await startSession(event, reset.token, reset.expiresAt);
		} catch (err) {
			if (err instanceof InputError) return detailsFailure('reset', { [err.field]: err.message }, parsed.values);
			throw err;
		}
		redirect(303, '/home');
	}
};

/**
 * Every action that takes a code counts wrong ones per address, so the join and reset forms are
 * no way round the limit on /join?/check.
 */
async function refuseBadCode(event: RequestEvent, code: string, purpose: 'join' | 'reset', values: FormValues) {
	const check = await checkCode(event, code);
	if (check.state === 'throttled') {
		event.setHeaders({ 'Retry-After': String(check.retryAfter) });
		return fail(429, { errors: { form: codeProblem(check)! } as FieldErrors, values, purpose });
	}
	if (check.state === 'invalid') return detailsFailure(purpose, { form: codeProblem(check)! }, values);
	return null;
}

/** The details form is shown again with its messages; the code stays in the form, not the URL. */
function detailsFailure(purpose: 'join' | 'reset', errors: FieldErrors, values: FormValues) {
	return fail(400, { errors, values, purpose });
}

