import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { MAX_APPROVAL_BANDS, listApprovalBands, parseApprovalBandsForm, replaceApprovalBands } from '$lib/server/organisations/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'organisation:settings');
	return { bands: await listApprovalBands(await getDb(), user.organisationId), maxBands: MAX_APPROVAL_BANDS };
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requirePermission(event, 'organisation:settings');
		const parsed = parseApprovalBandsForm(await readForm(event.request));
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => replaceApprovalBands(await getDb(), user, user.organisationId, parsed.bands));
		if (!done.ok) return done.failure;
		redirect(303, '/staff/settings?saved=bands#bands');
	}
};
