import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { programmeInOrganisation } from '$lib/server/mystery-shopping/lookup';
import { visitsPage } from '$lib/server/mystery-shopping/visit-pages';
import { VISIT_FIELDS, createVisit, visitSchema, type VisitInput } from '$lib/server/mystery-shopping/visits';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const id = idParam(event.params.programmeId);
	return found(async () => visitsPage(await getDb(), user.organisationId, id));
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'shopping:manage');
		const id = idParam(event.params.programmeId ?? '');
		await found(async () => programmeInOrganisation(await getDb(), user.organisationId, id));
		const parsed = parseForm(visitSchema, await readForm(event.request), VISIT_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => createVisit(await getDb(), user, id, parsed.values as VisitInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${id}/visits/${done.value}?saved=created`);
	}
};
