import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can, type Permission } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { addMember, createPanel, decideInterest, decisionSchema, panelSchema, removeMember, updatePanel } from '$lib/server/evaluation/panels';
import { memberTender, panelsPage, panelTender } from '$lib/server/evaluation/setup-pages';
import { getTender } from '$lib/server/evaluation/tenders';
import { parseForm, type FormValues } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'panels:manage');
	const id = idParam(event.params.tenderId);
	const canDecide = can(user, 'tenders:manage');
	const page = await found(async () => panelsPage(await getDb(), user.organisationId, id, canDecide));
	return { ...page, canDecide, saved: event.url.searchParams.get('saved') };
};

async function tenderFor(event: RequestEvent<{ tenderId: string }>, permission: Permission) {
	const user = await requirePermission(event, permission);
	const id = idParam(event.params.tenderId ?? '');
	await found(async () => getTender(await getDb(), user.organisationId, id));
	return { user, id };
}

const ID = /^[a-z2-7]{16}$/;
const idField = (message: string) => v.pipe(v.string(), v.regex(ID, message));
const PANEL_FIELDS = ['quorum', 'opensAt', 'closesAt', 'creditedHours'] as const;
const createForm = v.object({ sectionId: idField('Choose a section of this tender.'), ...panelSchema.entries });
const updateForm = v.object({ panelId: idField('That panel isn’t part of this tender.'), ...panelSchema.entries });
const addForm = v.object({ panelId: idField('That panel isn’t part of this tender.'), userId: idField('Choose someone to add.') });
const memberForm = v.object({ memberId: idField('That panel member isn’t on this tender’s panels.') });
const decideForm = v.object({ memberId: idField('That panel member isn’t on this tender’s panels.'), ...decisionSchema.entries });

/** Ids posted with a form must belong to this tender: another tender's panel or member is "not here". */
async function sameTender(tenderId: string, lookup: () => Promise<string>) {
	const owner = await found(lookup);
	if (owner !== tenderId) error(404, 'We couldn’t find that.');
}

const panelInput = (values: FormValues) => ({ quorum: values.quorum, opensAt: values.opensAt, closesAt: values.closesAt, creditedHours: values.creditedHours });

export const actions: Actions = {
	create: async (event) => {
		const { user, id } = await tenderFor(event, 'panels:manage');
		const parsed = parseForm(createForm, await readForm(event.request), ['sectionId', ...PANEL_FIELDS]);
		const key = `create-${parsed.values.sectionId.slice(0, 16)}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		const done = await attempt({ ...parsed.values, form: key }, async () => createPanel(await getDb(), user, id, parsed.data.sectionId, panelInput(parsed.values)));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}/panels?saved=created#panel-${parsed.data.sectionId}`);
	},
	update: async (event) => {
		const { user, id } = await tenderFor(event, 'panels:manage');
		const parsed = parseForm(updateForm, await readForm(event.request), ['panelId', ...PANEL_FIELDS]);
		const key = `update-${parsed.values.panelId.slice(0, 16)}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		await sameTender(id, async () => panelTender(await getDb(), user.organisationId, parsed.data.panelId));
		const done = await attempt({ ...parsed.values, form: key }, async () => updatePanel(await getDb(), user, parsed.data.panelId, panelInput(parsed.values)));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}/panels?saved=${done.value ? 'updated' : 'unchanged'}`);
	},
	add: async (event) => {
		const { user, id } = await tenderFor(event, 'panels:manage');
		const parsed = parseForm(addForm, await readForm(event.request), ['panelId', 'userId']);
		const key = `add-${parsed.values.panelId.slice(0, 16)}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		await sameTender(id, async () => panelTender(await getDb(), user.organisationId, parsed.data.panelId));
		const done = await attempt({ ...parsed.values, form: key }, async () => addMember(await getDb(), user, parsed.data.panelId, parsed.data.userId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}/panels?saved=added`);
	},
	remove: async (event) => {
		const { user, id } = await tenderFor(event, 'panels:manage');
		const parsed = parseForm(memberForm, await readForm(event.request), ['memberId']);
		if (!parsed.ok) return invalid(parsed.errors, { form: 'panels' });
		await sameTender(id, async () => memberTender(await getDb(), user.organisationId, parsed.data.memberId));
		const key = `member-${parsed.data.memberId}`;
		const done = await attempt({ form: key }, async () => removeMember(await getDb(), user, parsed.data.memberId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}/panels?saved=removed`);
	},
	decide: async (event) => {
		// Decisions on declared interests are the officers' alone.
		const { user, id } = await tenderFor(event, 'tenders:manage');
		const parsed = parseForm(decideForm, await readForm(event.request), ['memberId', 'decision', 'note']);
		const key = `member-${parsed.values.memberId.slice(0, 16)}`;
		if (!parsed.ok) return invalid(parsed.errors, { ...parsed.values, form: key });
		await sameTender(id, async () => memberTender(await getDb(), user.organisationId, parsed.data.memberId));
		const done = await attempt({ ...parsed.values, form: key }, async () =>
			decideInterest(await getDb(), user, parsed.data.memberId, { decision: parsed.data.decision, note: parsed.values.note })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}/panels?saved=decided`);
	}
};
