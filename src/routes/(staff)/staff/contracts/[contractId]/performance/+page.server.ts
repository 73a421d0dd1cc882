import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can, type Permission } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { InputError, parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { performancePage } from '$lib/server/monitoring/contract-pages';
import { contractInOrganisation } from '$lib/server/monitoring/lookup';
import { listMeasures } from '$lib/server/monitoring/measures';
import { createPeriod, PERIOD_FIELDS, periodSchema, removePeriod, resultEntriesFromForm, ResultErrors, saveResults, updatePeriod, type PeriodInput } from '$lib/server/monitoring/periods';
import { publishUpdate, saveSummary, SUMMARY_FIELDS, summarySchema, unpublishUpdate } from '$lib/server/monitoring/performance-updates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const id = idParam(event.params.contractId);
	const page = await found(async () => performancePage(await getDb(), user.organisationId, id));
	return { ...page, canManage: can(user, 'contracts:manage'), canPublish: can(user, 'monitoring:publish'), saved: event.url.searchParams.get('saved') };
};

async function contractFor(event: RequestEvent<{ contractId: string }>, permission: Permission) {
	const user = await requirePermission(event, permission);
	const id = idParam(event.params.contractId ?? '');
	await found(async () => contractInOrganisation(await getDb(), user.organisationId, id));
	return { user, id };
}

const periodId = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That period isn’t in this contract.'));
const idForm = v.object({ periodId });
const editForm = v.object({ ...periodSchema.entries, periodId });
const summaryForm = v.object({ ...summarySchema.entries, periodId });
const back = (id: string, saved: string, anchor = '') => `/staff/contracts/${id}/performance?saved=${saved}${anchor ? `#${anchor}` : ''}`;

/** The period named in a small form (publish, unpublish, remove), or a 400 on the page. */
async function periodOf(event: RequestEvent<{ contractId: string }>) {
	const parsed = parseForm(idForm, await readForm(event.request), ['periodId']);
	return parsed.ok ? parsed.data.periodId : null;
}

export const actions: Actions = {
	addPeriod: async (event) => {
		const { user, id } = await contractFor(event, 'contracts:manage');
		const parsed = parseForm(periodSchema, await readForm(event.request), PERIOD_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'add' });
		const done = await attempt({ ...parsed.values, form: 'add' }, async () => createPeriod(await getDb(), user, id, parsed.values as PeriodInput));
		if (!done.ok) return done.failure;
		redirect(303, back(id, 'period-added', `period-${done.value.id}`));
	},
	editPeriod: async (event) => {
		const { user, id } = await contractFor(event, 'contracts:manage');
		const parsed = parseForm(editForm, await readForm(event.request), [...PERIOD_FIELDS, 'periodId']);
		const key = `edit-${parsed.values.periodId}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		const done = await attempt({ ...parsed.values, form: key }, async () => updatePeriod(await getDb(), user, id, parsed.data.periodId, parsed.values as PeriodInput));
		if (!done.ok) return done.failure;
		redirect(303, back(id, done.value ? 'period-saved' : 'unchanged', `period-${parsed.data.periodId}`));
	},
	removePeriod: async (event) => {
		const { user, id } = await contractFor(event, 'contracts:manage');
		const pid = await periodOf(event);
		if (!pid) return invalid({ form: 'That period isn’t in this contract.' }, { form: 'list' });
		const done = await attempt({ form: 'list' }, async () => removePeriod(await getDb(), user, id, pid));
		if (!done.ok) return done.failure;
		redirect(303, back(id, 'period-removed'));
	},
	results: async (event) => {
		const { user, id } = await contractFor(event, 'contracts:manage');
		const db = await getDb();
		const form = await readForm(event.request);
		const parsed = parseForm(idForm, form, ['periodId']);
		if (!parsed.ok) return invalid(parsed.errors, { form: 'list' });
		const key = `results-${parsed.data.periodId}`;
		const measures = await listMeasures(db, id);
		const { entries, values } = resultEntriesFromForm(form, measures.map((m) => m.id));
		let published: boolean;
		try {
			published = (await saveResults(db, user, id, parsed.data.periodId, entries)).published;
		} catch (err) {
			if (err instanceof ResultErrors) return invalid(err.errors, { ...values, form: key });
			if (err instanceof InputError) return invalid({ [err.field]: err.message }, { ...values, form: key });
			throw err;
		}
		redirect(303, back(id, published ? 'results-corrected' : 'results-saved', `period-${parsed.data.periodId}`));
	},
	summary: async (event) => {
		const { user, id } = await contractFor(event, 'contracts:manage');
		const parsed = parseForm(summaryForm, await readForm(event.request), [...SUMMARY_FIELDS, 'periodId']);
		const key = `summary-${parsed.values.periodId}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		const done = await attempt({ ...parsed.values, form: key }, async () => saveSummary(await getDb(), user, id, parsed.data.periodId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, back(id, done.value ? 'summary-saved' : 'unchanged', `period-${parsed.data.periodId}`));
	},
	publish: async (event) => {
		const { user, id } = await contractFor(event, 'monitoring:publish');
		const pid = await periodOf(event);
		if (!pid) return invalid({ form: 'That period isn’t in this contract.' }, { form: 'list' });
		const done = await attempt({ form: `publish-${pid}` }, async () => publishUpdate(await getDb(), user, id, pid));
		if (!done.ok) return done.failure;
		redirect(303, back(id, 'published', `period-${pid}`));
	},
	unpublish: async (event) => {
		const { user, id } = await contractFor(event, 'monitoring:publish');
		const pid = await periodOf(event);
		if (!pid) return invalid({ form: 'That period isn’t in this contract.' }, { form: 'list' });
		const done = await attempt({ form: `publish-${pid}` }, async () => unpublishUpdate(await getDb(), user, id, pid));
		if (!done.ok) return done.failure;
		redirect(303, back(id, 'unpublished', `period-${pid}`));
	}
};
