import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { CYCLE } from '$lib/server/projects/cycle';
import { DECISION_FIELDS, approvalRouteForProject, decisionSchema, listDecisions, recordDecision } from '$lib/server/projects/decisions';
import { getProject } from '$lib/server/projects/projects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const [project, route, decisions] = await found(async () => {
		const db = await getDb();
		return Promise.all([getProject(db, user.organisationId, id), approvalRouteForProject(db, user.organisationId, id), listDecisions(db, user.organisationId, id)]);
	});
	return {
		project: { id: project.id, title: project.title },
		route,
		decisions,
		steps: CYCLE.map((s) => ({ step: s.step, name: s.name })),
		today: new Date().toISOString().slice(0, 10),
		saved: event.url.searchParams.has('saved'),
		canManage: can(user, 'projects:manage')
	};
};

export const actions: Actions = {
	record: async (event) => {
		const user = await requirePermission(event, 'projects:manage');
		const id = idParam(event.params.id ?? '');
		await found(async () => getProject(await getDb(), user.organisationId, id));
		const parsed = parseForm(decisionSchema, await readForm(event.request), DECISION_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => recordDecision(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/approvals?saved#decisions`);
	}
};
