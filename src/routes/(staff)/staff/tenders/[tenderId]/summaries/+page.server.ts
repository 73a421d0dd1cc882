import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { assessmentSummaries, ROUNDING_NOTE } from '$lib/server/evaluation/summaries';
import { getTender } from '$lib/server/evaluation/tenders';
import { InputError } from '$lib/server/forms';
import { found, idParam } from '$lib/server/http/params';
import type { PageServerLoad } from './$types';

// Each bidder's assessment summary, listed (officers only: the list names the bidders).
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	const db = await getDb();
	const tender = await found(() => getTender(db, user.organisationId, tenderId));
	try {
		return { ready: true as const, roundingNote: ROUNDING_NOTE, ...(await assessmentSummaries(db, user.organisationId, tenderId)) };
	} catch (err) {
		// Not awarded yet: say so plainly rather than 404.
		if (err instanceof InputError) return { ready: false as const, message: err.message, tender: { id: tender.id, title: tender.title, reference: tender.reference }, bids: [] };
		throw err;
	}
};
