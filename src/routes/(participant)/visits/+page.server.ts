import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { myVisits, shopperHold } from '$lib/server/mystery-shopping/my-visits';
import type { PageServerLoad } from './$types';

// A participant's own mystery-shopping visits: only those they are assigned to.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const db = await getDb();
	event.setHeaders({ 'cache-control': 'no-store' });
	return { visits: await myVisits(db, user), hold: await shopperHold(db, user.id), sent: event.url.searchParams.get('sent') };
};
