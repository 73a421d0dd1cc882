import { requirePermission } from '$lib/server/auth/guards';
import { navigationFor } from '$lib/server/navigation';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'staff:home');
	const tasks = navigationFor(user).filter((item) => item.href.startsWith('/staff/'));
	return { displayName: user.displayName, roles: user.roles, tasks };
};
