import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { getProject } from '$lib/server/projects/projects';
import { currentStep, listSteps } from '$lib/server/projects/steps';
import { NEW_SURVEY_FIELDS, createSurvey, listProjectSurveys, newSurveySchema } from '$lib/server/surveys/builder';
import { surveyChoices, surveyState } from '$lib/server/surveys/builder-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const db = await getDb();
	const project = await found(async () => getProject(db, user.organisationId, id));
	const surveys = await listProjectSurveys(db, user.organisationId, id);
	const now = new Date();
	return {
		project: { id: project.id, title: project.title, step: currentStep(await listSteps(db, user.organisationId, id)) ?? 1 },
		surveys: surveys.map((s) => ({ id: s.id, title: s.title, code: s.code, projectId: s.projectId, projectTitle: s.projectTitle, responses: s.responses, ...surveyState(s, now) })),
		choices: surveyChoices(),
		canManage: can(user, 'surveys:manage')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'surveys:manage');
		const id = idParam(event.params.id ?? '');
		await found(async () => getProject(await getDb(), user.organisationId, id));
		const parsed = parseForm(newSurveySchema, await readForm(event.request), NEW_SURVEY_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => createSurvey(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${done.value}?saved=created`);
	}
};
