import { redirect } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit/audit';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a link could be triggered by another site); visiting just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId && locals.user) {
			const db = await getDb();
			await invalidateSession(db, locals.sessionId);
			await recordAudit(db, { organisationId: locals.user.organisationId, actorId: locals.user.id, action: 'sign_out', targetType: 'user', targetId: locals.user.id });
		}
		deleteSessionCookie(cookies, url);
		redirect(303, '/sign-in?signed-out=1');
	}
};
