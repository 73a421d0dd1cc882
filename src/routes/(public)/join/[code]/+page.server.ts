import { checkCode, codeProblem, joinActions } from '$lib/server/http/join';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const check = await checkCode(event, event.params.code.slice(0, 40));
	if (check.state === 'throttled') event.setHeaders({ 'Retry-After': String(check.retryAfter) });
	return { check: check.state === 'ok' ? check : null, problem: codeProblem(check) };
};

export const actions: Actions = joinActions;
