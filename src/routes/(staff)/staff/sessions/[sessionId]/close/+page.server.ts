import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { announce } from '$lib/server/realtime';
import { CLOSING_FIELDS, closeSession, closingPage, closingSchema, type ClosingInput } from '$lib/server/workshops/closing';
import { sessionInOrganisation } from '$lib/server/workshops/lookup';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const id = idParam(event.params.sessionId);
	const page = await found(async () => closingPage(await getDb(), user.organisationId, id));
	return { ...page, saved: event.url.searchParams.get('saved') };
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'sessions:manage');
		const id = idParam(event.params.sessionId);
		await found(async () => sessionInOrganisation(await getDb(), user.organisationId, id));
		const parsed = parseForm(closingSchema, await readForm(event.request), CLOSING_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => closeSession(await getDb(), user, id, parsed.values as unknown as ClosingInput));
		if (!done.ok) return done.failure;
		if (done.value.closed) {
			// Phones and the screen learn the session and its activities have closed.
			await announce({ sessionId: id, what: 'control' });
			redirect(303, `/staff/sessions/${id}?saved=closed`);
		}
		redirect(303, `/staff/sessions/${id}/close?saved=record`);
	}
};
