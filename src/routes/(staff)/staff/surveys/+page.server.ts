import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { surveyState } from '$lib/server/surveys/builder-pages';
import { listOrganisationSurveys } from '$lib/server/surveys/builder';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const surveys = await listOrganisationSurveys(await getDb(), user.organisationId);
	const now = new Date();
	return {
		surveys: surveys.map((s) => ({ id: s.id, title: s.title, code: s.code, projectId: s.projectId, projectTitle: s.projectTitle, responses: s.responses, ...surveyState(s, now) })),
		canManage: can(user, 'surveys:manage')
	};
};
