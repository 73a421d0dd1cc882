import { fail, redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm, type FieldErrors, type FormValues } from '$lib/server/forms';
import { attempt, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import {
	EQUALITY_ACTION_FIELDS,
	EQUALITY_FORM_FIELDS,
	EQUALITY_STATUS_LABELS,
	addEqualityAction,
	equalityActionIdSchema,
	equalityActionSchema,
	equalityFormSchema,
	getEqualityAssessment,
	removeEqualityAction,
	saveEqualityAssessment
} from '$lib/server/projects/equality';
import { getProject } from '$lib/server/projects/projects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const [project, assessment] = await found(async () => {
		const db = await getDb();
		return Promise.all([getProject(db, user.organisationId, id), getEqualityAssessment(db, user.organisationId, id)]);
	});
	return {
		project: { id: project.id, title: project.title },
		assessment,
		statusLabels: EQUALITY_STATUS_LABELS,
		saved: event.url.searchParams.get('saved'),
		canManage: can(user, 'projects:manage')
	};
};

async function projectFor(event: Parameters<Actions[string]>[0]) {
	const user = await requirePermission(event, 'projects:manage');
	const id = idParam(event.params.id ?? '');
	await found(async () => getProject(await getDb(), user.organisationId, id));
	return { user, id };
}

/** A 400 that says which of the page's forms it belongs to. */
const refused = (target: 'assessment' | 'action' | 'remove', errors: FieldErrors, values: FormValues = {}) => fail(400, { errors, values, target });

export const actions: Actions = {
	save: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(equalityFormSchema, await readForm(event.request), EQUALITY_FORM_FIELDS);
		if (!parsed.ok) return refused('assessment', parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => saveEqualityAssessment(await getDb(), user, id, parsed.data));
		if (!done.ok) return refused('assessment', done.failure.data.errors, parsed.values);
		redirect(303, `/staff/projects/${id}/equality?saved=assessment`);
	},
	addAction: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(equalityActionSchema, await readForm(event.request), EQUALITY_ACTION_FIELDS);
		if (!parsed.ok) return refused('action', parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => addEqualityAction(await getDb(), user, id, parsed.data));
		if (!done.ok) return refused('action', done.failure.data.errors, parsed.values);
		redirect(303, `/staff/projects/${id}/equality?saved=action#actions`);
	},
	removeAction: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(equalityActionIdSchema, await readForm(event.request), ['actionId']);
		if (!parsed.ok) return refused('remove', parsed.errors);
		const done = await attempt({}, async () => removeEqualityAction(await getDb(), user, id, parsed.data.actionId));
		if (!done.ok) return refused('remove', done.failure.data.errors);
		redirect(303, `/staff/projects/${id}/equality?saved=removed#actions`);
	}
};
