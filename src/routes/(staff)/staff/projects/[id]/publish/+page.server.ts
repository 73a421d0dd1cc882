import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { attempt } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { publishProject, publishingSummary, withdrawProject } from '$lib/server/publishing/publish';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const summary = await found(async () => publishingSummary(await getDb(), user.organisationId, id));
	return { ...summary, saved: event.url.searchParams.get('saved'), canPublish: can(user, 'projects:publish') };
};

async function projectFor(event: Parameters<Actions[string]>[0]) {
	const user = await requirePermission(event, 'projects:publish');
	const id = idParam(event.params.id ?? '');
	await found(async () => publishingSummary(await getDb(), user.organisationId, id));
	return { user, id };
}

export const actions: Actions = {
	publish: async (event) => {
		const { user, id } = await projectFor(event);
		const done = await attempt({}, async () => publishProject(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/publish?saved=published`);
	},
	withdraw: async (event) => {
		const { user, id } = await projectFor(event);
		const done = await attempt({}, async () => withdrawProject(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/publish?saved=withdrawn`);
	}
};
