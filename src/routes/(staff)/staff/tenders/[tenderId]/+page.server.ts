import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { openEvaluation, publishScoringSystem } from '$lib/server/evaluation/lifecycle';
import { tenderLinks, tenderOverview } from '$lib/server/evaluation/setup-pages';
import { getTender, tenderSchema, updateScale, updateTenderDetails, type TenderInput } from '$lib/server/evaluation/tenders';
import { addCriterion, addSection, criterionSchema, removeCriterion, removeSection, sectionSchema, updateCriterion, updateSection } from '$lib/server/evaluation/scoring-system';
import { parseForm, type FormValues } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'tenders:view');
	const id = idParam(event.params.tenderId);
	const overview = await found(async () => tenderOverview(await getDb(), user.organisationId, id));
	const canManage = can(user, 'tenders:manage');
	const t = overview.tender;
	return {
		...overview,
		links: tenderLinks(t.status, { manage: canManage, panels: can(user, 'panels:manage') }, overview.hasPresentation),
		canManage,
		/** Why the scoring system can't change now, or null when it can. */
		frozen:
			t.status !== 'setup'
				? 'The scoring system can’t change once evaluation has started.'
				: t.scoringPublishedAt
					? 'The scoring system has been published on the project’s public page, so it can’t change.'
					: overview.bids.released > 0
						? 'Bids have gone to the panels, so the scoring system can’t change.'
						: null,
		saved: event.url.searchParams.get('saved')
	};
};

/** Every action checks the permission first, then that the tender is this organisation's. */
async function tenderFor(event: RequestEvent<{ tenderId: string }>) {
	const user = await requirePermission(event, 'tenders:manage');
	const id = idParam(event.params.tenderId ?? '');
	await found(async () => getTender(await getDb(), user.organisationId, id));
	return { user, id };
}

const idOf = (what: string) => v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, `That ${what} isn’t in this tender.`));
const checkbox = v.pipe(
	v.string(),
	v.transform((s) => s === 'yes')
);
const SECTION_FIELDS = ['name', 'about', 'audience'] as const;
const CRITERION_FIELDS = ['sectionId', 'title', 'guidance', 'weight', 'price', 'presentation'] as const;
const criterionForm = v.object({ ...criterionSchema.entries, price: checkbox, presentation: checkbox });
const sectionIdForm = v.object({ sectionId: idOf('section') });
const criterionIdForm = v.object({ criterionId: idOf('question') });
const scaleForm = v.object({
	scaleMin: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,2}$/, 'Enter the lowest score as a whole number, for example 0.'), v.transform(Number)),
	scaleMax: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,2}$/, 'Enter the highest score as a whole number, for example 5.'), v.transform(Number))
});

const criterionInput = (values: FormValues) => ({
	sectionId: values.sectionId,
	title: values.title,
	guidance: values.guidance,
	weight: values.weight,
	price: values.price === 'yes',
	presentation: values.presentation === 'yes'
});

/** An error against one form of the page: `form` says which, so the page shows it there. */
function failed(formKey: string, errors: Record<string, string>, values: FormValues = {}) {
	return invalid(errors, { ...values, form: formKey });
}

const DETAILS_FIELDS = ['title', 'reference', 'publishedOn', 'closesOn', 'contractValue', 'contractMonths'] as const;

export const actions: Actions = {
	details: async (event) => {
		const { user, id } = await tenderFor(event);
		const parsed = parseForm(tenderSchema, await readForm(event.request), DETAILS_FIELDS);
		if (!parsed.ok) return failed('details', parsed.errors, parsed.values);
		const done = await attempt({ ...parsed.values, form: 'details' }, async () => updateTenderDetails(await getDb(), user, id, parsed.values as TenderInput));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=${done.value ? 'details' : 'unchanged'}`);
	},
	scale: async (event) => {
		const { user, id } = await tenderFor(event);
		const body = await readForm(event.request);
		const parsed = parseForm(scaleForm, body, ['scaleMin', 'scaleMax']);
		if (!parsed.ok) return failed('scale', parsed.errors, parsed.values);
		const { scaleMin: min, scaleMax: max } = parsed.data;
		const values: FormValues = { ...parsed.values };
		const descriptors: string[] = [];
		if (max > min && max <= 10) {
			for (let n = min; n <= max; n++) {
				const raw = body.get(`descriptor-${n}`);
				const text = typeof raw === 'string' ? raw : '';
				if (text.includes('\u0000')) return failed('scale', { descriptors: 'That has a character in it we can’t accept. Please type it again.' }, values);
				values[`descriptor-${n}`] = text.slice(0, 200);
				descriptors.push(text);
			}
		}
		// The boxes on the page were for another range: ask for the new points before saving anything.
		const shown = [body.get('shownMin'), body.get('shownMax')];
		if (shown.every((n) => n !== null) && (shown[0] !== String(min) || shown[1] !== String(max))) {
			if (max > min && max <= 10) return failed('scale', { descriptors: `You changed the scale to ${min} to ${max}: describe each of its ${max - min + 1} points below, then save again.` }, values);
		}
		const done = await attempt({ ...values, form: 'scale' }, async () => updateScale(await getDb(), user, id, min, max, descriptors));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=scale#scale`);
	},
	addSection: async (event) => {
		const { user, id } = await tenderFor(event);
		const parsed = parseForm(sectionSchema, await readForm(event.request), SECTION_FIELDS);
		if (!parsed.ok) return failed('add-section', parsed.errors, parsed.values);
		const done = await attempt({ ...parsed.values, form: 'add-section' }, async () =>
			addSection(await getDb(), user, id, { name: parsed.values.name, about: parsed.values.about, audience: parsed.data.audience })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=section-added#section-${done.value}`);
	},
	editSection: async (event) => {
		const { user, id } = await tenderFor(event);
		const body = await readForm(event.request);
		const which = parseForm(sectionIdForm, body, ['sectionId']);
		if (!which.ok) return failed('sections', which.errors);
		const key = `section-${which.data.sectionId}`;
		const parsed = parseForm(sectionSchema, body, SECTION_FIELDS);
		if (!parsed.ok) return failed(key, parsed.errors, parsed.values);
		const done = await attempt({ ...parsed.values, form: key }, async () =>
			updateSection(await getDb(), user, id, which.data.sectionId, { name: parsed.values.name, about: parsed.values.about, audience: parsed.data.audience })
		);
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=${done.value ? 'section-saved' : 'unchanged'}#${key}`);
	},
	removeSection: async (event) => {
		const { user, id } = await tenderFor(event);
		const which = parseForm(sectionIdForm, await readForm(event.request), ['sectionId']);
		if (!which.ok) return failed('sections', which.errors);
		const done = await attempt({ form: 'sections' }, async () => removeSection(await getDb(), user, id, which.data.sectionId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=section-removed#sections`);
	},
	addCriterion: async (event) => {
		const { user, id } = await tenderFor(event);
		const parsed = parseForm(criterionForm, await readForm(event.request), CRITERION_FIELDS);
		if (!parsed.ok) return failed('add-criterion', parsed.errors, parsed.values);
		const done = await attempt({ ...parsed.values, form: 'add-criterion' }, async () => addCriterion(await getDb(), user, id, criterionInput(parsed.values)));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=criterion-added#criterion-${done.value}`);
	},
	editCriterion: async (event) => {
		const { user, id } = await tenderFor(event);
		const body = await readForm(event.request);
		const which = parseForm(criterionIdForm, body, ['criterionId']);
		if (!which.ok) return failed('sections', which.errors);
		const key = `criterion-${which.data.criterionId}`;
		const parsed = parseForm(criterionForm, body, CRITERION_FIELDS);
		if (!parsed.ok) return failed(key, parsed.errors, parsed.values);
		const done = await attempt({ ...parsed.values, form: key }, async () => updateCriterion(await getDb(), user, id, which.data.criterionId, criterionInput(parsed.values)));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=${done.value ? 'criterion-saved' : 'unchanged'}#${key}`);
	},
	removeCriterion: async (event) => {
		const { user, id } = await tenderFor(event);
		const which = parseForm(criterionIdForm, await readForm(event.request), ['criterionId']);
		if (!which.ok) return failed('sections', which.errors);
		const done = await attempt({ form: 'sections' }, async () => removeCriterion(await getDb(), user, id, which.data.criterionId));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=criterion-removed#sections`);
	},
	open: async (event) => {
		const { user, id } = await tenderFor(event);
		const done = await attempt({ form: 'open' }, async () => openEvaluation(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=opened`);
	},
	publish: async (event) => {
		const { user, id } = await tenderFor(event);
		const done = await attempt({ form: 'publish' }, async () => publishScoringSystem(await getDb(), user, id));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/tenders/${id}?saved=published#publish`);
	}
};
