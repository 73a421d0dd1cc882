import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { listTenders } from '$lib/server/evaluation/setup-pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:view');
	return { tenders: await listTenders(await getDb(), user.organisationId), canManage: can(user, 'tenders:manage') };
};
