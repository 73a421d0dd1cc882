import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { OPEN_DATA_HEADERS, withLinks } from '$lib/server/publishing/open-data';
import { publicProjectsList } from '$lib/server/publishing/portal';
import type { RequestHandler } from './$types';

// Open data: every published project (documented in the README).
export const GET: RequestHandler = async ({ url }) => {
	const projects = await publicProjectsList(await getDb());
	return json({ projects: projects.map((p) => withLinks(p, url.origin)) }, { headers: OPEN_DATA_HEADERS });
};
