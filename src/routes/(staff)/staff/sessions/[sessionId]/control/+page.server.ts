import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { closeActivity, hideWord, nextActivity, openActivity, revealResults, showWaitingScreen } from '$lib/server/live/control';
import { activityFormSchema, controlPanel, entryFormSchema, wordFormSchema } from '$lib/server/live/control-page';
import { approveEntry, hideEntry, restoreEntry } from '$lib/server/live/moderation';
import { sessionInOrganisation } from '$lib/server/workshops/lookup';
import type { Actions, PageServerLoad } from './$types';

// The champion's control panel: run the activities, reveal results, approve ideas. Live counts
// come over the control stream; without JavaScript, reloading the page shows them.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId);
	const page = await found(async () => controlPanel(await getDb(), user, sessionId));
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ...page, saved: event.url.searchParams.get('saved') };
};

async function controlling(event: RequestEvent<{ sessionId: string }>) {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId ?? '');
	await found(async () => sessionInOrganisation(await getDb(), user.organisationId, sessionId));
	return { user, sessionId, here: `/staff/sessions/${sessionId}/control` };
}

/** An action on one activity of the session. */
function onActivity(saved: string, work: (user: { id: string; organisationId: string }, sessionId: string, activityId: string) => Promise<void>) {
	return async (event: RequestEvent<{ sessionId: string }>) => {
		const { user, sessionId, here } = await controlling(event);
		const parsed = parseForm(activityFormSchema, await readForm(event.request), ['activityId']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => work(user, sessionId, parsed.data.activityId));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=${saved}`);
	};
}

/** A decision on one idea or word. */
function onEntry(saved: string, work: typeof approveEntry) {
	return async (event: RequestEvent<{ sessionId: string }>) => {
		const { user, sessionId, here } = await controlling(event);
		const parsed = parseForm(entryFormSchema, await readForm(event.request), ['entryId']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		// Only an entry of the session in the address: the domain checks it belongs there.
		const done = await attempt(parsed.values, async () => work(await getDb(), user, sessionId, parsed.data.entryId));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=${saved}`);
	};
}

export const actions: Actions = {
	open: onActivity('opened', async (user, sessionId, activityId) => openActivity(await getDb(), user, sessionId, activityId)),
	close: onActivity('closed', async (user, sessionId, activityId) => closeActivity(await getDb(), user, sessionId, activityId)),
	reveal: onActivity('revealed', async (user, sessionId, activityId) => revealResults(await getDb(), user, sessionId, activityId, true)),
	unreveal: onActivity('unrevealed', async (user, sessionId, activityId) => revealResults(await getDb(), user, sessionId, activityId, false)),
	next: async (event) => {
		const { user, sessionId, here } = await controlling(event);
		const done = await attempt({}, async () => nextActivity(await getDb(), user, sessionId));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=next`);
	},
	waiting: async (event) => {
		const { user, sessionId, here } = await controlling(event);
		const done = await attempt({}, async () => showWaitingScreen(await getDb(), user, sessionId));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=waiting`);
	},
	approve: onEntry('approved', approveEntry),
	hide: onEntry('hidden', hideEntry),
	restore: onEntry('restored', restoreEntry),
	hideWord: async (event) => {
		const { user, sessionId, here } = await controlling(event);
		const parsed = parseForm(wordFormSchema, await readForm(event.request), ['activityId', 'word']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => hideWord(await getDb(), user, sessionId, parsed.data.activityId, parsed.data.word));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=word_hidden`);
	}
};
