import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { InputError } from '$lib/server/forms';
import { clientAddress, readForm } from '$lib/server/http/actions';
import { submitAnswer } from '$lib/server/live/answers';
import { normaliseLiveCode } from '$lib/server/workshops/live-code';
import { NOT_OPEN, TooManyJoins, checkInOnJoin, joinLive, openSessionByCode, participantFor, readLiveTokens, setLiveCookies, throttledMessage } from '$lib/server/live/participants';
import { answerFromForm, phonePage } from '$lib/server/live/phone-page';
import type { Actions, PageServerLoad } from './$types';

// A live session's page on a phone: from a QR code or the /live box. Not joined yet: a join button
// (and a nickname box when the session shows names). Joined: the activity on the screen now, the
// phone's answer to it, and results once the champion shows them. Without JavaScript the forms
// post here and the page says how to look for the next activity.

/** The session for this code if it is live, or what to say instead. */
async function liveSession(event: RequestEvent<{ code: string }>) {
	const typed = event.params.code ?? '';
	const code = normaliseLiveCode(typed);
	// One address per session: /live/k7qm2x and /live/K7QM-2X go to /live/K7QM2X.
	if (code && code !== typed) redirect(303, `/live/${code}${event.url.search}`);
	// A phone that was in the session is found even at a code the champion has since replaced.
	const check = await openSessionByCode(await getDb(), clientAddress(event), typed.slice(0, 40), { tokens: readLiveTokens(event.cookies, event.url) });
	if (check.state === 'throttled') {
		event.setHeaders({ 'retry-after': String(check.retryAfter) });
		return { problem: throttledMessage(check.retryAfter) } as const;
	}
	if (check.state === 'not_open') return { problem: NOT_OPEN } as const;
	return { session: check.session } as const;
}

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const found = await liveSession(event);
	if ('problem' in found) return { state: 'closed' as const, problem: found.problem };
	const { session } = found;
	// An old code (the champion made a new one): this phone carries on at the new address.
	if (session.code !== event.params.code) redirect(303, `/live/${session.code}${event.url.search}`);
	const db = await getDb();
	const participant = await participantFor(db, session.id, readLiveTokens(event.cookies, event.url), event.locals.user);
	const about = { code: session.code, title: session.title, showNicknames: session.showNicknames };
	if (!participant) return { state: 'join' as const, session: about, signedIn: !!event.locals.user };
	const page = await phonePage(db, session, participant);
	return {
		state: 'joined' as const,
		session: about,
		...page,
		/** Without JavaScript: just sent an answer, or asked to change it. */
		sent: event.url.searchParams.get('sent') === '1',
		changing: event.url.searchParams.get('change') === '1'
	};
};

/** What was sent, to fill the form again (bounded: it goes back into the page). */
function typedBack(activityId: string, input: ReturnType<typeof answerFromForm>['input']) {
	const strings = (x: unknown) => (Array.isArray(x) ? x.slice(0, 10).map((s) => String(s).slice(0, 400)) : []);
	const dots = input.dots && typeof input.dots === 'object' ? Object.entries(input.dots as Record<string, unknown>).slice(0, 12) : [];
	return {
		activityId: activityId.slice(0, 16),
		choices: strings(input.choices),
		entries: strings(input.entries),
		rating: typeof input.rating === 'number' ? input.rating : null,
		dots: Object.fromEntries(dots.filter(([, n]) => typeof n === 'number').map(([id, n]) => [id.slice(0, 16), n as number]))
	};
}

export const actions: Actions = {
	join: async (event) => {
		const form = await readForm(event.request);
		const nickname = form.get('nickname');
		const found = await liveSession(event);
		if ('problem' in found) return fail(409, { join: { form: found.problem } as Record<string, string>, nickname: '' });
		const db = await getDb();
		try {
			const joined = await joinLive(db, { session: found.session, user: event.locals.user, token: readLiveTokens(event.cookies, event.url), nickname: nickname ?? '', address: clientAddress(event) });
			setLiveCookies(event.cookies, event.url, joined.token);
		} catch (err) {
			if (err instanceof TooManyJoins) {
				event.setHeaders({ 'retry-after': String(err.retryAfter) });
				return fail(429, { join: { form: err.message } as Record<string, string>, nickname: typeof nickname === 'string' ? nickname.slice(0, 60) : '' });
			}
			if (err instanceof InputError) return fail(400, { join: { [err.field]: err.message } as Record<string, string>, nickname: typeof nickname === 'string' ? nickname.slice(0, 60) : '' });
			throw err;
		}
		await checkInOnJoin(db, event.locals.user, found.session.code);
		redirect(303, `/live/${found.session.code}`);
	},
	answer: async (event) => {
		const form = await readForm(event.request);
		const found = await liveSession(event);
		if ('problem' in found) return fail(409, { answer: { form: found.problem } as Record<string, string>, typed: null });
		const db = await getDb();
		const participant = await participantFor(db, found.session.id, readLiveTokens(event.cookies, event.url), event.locals.user);
		if (!participant) redirect(303, `/live/${found.session.code}`);
		const { activityId, input } = answerFromForm(form);
		const outcome = await submitAnswer(db, participant, activityId, input);
		if (outcome.outcome === 'stored') redirect(303, `/live/${found.session.code}?sent=1`);
		const status = outcome.outcome === 'invalid' ? 400 : outcome.outcome === 'not_found' ? 404 : 409;
		return fail(status, { answer: { [outcome.outcome === 'invalid' ? outcome.field : 'form']: outcome.message } as Record<string, string>, typed: typedBack(activityId, input) });
	}
};
