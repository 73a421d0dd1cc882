import * as v from 'valibot';
import { createStaffAccount, listStaff, staffAccountSchema } from '$lib/server/auth/accounts';
import { qrDataUrl } from '$lib/server/auth/codes';
import { requirePermission } from '$lib/server/auth/guards';
import { createResetCode } from '$lib/server/auth/invitations';
import { getDb } from '$lib/server/db';
import { invalid, attempt, readForm } from '$lib/server/http/actions';
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
		const text = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const raw = { displayName: text('displayName'), username: text('username'), roles: allText(form, 'roles') };
		const values = { displayName: raw.displayName.slice(0, 200), username: raw.username.slice(0, 200), roles: raw.roles.join(',') };
		const result = v.safeParse(staffAccountSchema, raw);
		if (!result.success) {
			const errors: Record<string, string> = {};
			for (const issue of result.issues) {
				const key = issue.path?.[0]?.key;
				errors[typeof key === 'string' ? key : 'form'] ??= issue.message;
			}
			return invalid(errors, values);
		}
		const done = await attempt(values, async () => {
			const db = await getDb();
			const id = await createStaffAccount(db, user, result.output);
			return createResetCode(db, user, id);
		});
		if (!done.ok) return done.failure;
		const link = new URL(`/join/${done.value.code}`, event.url.origin).href;
		return { created: { displayName: result.output.displayName, username: result.output.username, code: done.value.code, link, qr: await qrDataUrl(link) } };
	}
};
