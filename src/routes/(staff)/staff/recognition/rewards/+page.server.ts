import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { listRewards, readRewardFilter, totalsByKind } from '$lib/server/recognition/rewards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'rewards:export');
	const params = event.url.searchParams;
	const { filter, error } = readRewardFilter(params);
	const rows = await listRewards(await getDb(), user.organisationId, filter);
	return {
		rows,
		totals: totalsByKind(rows),
		filter,
		typed: { from: (params.get('from') ?? '').slice(0, 20), to: (params.get('to') ?? '').slice(0, 20) },
		error,
		canManage: can(user, 'recognition:manage')
	};
};
