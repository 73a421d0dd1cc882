import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { publicProject } from '$lib/server/publishing/portal';
import type { PageServerLoad } from './$types';

// Public: no sign-in. Unpublished, withdrawn and unknown projects are all the same 404.
export const load: PageServerLoad = async ({ params }) => {
	const project = await publicProject(await getDb(), params.slug);
	if (!project) error(404, 'We couldn’t find that project.');
	return { project };
};
