import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { sessionResults } from '$lib/server/live/results';
import { sessionResultsCsv, sessionResultsFilename } from '$lib/server/live/results-export';
import type { RequestHandler } from './$types';

// The session's results as CSV: the page's figures, one row per answer, no names.
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId);
	const results = await found(async () => sessionResults(await getDb(), user.organisationId, sessionId));
	return new Response(sessionResultsCsv(results), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${sessionResultsFilename(results)}"`,
			'cache-control': 'no-store'
		}
	});
};
