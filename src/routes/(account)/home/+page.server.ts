import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { homePath } from '$lib/server/auth/policy';
import type { PageServerLoad } from './$types';

/** "Take me to my start page", whoever I am. */
export const load: PageServerLoad = (event) => {
	redirect(303, homePath(requireUser(event)));
};
