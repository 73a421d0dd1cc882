import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/actions';
import { NOT_OPEN, openSessionByCode, throttledMessage } from '$lib/server/live/participants';
import type { PageServerLoad } from './$types';

// "I have a session code": a plain GET form, so it works on any phone, with or without JavaScript.
// A live session's code goes on to its page; anything else gets one plain message.
export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const typed = event.url.searchParams.get('code');
	if (typed === null) return { code: '', problem: null };
	const shown = typed.slice(0, 20);
	if (!typed.trim()) return { code: '', problem: 'Please type the code from the screen.' };
	const check = await openSessionByCode(await getDb(), clientAddress(event), typed.slice(0, 40));
	if (check.state === 'ok') redirect(303, `/live/${check.session.code}`);
	if (check.state === 'throttled') {
		event.setHeaders({ 'retry-after': String(check.retryAfter) });
		return { code: shown, problem: throttledMessage(check.retryAfter) };
	}
	return { code: shown, problem: NOT_OPEN };
};
