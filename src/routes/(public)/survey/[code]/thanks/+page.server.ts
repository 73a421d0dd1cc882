import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { resultsHref } from '$lib/server/surveys/answering';
import { getSurveyByCode } from '$lib/server/surveys/surveys';
import type { PageServerLoad } from './$types';

// The same for everyone: it says nothing about whether this visitor answered.
export const load: PageServerLoad = async ({ params }) => {
	const survey = await getSurveyByCode(await getDb(), params.code.slice(0, 20));
	if (!survey || survey.status === 'draft') error(404, 'We couldn’t find that survey.');
	return { title: survey.title, nextSteps: survey.nextSteps, resultsHref: resultsHref(survey) };
};
