import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { closeScoring, finaliseEvaluation, reopenScoring } from '$lib/server/evaluation/lifecycle';
import { moderate, moderationSchema, removeModeration, removeModerationSchema } from '$lib/server/evaluation/moderation';
import { moderationView } from '$lib/server/evaluation/results-pages';
import { getTender } from '$lib/server/evaluation/tenders';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

const SAVED = ['moderated', 'removed', 'closed', 'reopened', 'finalised'] as const;

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	const view = await found(async () => moderationView(await getDb(), user.organisationId, tenderId));
	const saved = event.url.searchParams.get('saved');
	return { ...view, saved: SAVED.find((s) => s === saved) ?? null };
};

/** Every action re-checks the permission and that the tender is this organisation's. */
async function tenderFor(event: RequestEvent<{ tenderId: string }>) {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId ?? '');
	await found(async () => getTender(await getDb(), user.organisationId, tenderId));
	return { user, tenderId };
}

/** Ids echoed back only when they look like ids, so the page can show the error on the right card. */
const echoId = (value: string | undefined) => (value && /^[a-z2-7]{16}$/.test(value) ? value : '');

/** A broken id isn't the person's typing: say so at the top of the page, not beside a field. */
function placeErrors(errors: FieldErrors): FieldErrors {
	const { bidId, criterionId, ...rest } = errors;
	const general = bidId ?? criterionId;
	return general ? { form: general, ...rest } : rest;
}

type StatusStep = typeof closeScoring;
async function step(event: RequestEvent<{ tenderId: string }>, work: StatusStep, saved: string) {
	const { user, tenderId } = await tenderFor(event);
	const done = await attempt({ action: saved }, async () => work(await getDb(), user, tenderId));
	if (!done.ok) return done.failure;
	redirect(303, `/staff/tenders/${tenderId}/moderation?saved=${saved}#status`);
}

export const actions: Actions = {
	moderate: async (event) => {
		const { user, tenderId } = await tenderFor(event);
		const parsed = parseForm(moderationSchema, await readForm(event.request), ['bidId', 'criterionId', 'score', 'rationale']);
		const values = parsed.values;
		const echo = { ...values, action: 'moderate', bidId: echoId(values.bidId), criterionId: echoId(values.criterionId) };
		if (!parsed.ok) return invalid(placeErrors(parsed.errors), echo);
		const done = await attempt(echo, async () => moderate(await getDb(), user, tenderId, parsed.data));
		if (!done.ok) return invalid(placeErrors(done.failure.data.errors), echo);
		redirect(303, `/staff/tenders/${tenderId}/moderation?saved=moderated#m-${parsed.data.bidId}-${parsed.data.criterionId}`);
	},
	unmoderate: async (event) => {
		const { user, tenderId } = await tenderFor(event);
		const parsed = parseForm(removeModerationSchema, await readForm(event.request), ['bidId', 'criterionId']);
		const echo = { action: 'unmoderate', bidId: echoId(parsed.values.bidId), criterionId: echoId(parsed.values.criterionId) };
		if (!parsed.ok) return invalid(placeErrors(parsed.errors), echo);
		const done = await attempt(echo, async () => removeModeration(await getDb(), user, tenderId, parsed.data));
		if (!done.ok) return invalid(placeErrors(done.failure.data.errors), echo);
		redirect(303, `/staff/tenders/${tenderId}/moderation?saved=removed#m-${parsed.data.bidId}-${parsed.data.criterionId}`);
	},
	close: (event) => step(event, closeScoring, 'closed'),
	reopen: (event) => step(event, reopenScoring, 'reopened'),
	finalise: (event) => step(event, finaliseEvaluation, 'finalised')
};
