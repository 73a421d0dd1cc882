import { requirePermission } from '$lib/server/auth/guards';
import { qrDataUrl } from '$lib/server/auth/codes';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { surveyState } from '$lib/server/surveys/builder-pages';
import { getSurvey } from '$lib/server/surveys/surveys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'surveys:manage');
	const id = idParam(event.params.surveyId);
	const survey = await found(async () => getSurvey(await getDb(), user.organisationId, id));
	// event.url.origin is the configured ORIGIN behind adapter-node, so printed links point at the real site.
	const link = new URL(`/survey/${survey.code}`, event.url.origin).href;
	return {
		survey: { id: survey.id, title: survey.title, code: survey.code, introduction: survey.introduction, anonymous: survey.anonymous, ...surveyState(survey) },
		link,
		codePage: new URL('/survey', event.url.origin).href,
		qr: await qrDataUrl(link)
	};
};
