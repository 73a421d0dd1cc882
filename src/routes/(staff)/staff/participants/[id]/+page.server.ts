import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { setAccountDisabled } from '$lib/server/auth/accounts';
import { qrDataUrl } from '$lib/server/auth/codes';
import { consentSchema, recordConsent, withdrawConsent } from '$lib/server/auth/consent';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { createResetCode } from '$lib/server/auth/invitations';
import { CONSENT_METHODS } from '$lib/server/auth/schema';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { getParticipant } from '$lib/server/participation/participants';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participants:view');
	const id = idParam(event.params.id);
	const participant = await found(async () => getParticipant(await getDb(), user.organisationId, id));
	return {
		participant,
		consentMethods: CONSENT_METHODS,
		saved: event.url.searchParams.get('saved'),
		canRecordConsent: can(user, 'consent:record'),
		canManage: can(user, 'participants:manage')
	};
};

const idField = v.object({ consentId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That consent record was not found.')) });

/** Every action re-checks permission and that the participant is in the actor's organisation. */
async function participantFor(event: Parameters<Actions[string]>[0], permission: 'consent:record' | 'participants:manage') {
	const user = await requirePermission(event, permission);
	const id = idParam(event.params.id ?? '');
	await found(async () => getParticipant(await getDb(), user.organisationId, id));
	return { user, id };
}

export const actions: Actions = {
	consent: async (event) => {
		const { user, id } = await participantFor(event, 'consent:record');
		const parsed = parseForm(consentSchema, await readForm(event.request), ['givenBy', 'relationship', 'givenOn', 'method']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => recordConsent(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/participants/${id}?saved=consent`);
	},
	withdrawConsent: async (event) => {
		const { user, id } = await participantFor(event, 'consent:record');
		const parsed = parseForm(idField, await readForm(event.request), ['consentId']);
		if (!parsed.ok) return invalid(parsed.errors);
		const done = await attempt({}, async () => withdrawConsent(await getDb(), user, id, parsed.data.consentId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/participants/${id}?saved=withdrawn`);
	},
	// Shown once in this response; only the hash is kept.
	resetCode: async (event) => {
		const { user, id } = await participantFor(event, 'participants:manage');
		const done = await attempt({}, async () => createResetCode(await getDb(), user, id));
		if (!done.ok) return done.failure;
		const link = new URL(`/join/${done.value.code}`, event.url.origin).href;
		return { reset: { code: done.value.code, link, qr: await qrDataUrl(link), expiresAt: done.value.expiresAt } };
	},
	disable: async (event) => {
		const { user, id } = await participantFor(event, 'participants:manage');
		const done = await attempt({}, async () => setAccountDisabled(await getDb(), user, id, true));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/participants/${id}?saved=disabled`);
	},
	enable: async (event) => {
		const { user, id } = await participantFor(event, 'participants:manage');
		const done = await attempt({}, async () => setAccountDisabled(await getDb(), user, id, false));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/participants/${id}?saved=enabled`);
	}
};
