import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { exportSummaryCsv } from '$lib/server/evaluation/summaries';
import { found, idParam } from '$lib/server/http/params';
import type { RequestHandler } from './$types';

// One bidder's assessment summary as CSV: the same rows and numbers as the page (audited).
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	const bidId = idParam(event.params.bidId);
	const { csv, fileName } = await found(async () => exportSummaryCsv(await getDb(), user, tenderId, bidId));
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
