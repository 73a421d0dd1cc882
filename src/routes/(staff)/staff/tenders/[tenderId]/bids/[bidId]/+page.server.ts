import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { copyOriginalAnswer, prepareAnonymised, releaseBid } from '$lib/server/evaluation/bids';
import { bidDetail, bidOfTender } from '$lib/server/evaluation/setup-pages';
import type { FormValues } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId);
	const bidId = idParam(event.params.bidId);
	const detail = await found(async () => bidDetail(await getDb(), user.organisationId, tenderId, bidId));
	return { ...detail, saved: event.url.searchParams.get('saved'), savedFor: event.url.searchParams.get('for') };
};

/** Permission first, then that the bid is this tender's and the tender this organisation's. */
async function bidFor(event: RequestEvent<{ tenderId: string; bidId: string }>) {
	const user = await requirePermission(event, 'tenders:manage');
	const tenderId = idParam(event.params.tenderId ?? '');
	const bidId = idParam(event.params.bidId ?? '');
	await found(async () => bidOfTender(await getDb(), user.organisationId, tenderId, bidId));
	return { user, tenderId, bidId, base: `/staff/tenders/${tenderId}/bids/${bidId}` };
}

const ID = /^[a-z2-7]{16}$/;
const NUL = 'That has a character in it we can’t accept. Please type it again.';

/** The criterion the form is about, checked for shape (the domain checks it is this tender's). */
function criterionOf(body: FormData): string | null {
	const raw = body.get('criterionId');
	return typeof raw === 'string' && ID.test(raw) ? raw : null;
}

export const actions: Actions = {
	anonymise: async (event) => {
		const { user, bidId, base } = await bidFor(event);
		const body = await readForm(event.request);
		const criterionId = criterionOf(body);
		if (!criterionId) return invalid({ form: 'That question isn’t in this tender.' }, { form: 'bid' });
		const raw = body.get('anonymisedText');
		const values: FormValues = { form: `answer-${criterionId}`, anonymisedText: typeof raw === 'string' ? raw.slice(0, 20_000) : '' };
		if (raw !== null && typeof raw !== 'string') return invalid({ anonymisedText: 'Please type this in rather than attaching a file.' }, values);
		if (raw?.includes('\u0000')) return invalid({ anonymisedText: NUL }, { ...values, anonymisedText: '' });
		const done = await attempt(values, async () => prepareAnonymised(await getDb(), user, bidId, criterionId, raw ?? ''));
		if (!done.ok) return done.failure;
		redirect(303, `${base}?saved=anonymised&for=${criterionId}#answer-${criterionId}`);
	},
	copy: async (event) => {
		const { user, bidId, base } = await bidFor(event);
		const criterionId = criterionOf(await readForm(event.request));
		if (!criterionId) return invalid({ form: 'That question isn’t in this tender.' }, { form: 'bid' });
		const done = await attempt({ form: `answer-${criterionId}` }, async () => copyOriginalAnswer(await getDb(), user, bidId, criterionId));
		if (!done.ok) return done.failure;
		redirect(303, `${base}?saved=copied&for=${criterionId}#answer-${criterionId}`);
	},
	release: async (event) => {
		const { user, bidId, base } = await bidFor(event);
		const done = await attempt({ form: 'release' }, async () => releaseBid(await getDb(), user, bidId));
		if (!done.ok) return done.failure;
		redirect(303, `${base}?saved=released`);
	}
};
