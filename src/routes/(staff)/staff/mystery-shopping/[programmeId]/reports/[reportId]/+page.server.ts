import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { approveReport, reportForReview, reportInProgramme, returnReport, returnSchema } from '$lib/server/mystery-shopping/review';
import type { Actions, PageServerLoad } from './$types';

// One shopper's whole report for the champion: approve it (final; credits their hours) or return it with a note.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const programmeId = idParam(event.params.programmeId);
	const reportId = idParam(event.params.reportId);
	const page = await found(async () => reportForReview(await getDb(), user, programmeId, reportId));
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ...page, saved: event.url.searchParams.get('saved') };
};

/** The reviewer, and the report checked to be this programme's (in their organisation). */
async function reviewing(event: RequestEvent<{ programmeId: string; reportId: string }>) {
	const user = await requirePermission(event, 'shopping:manage');
	const programmeId = idParam(event.params.programmeId ?? '');
	const reportId = idParam(event.params.reportId ?? '');
	await found(async () => reportInProgramme(await getDb(), user, programmeId, reportId));
	return { user, programmeId, reportId, here: `/staff/mystery-shopping/${programmeId}/reports/${reportId}` };
}

export const actions: Actions = {
	approve: async (event) => {
		const { user, reportId, here } = await reviewing(event);
		const done = await attempt({}, async () => approveReport(await getDb(), user, reportId));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=approved`);
	},
	return: async (event) => {
		const { user, reportId, here } = await reviewing(event);
		const parsed = parseForm(returnSchema, await readForm(event.request), ['note']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => returnReport(await getDb(), user, reportId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `${here}?saved=returned`);
	}
};
