import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { getProject } from '$lib/server/projects/projects';
import { YOU_SAID_FIELDS, addYouSaid, youSaidChoices, youSaidSchema } from '$lib/server/projects/you-said';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id);
	const project = await found(async () => getProject(await getDb(), user.organisationId, id));
	return { project: { id: project.id, title: project.title }, choices: youSaidChoices() };
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'projects:manage');
		const id = idParam(event.params.id ?? '');
		await found(async () => getProject(await getDb(), user.organisationId, id));
		const parsed = parseForm(youSaidSchema, await readForm(event.request), YOU_SAID_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => addYouSaid(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/you-said-we-did?saved=added`);
	}
};
