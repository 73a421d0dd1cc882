import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { contractFindings } from '$lib/server/mystery-shopping/findings';
import { findingsCsv } from '$lib/server/mystery-shopping/findings-export';
import type { RequestHandler } from './$types';

// The findings as CSV: the same figures and comments as the page, no names, small groups hidden.
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const contractId = idParam(event.params.contractId);
	const { findings } = await found(async () => contractFindings(await getDb(), user.organisationId, contractId));
	return new Response(findingsCsv(findings), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="mystery-shopping-findings-${contractId}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
