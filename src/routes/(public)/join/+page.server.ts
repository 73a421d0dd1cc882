import { joinActions } from '$lib/server/http/join';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({});

export const actions: Actions = joinActions;
