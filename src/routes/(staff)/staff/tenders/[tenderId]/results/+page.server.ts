import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { resultsView } from '$lib/server/evaluation/results-pages';
import { found, idParam } from '$lib/server/http/params';
import type { PageServerLoad } from './$types';

// Officers only: the price section's contributions reveal how the bids' prices compare.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	return found(async () => resultsView(await getDb(), user.organisationId, tenderId));
};
