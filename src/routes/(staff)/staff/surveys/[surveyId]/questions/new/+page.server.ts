import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { questionFormData } from '$lib/server/surveys/builder-pages';
import { QUESTION_FIELDS, questionSchema } from '$lib/server/surveys/question-input';
import { addQuestion } from '$lib/server/surveys/questions';
import { getSurvey } from '$lib/server/surveys/surveys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'surveys:manage');
	const id = idParam(event.params.surveyId);
	return found(async () => questionFormData(await getDb(), user.organisationId, id));
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'surveys:manage');
		const id = idParam(event.params.surveyId ?? '');
		await found(async () => getSurvey(await getDb(), user.organisationId, id));
		const parsed = parseForm(questionSchema, await readForm(event.request), QUESTION_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => addQuestion(await getDb(), user, id, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${id}?saved=question-added#question-${done.value}`);
	}
};
