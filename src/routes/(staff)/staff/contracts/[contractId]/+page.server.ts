import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { contractOverview } from '$lib/server/monitoring/contract-pages';
import { CONTRACT_FIELDS, contractSchema, updateContract, type ContractInput } from '$lib/server/monitoring/contracts';
import { contractInOrganisation } from '$lib/server/monitoring/lookup';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'contracts:view');
	const id = idParam(event.params.contractId);
	const page = await found(async () => contractOverview(await getDb(), user.organisationId, id));
	return { ...page, canManage: can(user, 'contracts:manage'), saved: event.url.searchParams.get('saved') };
};

export const actions: Actions = {
	details: async (event) => {
		const user = await requirePermission(event, 'contracts:manage');
		const id = idParam(event.params.contractId ?? '');
		await found(async () => contractInOrganisation(await getDb(), user.organisationId, id));
		const parsed = parseForm(contractSchema, await readForm(event.request), CONTRACT_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateContract(await getDb(), user, id, parsed.values as ContractInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/contracts/${id}?saved=${done.value ? 'details' : 'unchanged'}`);
	}
};
