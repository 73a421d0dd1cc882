import type { RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/actions';
import { problem } from '$lib/server/http/json-body';
import { getHub } from '$lib/server/live/hub';
import { readLiveTokens, throttledMessage } from '$lib/server/live/participants';
import { liveSnapshot } from '$lib/server/live/snapshot';
import { sseMessage, sseResponse } from '$lib/server/live/sse';
import { phoneStreamAccess, STREAM_MOVED, STREAM_NOT_FOUND } from '$lib/server/live/streams';

// The phones' event stream: anyone with the code may watch while the session is live (answering
// needs joining; watching doesn't). The first event is the current state from the database, so a
// phone that reconnects after a restart is up to date at once. A closed session gets its final
// snapshot and the stream ends. Wrong codes count against the address, as on /live. A phone that
// was in the session asking by a code the champion has replaced gets 409 code_changed with `next`,
// the session's page at its new code, as the answers API says (streams.ts).
export const GET: RequestHandler = async (event) => {
	const db = await getDb();
	const access = await phoneStreamAccess(db, clientAddress(event), event.params.code ?? '', readLiveTokens(event.cookies, event.url));
	if (access.state === 'throttled') return problem(429, 'throttled', throttledMessage(access.retryAfter), {}, { 'retry-after': String(access.retryAfter) });
	if (access.state === 'not_found') return problem(404, 'not_found', STREAM_NOT_FOUND);
	if (access.state === 'moved') return problem(409, 'code_changed', STREAM_MOVED, { next: `/live/${access.session.code}` });
	const sessionId = access.session.id;
	if (access.state === 'closed') {
		const final = await liveSnapshot(db, sessionId, 'phone');
		return sseResponse(event.request.signal, (sink) => {
			sink.send(sseMessage(JSON.stringify(final)));
			sink.close();
		});
	}
	const hub = await getHub();
	// The stream ends once the session has another code (hub.ts): the phone asks again and is told.
	return sseResponse(event.request.signal, (sink) => hub.subscribe(sessionId, 'phone', sink, access.session.code));
};
