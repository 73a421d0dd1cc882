import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { getProjectOverview } from '$lib/server/projects/workspace';
import { projectQuality } from '$lib/server/reach/quality';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const overview = await found(async () => getProjectOverview(await getDb(), user.organisationId, id));
	return {
		...overview,
		quality: await projectQuality(await getDb(), user.organisationId, id),
		canToggleQuality: can(user, 'reach:manage') || can(user, 'projects:publish'),
		canSeeReach: can(user, 'reach:view'),
		saved: event.url.searchParams.get('saved'),
		canManage: can(user, 'projects:manage'),
		canPlan: can(user, 'projects:plan'),
		canPublish: can(user, 'projects:publish')
	};
};
