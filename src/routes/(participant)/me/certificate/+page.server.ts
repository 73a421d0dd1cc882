import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { found } from '$lib/server/http/params';
import { certificateFor } from '$lib/server/recognition/certificate';
import type { PageServerLoad } from './$types';

// The participant's own certificate: the same one a champion prints for them.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	return { certificate: await found(async () => certificateFor(await getDb(), user.organisationId, user.id)) };
};
