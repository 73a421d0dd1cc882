import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { sessionResults } from '$lib/server/live/results';
import type { PageServerLoad } from './$types';

// A session's saved results (champions and officers of its organisation): what the project's evidence links to.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId);
	return { results: await found(async () => sessionResults(await getDb(), user.organisationId, sessionId)) };
};
