import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { declineDeletionRequest, deleteParticipantAccount } from '$lib/server/my-data/deletion';
import { deletionTarget, listInactiveAccounts, listPendingDeletions } from '$lib/server/my-data/review';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const SAVED = ['deleted', 'declined'] as const;

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'accounts:delete');
	const db = await getDb();
	const saved = event.url.searchParams.get('saved');
	return {
		pending: await listPendingDeletions(db, user.organisationId),
		inactive: await listInactiveAccounts(db, user.organisationId),
		canChangeRetention: user.roles.includes('admin'),
		saved: (SAVED as readonly string[]).includes(saved ?? '') ? saved : null
	};
};

const targetSchema = v.object({ userId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'Please choose an account from the list.')) });

/** The account named in the form, in the actor's organisation (anything else is a 404). */
async function target(event: RequestEvent, organisationId: string) {
	const parsed = parseForm(targetSchema, await readForm(event.request), ['userId']);
	if (!parsed.ok) return { failure: invalid(parsed.errors, parsed.values) };
	const userId = idParam(parsed.data.userId);
	await found(async () => deletionTarget(await getDb(), organisationId, userId));
	return { userId, values: parsed.values };
}

export const actions: Actions = {
	confirm: async (event) => {
		const user = await requirePermission(event, 'accounts:delete');
		const t = await target(event, user.organisationId);
		if ('failure' in t) return t.failure;
		const done = await attempt(t.values, async () => deleteParticipantAccount(await getDb(), user, t.userId, { origin: 'participant' }));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/account-deletion?saved=deleted');
	},
	decline: async (event) => {
		const user = await requirePermission(event, 'accounts:delete');
		const t = await target(event, user.organisationId);
		if ('failure' in t) return t.failure;
		const done = await attempt(t.values, async () => declineDeletionRequest(await getDb(), user, t.userId));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/account-deletion?saved=declined');
	},
	retention: async (event) => {
		const user = await requirePermission(event, 'accounts:delete');
		const t = await target(event, user.organisationId);
		if ('failure' in t) return t.failure;
		const done = await attempt(t.values, async () => deleteParticipantAccount(await getDb(), user, t.userId, { origin: 'retention' }));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/account-deletion?saved=deleted');
	}
};
