import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { londonToday } from '$lib/dates';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { idField, parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { addHours, hoursSchema, type HoursInput, participantLedger, projectChoices, removeHours } from '$lib/server/recognition/ledger';
import { ledgerPerson } from '$lib/server/recognition/people';
import { giveReward, rewardSchema, rewardsFor, type RewardInput } from '$lib/server/recognition/rewards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'recognition:manage');
	const id = idParam(event.params.id);
	const db = await getDb();
	const ledger = await found(async () => participantLedger(db, user.organisationId, id));
	return {
		...ledger,
		rewards: await rewardsFor(db, user.organisationId, id),
		projects: await projectChoices(db, user.organisationId),
		today: londonToday(),
		canExport: can(user, 'rewards:export'),
		saved: event.url.searchParams.get('saved')
	};
};

/** Every action re-checks the permission and that the person is a participant of the actor's organisation. */
async function personFor(event: RequestEvent<{ id: string }>) {
	const user = await requirePermission(event, 'recognition:manage');
	const id = idParam(event.params.id ?? '');
	await found(async () => ledgerPerson(await getDb(), user.organisationId, id));
	return { user, id };
}

const removeForm = v.object({ contributionId: idField('Those hours aren’t on this person’s record.') });

export const actions: Actions = {
	addHours: async (event) => {
		const { user, id } = await personFor(event);
		const parsed = parseForm(hoursSchema, await readForm(event.request), ['description', 'happenedOn', 'hours', 'projectId']);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'hours' });
		const done = await attempt({ ...parsed.values, form: 'hours' }, async () => addHours(await getDb(), user, id, parsed.values as HoursInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/recognition/${id}?saved=hours`);
	},
	removeHours: async (event) => {
		const { user, id } = await personFor(event);
		const parsed = parseForm(removeForm, await readForm(event.request), ['contributionId']);
		if (!parsed.ok) return invalid(parsed.errors, { form: 'remove' });
		const done = await attempt({ form: 'remove' }, async () => removeHours(await getDb(), user, id, parsed.data.contributionId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/recognition/${id}?saved=removed`);
	},
	giveReward: async (event) => {
		const { user, id } = await personFor(event);
		const parsed = parseForm(rewardSchema, await readForm(event.request), ['kind', 'description', 'value', 'givenOn', 'projectId']);
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: 'reward' });
		const done = await attempt({ ...parsed.values, form: 'reward' }, async () => giveReward(await getDb(), user, id, { ...parsed.values, kind: parsed.data.kind } as RewardInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/recognition/${id}?saved=reward`);
	}
};
