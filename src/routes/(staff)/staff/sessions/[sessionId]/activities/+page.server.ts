import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { activityList, moveActivity, removeActivity } from '$lib/server/live/activities';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const id = idParam(event.params.sessionId);
	const list = await found(async () => activityList(await getDb(), user.organisationId, id));
	return { ...list, saved: event.url.searchParams.get('saved') };
};

const activityId = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That activity isn’t part of this session.'));
const moveForm = v.object({ activityId, direction: v.picklist(['up', 'down'], 'Choose to move it up or down.') });
const removeForm = v.object({ activityId, direction: v.string() });

/** Every action re-checks the permission and that the session is this organisation's. */
async function onActivity(event: RequestEvent<{ sessionId: string }>, schema: typeof moveForm | typeof removeForm, work: (user: { id: string; organisationId: string }, sessionId: string, activityId: string, direction: string) => Promise<unknown>, saved: string) {
	const user = await requirePermission(event, 'sessions:manage');
	const sessionId = idParam(event.params.sessionId ?? '');
	await found(async () => activityList(await getDb(), user.organisationId, sessionId));
	const parsed = parseForm(schema, await readForm(event.request), ['activityId', 'direction']);
	if (!parsed.ok) return invalid({ form: Object.values(parsed.errors)[0] }, { activityId: parsed.values.activityId.slice(0, 16) });
	const done = await attempt({ activityId: parsed.data.activityId }, async () => work(user, sessionId, parsed.data.activityId, parsed.data.direction));
	if (!done.ok) return done.failure;
	redirect(303, `/staff/sessions/${sessionId}/activities?saved=${saved}`);
}

export const actions: Actions = {
	move: (event) => onActivity(event, moveForm, async (user, sessionId, id, direction) => moveActivity(await getDb(), user, sessionId, id, direction as 'up' | 'down'), 'moved'),
	remove: (event) => onActivity(event, removeForm, async (user, sessionId, id) => removeActivity(await getDb(), user, sessionId, id), 'removed')
};
