import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { activityInSession, updateActivity } from '$lib/server/live/activities';
import { ACTIVITY_FIELDS, activitySchema, storedToRaw } from '$lib/server/live/activity-input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId);
	const activityId = idParam(event.params.activityId);
	const page = await found(async () => activityInSession(await getDb(), user.organisationId, sessionId, activityId));
	return {
		session: page.session,
		editable: page.editable,
		activity: { id: page.activity.id, prompt: page.activity.prompt, state: page.activity.state },
		responses: page.responses,
		values: storedToRaw(
			page.activity,
			page.options.map((o) => o.label)
		)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'sessions:manage');
		const sessionId = idParam(event.params.sessionId ?? '');
		const activityId = idParam(event.params.activityId ?? '');
		await found(async () => activityInSession(await getDb(), user.organisationId, sessionId, activityId));
		const parsed = parseForm(activitySchema, await readForm(event.request), ACTIVITY_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateActivity(await getDb(), user, sessionId, activityId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/sessions/${sessionId}/activities?saved=saved#activity-${activityId}`);
	}
};
