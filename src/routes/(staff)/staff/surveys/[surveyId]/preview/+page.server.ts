import type { RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { readStep, stepResult } from '$lib/server/surveys/answer-form';
import { participantSurvey } from '$lib/server/surveys/answering';
import { answerableQuestions, getSurvey, loadQuestions } from '$lib/server/surveys/surveys';
import type { Direction } from '$lib/surveys/paging';
import type { Actions, PageServerLoad } from './$types';

// The answering pages exactly as participants see them, drafts included; nothing is ever saved.
async function surveyFor(event: RequestEvent) {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.surveyId ?? '');
	const db = await getDb();
	const survey = await found(() => getSurvey(db, user.organisationId, id));
	return { survey, questions: answerableQuestions(survey, await loadQuestions(db, survey.id)) };
}

export const load: PageServerLoad = async (event) => {
	const loaded = await surveyFor(event);
	return { id: loaded.survey.id, status: loaded.survey.status, survey: participantSurvey(loaded) };
};

async function step(event: RequestEvent, direction: Direction) {
	const { questions } = await surveyFor(event);
	const posted = readStep(questions, await readForm(event.request), direction);
	if (posted.complete) return { step: { page: posted.page, answers: {}, errors: {}, key: '' }, message: null, previewDone: true };
	return stepResult(posted);
}

export const actions: Actions = {
	next: (event) => step(event, 'next'),
	back: (event) => step(event, 'back'),
	submit: (event) => step(event, 'submit')
};
