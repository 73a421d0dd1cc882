import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { getStaffMember, setAccountDisabled, setStaffRoles, staffRolesSchema } from '$lib/server/auth/accounts';
import { qrDataUrl } from '$lib/server/auth/codes';
import { requirePermission } from '$lib/server/auth/guards';
import { createResetCode } from '$lib/server/auth/invitations';
import { getDb } from '$lib/server/db';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { allText } from '$lib/server/http/form-arrays';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'staff:manage');
	const id = idParam(event.params.id);
	const member = await found(async () => getStaffMember(await getDb(), user.organisationId, id));
	return { member, isSelf: member.id === user.id, saved: event.url.searchParams.get('saved') };
};

async function memberFor(event: Parameters<Actions[string]>[0]) {
	const user = await requirePermission(event, 'staff:manage');
	const id = idParam(event.params.id ?? '');
	await found(async () => getStaffMember(await getDb(), user.organisationId, id));
	return { user, id };
}

export const actions: Actions = {
	roles: async (event) => {
		const { user, id } = await memberFor(event);
		const roles = allText(await readForm(event.request), 'roles');
		const result = v.safeParse(staffRolesSchema, { roles });
		if (!result.success) return invalid({ roles: result.issues[0].message }, { roles: roles.join(',') });
		const done = await attempt({ roles: roles.join(',') }, async () => setStaffRoles(await getDb(), user, id, result.output.roles));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/users/${id}?saved=roles`);
	},
	disable: async (event) => {
		const { user, id } = await memberFor(event);
		const done = await attempt({}, async () => setAccountDisabled(await getDb(), user, id, true));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/users/${id}?saved=disabled`);
	},
	enable: async (event) => {
		const { user, id } = await memberFor(event);
		const done = await attempt({}, async () => setAccountDisabled(await getDb(), user, id, false));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/users/${id}?saved=enabled`);
	},
	resetCode: async (event) => {
		const { user, id } = await memberFor(event);
		const done = await attempt({}, async () => createResetCode(await getDb(), user, id));
		if (!done.ok) return done.failure;
		const link = new URL(`/join/${done.value.code}`, event.url.origin).href;
		return { reset: { code: done.value.code, link, qr: await qrDataUrl(link) } };
	}
};
