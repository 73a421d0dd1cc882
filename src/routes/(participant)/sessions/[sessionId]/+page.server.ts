import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { attempt, clientAddress, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { throttledMessage } from '$lib/server/live/participants';
import { checkInWithCode } from '$lib/server/workshops/check-in';
import { mySession } from '$lib/server/workshops/my-sessions';
import { cancelRegistration, registerForSession } from '$lib/server/workshops/registrations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const id = idParam(event.params.sessionId);
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ...(await found(async () => mySession(await getDb(), user, id))), saved: event.url.searchParams.get('saved') };
};

async function sessionFor(event: RequestEvent<{ sessionId: string }>) {
	const user = await requirePermission(event, 'participant:home');
	const id = idParam(event.params.sessionId ?? '');
	await found(async () => mySession(await getDb(), user, id));
	return { user, id };
}

const codeForm = v.object({ code: v.pipe(v.string(), v.maxLength(40, 'That doesn’t look like a session code. It has 6 letters and numbers, for example K7QM2X.')) });

export const actions: Actions = {
	register: async (event) => {
		const { user, id } = await sessionFor(event);
		await readForm(event.request);
		const done = await attempt({ form: 'sign-up' }, async () => registerForSession(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/sessions/${id}?saved=${done.value.created ? 'signed-up' : 'already'}`);
	},
	cancel: async (event) => {
		const { user, id } = await sessionFor(event);
		await readForm(event.request);
		const done = await attempt({ form: 'sign-up' }, async () => cancelRegistration(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, '/sessions?saved=cancelled');
	},
	checkIn: async (event) => {
		const { user, id } = await sessionFor(event);
		const parsed = parseForm(codeForm, await readForm(event.request), ['code']);
		const values = { ...parsed.values, form: 'check-in' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		// Wrong codes count against the address (as on /live) and the account: a right one signs them up.
		const done = await attempt(values, async () => checkInWithCode(await getDb(), user, clientAddress(event), parsed.data.code, id));
		if (!done.ok) return done.failure;
		if (done.value.state === 'throttled') {
			event.setHeaders({ 'retry-after': String(done.value.retryAfter) });
			return fail(429, { errors: { code: throttledMessage(done.value.retryAfter) } as FieldErrors, values });
		}
		// A code for another of their sessions checks them in there: show that one.
		redirect(303, `/sessions/${done.value.sessionId}?saved=${done.value.sessionId === id ? 'checked-in' : 'checked-in-elsewhere'}`);
	}
};
