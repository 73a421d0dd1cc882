import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { programmeReports, reportFilter } from '$lib/server/mystery-shopping/review';
import type { PageServerLoad } from './$types';

// The champion's list of shoppers' reports for a programme: waiting, returned, approved.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const programmeId = idParam(event.params.programmeId);
	const filter = reportFilter(event.url.searchParams.get('show'));
	const page = await found(async () => programmeReports(await getDb(), user, programmeId, filter));
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ...page, filter };
};
