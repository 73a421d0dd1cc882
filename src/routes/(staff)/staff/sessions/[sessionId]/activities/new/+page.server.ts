import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { activityList, addActivity } from '$lib/server/live/activities';
import { ACTIVITY_FIELDS, ACTIVITY_LIMITS, activitySchema, newActivityRaw } from '$lib/server/live/activity-input';
import { ACTIVITY_TYPES, type LiveActivityType } from '$lib/live/kinds';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const id = idParam(event.params.sessionId);
	const list = await found(async () => activityList(await getDb(), user.organisationId, id));
	const asked = event.url.searchParams.get('type') as LiveActivityType | null;
	return {
		session: list.session,
		editable: list.editable,
		full: list.activities.length >= ACTIVITY_LIMITS.activities,
		values: newActivityRaw(asked && ACTIVITY_TYPES.includes(asked) ? asked : 'poll')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'sessions:manage');
		const id = idParam(event.params.sessionId ?? '');
		await found(async () => activityList(await getDb(), user.organisationId, id));
		const parsed = parseForm(activitySchema, await readForm(event.request), ACTIVITY_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => addActivity(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/sessions/${id}/activities?saved=added#activity-${done.value}`);
	}
};
