import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm, type FormValues } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import {
	CHECKLIST_FIELDS,
	addChecklistItem,
	checklistItemSchema,
	moveChecklistItem,
	removeChecklistItem,
	resetChecklist,
	updateChecklistItem,
	type ChecklistItemInput
} from '$lib/server/mystery-shopping/checklist';
import { programmeInOrganisation } from '$lib/server/mystery-shopping/lookup';
import { checklistPage } from '$lib/server/mystery-shopping/programme-pages';
import { ID, directionSchema } from '$lib/server/mystery-shopping/programme-fields';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'shopping:manage');
	const id = idParam(event.params.programmeId);
	const page = await found(async () => checklistPage(await getDb(), user.organisationId, id));
	return { ...page, saved: event.url.searchParams.get('saved') };
};

async function programmeFor(event: RequestEvent<{ programmeId: string }>) {
	const user = await requirePermission(event, 'shopping:manage');
	const id = idParam(event.params.programmeId ?? '');
	await found(async () => programmeInOrganisation(await getDb(), user.organisationId, id));
	return { user, id, back: (saved: string, hash = 'checklist') => redirect(303, `/staff/mystery-shopping/${id}/checklist?saved=${saved}#${hash}`) };
}

const itemId = v.pipe(v.string(), v.regex(ID, 'That question isn’t on this programme’s checklist.'));
const updateForm = v.object({ itemId, ...checklistItemSchema.entries });
const moveForm = v.object({ itemId, direction: directionSchema });
const removeForm = v.object({ itemId });
const itemInput = (values: FormValues) => ({ theme: values.theme, question: values.question, hint: values.hint }) as ChecklistItemInput;
const itemKey = (values: FormValues) => `item-${(values.itemId ?? '').slice(0, 16)}`;

export const actions: Actions = {
	add: async (event) => {
		const { user, id, back } = await programmeFor(event);
		const parsed = parseForm(checklistItemSchema, await readForm(event.request), CHECKLIST_FIELDS);
		const values = { ...parsed.values, form: 'add-item' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => addChecklistItem(await getDb(), user, id, itemInput(parsed.values)));
		if (!done.ok) return done.failure;
		back('added', `item-${done.value}`);
	},
	update: async (event) => {
		const { user, id, back } = await programmeFor(event);
		const parsed = parseForm(updateForm, await readForm(event.request), ['itemId', ...CHECKLIST_FIELDS]);
		const values = { ...parsed.values, form: itemKey(parsed.values) };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => updateChecklistItem(await getDb(), user, id, parsed.data.itemId, itemInput(parsed.values)));
		if (!done.ok) return done.failure;
		back(done.value ? 'saved' : 'unchanged', `item-${parsed.data.itemId}`);
	},
	move: async (event) => {
		const { user, id, back } = await programmeFor(event);
		const parsed = parseForm(moveForm, await readForm(event.request), ['itemId', 'direction']);
		const values = { form: itemKey(parsed.values) };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => moveChecklistItem(await getDb(), user, id, parsed.data.itemId, parsed.data.direction));
		if (!done.ok) return done.failure;
		back('moved', `item-${parsed.data.itemId}`);
	},
	remove: async (event) => {
		const { user, id, back } = await programmeFor(event);
		const parsed = parseForm(removeForm, await readForm(event.request), ['itemId']);
		const values = { form: itemKey(parsed.values) };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => removeChecklistItem(await getDb(), user, id, parsed.data.itemId));
		if (!done.ok) return done.failure;
		back('removed');
	},
	reset: async (event) => {
		const { user, id, back } = await programmeFor(event);
		const values = { form: 'reset' };
		const done = await attempt(values, async () => resetChecklist(await getDb(), user, id));
		if (!done.ok) return done.failure;
		back('reset');
	}
};
