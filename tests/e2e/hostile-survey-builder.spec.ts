import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, ORIGIN, expect4xx } from './fixtures';
import { openDatabase } from '../../src/lib/server/db/client';
import { createProject } from '../../src/lib/server/projects/projects';
import { createSurvey } from '../../src/lib/server/surveys/builder';
import { questionSchema } from '../../src/lib/server/surveys/question-input';
import { addQuestion } from '../../src/lib/server/surveys/questions';
import { makeOrganisation, makeUser } from '../helpers/people';
import * as v from 'valibot';

// Every survey-building action gets malformed, oversized, wrongly typed and NUL input, unknown ids
// and another organisation's ids: each is a clear 4xx, and the pages afterwards show nothing changed.

const LONG = 'x'.repeat(10_000);
const FAKE_ID = 'zzzzzzzzzzzzzzzz';
const BAD_IDS = [FAKE_ID, 'not-an-id', "1' or '1'='1", '../../etc'];
const marker = () => `hostile-${Math.random().toString(36).slice(2, 8)}`;

const surveyFields = (over: Record<string, string> = {}) => ({
	title: 'A survey',
	introduction: 'Why we ask and how long it takes.',
	audience: 'young_people',
	anonymous: 'yes',
	step: '2',
	...over
});
const detailsFields = (over: Record<string, string> = {}) => ({
	...surveyFields(),
	nextSteps: '',
	opensAt: '',
	closesAt: '',
	equalityMonitoring: '',
	equalityAreas: '',
	...over
});
const questionFields = (over: Record<string, string> = {}) => ({
	kind: 'single_choice',
	prompt: 'How often do you go?',
	help: '',
	required: '',
	page: '1',
	options: 'Every week\nSometimes',
	maxChoices: '',
	rankCount: '',
	faces: '',
	condition: '',
	...over
});

function postFile(request: APIRequestContext, path: string, field: string) {
	return request.post(path, {
		multipart: { [field]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

/** Another organisation's project, survey and question, written straight to the database (Postgres runs only). */
async function otherOrganisation() {
	const run = JSON.parse(process.env.COPRODUCE_E2E_RUN ?? '{}') as { databaseUrl?: string };
	if (!run.databaseUrl) return null;
	const database = await openDatabase({ url: run.databaseUrl, poolSize: 1 });
	try {
		const db = database.db;
		const org = await makeOrganisation(db, `Elsewhere Council ${marker()}`);
		const officer = await makeUser(db, org, ['officer']);
		const project = await createProject(db, officer, {
			title: 'Elsewhere project',
			summary: 'Not yours.',
			serviceArea: 'Youth',
			level: 'operational',
			route: 'grant',
			annualValue: 100_000,
			contractMonths: 12,
			leadOfficerId: null,
			publicContact: null,
			status: 'planned'
		});
		const surveyId = await createSurvey(db, officer, project.id, { title: 'Elsewhere survey', introduction: 'Not yours.', audience: 'anyone', anonymous: true, step: 1 });
		const questionId = await addQuestion(db, officer, surveyId, v.parse(questionSchema, { ...questionFields(), kind: 'yes_no', options: '' }));
		return { projectId: project.id, surveyId, questionId };
	} finally {
		await database.close();
	}
}

async function projectId(page: Page, title: string) {
	await page.goto('/staff/projects');
	const href = await page.getByRole('link', { name: title }).getAttribute('href');
	return href!.split('/').pop()!;
}

async function surveyLinkId(page: Page, title: string) {
	await page.goto('/staff/surveys');
	const href = await page.getByRole('link', { name: title, exact: true }).first().getAttribute('href');
	return href!.split('/').pop()!;
}

/** A fresh draft with one yes/no question, made through the forms; returns its id and the question's. */
async function draftWithQuestion(page: Page, project: string, title: string) {
	const created = await postForm(page.request, `/staff/projects/${project}/surveys`, surveyFields({ title }));
	expect(created.status()).toBe(303);
	const surveyId = /\/staff\/surveys\/([a-z2-7]{16})/.exec(created.headers()['location'])![1];
	const added = await postForm(page.request, `/staff/surveys/${surveyId}/questions/new`, questionFields({ kind: 'yes_no', prompt: 'Do you go?', options: '' }));
	expect(added.status()).toBe(303);
	const questionId = /#question-([a-z2-7]{16})/.exec(added.headers()['location'])![1];
	return { surveyId, questionId };
}

test('creating a survey refuses bad input, unknown projects and other organisations’ projects', async ({ page }) => {
	const other = await otherOrganisation();
	// On Postgres runs the other organisation exists; the embedded database can't be shared with the server.
	expect(!!other || !process.env.TEST_DATABASE_URL).toBe(true);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const project = await projectId(page, 'Short breaks for disabled children');
	const path = `/staff/projects/${project}/surveys`;
	const m = marker();
	const bad: Record<string, string>[] = [
		{},
		surveyFields({ title: '', introduction: m }),
		surveyFields({ title: m + LONG }),
		surveyFields({ title: `${m}\u0000` }),
		surveyFields({ title: m, introduction: LONG }),
		surveyFields({ title: m, audience: 'aliens' }),
		surveyFields({ title: m, anonymous: 'maybe' }),
		surveyFields({ title: m, step: '9' }),
		surveyFields({ title: m, step: '1; drop table surveys' })
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, path, fields), JSON.stringify(fields).slice(0, 80));
	await expect4xx(await postFile(page.request, path, 'title'), 'file as title');
	for (const id of [...BAD_IDS, ...(other ? [other.projectId] : [])]) {
		const response = await postForm(page.request, `/staff/projects/${encodeURIComponent(id)}/surveys`, surveyFields({ title: m }));
		expect(response.status(), id).toBe(404);
		expect((await page.request.get(`/staff/projects/${encodeURIComponent(id)}/surveys`)).status(), id).toBe(404);
	}
	await page.goto('/staff/surveys');
	await expect(page.getByText(m)).toHaveCount(0);
});

test('details, open, close and copy refuse bad input and surveys that aren’t yours', async ({ page }) => {
	const other = await otherOrganisation();
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const project = await projectId(page, 'Short breaks for disabled children');
	const title = marker();
	const created = await postForm(page.request, `/staff/projects/${project}/surveys`, surveyFields({ title }));
	const id = /\/staff\/surveys\/([a-z2-7]{16})/.exec(created.headers()['location'])![1];
	const base = `/staff/surveys/${id}`;
	const bad: Record<string, string>[] = [
		detailsFields({ title: '' }),
		detailsFields({ title: LONG }),
		detailsFields({ introduction: 'Hi\u0000' }),
		detailsFields({ nextSteps: LONG }),
		detailsFields({ audience: 'everyone' }),
		detailsFields({ anonymous: 'true' }),
		detailsFields({ step: '0' }),
		detailsFields({ opensAt: '2026-05-10', closesAt: '2026-05-01' }),
		detailsFields({ opensAt: '2026-02-31' }),
		detailsFields({ closesAt: 'next week' }),
		detailsFields({ closesAt: '2150-01-01' }),
		detailsFields({ equalityMonitoring: 'please' }),
		detailsFields({ equalityAreas: Array.from({ length: 31 }, (_, i) => `Area ${i}`).join('\n') }),
		detailsFields({ equalityAreas: 'North\nNORTH' }),
		detailsFields({ equalityAreas: `North\n${'y'.repeat(101)}` }),
		detailsFields({ equalityAreas: LONG })
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, `${base}?/details`, fields), JSON.stringify(fields).slice(0, 80));
	await expect4xx(await postFile(page.request, `${base}?/details`, 'title'), 'file as title');
	// No questions yet: it can't open; a draft can't close.
	const open = await postForm(page.request, `${base}?/open`, {});
	await expect4xx(open, 'open without questions');
	expect(await open.text()).toContain('Add at least one question');
	await expect4xx(await postForm(page.request, `${base}?/close`, {}), 'close a draft');
	// Anonymity is fixed once people have answered.
	const needs = await surveyLinkId(page, 'What would help your mental health?');
	const locked = await postForm(page.request, `/staff/surveys/${needs}?/details`, detailsFields({ title: 'What would help your mental health?', anonymous: 'no' }));
	await expect4xx(locked, 'anonymous after answers');
	expect(await locked.text()).toContain('whether it is anonymous can’t be changed');

	const before = await page.goto('/staff/surveys').then(() => page.locator('tbody tr').count());
	for (const target of [...BAD_IDS, ...(other ? [other.surveyId] : [])]) {
		for (const action of ['details', 'open', 'close', 'duplicate', 'move', 'delete']) {
			const response = await postForm(page.request, `/staff/surveys/${encodeURIComponent(target)}?/${action}`, detailsFields());
			expect(response.status(), `${action} on ${target}`).toBe(404);
		}
		for (const sub of ['', '/share', '/questions/new', `/questions/${FAKE_ID}`]) {
			expect((await page.request.get(`/staff/surveys/${encodeURIComponent(target)}${sub}`)).status(), `${target}${sub}`).toBe(404);
		}
	}
	await page.goto('/staff/surveys');
	expect(await page.locator('tbody tr').count()).toBe(before);
	await page.goto(base);
	await expect(page.getByLabel('Title')).toHaveValue(title);
	await expect(page.getByText('Draft: not open yet')).toBeVisible();
	await expect(page.getByLabel('Add the “About you” page')).not.toBeChecked();
	await expect(page.getByLabel('Closing date (optional)')).toHaveValue('');
});

test('questions refuse bad kinds, choices, limits, pages, conditions and ids, and change nothing', async ({ page }) => {
	test.setTimeout(120_000);
	const other = await otherOrganisation();
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const project = await projectId(page, 'Short breaks for disabled children');
	const { surveyId, questionId } = await draftWithQuestion(page, project, marker());
	const base = `/staff/surveys/${surveyId}`;
	const tooMany = Array.from({ length: 21 }, (_, i) => `Choice ${i}`).join('\n');
	const bad: Record<string, string>[] = [
		{},
		questionFields({ kind: 'essay' }),
		questionFields({ kind: '' }),
		questionFields({ prompt: '' }),
		questionFields({ prompt: LONG }),
		questionFields({ prompt: 'Bad\u0000' }),
		questionFields({ help: LONG }),
		questionFields({ options: 'Only one' }),
		questionFields({ options: tooMany }),
		questionFields({ options: 'Same\nsame' }),
		questionFields({ options: `A\n${'z'.repeat(201)}` }),
		questionFields({ options: `A\nB\u0000` }),
		questionFields({ options: LONG.repeat(2) }),
		questionFields({ kind: 'multiple_choice', maxChoices: 'abc' }),
		questionFields({ kind: 'multiple_choice', maxChoices: '3' }),
		questionFields({ kind: 'multiple_choice', maxChoices: '-1' }),
		questionFields({ kind: 'ranking', rankCount: '1' }),
		questionFields({ kind: 'ranking', rankCount: '99' }),
		questionFields({ required: 'on please' }),
		questionFields({ faces: 'sometimes' }),
		questionFields({ page: '0' }),
		questionFields({ page: '21' }),
		questionFields({ page: 'two' }),
		questionFields({ condition: 'garbage' }),
		questionFields({ condition: `${FAKE_ID}:yes` }),
		questionFields({ condition: `${questionId}:yes`, page: '1' }),
		questionFields({ condition: `${questionId}:maybe`, page: '2' }),
		...(other ? [questionFields({ condition: `${other.questionId}:yes`, page: '2' })] : [])
	];
	for (const fields of bad) {
		await expect4xx(await postForm(page.request, `${base}/questions/new`, fields), `new ${JSON.stringify(fields).slice(0, 80)}`);
		await expect4xx(await postForm(page.request, `${base}/questions/${questionId}`, fields), `edit ${JSON.stringify(fields).slice(0, 80)}`);
	}
	await expect4xx(await postFile(page.request, `${base}/questions/new`, 'prompt'), 'file as prompt');
	// Questions that aren't this survey's: unknown, malformed, another organisation's.
	for (const id of [...BAD_IDS, ...(other ? [other.questionId] : [])]) {
		expect((await postForm(page.request, `${base}/questions/${encodeURIComponent(id)}`, questionFields())).status(), id).toBe(404);
		await expect4xx(await postForm(page.request, `${base}?/delete`, { questionId: id }), `delete ${id}`);
		await expect4xx(await postForm(page.request, `${base}?/move`, { questionId: id, direction: 'up' }), `move ${id}`);
	}
	if (other) expect((await postForm(page.request, `/staff/surveys/${other.surveyId}/questions/new`, questionFields())).status()).toBe(404);
	const moves: Record<string, string>[] = [{}, { questionId }, { questionId, direction: 'sideways' }, { questionId, direction: 'up' }, { questionId, direction: 'down' }, { questionId: LONG, direction: 'up' }];
	for (const fields of moves) {
		await expect4xx(await postForm(page.request, `${base}?/move`, fields), `move ${JSON.stringify(fields).slice(0, 60)}`);
	}
	await expect4xx(await postForm(page.request, `${base}?/delete`, {}), 'delete without a question');

	await page.goto(base);
	await expect(page.getByRole('heading', { level: 4 })).toHaveText(['Do you go?']);
	await expect(page.getByText('Question 1. Optional.')).toBeVisible();
});

test('a survey people have answered refuses changes that would spoil their answers', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const needs = await surveyLinkId(page, 'What would help your mental health?');
	await page.goto(`/staff/surveys/${needs}`);
	await page.getByRole('link', { name: 'Edit question 3' }).click();
	await page.waitForURL(/\/questions\/[a-z2-7]{16}$/);
	const path = new URL(page.url()).pathname;
	const form = page.locator('main form');
	const current: Record<string, string> = {
		kind: await form.locator('input[name="kind"]').inputValue(),
		prompt: await page.getByLabel('The question', { exact: true }).inputValue(),
		help: await page.getByLabel('A hint under the question (optional)').inputValue(),
		required: '',
		page: await page.getByLabel('Page', { exact: true }).inputValue(),
		options: await page.getByLabel('Choices, one on each line').inputValue(),
		maxChoices: await page.getByLabel('The most people can pick (optional)').inputValue(),
		rankCount: '',
		faces: '',
		condition: await form.locator('input[name="condition"]').inputValue()
	};
	expect(current.kind).toBe('multiple_choice');
	const attempts: [Record<string, string>, string][] = [
		[{ kind: 'single_choice' }, 'the kind of question can’t be changed'],
		[{ options: current.options.split('\n').slice(1).join('\n') }, 'choices can’t be removed'],
		[{ maxChoices: '1' }, 'can’t be lowered'],
		[{ condition: '' }, 'when this question is shown can’t be changed'],
		[{ required: 'yes' }, 'can’t be made required']
	];
	for (const [over, message] of attempts) {
		const response = await postForm(page.request, path, { ...current, ...over });
		await expect4xx(response, JSON.stringify(over).slice(0, 60));
		expect(await response.text()).toContain(message);
	}
	const qid = path.split('/').pop()!;
	const deleted = await postForm(page.request, `/staff/surveys/${needs}?/delete`, { questionId: qid });
	await expect4xx(deleted, 'delete an answered question');
	expect(await deleted.text()).toContain('its questions can’t be deleted');
	await expect4xx(await postForm(page.request, `/staff/surveys/${needs}/questions/new`, questionFields({ required: 'yes' })), 'a new required question');
	await page.reload();
	await expect(page.getByLabel('Choices, one on each line')).toHaveValue(current.options);
	await expect(page.getByLabel('The most people can pick (optional)')).toHaveValue(current.maxChoices);
});
