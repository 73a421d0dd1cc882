import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { contractFindings } from '$lib/server/mystery-shopping/findings';
import type { PageServerLoad } from './$types';

// The printable findings report to share with the provider: no shopper names, no report ids.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const contractId = idParam(event.params.contractId);
	return found(async () => contractFindings(await getDb(), user.organisationId, contractId));
};
