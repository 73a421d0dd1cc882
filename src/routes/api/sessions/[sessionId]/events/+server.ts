import type { RequestHandler } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { problem } from '$lib/server/http/json-body';
import { getHub } from '$lib/server/live/hub';
import { liveSnapshot } from '$lib/server/live/snapshot';
import { sseMessage, sseResponse } from '$lib/server/live/sse';
import { sessionInOrganisation } from '$lib/server/workshops/lookup';
import { InputError } from '$lib/server/forms';

// The projector's and the control panel's event stream (?view=projector|control): staff who run
// sessions, for their own organisation's sessions. The control view sees results before they are
// revealed and how many ideas wait for approval.
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) return problem(401, 'sign_in', 'Please sign in again to follow this session.');
	const user = await requirePermission(event, 'sessions:manage');
	const view = event.url.searchParams.get('view') ?? 'projector';
	if (view !== 'projector' && view !== 'control') return problem(400, 'bad_view', 'Choose the projector or the control view.');
	const db = await getDb();
	let session;
	try {
		({ session } = await sessionInOrganisation(db, user.organisationId, event.params.sessionId ?? ''));
	} catch (err) {
		if (err instanceof InputError) return problem(404, 'not_found', 'We couldn’t find that session.');
		throw err;
	}
	if (session.status === 'closed' || session.status === 'cancelled') {
		// Over: the final state, then the stream ends (a planned session is followed, so the
		// screens come alive when the champion starts it).
		const now = await liveSnapshot(db, session.id, view);
		return sseResponse(event.request.signal, (sink) => {
			sink.send(sseMessage(JSON.stringify(now)));
			sink.close();
		});
	}
	const hub = await getHub();
	return sseResponse(event.request.signal, (sink) => hub.subscribe(session.id, view, sink));
};
