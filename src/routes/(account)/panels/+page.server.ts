import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { myPanels } from '$lib/server/evaluation/member-pages';
import type { PageServerLoad } from './$types';

// Anyone signed in: the panels they sit on (participants' and staff panels alike).
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { panels: await myPanels(await getDb(), user) };
};
