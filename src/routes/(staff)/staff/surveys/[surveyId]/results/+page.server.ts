import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { resultsFilterFrom } from '$lib/server/http/survey-filter';
import { getProject } from '$lib/server/projects/projects';
import { publishResults, publishSchema, RESULTS_VISIBILITY_LABELS } from '$lib/server/surveys/publish-results';
import { AGE_FILTERS, surveyResults } from '$lib/server/surveys/results';
import { RESULTS_VISIBILITY } from '$lib/server/surveys/schema';
import { getSurvey } from '$lib/server/surveys/surveys';
import { RESPONDENT_TYPES, RESPONDENT_TYPE_LABELS } from '$lib/surveys/definition';
import { AGE_BAND_LABELS } from '$lib/surveys/equality';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const surveyId = idParam(event.params.surveyId);
	const filter = resultsFilterFrom(event.url);
	const db = await getDb();
	const survey = await found(() => getSurvey(db, user.organisationId, surveyId));
	const [project, results] = await Promise.all([found(() => getProject(db, user.organisationId, survey.projectId)), surveyResults(db, survey, filter)]);
	return {
		survey: {
			id: survey.id,
			title: survey.title,
			code: survey.code,
			status: survey.status,
			anonymous: survey.anonymous,
			resultsVisibility: survey.resultsVisibility,
			resultsSummary: survey.resultsSummary,
			resultsPublishedAt: survey.resultsPublishedAt?.toISOString().slice(0, 10) ?? null
		},
		project: { id: project.id, title: project.title, published: !!project.publishedAt },
		results,
		query: event.url.search,
		audiences: RESPONDENT_TYPES.map((value) => ({ value, label: RESPONDENT_TYPE_LABELS[value] })),
		ages: AGE_FILTERS.map((value) => ({ value, label: AGE_BAND_LABELS[value] })),
		visibilities: RESULTS_VISIBILITY.map((value) => ({ value, label: RESULTS_VISIBILITY_LABELS[value] })),
		canPublish: can(user, 'surveys:publish'),
		canManage: can(user, 'surveys:manage'),
		saved: event.url.searchParams.get('saved') === 'published'
	};
};

export const actions: Actions = {
	publish: async (event) => {
		const user = await requirePermission(event, 'surveys:publish');
		const surveyId = idParam(event.params.surveyId ?? '');
		const db = await getDb();
		await found(() => getSurvey(db, user.organisationId, surveyId));
		const parsed = parseForm(publishSchema, await readForm(event.request), ['visibility', 'summary']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, () => publishResults(db, user, surveyId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/surveys/${surveyId}/results?saved=published#publish`);
	}
};
