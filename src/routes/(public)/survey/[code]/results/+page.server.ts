import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { publishedResults } from '$lib/server/surveys/publish-results';
import { getSurveyByCode } from '$lib/server/surveys/surveys';
import type { PageServerLoad } from './$types';

// For anyone with the survey's link: the results summary, once an officer has shared it.
// Unknown codes, drafts and results kept for staff are all the same 404.
export const load: PageServerLoad = async ({ params }) => {
	const db = await getDb();
	const survey = await getSurveyByCode(db, params.code);
	const results = survey ? await publishedResults(db, survey, 'participants') : null;
	if (!survey || !results) error(404, 'We couldn’t find results for that survey.');
	return { results };
};
