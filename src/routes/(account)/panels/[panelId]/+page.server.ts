import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { panelPage } from '$lib/server/evaluation/member-pages';
import { acceptConfidentiality, declareInterests } from '$lib/server/evaluation/membership';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

// A panel member's own page: anyone signed in, but only their own membership is ever found.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const panelId = idParam(event.params.panelId);
	const page = await found(async () => panelPage(await getDb(), user, panelId));
	return { ...page, saved: event.url.searchParams.get('saved') };
};

function member(event: RequestEvent<{ panelId: string }>) {
	const user = requireUser(event);
	return { user, panelId: idParam(event.params.panelId ?? '') };
}

const declareForm = v.object({
	hasInterest: v.picklist(['yes', 'no'], 'Choose whether you have an interest to declare.'),
	details: v.pipe(v.string(), v.maxLength(2000, 'Please keep it to 2000 characters or fewer.'))
});

export const actions: Actions = {
	accept: async (event) => {
		const { user, panelId } = member(event);
		const done = await attempt({}, async () => acceptConfidentiality(await getDb(), user, panelId));
		if (!done.ok) return done.failure;
		redirect(303, `/panels/${panelId}?saved=accepted`);
	},
	declare: async (event) => {
		const { user, panelId } = member(event);
		const parsed = parseForm(declareForm, await readForm(event.request), ['hasInterest', 'details']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () =>
			declareInterests(await getDb(), user, panelId, { hasInterest: parsed.data.hasInterest === 'yes', details: parsed.data.details })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/panels/${panelId}?saved=${done.value === 'active' ? 'declared' : 'paused'}`);
	}
};
