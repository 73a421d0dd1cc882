import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { idField, parseForm } from '$lib/server/forms';
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

const userId = idField('Please choose an account from the list.');
/** Deleting can't be undone, so the champion ticks a box on that account's row first (no JavaScript needed). */
const CHECKED_MESSAGE = 'Please tick the box to say you have checked this is the right account and understand deleting it can’t be undone.';
const declineSchema = v.object({ userId });
const deleteSchema = v.object({ userId, checked: v.literal('yes', CHECKED_MESSAGE) });

/** The account named in the form, in the actor's organisation (anything else is a 404). */
async function target(event: RequestEvent, organisationId: string, action: 'confirm' | 'decline' | 'retention') {
	const schema = action === 'decline' ? declineSchema : deleteSchema;
	const parsed = parseForm(schema, await readForm(event.request), action === 'decline' ? ['userId'] : ['userId', 'checked']);
	// The action goes back with the form, so the message shows on the row (and form) it came from.
	const failure = () => ({ failure: invalid(parsed.ok ? {} : parsed.errors, { ...parsed.values, action }) });
	if (!parsed.ok && parsed.errors.userId) return failure();
	// Another organisation's account is "not found" whether or not the box was ticked.
	const userId = idParam(parsed.values.userId);
	await found(async () => deletionTarget(await getDb(), organisationId, userId));
	if (!parsed.ok) return failure();
	return { userId, values: parsed.values };
}

export const actions: Actions = {
	confirm: async (event) => {
		const user = await requirePermission(event, 'accounts:delete');
		const t = await target(event, user.organisationId, 'confirm');
		if ('failure' in t) return t.failure;
		const done = await attempt(t.values, async () => deleteParticipantAccount(await getDb(), user, t.userId, { origin: 'participant' }));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/account-deletion?saved=deleted');
	},
	decline: async (event) => {
		const user = await requirePermission(event, 'accounts:delete');
		const t = await target(event, user.organisationId, 'decline');
		if ('failure' in t) return t.failure;
		const done = await attempt(t.values, async () => declineDeletionRequest(await getDb(), user, t.userId));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/account-deletion?saved=declined');
	},
	retention: async (event) => {
		const user = await requirePermission(event, 'accounts:delete');
		const t = await target(event, user.organisationId, 'retention');
		if ('failure' in t) return t.failure;
		const done = await attempt(t.values, async () => deleteParticipantAccount(await getDb(), user, t.userId, { origin: 'retention' }));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/account-deletion?saved=deleted');
	}
};
