import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { recordAudit } from '../audit/audit';
import { getDb } from '../db';
import { can, type Permission } from './policy';
import type { SessionUser } from './sessions';

/** Signed-out visitors go to sign in, then come back here. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/sign-in?next=${encodeURIComponent(next)}`);
	}
	return user;
}

/** Every load and every action calls this; a layout guard alone is never enough. */
export async function requirePermission(
	event: Pick<RequestEvent, 'locals' | 'url' | 'route'>,
	permission: Permission
): Promise<SessionUser> {
	const user = requireUser(event);
	if (!can(user, permission)) {
		await recordAudit(await getDb(), {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'access.denied',
			detail: { route: event.route.id, permission }
		});
		error(403, 'This page is not part of your account.');
	}
	return user;
}
