import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { OPEN_DATA_HEADERS, withLinks } from '$lib/server/publishing/open-data';
import { publicProject } from '$lib/server/publishing/portal';
import type { RequestHandler } from './$types';

// Open data: one published project. Unpublished, withdrawn and unknown are the same 404.
export const GET: RequestHandler = async ({ params, url }) => {
	const project = await publicProject(await getDb(), params.slug);
	if (!project) return json({ error: 'Not found' }, { status: 404, headers: { ...OPEN_DATA_HEADERS, 'cache-control': 'no-store' } });
	return json({ project: withLinks(project, url.origin) }, { headers: OPEN_DATA_HEADERS });
};
