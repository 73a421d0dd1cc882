import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { PARTNER_FIELDS, addPartner, partnerIdSchema, partnerSchema, removePartner } from '$lib/server/projects/partners';
import { getProject, projectSchema, updateProject } from '$lib/server/projects/projects';
import { PROJECT_CHOICES, PROJECT_FIELDS, getProjectForEditing } from '$lib/server/projects/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id);
	const editing = await found(async () => getProjectForEditing(await getDb(), user.organisationId, id));
	return { ...editing, choices: PROJECT_CHOICES, saved: event.url.searchParams.get('saved') };
};

/** Permission first, then the id's shape, then that the project is this organisation's (else 404). */
async function projectFor(event: Parameters<Actions[string]>[0]) {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id ?? '');
	await found(async () => getProject(await getDb(), user.organisationId, id));
	return { user, id };
}

export const actions: Actions = {
	save: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(projectSchema, await readForm(event.request), PROJECT_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateProject(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}?saved=updated`);
	},
	addPartner: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(partnerSchema, await readForm(event.request), PARTNER_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, partnerForm: 'add' });
		const done = await attempt({ ...parsed.values, partnerForm: 'add' }, async () => addPartner(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/edit?saved=partner-added#partners`);
	},
	removePartner: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(partnerIdSchema, await readForm(event.request), ['partnerId']);
		if (!parsed.ok) return invalid(parsed.errors, { partnerForm: 'remove' });
		const done = await attempt({ partnerForm: 'remove' }, async () => removePartner(await getDb(), user, id, parsed.data.partnerId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/edit?saved=partner-removed#partners`);
	}
};
