import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { csvFileName, summaryCsv } from '$lib/server/surveys/export';
import { surveyResults } from '$lib/server/surveys/results';
import { getSurvey } from '$lib/server/surveys/surveys';
import { resultsFilterFrom } from '$lib/server/http/survey-filter';
import type { RequestHandler } from './$types';

// The results page as CSV: the same filter and the same suppression.
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const surveyId = idParam(event.params.surveyId);
	const filter = resultsFilterFrom(event.url);
	const db = await getDb();
	const survey = await found(() => getSurvey(db, user.organisationId, surveyId));
	const csv = summaryCsv(await surveyResults(db, survey, filter));
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${csvFileName(survey, 'summary')}"`,
			'cache-control': 'no-store'
		}
	});
};
