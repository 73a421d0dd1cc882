import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { FLAG_RULE } from '$lib/server/reach/figures';
import { organisationReach } from '$lib/server/reach/reach';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'reach:view');
	return { figures: await organisationReach(await getDb(), user.organisationId), flagRule: FLAG_RULE, canManage: can(user, 'reach:manage') };
};
