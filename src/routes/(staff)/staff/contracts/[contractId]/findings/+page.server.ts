import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { contractFindings } from '$lib/server/mystery-shopping/findings';
import type { PageServerLoad } from './$types';

// A contract's mystery-shopping findings (officers and champions): approved reports only.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const contractId = idParam(event.params.contractId);
	const page = await found(async () => contractFindings(await getDb(), user.organisationId, contractId));
	return { ...page, canManageShopping: can(user, 'shopping:manage') };
};
