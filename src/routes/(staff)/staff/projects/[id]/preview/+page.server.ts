import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { publicProjectPreview } from '$lib/server/publishing/portal';
import type { PageServerLoad } from './$types';

// Renders exactly what the public project page shows, published or not.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const id = idParam(event.params.id);
	const project = await found(async () => publicProjectPreview(await getDb(), user.organisationId, id));
	return { id, project, canPublish: can(user, 'projects:publish') };
};
