import type { RequestEvent } from '@sveltejs/kit';
import { setSessionCookie } from '../auth/cookies';
import { invalidateSession } from '../auth/sessions';
import { getDb } from '../db';

/** Hands the browser a new session, ending any session it already had (no session is left behind). */
export async function startSession(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url'>, token: string, expiresAt: Date): Promise<void> {
	if (event.locals.sessionId) await invalidateSession(await getDb(), event.locals.sessionId);
	setSessionCookie(event.cookies, event.url, token, expiresAt);
}
