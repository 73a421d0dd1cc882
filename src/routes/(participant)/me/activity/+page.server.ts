import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { myActivity } from '$lib/server/my-space/activity';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	return await myActivity(await getDb(), user);
};
