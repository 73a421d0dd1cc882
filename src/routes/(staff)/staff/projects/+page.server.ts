import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { listProjects } from '$lib/server/projects/projects';
import { PROJECT_CHOICES, parseProjectFilter } from '$lib/server/projects/workspace';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const filter = parseProjectFilter(event.url.searchParams);
	return {
		filter: { q: filter.q, status: filter.status ?? '', route: filter.route ?? '', level: filter.level ?? '' },
		choices: PROJECT_CHOICES,
		projects: await listProjects(await getDb(), user.organisationId, filter),
		canManage: can(user, 'projects:manage')
	};
};
