import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import {
	DECOMMISSIONING_REASON_LABELS,
	decommissioningReadiness,
	defaultNoticeDate,
	getDecommissioning,
	parseDecommissioningForm,
	startDecommissioning
} from '$lib/server/projects/decommissioning';
import { getProject } from '$lib/server/projects/projects';
import { DECOMMISSIONING_REASONS } from '$lib/server/projects/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id);
	const project = await found(async () => getProject(await getDb(), user.organisationId, id));
	const db = await getDb();
	const [decommissioning, readiness] = await Promise.all([getDecommissioning(db, id), decommissioningReadiness(db, id)]);
	return {
		project: { id: project.id, title: project.title, status: project.status },
		decommissioning,
		readiness,
		reasons: DECOMMISSIONING_REASONS.map((r) => ({ value: r, label: DECOMMISSIONING_REASON_LABELS[r] })),
		defaultNoticeDate: defaultNoticeDate(),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	start: async (event) => {
		const user = await requirePermission(event, 'projects:manage');
		const id = idParam(event.params.id ?? '');
		await found(async () => getProject(await getDb(), user.organisationId, id));
		const parsed = parseDecommissioningForm(await readForm(event.request));
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => startDecommissioning(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/projects/${id}/decommission?saved`);
	}
};
