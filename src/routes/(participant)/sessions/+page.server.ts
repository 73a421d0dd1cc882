import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { ID } from '$lib/server/workshops/lookup';
import { mySessions } from '$lib/server/workshops/my-sessions';
import { cancelRegistration, registerForSession } from '$lib/server/workshops/registrations';
import type { Actions, PageServerLoad } from './$types';

// A young person's or parent's sessions: signed up, could sign up, went to.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ...(await mySessions(await getDb(), user)), saved: event.url.searchParams.get('saved') };
};

const pick = v.object({ sessionId: v.pipe(v.string(), v.regex(ID, 'We couldn’t find that session. It may have been taken down.')) });

export const actions: Actions = {
	register: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		const parsed = parseForm(pick, await readForm(event.request), ['sessionId']);
		if (!parsed.ok) return invalid({ form: parsed.errors.sessionId ?? Object.values(parsed.errors)[0] });
		const done = await attempt({}, async () => registerForSession(await getDb(), user, parsed.data.sessionId));
		if (!done.ok) return invalid({ form: Object.values(done.failure.data.errors)[0] });
		redirect(303, `/sessions/${parsed.data.sessionId}?saved=${done.value.created ? 'signed-up' : 'already'}`);
	},
	cancel: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		const parsed = parseForm(pick, await readForm(event.request), ['sessionId']);
		if (!parsed.ok) return invalid({ form: parsed.errors.sessionId ?? Object.values(parsed.errors)[0] });
		const done = await attempt({}, async () => cancelRegistration(await getDb(), user, parsed.data.sessionId));
		if (!done.ok) return invalid({ form: Object.values(done.failure.data.errors)[0] });
		redirect(303, '/sessions?saved=cancelled');
	}
};
