import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found, idParam } from '$lib/server/http/params';
import { certificateFor } from '$lib/server/recognition/certificate';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'recognition:manage');
	const id = idParam(event.params.id);
	return { id, certificate: await found(async () => certificateFor(await getDb(), user.organisationId, id)) };
};
