import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { searchText } from '$lib/server/forms';
import { listParticipants } from '$lib/server/participation/participants';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participants:view');
	const q = searchText(event.url.searchParams.get('q'));
	return { q, participants: await listParticipants(await getDb(), user.organisationId, q) };
};
