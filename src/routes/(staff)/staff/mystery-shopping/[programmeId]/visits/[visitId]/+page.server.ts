import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { visitInOrganisation } from '$lib/server/mystery-shopping/lookup';
import { ID } from '$lib/server/mystery-shopping/programme-fields';
import { visitPage } from '$lib/server/mystery-shopping/visit-pages';
import { VISIT_FIELDS, assignShopper, cancelVisit, reinstateVisit, removeShopper, updateVisit, visitSchema, type VisitInput } from '$lib/server/mystery-shopping/visits';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const programmeId = idParam(event.params.programmeId);
	const visitId = idParam(event.params.visitId);
	const page = await found(async () => visitPage(await getDb(), user.organisationId, programmeId, visitId));
	return { ...page, saved: event.url.searchParams.get('saved') };
};

/** The visit must be this programme's and the actor's organisation's: anything else is "not found". */
async function visitFor(event: RequestEvent<{ programmeId: string; visitId: string }>) {
	const user = await requirePermission(event, 'shopping:manage');
	const programmeId = idParam(event.params.programmeId ?? '');
	const visitId = idParam(event.params.visitId ?? '');
	const { visit } = await found(async () => visitInOrganisation(await getDb(), user.organisationId, visitId));
	if (visit.programmeId !== programmeId) error(404, 'We couldn’t find that.');
	const back = (saved: string, hash = '') => redirect(303, `/staff/mystery-shopping/${programmeId}/visits/${visitId}?saved=${saved}${hash}`);
	return { user, visitId, back };
}

const userForm = v.object({ userId: v.pipe(v.string(), v.regex(ID, 'Choose someone from your organisation’s participants.')) });

export const actions: Actions = {
	details: async (event) => {
		const { user, visitId, back } = await visitFor(event);
		const parsed = parseForm(visitSchema, await readForm(event.request), VISIT_FIELDS);
		const values = { ...parsed.values, form: 'details' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => updateVisit(await getDb(), user, visitId, parsed.values as VisitInput));
		if (!done.ok) return done.failure;
		back(done.value ? 'details' : 'unchanged');
	},
	assign: async (event) => {
		const { user, visitId, back } = await visitFor(event);
		const parsed = parseForm(userForm, await readForm(event.request), ['userId']);
		const values = { form: 'assign' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => assignShopper(await getDb(), user, visitId, parsed.data.userId));
		if (!done.ok) return done.failure;
		back('assigned', '#shoppers');
	},
	remove: async (event) => {
		const { user, visitId, back } = await visitFor(event);
		const parsed = parseForm(userForm, await readForm(event.request), ['userId']);
		const values = { form: `shopper-${parsed.values.userId.slice(0, 16)}` };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => removeShopper(await getDb(), user, visitId, parsed.data.userId));
		if (!done.ok) return done.failure;
		back('removed', '#shoppers');
	},
	cancel: async (event) => {
		const { user, visitId, back } = await visitFor(event);
		const done = await attempt({ form: 'status' }, async () => cancelVisit(await getDb(), user, visitId));
		if (!done.ok) return done.failure;
		back('cancelled');
	},
	reinstate: async (event) => {
		const { user, visitId, back } = await visitFor(event);
		const done = await attempt({ form: 'status' }, async () => reinstateVisit(await getDb(), user, visitId));
		if (!done.ok) return done.failure;
		back('reinstated');
	}
};
