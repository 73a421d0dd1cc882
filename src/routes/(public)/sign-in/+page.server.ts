import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { homePath } from '$lib/server/auth/policy';
import { signIn } from '$lib/server/auth/sign-in';
import { getDb } from '$lib/server/db';
import { parseForm, password, type FieldErrors } from '$lib/server/forms';
import { clientAddress, invalid, readForm } from '$lib/server/http/actions';
import { safeNext } from '$lib/server/http/redirects';
import { startSession } from '$lib/server/http/start-session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')) ?? homePath(locals.user));
	return {};
};

// Deliberately loose: anything typed is tried (and counted) rather than hinting what usernames look like.
const schema = v.object({
	username: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1, 'Please enter your username.'), v.maxLength(100, 'That username is too long.')),
	password
});

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(schema, await readForm(event.request), ['username', 'password'], ['password']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await signIn(await getDb(), { ...parsed.data, address: clientAddress(event) });
		if (!result.ok && result.reason === 'throttled') {
			event.setHeaders({ 'Retry-After': String(result.retryAfter) });
			const minutes = Math.ceil(result.retryAfter / 60);
			const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
			const errors: FieldErrors = { form: `Too many tries. Please wait ${wait} and try again.` };
			return fail(429, { errors, values: parsed.values });
		}
		if (!result.ok) return invalid({ form: 'That username and password don’t match. Check them and try again.' }, parsed.values);
		await startSession(event, result.token, result.expiresAt);
		redirect(303, safeNext(event.url.searchParams.get('next')) ?? homePath(result));
	}
};
