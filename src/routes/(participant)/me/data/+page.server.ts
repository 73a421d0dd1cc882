import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found } from '$lib/server/http/params';
import { myPendingDeletion, requestDeletion, withdrawDeletionRequest } from '$lib/server/my-data/deletion';
import { collectMyData } from '$lib/server/my-data/export';
import type { Actions, PageServerLoad } from './$types';

const SAVED = ['asked', 'withdrawn'] as const;

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const db = await getDb();
	const saved = event.url.searchParams.get('saved');
	const pending = await myPendingDeletion(db, user.id);
	return {
		data: await found(() => collectMyData(db, user)),
		pendingDeletion: pending ? { requestedAt: pending.requestedAt.toISOString() } : null,
		saved: (SAVED as readonly string[]).includes(saved ?? '') ? saved : null
	};
};

const askSchema = v.object({
	understood: v.literal('yes', 'Please tick the box to say you understand what deleting your account means.')
});

export const actions: Actions = {
	ask: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		const parsed = parseForm(askSchema, await readForm(event.request), ['understood']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => requestDeletion(await getDb(), user));
		if (!done.ok) return done.failure;
		redirect(303, '/me/data?saved=asked#delete');
	},
	withdraw: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		await readForm(event.request);
		const done = await attempt({}, async () => withdrawDeletionRequest(await getDb(), user));
		if (!done.ok) return done.failure;
		redirect(303, '/me/data?saved=withdrawn#delete');
	}
};
