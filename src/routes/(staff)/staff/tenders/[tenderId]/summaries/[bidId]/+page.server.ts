import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { assessmentSummary, explanationFieldName, ROUNDING_NOTE, saveExplanations } from '$lib/server/evaluation/summaries';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

// One bidder's assessment summary (officers only): printable, with the officer's explanations.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	const bidId = idParam(event.params.bidId);
	const summary = await found(async () => assessmentSummary(await getDb(), user.organisationId, tenderId, bidId));
	return { summary, roundingNote: ROUNDING_NOTE, saved: event.url.searchParams.has('saved') };
};

// Field values are checked by saveExplanations; here only that each is text.
const explanationsForm = v.record(v.string(), v.string());

export const actions: Actions = {
	explain: async (event) => {
		const user = await requirePermission(event, 'tenders:manage');
		const tenderId = idParam(event.params.tenderId ?? '');
		const bidId = idParam(event.params.bidId ?? '');
		const db = await getDb();
		const summary = await found(() => assessmentSummary(db, user.organisationId, tenderId, bidId));
		// Only the explanations the form sent change: a missing field leaves its explanation as it was.
		const form = await readForm(event.request);
		const sent = summary.rows.filter((r) => !r.automatic && form.has(explanationFieldName(r.criterionId)));
		if (sent.length === 0) return invalid({ form: 'There was no explanation in the form to save.' });
		const parsed = parseForm(explanationsForm, form, sent.map((r) => explanationFieldName(r.criterionId)));
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const input = Object.fromEntries(sent.map((r) => [r.criterionId, parsed.data[explanationFieldName(r.criterionId)] ?? '']));
		const done = await attempt(parsed.values, () => saveExplanations(db, user, tenderId, bidId, input));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${tenderId}/summaries/${bidId}?saved#explanations`);
	}
};
