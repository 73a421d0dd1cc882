import type { RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { problem } from '$lib/server/http/json-body';
import { getHub } from '$lib/server/live/hub';
import { liveSnapshot } from '$lib/server/live/snapshot';
import { sseMessage, sseResponse } from '$lib/server/live/sse';
import { sessionByCode } from '$lib/server/workshops/lookup';

// The phones' event stream: anyone with the code may watch while the session is live (answering
// needs joining; watching doesn't). The first event is the current state from the database, so a
// phone that reconnects after a restart is up to date at once. A closed session gets its final
// snapshot and the stream ends.
export const GET: RequestHandler = async ({ params, request }) => {
	const session = params.code && params.code.length <= 20 ? await sessionByCode(await getDb(), params.code) : null;
	if (!session || (session.status !== 'live' && session.status !== 'closed'))
		return problem(404, 'not_found', 'We couldn’t find a live session with that code. Please check the code and try again.');
	if (session.status === 'closed') {
		const final = await liveSnapshot(await getDb(), session.id, 'phone');
		return sseResponse(request.signal, (sink) => {
			sink.send(sseMessage(JSON.stringify(final)));
			sink.close();
		});
	}
	const hub = await getHub();
	return sseResponse(request.signal, (sink) => hub.subscribe(session.id, 'phone', sink));
};
