import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { AWARD_FIELDS, NOT_TOP_REASON_MIN, THANKS_FIELDS, awardPage, awardSchema, publishAward, recordAward, thankPanels, thanksSchema } from '$lib/server/evaluation/award';
import { STATUS_LABELS } from '$lib/server/evaluation/lifecycle';
import { getTender } from '$lib/server/evaluation/tenders';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

// The award (officers only): record or change the decision until it is published, publish it, then
// thank the panels. Bidders' names are on this page: 'tenders:manage' is the only way to them.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	const page = await found(async () => awardPage(await getDb(), user.organisationId, tenderId));
	return {
		...page,
		statusLabel: STATUS_LABELS[page.tender.status],
		notTopReasonMin: NOT_TOP_REASON_MIN,
		today: new Date().toISOString().slice(0, 10),
		saved: event.url.searchParams.get('saved')
	};
};

/** Every action re-checks the permission and that the tender is this organisation's. */
async function tenderFor(event: RequestEvent<{ tenderId: string }>) {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId ?? '');
	await found(async () => getTender(await getDb(), user.organisationId, tenderId));
	return { user, tenderId };
}

export const actions: Actions = {
	record: async (event) => {
		const { user, tenderId } = await tenderFor(event);
		const parsed = parseForm(awardSchema, await readForm(event.request), AWARD_FIELDS);
		const values = { ...parsed.values, form: 'record' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => recordAward(await getDb(), user, tenderId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${tenderId}/award?saved=recorded`);
	},
	publish: async (event) => {
		const { user, tenderId } = await tenderFor(event);
		const done = await attempt({ form: 'publish' }, async () => publishAward(await getDb(), user, tenderId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${tenderId}/award?saved=published`);
	},
	thank: async (event) => {
		const { user, tenderId } = await tenderFor(event);
		const parsed = parseForm(thanksSchema, await readForm(event.request), THANKS_FIELDS);
		const values = { ...parsed.values, form: 'thank' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => thankPanels(await getDb(), user, tenderId, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${tenderId}/award?saved=thanked`);
	}
};
