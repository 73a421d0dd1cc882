import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found } from '$lib/server/http/params';
import { collectMyData } from '$lib/server/my-data/export';
import { londonToday } from '$lib/dates';
import type { RequestHandler } from './$types';

/** Everything held about the signed-in participant, as a JSON file to keep. */
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const db = await getDb();
	const data = await found(() => collectMyData(db, user));
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="my-data-${londonToday()}.json"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
