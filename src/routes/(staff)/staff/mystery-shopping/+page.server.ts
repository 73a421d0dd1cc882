import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { programmesPage } from '$lib/server/mystery-shopping/programme-pages';
import { ID } from '$lib/server/mystery-shopping/programme-fields';
import { PROGRAMME_FIELDS, createProgramme, programmeDefaults, programmeSchema, type ProgrammeInput } from '$lib/server/mystery-shopping/programmes';
import type { Actions, PageServerLoad } from './$types';

const createForm = v.object({ contractId: v.pipe(v.string(), v.regex(ID, 'Choose one of your contracts.')), ...programmeSchema.entries });

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const page = await programmesPage(await getDb(), user.organisationId);
	const wanted = event.url.searchParams.get('contract');
	const chosen = page.contracts.find((c) => c.id === wanted) ?? page.contracts[0];
	return {
		...page,
		defaults: chosen ? { contractId: chosen.id, ...programmeDefaults(chosen) } : null,
		saved: event.url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'shopping:manage');
		const parsed = parseForm(createForm, await readForm(event.request), ['contractId', ...PROGRAMME_FIELDS]);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const input = parsed.values as unknown as ProgrammeInput;
		const done = await attempt(parsed.values, async () => createProgramme(await getDb(), user, parsed.data.contractId, input));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/mystery-shopping/${done.value}?saved=created`);
	}
};
