import { error } from '@sveltejs/kit';
import { londonToday } from '$lib/dates';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listRewards, readRewardFilter } from '$lib/server/recognition/rewards';
import { rewardsCsv } from '$lib/server/recognition/rewards-export';
import type { RequestHandler } from './$types';

// Every reward given (or those between ?from= and ?to=), for finance.
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'rewards:export');
	const { filter, error: problem } = readRewardFilter(event.url.searchParams);
	if (problem) error(400, problem);
	const rows = await listRewards(await getDb(), user.organisationId, filter);
	const name = `rewards-${filter.from ?? 'start'}-to-${filter.to ?? londonToday()}.csv`;
	return new Response(rewardsCsv(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'no-store'
		}
	});
};
