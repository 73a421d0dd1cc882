import { getDb } from '$lib/server/db';
import { atomFeed } from '$lib/server/publishing/open-data';
import { feedEntries } from '$lib/server/publishing/portal';
import type { RequestHandler } from './$types';

// Atom 1.0: published projects and "you said, we did" entries, newest first.
export const GET: RequestHandler = async ({ url }) => {
	const xml = atomFeed(await feedEntries(await getDb()), url.origin);
	return new Response(xml, {
		headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=60' }
	});
};
