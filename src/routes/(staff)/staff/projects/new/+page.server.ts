import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { createProject, listLeadOfficers, projectSchema } from '$lib/server/projects/projects';
import { PROJECT_CHOICES, PROJECT_FIELDS } from '$lib/server/projects/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:manage');
	return { leadOfficers: await listLeadOfficers(await getDb(), user.organisationId), choices: PROJECT_CHOICES, me: user.id };
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'projects:manage');
		const parsed = parseForm(projectSchema, await readForm(event.request), PROJECT_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => createProject(await getDb(), user, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${done.value.id}?saved=created`);
	}
};
