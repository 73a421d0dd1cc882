import { requirePermission } from '$lib/server/auth/guards';
import { qrDataUrl } from '$lib/server/auth/codes';
import { createJoinInvitation, invitationSchema, listJoinInvitations, withdrawInvitation } from '$lib/server/auth/invitations';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'invitations:manage');
	return { invitations: await listJoinInvitations(await getDb(), user.organisationId) };
};

export const actions: Actions = {
	// The code is shown once, in this response: only its hash is stored, so it can't be shown again.
	create: async (event) => {
		const user = await requirePermission(event, 'invitations:manage');
		const parsed = parseForm(invitationSchema, await readForm(event.request), ['role', 'label', 'birthMonth']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => createJoinInvitation(await getDb(), user, parsed.data));
		if (!done.ok) return done.failure;
		const link = new URL(`/join/${done.value.code}`, event.url.origin).href;
		return { created: { code: done.value.code, link, qr: await qrDataUrl(link), expiresAt: done.value.expiresAt, role: parsed.data.role, label: parsed.data.label } };
	},
	withdraw: async (event) => {
		const user = await requirePermission(event, 'invitations:manage');
		const parsed = parseForm(v.object({ id: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That invitation was not found.')) }), await readForm(event.request), ['id']);
		if (!parsed.ok) return invalid(parsed.errors);
		const done = await attempt({}, async () => withdrawInvitation(await getDb(), user, parsed.data.id));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/invitations');
	}
};
