import { requirePermission } from '$lib/server/auth/guards';
import { qrDataUrl } from '$lib/server/auth/codes';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { liveSnapshot } from '$lib/server/live/snapshot';
import { sessionInOrganisation } from '$lib/server/workshops/lookup';
import type { PageServerLoad } from './$types';

// The projector: the current activity's results, big, following the champion over the projector
// stream. The first picture comes with the page, so it shows something even before the stream.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId);
	const db = await getDb();
	const { session } = await found(async () => sessionInOrganisation(db, user.organisationId, sessionId));
	const snapshot = await liveSnapshot(db, sessionId, 'projector');
	// event.url.origin is the configured ORIGIN behind adapter-node, so the address is the real site's.
	const joinPage = new URL('/live', event.url.origin);
	const link = new URL(`/live/${session.code}`, event.url.origin).href;
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		session: { id: session.id, code: session.code },
		address: `${joinPage.host}${joinPage.pathname}`,
		qr: await qrDataUrl(link),
		snapshot
	};
};
