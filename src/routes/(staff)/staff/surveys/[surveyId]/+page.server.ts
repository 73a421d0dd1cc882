import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { DETAILS_FIELDS, closeSurvey, detailsSchema, duplicateSurvey, openSurvey, updateSurveyDetails } from '$lib/server/surveys/builder';
import { surveyChoices, surveyWorkspace } from '$lib/server/surveys/builder-pages';
import { deleteQuestion, moveQuestion } from '$lib/server/surveys/questions';
import { getSurvey } from '$lib/server/surveys/surveys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.surveyId);
	const workspace = await found(async () => surveyWorkspace(await getDb(), user.organisationId, id));
	return { ...workspace, choices: surveyChoices(), saved: event.url.searchParams.get('saved'), canManage: can(user, 'surveys:manage') };
};

/** Every action re-checks permission and that the survey is this organisation's. */
async function surveyFor(event: RequestEvent<{ surveyId: string }>) {
	const user = await requirePermission(event, 'surveys:manage');
	const id = idParam(event.params.surveyId ?? '');
	await found(async () => getSurvey(await getDb(), user.organisationId, id));
	return { user, id };
}

const questionId = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That question isn’t in this survey.'));
const questionAction = v.object({ questionId, direction: v.string() });
const moveAction = v.object({ questionId, direction: v.picklist(['up', 'down'], 'Choose to move it up or down.') });

type Work = (user: { id: string; organisationId: string }, id: string, questionId: string, direction: string) => Promise<unknown>;

async function onQuestion(event: RequestEvent<{ surveyId: string }>, schema: typeof questionAction | typeof moveAction, work: Work, saved: string) {
	const { user, id } = await surveyFor(event);
	const parsed = parseForm(schema, await readForm(event.request), ['questionId', 'direction']);
	if (!parsed.ok) return invalid({ form: Object.values(parsed.errors)[0] }, { questionId: parsed.values.questionId.slice(0, 16) });
	const done = await attempt({ questionId: parsed.data.questionId }, async () => work(user, id, parsed.data.questionId, parsed.data.direction));
	if (!done.ok) return done.failure;
	redirect(303, `/staff/surveys/${id}?saved=${saved}#question-${parsed.data.questionId}`);
}

export const actions: Actions = {
	details: async (event) => {
		const { user, id } = await surveyFor(event);
		const parsed = parseForm(detailsSchema, await readForm(event.request), DETAILS_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'details' });
		const done = await attempt({ ...parsed.values, form: 'details' }, async () => updateSurveyDetails(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${id}?saved=details`);
	},
	open: async (event) => {
		const { user, id } = await surveyFor(event);
		const done = await attempt({}, async () => openSurvey(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${id}?saved=opened`);
	},
	close: async (event) => {
		const { user, id } = await surveyFor(event);
		const done = await attempt({}, async () => closeSurvey(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${id}?saved=closed`);
	},
	duplicate: async (event) => {
		const { user, id } = await surveyFor(event);
		const done = await attempt({}, async () => duplicateSurvey(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${done.value}?saved=duplicated`);
	},
	move: async (event) => onQuestion(event, moveAction, async (user, id, questionId, direction) => moveQuestion(await getDb(), user, id, questionId, direction as 'up' | 'down'), 'moved'),
	delete: async (event) => onQuestion(event, questionAction, async (user, id, questionId) => deleteQuestion(await getDb(), user, id, questionId), 'deleted')
};
