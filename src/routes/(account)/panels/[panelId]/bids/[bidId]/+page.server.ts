import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { bidScoringPage, isMember, scoringFormCriteria } from '$lib/server/evaluation/member-pages';
import { saveBidScores } from '$lib/server/evaluation/scores';
import { InputError, parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

// Scoring one bid, on a phone. Someone not on the panel gets the same 404 as a panel that doesn't
// exist; a member who can't score right now (paused, window closed, bid not released) gets a
// friendly page saying why.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const panelId = idParam(event.params.panelId);
	const bidId = idParam(event.params.bidId);
	const db = await getDb();
	if (!(await isMember(db, user, panelId))) error(404, 'We couldn’t find that.');
	try {
		return { panelId, page: await bidScoringPage(db, user, panelId, bidId), refusal: null, saved: event.url.searchParams.get('saved') };
	} catch (err) {
		if (err instanceof InputError) return { panelId, page: null, refusal: err.message, saved: null };
		throw err;
	}
};

async function score(event: RequestEvent<{ panelId: string; bidId: string }>, submit: boolean) {
	const user = requireUser(event);
	const panelId = idParam(event.params.panelId ?? '');
	const bidId = idParam(event.params.bidId ?? '');
	const form = await readForm(event.request);
	const db = await getDb();
	const criteria = await attempt({}, async () => scoringFormCriteria(db, user, panelId));
	if (!criteria.ok) return criteria.failure;
	const fields = criteria.value.flatMap((id) => [`score-${id}`, `comment-${id}`]);
	const schema = v.object(
		Object.fromEntries(
			criteria.value.flatMap((id) => [
				[`score-${id}`, v.pipe(v.string(), v.maxLength(3, 'Choose one of the scores shown.'))],
				[`comment-${id}`, v.pipe(v.string(), v.maxLength(1000, 'Please keep your comment to 1000 characters or fewer.'))]
			])
		)
	);
	const parsed = parseForm(schema, form, fields);
	if (!parsed.ok) return invalid(parsed.errors, parsed.values);
	const entries = criteria.value.map((id) => ({ criterionId: id, score: String(parsed.data[`score-${id}`]), comment: String(parsed.data[`comment-${id}`]) }));
	const done = await attempt(parsed.values, async () => saveBidScores(db, user, panelId, bidId, entries, submit));
	if (!done.ok) return done.failure;
	redirect(303, `/panels/${panelId}/bids/${bidId}?saved=${submit ? 'submitted' : 'draft'}`);
}

export const actions: Actions = {
	save: (event) => score(event, false),
	submit: (event) => score(event, true)
};
