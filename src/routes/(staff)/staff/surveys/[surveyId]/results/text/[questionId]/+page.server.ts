import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { requirePermission } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { resultsFilterFrom } from '$lib/server/http/survey-filter';
import { textAnswersPage } from '$lib/server/surveys/text-results';
import { createTheme, deleteTheme, renameTheme, tagAnswer, textQuestion, themeNameSchema, untagAnswer } from '$lib/server/surveys/themes';
import { getSurvey } from '$lib/server/surveys/surveys';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[a-z2-7]{16}$/;

/** ?page=N (1-10,000) and ?theme=<id>; anything else is a bad address. */
function listOptions(url: URL) {
	const pageRaw = url.searchParams.get('page') ?? '1';
	const theme = url.searchParams.get('theme') ?? '';
	if (!/^[1-9]\d{0,3}$/.test(pageRaw)) error(400, 'That page number isn’t one we have.');
	if (theme !== '' && !ID.test(theme)) error(400, 'That theme isn’t one we know.');
	return { page: Number(pageRaw), themeId: theme || null };
}

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'projects:view');
	const surveyId = idParam(event.params.surveyId);
	const questionId = idParam(event.params.questionId);
	const filter = resultsFilterFrom(event.url);
	const options = listOptions(event.url);
	const page = await found(async () => textAnswersPage(await getDb(), user.organisationId, surveyId, questionId, { ...options, filter }));
	return { ...page, filter, themeId: options.themeId, canManage: can(user, 'surveys:manage'), saved: event.url.searchParams.get('saved') };
};

const idField = (message: string) => v.pipe(v.string(), v.regex(ID, message));
const themeForm = v.object({ name: themeNameSchema });
const renameForm = v.object({ themeId: idField('That theme was not found.'), name: themeNameSchema });
const themeIdForm = v.object({ themeId: idField('That theme was not found.') });
const tagForm = v.object({ themeId: idField('Choose a theme.'), responseId: idField('That answer was not found.') });

/** Every action: permission first, then the survey (this organisation's) and its free-text question. */
async function context(event: RequestEvent) {
	const user = await requirePermission(event, 'surveys:manage');
	const surveyId = idParam(event.params.surveyId ?? '');
	const questionId = idParam(event.params.questionId ?? '');
	const db = await getDb();
	await found(async () => textQuestion(db, (await getSurvey(db, user.organisationId, surveyId)).id, questionId));
	const form = await readForm(event.request);
	// Back to the page the officer was on (its filter, theme and page), without the action's name.
	const back = new URLSearchParams([...event.url.searchParams].filter(([k]) => !k.startsWith('/') && k !== 'saved'));
	const done = (saved: string) => {
		back.set('saved', saved);
		redirect(303, `/staff/surveys/${surveyId}/results/text/${questionId}?${back}`);
	};
	return { user, db, surveyId, questionId, form, done };
}

export const actions: Actions = {
	createTheme: async (event) => {
		const { user, db, surveyId, questionId, form, done } = await context(event);
		const parsed = parseForm(themeForm, form, ['name']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => createTheme(db, user, surveyId, questionId, parsed.data.name));
		if (!result.ok) return result.failure;
		done('created');
	},
	renameTheme: async (event) => {
		const { user, db, surveyId, form, done } = await context(event);
		const parsed = parseForm(renameForm, form, ['themeId', 'name']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => renameTheme(db, user, surveyId, parsed.data.themeId, parsed.data.name));
		if (!result.ok) return result.failure;
		done('renamed');
	},
	deleteTheme: async (event) => {
		const { user, db, surveyId, form, done } = await context(event);
		const parsed = parseForm(themeIdForm, form, ['themeId']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => deleteTheme(db, user, surveyId, parsed.data.themeId));
		if (!result.ok) return result.failure;
		done('deleted');
	},
	tag: async (event) => {
		const { user, db, surveyId, form, done } = await context(event);
		const parsed = parseForm(tagForm, form, ['themeId', 'responseId']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => tagAnswer(db, user, surveyId, parsed.data.themeId, parsed.data.responseId));
		if (!result.ok) return result.failure;
		done('tagged');
	},
	untag: async (event) => {
		const { user, db, surveyId, form, done } = await context(event);
		const parsed = parseForm(tagForm, form, ['themeId', 'responseId']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const result = await attempt(parsed.values, () => untagAnswer(db, user, surveyId, parsed.data.themeId, parsed.data.responseId));
		if (!result.ok) return result.failure;
		done('untagged');
	}
};
