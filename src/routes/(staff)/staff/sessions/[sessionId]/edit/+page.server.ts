import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { announce } from '$lib/server/realtime';
import { sessionInOrganisation } from '$lib/server/workshops/lookup';
import { SESSION_FIELDS, sessionSchema, type SessionInput } from '$lib/server/workshops/session-input';
import { editSessionPage } from '$lib/server/workshops/session-pages';
import { updateSession } from '$lib/server/workshops/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const id = idParam(event.params.sessionId);
	return found(async () => editSessionPage(await getDb(), user.organisationId, id));
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'sessions:manage');
		const id = idParam(event.params.sessionId);
		await found(async () => sessionInOrganisation(await getDb(), user.organisationId, id));
		const parsed = parseForm(sessionSchema, await readForm(event.request), SESSION_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateSession(await getDb(), user, id, parsed.values as unknown as SessionInput));
		if (!done.ok) return done.failure;
		// The title and whether names show reach the phones and the screen.
		if (done.value) await announce({ sessionId: id, what: 'control' });
		redirect(303, `/staff/sessions/${id}?saved=${done.value ? 'updated' : 'unchanged'}`);
	}
};
