import type { Handle } from '@sveltejs/kit';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from '../auth/cookies';
import { validateSessionToken } from '../auth/sessions';
import { getDb } from '../db';

export const session: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(sessionCookieName(event.url));
	if (token) {
		const result = await validateSessionToken(await getDb(), token);
		if (result) {
			event.locals.user = result.user;
			event.locals.sessionId = result.session.id;
			if (result.session.slid) setSessionCookie(event.cookies, event.url, token, result.session.expiresAt);
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};
