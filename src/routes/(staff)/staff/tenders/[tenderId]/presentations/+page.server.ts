import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can, type Permission } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { clearSlot, setSlot } from '$lib/server/evaluation/presentation-slots';
import { addQuestion, editQuestion, moveQuestion, presentationsPage, recordAsked, removeQuestion } from '$lib/server/evaluation/presentations';
import { parseForm, type FormValues } from '$lib/server/forms';
import { allText } from '$lib/server/http/form-arrays';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

// Officers and champions ('panels:manage'): each panel's prepared questions and which were asked at
// each presentation. Setting or clearing a slot is for officers only ('tenders:manage'): its place
// is shown to panel members beside the bid's letter, so it must never point to a bidder, which only
// someone who may see bidders' identities can judge. Bids appear by letter only.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'panels:manage');
	const tenderId = idParam(event.params.tenderId);
	const page = await found(async () => presentationsPage(await getDb(), user.organisationId, tenderId));
	return { ...page, canSetSlots: can(user, 'tenders:manage'), saved: event.url.searchParams.get('saved') };
};

async function staff(event: RequestEvent<{ tenderId: string }>, permission: Permission = 'panels:manage') {
	const user = await requirePermission(event, permission);
	const tenderId = idParam(event.params.tenderId ?? '');
	return { user, tenderId };
}

const id = (what: string) => v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, `Choose ${what} from this page.`));
const slotForm = v.object({ bidId: id('a bid'), startsAt: v.string(), place: v.string() });
const bidForm = v.object({ bidId: id('a bid') });
const questionForm = v.object({ panelId: id('a panel'), question: v.string() });
const editForm = v.object({ panelId: id('a panel'), questionId: id('a question'), question: v.string() });
const pickForm = v.object({ panelId: id('a panel'), questionId: id('a question') });
const moveForm = v.object({ panelId: id('a panel'), questionId: id('a question'), direction: v.picklist(['up', 'down'], 'Choose to move it up or down.') });

/** Failures say where on the page they belong (`at`), so the message shows beside that form. */
function failed(errors: Record<string, string>, values: FormValues, at: string) {
	return invalid(errors, { ...values, at });
}

function done(tenderId: string, saved: string, anchor: string): never {
	redirect(303, `/staff/tenders/${tenderId}/presentations?saved=${saved}#${anchor}`);
}

export const actions: Actions = {
	slot: async (event) => {
		const { user, tenderId } = await staff(event, 'tenders:manage');
		const parsed = parseForm(slotForm, await readForm(event.request), ['bidId', 'startsAt', 'place']);
		const at = `slot-${parsed.values.bidId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const result = await attempt({ ...parsed.values, at }, async () => setSlot(await getDb(), user, tenderId, parsed.data.bidId, parsed.data));
		if (!result.ok) return result.failure;
		done(tenderId, 'slot', at);
	},
	clear: async (event) => {
		const { user, tenderId } = await staff(event, 'tenders:manage');
		const parsed = parseForm(bidForm, await readForm(event.request), ['bidId']);
		const at = `slot-${parsed.values.bidId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const result = await attempt({ ...parsed.values, at }, async () => clearSlot(await getDb(), user, tenderId, parsed.data.bidId));
		if (!result.ok) return result.failure;
		done(tenderId, 'cleared', at);
	},
	asked: async (event) => {
		const { user, tenderId } = await staff(event);
		const form = await readForm(event.request);
		const parsed = parseForm(bidForm, form, ['bidId']);
		const at = `slot-${parsed.values.bidId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const questionIds = allText(form, 'questionIds', 500);
		const result = await attempt({ ...parsed.values, at }, async () => recordAsked(await getDb(), user, tenderId, parsed.data.bidId, questionIds));
		if (!result.ok) return result.failure;
		done(tenderId, 'asked', at);
	},
	addQuestion: async (event) => {
		const { user, tenderId } = await staff(event);
		const parsed = parseForm(questionForm, await readForm(event.request), ['panelId', 'question']);
		const at = `panel-${parsed.values.panelId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const result = await attempt({ ...parsed.values, at }, async () => addQuestion(await getDb(), user, tenderId, parsed.data.panelId, parsed.data));
		if (!result.ok) return result.failure;
		done(tenderId, 'question-added', at);
	},
	editQuestion: async (event) => {
		const { user, tenderId } = await staff(event);
		const parsed = parseForm(editForm, await readForm(event.request), ['panelId', 'questionId', 'question']);
		const at = `question-${parsed.values.questionId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const result = await attempt({ ...parsed.values, at }, async () => editQuestion(await getDb(), user, tenderId, parsed.data.panelId, parsed.data.questionId, parsed.data));
		if (!result.ok) return result.failure;
		done(tenderId, 'question-saved', at);
	},
	removeQuestion: async (event) => {
		const { user, tenderId } = await staff(event);
		const parsed = parseForm(pickForm, await readForm(event.request), ['panelId', 'questionId']);
		const at = `question-${parsed.values.questionId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const result = await attempt({ ...parsed.values, at }, async () => removeQuestion(await getDb(), user, tenderId, parsed.data.panelId, parsed.data.questionId));
		if (!result.ok) return result.failure;
		done(tenderId, 'question-removed', `panel-${parsed.data.panelId}`);
	},
	moveQuestion: async (event) => {
		const { user, tenderId } = await staff(event);
		const parsed = parseForm(moveForm, await readForm(event.request), ['panelId', 'questionId', 'direction']);
		const at = `question-${parsed.values.questionId?.slice(0, 16)}`;
		if (!parsed.ok) return failed(parsed.errors, parsed.values, at);
		const result = await attempt({ ...parsed.values, at }, async () => moveQuestion(await getDb(), user, tenderId, parsed.data.panelId, parsed.data.questionId, parsed.data.direction));
		if (!result.ok) return result.failure;
		done(tenderId, 'question-moved', at);
	}
};
