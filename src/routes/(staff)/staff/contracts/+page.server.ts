import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { listContracts } from '$lib/server/monitoring/contract-pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	return { contracts: await listContracts(await getDb(), user.organisationId), canManage: can(user, 'contracts:manage') };
};
