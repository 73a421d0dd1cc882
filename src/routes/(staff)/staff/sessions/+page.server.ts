import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { SESSION_FIELDS, sessionDefaults, sessionSchema, type SessionInput } from '$lib/server/workshops/session-input';
import { sessionsPage } from '$lib/server/workshops/session-pages';
import { createSession } from '$lib/server/workshops/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const page = await sessionsPage(await getDb(), user.organisationId);
	const wanted = event.url.searchParams.get('project');
	const project = page.choices.projects.find((p) => p.id === wanted) ?? page.choices.projects[0];
	return { ...page, defaults: sessionDefaults(project?.id) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'sessions:manage');
		const parsed = parseForm(sessionSchema, await readForm(event.request), SESSION_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => createSession(await getDb(), user, parsed.values as unknown as SessionInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/sessions/${done.value}?saved=created`);
	}
};
