import { navigationFor } from '$lib/server/navigation';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { displayName: locals.user.displayName } : null,
	navigation: navigationFor(locals.user)
});
