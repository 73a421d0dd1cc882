import { requirePermission } from '$lib/server/auth/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	return {
		displayName: user.displayName,
		username: user.username,
		welcome: event.url.searchParams.has('welcome')
	};
};
