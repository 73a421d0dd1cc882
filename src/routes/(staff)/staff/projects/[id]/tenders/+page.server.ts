import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { listTenders } from '$lib/server/evaluation/setup-pages';
import { createTender, tenderSchema, type TenderInput } from '$lib/server/evaluation/tenders';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { totalContractValuePence } from '$lib/server/projects/approvals';
import { getProject } from '$lib/server/projects/projects';
import { poundsInput } from '$lib/project-labels';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['title', 'reference', 'publishedOn', 'closesOn', 'contractValue', 'contractMonths'] as const;

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:view');
	const id = idParam(event.params.id);
	const db = await getDb();
	const project = await found(async () => getProject(db, user.organisationId, id));
	return {
		project: { id: project.id, title: project.title },
		tenders: await listTenders(db, user.organisationId, id),
		defaults: {
			title: project.title,
			contractValue: poundsInput(totalContractValuePence(project.annualValuePence, project.contractMonths)),
			contractMonths: String(project.contractMonths)
		},
		canManage: can(user, 'tenders:manage')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'tenders:manage');
		const id = idParam(event.params.id ?? '');
		await found(async () => getProject(await getDb(), user.organisationId, id));
		const parsed = parseForm(tenderSchema, await readForm(event.request), FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => createTender(await getDb(), user, id, parsed.values as TenderInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${done.value.id}?saved=created`);
	}
};
