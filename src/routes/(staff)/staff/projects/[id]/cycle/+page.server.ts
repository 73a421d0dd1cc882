import { fail, redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can, type Permission } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors, type FormValues } from '$lib/server/forms';
import { attempt, readForm } from '$lib/server/http/actions';
import { allText } from '$lib/server/http/form-arrays';
import { found, idParam } from '$lib/server/http/params';
import type { AccessibleFormat } from '$lib/server/projects/schema';
import { PLAN_ITEM_FIELDS, addPlanItem, planItemIdSchema, planItemSchema, removePlanItem } from '$lib/server/projects/plans';
import { getProject } from '$lib/server/projects/projects';
import { STEP_FIELDS, stepSchema, updateStep } from '$lib/server/projects/steps';
import { getProjectCycle } from '$lib/server/projects/workspace';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const cycle = await found(async () => getProjectCycle(await getDb(), user.organisationId, id));
	return { ...cycle, saved: event.url.searchParams.get('saved'), canManage: can(user, 'projects:manage'), canPlan: can(user, 'projects:plan') };
};

/** Permission first, then the id's shape, then that the project is this organisation's (else 404). */
async function projectFor(event: Parameters<Actions[string]>[0], permission: Permission) {
	const user = await requirePermission(event, permission);
	const id = idParam(event.params.id ?? '');
	await found(async () => getProject(await getDb(), user.organisationId, id));
	return { user, id };
}

/** A 400 that says which of the page's many forms it belongs to (e.g. "step-3", "plan-3"). */
const refused = (target: string, errors: FieldErrors, values: FormValues = {}) => fail(400, { errors, values, target });

export const actions: Actions = {
	step: async (event) => {
		const { user, id } = await projectFor(event, 'projects:manage');
		const parsed = parseForm(stepSchema, await readForm(event.request), STEP_FIELDS);
		const target = `step-${parsed.values.step}`;
		if (!parsed.ok) return refused(target, parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateStep(await getDb(), user, id, parsed.data));
		if (!done.ok) return refused(target, done.failure.data.errors, parsed.values);
		redirect(303, `/staff/projects/${id}/cycle?saved=step-${parsed.data.step}#step-${parsed.data.step}`);
	},
	addPlan: async (event) => {
		const { user, id } = await projectFor(event, 'projects:plan');
		const form = await readForm(event.request);
		const parsed = parseForm(planItemSchema, form, PLAN_ITEM_FIELDS);
		const target = `plan-${parsed.values.step}`;
		const formats = allText(form, 'formats', 20);
		if (!parsed.ok) return refused(target, parsed.errors, { ...parsed.values, formats: formats.join(',').slice(0, 300) });
		const done = await attempt(parsed.values, async () => addPlanItem(await getDb(), user, id, { ...parsed.data, formats: formats as AccessibleFormat[] }));
		if (!done.ok) return refused(target, done.failure.data.errors, parsed.values);
		redirect(303, `/staff/projects/${id}/cycle?saved=plan-${parsed.data.step}#step-${parsed.data.step}`);
	},
	removePlan: async (event) => {
		const { user, id } = await projectFor(event, 'projects:plan');
		const parsed = parseForm(planItemIdSchema, await readForm(event.request), ['planId']);
		if (!parsed.ok) return refused('remove', parsed.errors);
		const done = await attempt({}, async () => removePlanItem(await getDb(), user, id, parsed.data.planId));
		if (!done.ok) return refused('remove', done.failure.data.errors);
		redirect(303, `/staff/projects/${id}/cycle?saved=removed-${done.value}#step-${done.value}`);
	}
};
