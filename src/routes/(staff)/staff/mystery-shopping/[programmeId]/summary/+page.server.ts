import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { programmeInOrganisation } from '$lib/server/mystery-shopping/lookup';
import { publishSummary, saveSummary, summaryPage, summarySchema, unpublishSummary } from '$lib/server/mystery-shopping/public-summary';
import type { Actions, PageServerLoad } from './$types';

// A programme's optional public summary: champions and officers draft it; officers publish it.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const programmeId = idParam(event.params.programmeId);
	const page = await found(async () => summaryPage(await getDb(), user.organisationId, programmeId));
	return { ...page, canPublish: can(user, 'monitoring:publish'), saved: event.url.searchParams.get('saved') };
};

const done = (programmeId: string, saved: string) => redirect(303, `/staff/mystery-shopping/${programmeId}/summary?saved=${saved}`);

export const actions: Actions = {
	save: async (event) => {
		const user = await requirePermission(event, 'shopping:manage');
		const programmeId = idParam(event.params.programmeId ?? '');
		const db = await getDb();
		await found(() => programmeInOrganisation(db, user.organisationId, programmeId));
		const parsed = parseForm(summarySchema, await readForm(event.request), ['summary']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => saveSummary(db, user, programmeId, parsed.data));
		if (!result.ok) return result.failure;
		done(programmeId, 'draft');
	},
	publish: async (event) => {
		const user = await requirePermission(event, 'monitoring:publish');
		const programmeId = idParam(event.params.programmeId ?? '');
		const db = await getDb();
		await found(() => programmeInOrganisation(db, user.organisationId, programmeId));
		const parsed = parseForm(summarySchema, await readForm(event.request), ['summary']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => publishSummary(db, user, programmeId, parsed.data));
		if (!result.ok) return result.failure;
		done(programmeId, 'published');
	},
	unpublish: async (event) => {
		const user = await requirePermission(event, 'monitoring:publish');
		const programmeId = idParam(event.params.programmeId ?? '');
		const db = await getDb();
		await found(() => programmeInOrganisation(db, user.organisationId, programmeId));
		const result = await attempt({}, () => unpublishSummary(db, user, programmeId));
		if (!result.ok) return result.failure;
		done(programmeId, 'unpublished');
	}
};
