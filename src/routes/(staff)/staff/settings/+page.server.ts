import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { getOrganisation, listApprovalBands, organisationSettingsSchema, updateOrganisationSettings } from '$lib/server/organisations/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'organisation:settings');
	const db = await getDb();
	return {
		organisation: await getOrganisation(db, user.organisationId),
		bands: await listApprovalBands(db, user.organisationId),
		saved: event.url.searchParams.get('saved')
	};
};

// The approval bands are edited at /staff/settings/bands: SvelteKit can't mix this default action with named ones.
export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'organisation:settings');
		const parsed = parseForm(organisationSettingsSchema, await readForm(event.request), ['name', 'consentAge', 'smallNumberThreshold', 'retentionMonths']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateOrganisationSettings(await getDb(), user.id, user.organisationId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/settings?saved=settings');
	}
};
