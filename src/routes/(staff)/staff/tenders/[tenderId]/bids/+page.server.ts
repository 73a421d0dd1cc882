import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { addBid, bidSchema } from '$lib/server/evaluation/bids';
import { answerCriterionIds, bidsPage } from '$lib/server/evaluation/setup-pages';
import { parseForm, type FieldErrors, type FormValues } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:manage');
	const id = idParam(event.params.tenderId);
	const page = await found(async () => bidsPage(await getDb(), user.organisationId, id));
	return { ...page, saved: event.url.searchParams.get('saved') };
};

const FIELDS = ['bidderName', 'contactName', 'contactEmail', 'contactPhone', 'price'] as const;
const detailsSchema = v.omit(bidSchema, ['answers']);
/** An answer can be long: echo it back whole (the domain's limit) so nothing typed is lost. */
const ANSWER_ECHO = 20_000;

export const actions: Actions = {
	add: async (event) => {
		const user = await requirePermission(event, 'tenders:manage');
		const id = idParam(event.params.tenderId ?? '');
		const criteria = await found(async () => answerCriterionIds(await getDb(), user.organisationId, id));
		const body = await readForm(event.request);
		const parsed = parseForm(detailsSchema, body, FIELDS);
		const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
		const values: FormValues = { ...parsed.values };
		const answers: Record<string, string> = {};
		for (const criterionId of criteria) {
			const raw = body.get(`answer-${criterionId}`);
			if (raw !== null && typeof raw !== 'string') errors[`answers.${criterionId}`] = 'Please type this in rather than attaching a file.';
			else if (raw?.includes('\u0000')) errors[`answers.${criterionId}`] = 'That has a character in it we can’t accept. Please type it again.';
			const text = typeof raw === 'string' ? raw : '';
			values[`answer-${criterionId}`] = text.slice(0, ANSWER_ECHO);
			answers[criterionId] = text;
		}
		if (Object.keys(errors).length) return invalid(errors, values);
		const done = await attempt(values, async () =>
			addBid(await getDb(), user, id, {
				bidderName: values.bidderName,
				contactName: values.contactName,
				contactEmail: values.contactEmail,
				contactPhone: values.contactPhone,
				price: values.price,
				answers
			})
		);
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}/bids?saved=added`);
	}
};
