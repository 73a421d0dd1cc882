import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { YOU_SAID_FIELDS, deleteYouSaid, getYouSaid, updateYouSaid, youSaidChoices, youSaidForEdit, youSaidSchema } from '$lib/server/projects/you-said';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id);
	const entryId = idParam(event.params.entryId);
	const page = await found(async () => youSaidForEdit(await getDb(), user.organisationId, id, entryId));
	return { ...page, choices: youSaidChoices() };
};

/** The entry must belong to this project of the actor's organisation; anything else is a 404. */
async function entryFor(event: Parameters<Actions[string]>[0]) {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id ?? '');
	const entryId = idParam(event.params.entryId ?? '');
	await found(async () => getYouSaid(await getDb(), user.organisationId, id, entryId));
	return { user, id, entryId };
}

export const actions: Actions = {
	save: async (event) => {
		const { user, id, entryId } = await entryFor(event);
		const parsed = parseForm(youSaidSchema, await readForm(event.request), YOU_SAID_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateYouSaid(await getDb(), user, id, entryId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/you-said-we-did?saved=updated`);
	},
	delete: async (event) => {
		const { user, id, entryId } = await entryFor(event);
		const done = await attempt({}, async () => deleteYouSaid(await getDb(), user, id, entryId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/you-said-we-did?saved=deleted`);
	}
};
