import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { resultsHref } from '$lib/server/surveys/answering';
import { publishedResults } from '$lib/server/surveys/publish-results';
import { getSurveyByCode } from '$lib/server/surveys/surveys';
import type { PageServerLoad } from './$types';

// The same for everyone: it says nothing about whether this visitor answered. Once an officer
// has shared the results, their summary follows the thanks.
export const load: PageServerLoad = async ({ params }) => {
	const db = await getDb();
	const survey = await getSurveyByCode(db, params.code.slice(0, 20));
	if (!survey || survey.status === 'draft') error(404, 'We couldn’t find that survey.');
	const results = await publishedResults(db, survey, 'participants');
	return { title: survey.title, nextSteps: survey.nextSteps, resultsHref: resultsHref(survey), results };
};
