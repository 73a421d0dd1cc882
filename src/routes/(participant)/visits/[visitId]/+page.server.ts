import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { visitBrief } from '$lib/server/mystery-shopping/my-visits';
import type { PageServerLoad } from './$types';

// The brief for one of their own visits: what to do, when, with whom, and how to stay safe. While
// they are on hold (consent withdrawn, account switched off) the page gets only the reason.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const visitId = idParam(event.params.visitId);
	const brief = await found(async () => visitBrief(await getDb(), user, visitId));
	event.setHeaders({ 'cache-control': 'no-store' });
	if (brief.hold !== null) return { hold: brief.hold, brief: null, sent: false };
	const { items, scope: _scope, hold: _hold, ...rest } = brief;
	return { hold: null, brief: { ...rest, items: items.map((i) => ({ id: i.id, question: i.question })) }, sent: event.url.searchParams.has('sent') };
};
