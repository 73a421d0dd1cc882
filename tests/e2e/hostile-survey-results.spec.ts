import type { Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, ORIGIN, expect4xx } from './fixtures';

// Bad input at every survey results address and form: filters, page numbers, theme names,
// tagging ids, publishing choices, and ids of other surveys. Each gets a plain 4xx (never a
// 5xx) and what the app shows afterwards proves nothing changed.

test.describe.configure({ timeout: 120_000 });

const LONG = 'x'.repeat(10_000);
const TITLE = 'What would help your mental health?';
const LONG_TEXT = 'What is the one thing you would change about mental health support for young people?';

async function surveyId(page: Page, title: string): Promise<string> {
	await page.goto('/staff/surveys');
	const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
	return href!.split('/')[3];
}

/** The long free-text question's answers page, and the first answer's response id there. */
async function textPage(page: Page, id: string) {
	await page.goto(`/staff/surveys/${id}/results`);
	const section = page.locator('section.question', { has: page.getByRole('heading', { name: LONG_TEXT }) });
	const href = (await section.getByRole('link', { name: /Read the answers and tag themes/ }).getAttribute('href'))!;
	const path = new URL(href, ORIGIN).pathname;
	await page.goto(path);
	return path;
}

test('bad filters, page numbers and ids answer 4xx in plain words', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const id = await surveyId(page, TITLE);
	const base = `/staff/surveys/${id}/results`;
	for (const query of ['audience=admin', 'age=12', 'age=13_15&age=16_17', 'audience=%00', `age=${LONG}`]) {
		for (const path of [base, `${base}/summary.csv`]) {
			const response = await page.request.get(`${path}?${query}`);
			await expect4xx(response, `${path}?${query.slice(0, 30)}`);
			if (path === base) expect(await response.text()).toMatch(/filter|choose one value/i);
		}
	}
	for (const bad of ['zzzzzzzzzzzzzzzz', 'ABC', '..%2F..%2Fetc', LONG.slice(0, 300)]) {
		await expect4xx(await page.request.get(`/staff/surveys/${bad}/results`), `survey ${bad.slice(0, 20)}`);
		await expect4xx(await page.request.get(`/staff/surveys/${bad}/results/responses.csv`), `responses.csv ${bad.slice(0, 20)}`);
		await expect4xx(await page.request.get(`${base}/text/${bad}`), `question ${bad.slice(0, 20)}`);
	}
	const text = await textPage(page, id);
	for (const query of ['page=0', 'page=-1', 'page=abc', 'page=99999', 'theme=zzzzzzzzzzzzzzzz', 'theme=../x', `theme=${LONG}`]) {
		await expect4xx(await page.request.get(`${text}?${query}`), `text ${query.slice(0, 30)}`);
	}
	// A question that isn't free text has no answers page.
	const firstQuestionId = await page.goto(base).then(() => page.locator('section.question').first().getAttribute('aria-labelledby'));
	await expect4xx(await page.request.get(`${base}/text/${firstQuestionId!.slice(2)}`), 'rating question as text');
	// Unknown survey codes have no published results.
	for (const code of ['ZZZZZZ', 'abc', LONG.slice(0, 100), '%00']) await expect4xx(await page.request.get(`/survey/${code}/results`), `code ${code.slice(0, 10)}`);
});

test('bad theme names, tags and publishing change nothing', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const id = await surveyId(page, TITLE);
	const text = await textPage(page, id);
	const themesBefore = await page.locator('ul.themes > li').count();

	const name = `Hostile ${Date.now().toString(36)}`;
	for (const bad of ['', '   ', 'x'.repeat(101), 'a\u0000b', LONG]) {
		await expect4xx(await postForm(page.request, `${text}?/createTheme`, { name: bad }), `theme name ${JSON.stringify(bad.slice(0, 10))}`);
	}
	await expect4xx(await postForm(page.request, `${text}?/createTheme`, {}), 'no name');
	// A good theme, then a duplicate in other letter cases.
	const created = await postForm(page.request, `${text}?/createTheme`, { name });
	expect(created.status()).toBe(303);
	await expect4xx(await postForm(page.request, `${text}?/createTheme`, { name: name.toUpperCase() }), 'duplicate name');
	await page.goto(text);
	const themeId = await page.locator('ul.themes > li', { hasText: name }).locator('input[name="themeId"]').first().getAttribute('value');
	const responseId = await page.locator('ol.answers > li input[name="responseId"]').first().getAttribute('value');
	await expect4xx(await postForm(page.request, `${text}?/renameTheme`, { themeId: themeId!, name: '' }), 'rename empty');
	await expect4xx(await postForm(page.request, `${text}?/renameTheme`, { themeId: 'zzzzzzzzzzzzzzzz', name: 'Fine' }), 'rename unknown');

	// Tagging: unknown ids, malformed ids, and a response from another survey.
	const other = await surveyId(page, 'Riverside Youth Club: have your say');
	await page.goto(`/staff/surveys/${other}/results`);
	const bad: Record<string, string>[] = [
		{ themeId: themeId!, responseId: 'zzzzzzzzzzzzzzzz' },
		{ themeId: 'zzzzzzzzzzzzzzzz', responseId: responseId! },
		{ themeId: themeId!, responseId: '' },
		{ themeId: themeId!, responseId: LONG },
		{ themeId: `${themeId}\u0000`, responseId: responseId! },
		{ themeId: themeId! }
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, `${text}?/tag`, fields), `tag ${JSON.stringify(fields).slice(0, 60)}`);
	// The same theme id posted through another survey's question address is not found there.
	await expect4xx(await postForm(page.request, `/staff/surveys/${other}/results/text/zzzzzzzzzzzzzzzz?/tag`, { themeId: themeId!, responseId: responseId! }), 'other survey address');
	await expect4xx(await postForm(page.request, `${text}?/deleteTheme`, { themeId: 'zzzzzzzzzzzzzzzz' }), 'delete unknown');

	await page.goto(text);
	await expect(page.locator('ul.themes > li')).toHaveCount(themesBefore + 1);
	await expect(page.locator('ul.themes > li', { hasText: name })).toContainText(`${name}: 0 answers.`);
	// Tidy up: delete the theme we made.
	expect((await postForm(page.request, `${text}?/deleteTheme`, { themeId: themeId! })).status()).toBe(303);

	// Publishing: a visibility that doesn't exist, an oversized or NUL summary.
	const results = `/staff/surveys/${id}/results`;
	for (const fields of [
		{ visibility: 'everyone', summary: 'Fine' },
		{ visibility: '', summary: 'Fine' },
		{ summary: 'Fine' },
		{ visibility: 'public', summary: 'x'.repeat(2001) },
		{ visibility: 'public', summary: 'a\u0000b' },
		{ visibility: 'public', summary: '' }
	] as Record<string, string>[]) {
		await expect4xx(await postForm(page.request, `${results}?/publish`, fields), `publish ${JSON.stringify(fields).slice(0, 50)}`);
	}
	await page.goto('/survey/MHNEED/results');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
});

test('another organisation’s survey ids and the wrong roles are refused', async ({ page }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const id = await surveyId(page, TITLE);
	// A champion may tag but not publish.
	const refused = await postForm(page.request, `/staff/surveys/${id}/results?/publish`, { visibility: 'staff', summary: '' });
	expect(refused.status()).toBe(403);
	// Nor download every response (officers only): no link, and the address answers 403.
	await page.goto(`/staff/surveys/${id}/results`);
	await expect(page.getByRole('link', { name: /Download every response/ })).toHaveCount(0);
	const download = await page.request.get(`/staff/surveys/${id}/results/responses.csv`, { maxRedirects: 0 });
	expect(download.status()).toBe(403);
	expect(await download.text()).not.toMatch(/Week submitted|Q1\./);
	await page.goto('/survey/MHNEED/results');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
	// Ids from nowhere (an organisation we can't see is the same 404 as none at all).
	for (const path of ['/staff/surveys/aaaaaaaaaaaaaaaa/results', '/staff/surveys/aaaaaaaaaaaaaaaa/results/summary.csv', '/staff/surveys/aaaaaaaaaaaaaaaa/results/text/aaaaaaaaaaaaaaaa']) {
		const response = await page.request.get(path);
		expect(response.status(), path).toBe(404);
	}
	await expect4xx(await postForm(page.request, '/staff/surveys/aaaaaaaaaaaaaaaa/results/text/aaaaaaaaaaaaaaaa?/createTheme', { name: 'x' }), 'theme on unknown survey');
});
