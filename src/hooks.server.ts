import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { securityHeaders } from '$lib/server/http/security-headers';
import { session } from '$lib/server/http/session';
import { log } from '$lib/server/log';
import { startUp } from '$lib/server/startup';

export const init: ServerInit = startUp;

export const handle = sequence(securityHeaders, session);

/** People see a generic message and a reference; the log gets the reference and the error's kind only. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'We couldn’t find that page.' };
	// Other 4xx here are the request's fault (e.g. a malformed address): say so, and don't raise an alarm.
	if (status < 500) return { message: 'We couldn’t understand that address or request. Please check it and try again.' };
	const errorId = crypto.randomUUID().slice(0, 8);
	const err = error as { name?: string; code?: string; cause?: { code?: string } };
	// Kind and codes only: a failed query's message includes the values that were bound to it.
	log('error', 'unhandled error', {
		errorId,
		status,
		route: event.route.id ?? 'unknown',
		name: err?.name,
		code: err?.code ?? err?.cause?.code
	});
	return { message: 'Sorry, something went wrong on our side. Please try again.', errorId };
};
