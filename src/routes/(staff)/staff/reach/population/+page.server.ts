import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { NUL_MESSAGE } from '$lib/server/forms';
import { allText } from '$lib/server/http/form-arrays';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { MAX_SHARE_TOTAL, populationPage, savePopulationShares } from '$lib/server/reach/population';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'reach:manage');
	return { dimensions: await populationPage(await getDb(), user.organisationId), saved: event.url.searchParams.get('saved'), maxTotal: MAX_SHARE_TOTAL };
};

const field = (form: FormData, name: string): string | null => {
	const value = form.get(name);
	return typeof value === 'string' ? value : null;
};

export const actions: Actions = {
	save: async (event) => {
		const user = await requirePermission(event, 'reach:manage');
		const form = await readForm(event.request);
		const dimension = field(form, 'dimension') ?? '';
		const source = field(form, 'source');
		const groups = allText(form, 'group', 40);
		const percents = allText(form, 'percent', 40);
		const values = { dimension: dimension.slice(0, 40), source: (source ?? '').slice(0, 400) };
		if (source === null && form.has('source')) return invalid({ source: 'Please type this in rather than attaching a file.' }, values);
		if (dimension.includes('\u0000')) return invalid({ form: NUL_MESSAGE }, values);
		if (form.getAll('percent').length !== percents.length || form.getAll('group').length !== groups.length) return invalid({ form: 'That form didn’t match the list of groups. Please reload the page and try again.' }, values);
		const done = await attempt(values, async () => savePopulationShares(await getDb(), user, { dimension, groups, percents, source: source ?? '' }));
		if (!done.ok) {
			done.failure.data.values = { ...values, ...Object.fromEntries(percents.map((p, i) => [`percent-${i}`, p.slice(0, 20)])) };
			return done.failure;
		}
		redirect(303, `/staff/reach/population?saved=${encodeURIComponent(dimension)}#${dimension}`);
	}
};
