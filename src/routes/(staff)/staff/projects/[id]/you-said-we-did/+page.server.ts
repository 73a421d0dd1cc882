import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can, type Permission } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { getProject } from '$lib/server/projects/projects';
import { deleteYouSaid, publishYouSaid, withdrawYouSaid, youSaidPage } from '$lib/server/projects/you-said';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const page = await found(async () => youSaidPage(await getDb(), user.organisationId, id));
	return { ...page, saved: event.url.searchParams.get('saved'), canManage: can(user, 'projects:manage'), canPublish: can(user, 'projects:publish') };
};

const entryField = v.object({ entryId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That entry was not found.')) });

/** Every action re-checks permission, the project's organisation, and the entry id's shape. */
async function entryFor(event: Parameters<Actions[string]>[0], permission: Permission) {
	const user = await requirePermission(event, permission);
	const id = idParam(event.params.id ?? '');
	await found(async () => getProject(await getDb(), user.organisationId, id));
	const parsed = parseForm(entryField, await readForm(event.request), ['entryId']);
	return { user, id, parsed };
}

export const actions: Actions = {
	publish: async (event) => {
		const { user, id, parsed } = await entryFor(event, 'projects:publish');
		if (!parsed.ok) return invalid(parsed.errors);
		const done = await attempt({}, async () => publishYouSaid(await getDb(), user, id, parsed.data.entryId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/you-said-we-did?saved=published`);
	},
	withdraw: async (event) => {
		const { user, id, parsed } = await entryFor(event, 'projects:publish');
		if (!parsed.ok) return invalid(parsed.errors);
		const done = await attempt({}, async () => withdrawYouSaid(await getDb(), user, id, parsed.data.entryId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/you-said-we-did?saved=withdrawn`);
	},
	delete: async (event) => {
		const { user, id, parsed } = await entryFor(event, 'projects:manage');
		if (!parsed.ok) return invalid(parsed.errors);
		const done = await attempt({}, async () => deleteYouSaid(await getDb(), user, id, parsed.data.entryId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/you-said-we-did?saved=deleted`);
	}
};
