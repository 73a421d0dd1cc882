import { redirect } from '@sveltejs/kit';
import { requirePermission, requireUser } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { FLAG_RULE } from '$lib/server/reach/figures';
import { setQualityPublished } from '$lib/server/reach/quality';
import { projectReach } from '$lib/server/reach/reach';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'reach:view');
	const id = idParam(event.params.id);
	const reach = await found(async () => projectReach(await getDb(), user.organisationId, id));
	return { ...reach, flagRule: FLAG_RULE };
};

export const actions: Actions = {
	/** Publish or unpublish the project's quality counts: officers (reach:manage) or whoever publishes projects. */
	quality: async (event) => {
		const user = requireUser(event);
		if (!can(user, 'reach:manage')) await requirePermission(event, 'projects:publish');
		const id = idParam(event.params.id ?? '');
		const form = await readForm(event.request);
		const publish = form.get('publish');
		if (publish !== 'yes' && publish !== 'no') return invalid({ publish: 'Choose whether to show the quality counts on the public page.' });
		await found(async () => setQualityPublished(await getDb(), user, id, publish === 'yes'));
		redirect(303, `/staff/projects/${id}?saved=${publish === 'yes' ? 'quality-on' : 'quality-off'}#quality-heading`);
	}
};
