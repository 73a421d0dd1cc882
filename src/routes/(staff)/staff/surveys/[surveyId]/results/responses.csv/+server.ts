import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { csvFileName, recordResponsesExport, responsesCsv } from '$lib/server/surveys/export';
import { getSurvey } from '$lib/server/surveys/surveys';
import type { RequestHandler } from './$types';

// One row per response, streamed: nothing that identifies a person or device (see export.ts).
// Still the most detailed thing the app gives out, so only officers (who publish results) may
// download it, and each download is recorded.
export const GET: RequestHandler = async (event) => {
	const user = await requirePermission(event, 'surveys:publish');
	const surveyId = idParam(event.params.surveyId);
	const db = await getDb();
	const survey = await found(() => getSurvey(db, user.organisationId, surveyId));
	await recordResponsesExport(db, user, survey);
	const chunks = responsesCsv(db, survey);
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${csvFileName(survey, 'responses')}"`,
			'cache-control': 'no-store'
		}
	});
};
