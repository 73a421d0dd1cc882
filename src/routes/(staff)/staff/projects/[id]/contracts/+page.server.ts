import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { projectContractsPage } from '$lib/server/monitoring/contract-pages';
import { CONTRACT_FIELDS, contractSchema, createContract, createContractFromAward, FROM_AWARD_FIELDS, fromAwardSchema, type ContractInput } from '$lib/server/monitoring/contracts';
import { getProject } from '$lib/server/projects/projects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const id = idParam(event.params.id);
	const page = await found(async () => projectContractsPage(await getDb(), user.organisationId, id));
	return { ...page, canManage: can(user, 'contracts:manage') };
};

async function projectFor(event: RequestEvent<{ id: string }>) {
	const user = await requirePermission(event, 'contracts:manage');
	const id = idParam(event.params.id ?? '');
	await found(async () => getProject(await getDb(), user.organisationId, id));
	return { user, id };
}

export const actions: Actions = {
	create: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(contractSchema, await readForm(event.request), CONTRACT_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'create' });
		const done = await attempt({ ...parsed.values, form: 'create' }, async () => createContract(await getDb(), user, id, parsed.values as ContractInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${done.value.id}?saved=created`);
	},
	fromAward: async (event) => {
		const { user, id } = await projectFor(event);
		const parsed = parseForm(fromAwardSchema, await readForm(event.request), FROM_AWARD_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'award' });
		const done = await attempt({ ...parsed.values, form: 'award' }, async () => createContractFromAward(await getDb(), user, id, parsed.values as { tenderId: string; service: string }));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${done.value.id}?saved=created-from-award`);
	}
};
