import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { measuresPage } from '$lib/server/monitoring/contract-pages';
import { contractInOrganisation } from '$lib/server/monitoring/lookup';
import { createMeasure, MEASURE_FIELDS, measureSchema, moveMeasure, removeMeasure, updateMeasure, type MeasureInput } from '$lib/server/monitoring/measures';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const id = idParam(event.params.contractId);
	const page = await found(async () => measuresPage(await getDb(), user.organisationId, id));
	return { ...page, canManage: can(user, 'contracts:manage'), saved: event.url.searchParams.get('saved') };
};

async function contractFor(event: RequestEvent<{ contractId: string }>) {
	const user = await requirePermission(event, 'contracts:manage');
	const id = idParam(event.params.contractId ?? '');
	await found(async () => contractInOrganisation(await getDb(), user.organisationId, id));
	return { user, id };
}

const measureId = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That measure isn’t in this contract.'));
const idForm = v.object({ measureId });
const moveForm = v.object({ measureId, direction: v.picklist(['up', 'down'], 'Choose up or down.') });
const editForm = v.object({ ...measureSchema.entries, measureId });

export const actions: Actions = {
	add: async (event) => {
		const { user, id } = await contractFor(event);
		const parsed = parseForm(measureSchema, await readForm(event.request), MEASURE_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'add' });
		const done = await attempt({ ...parsed.values, form: 'add' }, async () => createMeasure(await getDb(), user, id, parsed.values as MeasureInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${id}/measures?saved=added#measure-${done.value.id}`);
	},
	save: async (event) => {
		const { user, id } = await contractFor(event);
		const parsed = parseForm(editForm, await readForm(event.request), [...MEASURE_FIELDS, 'measureId']);
		const key = `measure-${parsed.values.measureId}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		const done = await attempt({ ...parsed.values, form: key }, async () => updateMeasure(await getDb(), user, id, parsed.data.measureId, parsed.values as MeasureInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${id}/measures?saved=${done.value ? 'saved' : 'unchanged'}#${key}`);
	},
	move: async (event) => {
		const { user, id } = await contractFor(event);
		const parsed = parseForm(moveForm, await readForm(event.request), ['measureId', 'direction']);
		if (!parsed.ok) return invalid(parsed.errors, { form: 'list' });
		const done = await attempt({ form: 'list' }, async () => moveMeasure(await getDb(), user, id, parsed.data.measureId, parsed.data.direction));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${id}/measures?saved=moved#measure-${parsed.data.measureId}`);
	},
	remove: async (event) => {
		const { user, id } = await contractFor(event);
		const parsed = parseForm(idForm, await readForm(event.request), ['measureId']);
		if (!parsed.ok) return invalid(parsed.errors, { form: 'list' });
		const done = await attempt({ form: 'list' }, async () => removeMeasure(await getDb(), user, id, parsed.data.measureId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${id}/measures?saved=removed`);
	}
};
