import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm, type FormValues } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { programmeInOrganisation } from '$lib/server/mystery-shopping/lookup';
import { programmePage } from '$lib/server/mystery-shopping/programme-pages';
import { ID, directionSchema } from '$lib/server/mystery-shopping/programme-fields';
import { PROGRAMME_FIELDS, programmeSchema, updateProgramme, type ProgrammeInput } from '$lib/server/mystery-shopping/programmes';
import { SCENARIO_FIELDS, addScenario, moveScenario, removeScenario, scenarioSchema, updateScenario, type ScenarioInput } from '$lib/server/mystery-shopping/scenarios';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const id = idParam(event.params.programmeId);
	const page = await found(async () => programmePage(await getDb(), user.organisationId, id));
	return { ...page, saved: event.url.searchParams.get('saved') };
};

async function programmeFor(event: RequestEvent<{ programmeId: string }>) {
	const user = await requirePermission(event, 'shopping:manage');
	const id = idParam(event.params.programmeId ?? '');
	await found(async () => programmeInOrganisation(await getDb(), user.organisationId, id));
	return { user, id };
}

const scenarioId = v.pipe(v.string(), v.regex(ID, 'That scenario isn’t part of this programme.'));
const updateForm = v.object({ scenarioId, ...scenarioSchema.entries });
const moveForm = v.object({ scenarioId, direction: directionSchema });
const removeForm = v.object({ scenarioId });
const scenarioInput = (values: FormValues): ScenarioInput => ({ title: values.title, script: values.script, noTreatment: values.noTreatment });

export const actions: Actions = {
	details: async (event) => {
		const { user, id } = await programmeFor(event);
		const parsed = parseForm(programmeSchema, await readForm(event.request), PROGRAMME_FIELDS);
		const values = { ...parsed.values, form: 'details' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => updateProgramme(await getDb(), user, id, parsed.values as unknown as ProgrammeInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${id}?saved=${done.value ? 'details' : 'unchanged'}`);
	},
	addScenario: async (event) => {
		const { user, id } = await programmeFor(event);
		const parsed = parseForm(scenarioSchema, await readForm(event.request), SCENARIO_FIELDS);
		const values = { ...parsed.values, form: 'add-scenario' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => addScenario(await getDb(), user, id, scenarioInput(parsed.values)));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${id}?saved=scenario-added#scenarios`);
	},
	updateScenario: async (event) => {
		const { user, id } = await programmeFor(event);
		const parsed = parseForm(updateForm, await readForm(event.request), ['scenarioId', ...SCENARIO_FIELDS]);
		const values = { ...parsed.values, form: `scenario-${parsed.values.scenarioId.slice(0, 16)}` };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => updateScenario(await getDb(), user, id, parsed.data.scenarioId, scenarioInput(parsed.values)));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${id}?saved=${done.value ? 'scenario-saved' : 'unchanged'}#scenarios`);
	},
	moveScenario: async (event) => {
		const { user, id } = await programmeFor(event);
		const parsed = parseForm(moveForm, await readForm(event.request), ['scenarioId', 'direction']);
		const values = { form: `scenario-${parsed.values.scenarioId.slice(0, 16)}` };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => moveScenario(await getDb(), user, id, parsed.data.scenarioId, parsed.data.direction));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${id}?saved=scenario-moved#scenarios`);
	},
	removeScenario: async (event) => {
		const { user, id } = await programmeFor(event);
		const parsed = parseForm(removeForm, await readForm(event.request), ['scenarioId']);
		const values = { form: `scenario-${parsed.values.scenarioId.slice(0, 16)}` };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => removeScenario(await getDb(), user, id, parsed.data.scenarioId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${id}?saved=scenario-removed#scenarios`);
	}
};
