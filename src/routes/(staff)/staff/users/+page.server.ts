import * as v from 'valibot';
import { createStaffAccount, listStaff, staffAccountSchema } from '$lib/server/auth/accounts';
import { qrDataUrl } from '$lib/server/auth/codes';
import { requirePermission } from '$lib/server/auth/guards';
import { createResetCode } from '$lib/server/auth/invitations';
import { getDb } from '$lib/server/db';
import { invalid, attempt, readForm } from '$lib/server/http/actions';
import { parseForm } from '$lib/server/forms';
import { allText } from '$lib/server/http/form-arrays';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'staff:manage');
	return { staff: await listStaff(await getDb(), user.organisationId) };
};

export const actions: Actions = {
	create: async (event) => {
		const user = await requirePermission(event, 'staff:manage');
		const form = await readForm(event.request);
		const roles = allText(form, 'roles');
		const parsed = parseForm(v.object({ displayName: staffAccountSchema.entries.displayName, username: staffAccountSchema.entries.username }), form, [
			'displayName',
			'username'
		]);
		const values = parsed.values;
		values.roles = roles.join(',').slice(0, 200);
		const checkedRoles = v.safeParse(staffAccountSchema.entries.roles, roles);
		if (!parsed.ok || !checkedRoles.success) {
			const errors = parsed.ok ? {} : { ...parsed.errors };
			if (!checkedRoles.success) errors.roles = checkedRoles.issues[0].message;
			return invalid(errors, values);
		}
		const account = { ...parsed.data, roles: checkedRoles.output };
		const done = await attempt(values, async () => {
			const db = await getDb();
			const id = await createStaffAccount(db, user, account);
			return createResetCode(db, user, id);
		});
		if (!done.ok) return done.failure;
		const link = new URL(`/join/${done.value.code}`, event.url.origin).href;
		return { created: { displayName: account.displayName, username: account.username, code: done.value.code, link, qr: await qrDataUrl(link) } };
	}
};
