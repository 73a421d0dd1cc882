import type { Page } from '@playwright/test';
import { test, expect, signIn, DEMO, checkAccessibility } from './fixtures';
import { parseCsv } from '../helpers/csv';

// An officer reads the demo needs survey's results (MHNEED, 212 anonymous responses): charts with
// tables, a filter where small groups turn into "fewer than 5", themes on the long free-text
// question, a summary CSV that matches the tables, and the results shared with the public.

test.describe.configure({ timeout: 120_000 });

const TITLE = 'What would help your mental health?';
const LONG_TEXT = 'What is the one thing you would change about mental health support for young people?';

/** The survey's results page address, found the way an officer would: from the surveys list. */
async function resultsPath(page: Page): Promise<string> {
	await page.goto('/staff/surveys');
	const href = await page.getByRole('link', { name: TITLE }).first().getAttribute('href');
	expect(href).toMatch(/^\/staff\/surveys\/[a-z2-7]{16}$/);
	return `${href}/results`;
}


test('an officer reads, filters, themes, downloads and shares the survey results', async ({ page }) => {
	const cspProblems: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) cspProblems.push(m.text());
	});
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const path = await resultsPath(page);
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1, name: `Results: ${TITLE}` })).toBeVisible();
	await expect(page.locator('.showing')).toContainText('Responses: 212');

	// Charts draw after the page loads; every chart has its table.
	const firstQuestion = page.locator('section.question').first();
	await expect(firstQuestion.getByRole('heading', { level: 3 })).toHaveText('1. How easy is it to get help when you are worried or low?');
	await expect(firstQuestion.locator('canvas')).toBeVisible();
	await expect.poll(async () => firstQuestion.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
	await expect(firstQuestion.getByRole('img')).toHaveAttribute('aria-label', /Bar chart of answers/);
	const tableRows = await firstQuestion.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())));
	expect(tableRows).toHaveLength(5);
	const total = tableRows.reduce((sum, [, n]) => sum + (Number(n) || 0), 0);
	expect(total).toBeGreaterThan(150);
	expect(await page.locator('section.question').count()).toBeGreaterThanOrEqual(8);

	// The summary CSV says exactly what the table says.
	const csvHref = await page.getByRole('link', { name: 'Download this summary (CSV)' }).getAttribute('href');
	const csvResponse = await page.request.get(csvHref!);
	expect(csvResponse.status()).toBe(200);
	expect(csvResponse.headers()['content-disposition']).toMatch(/^attachment; filename="survey-MHNEED-summary-\d{4}-\d{2}-\d{2}\.csv"$/);
	expect(csvResponse.headers()['cache-control']).toBe('no-store');
	const csv = parseCsv(await csvResponse.text());
	expect(csv[0]).toEqual(['Question', 'Answer', 'Count', 'Percent of those who answered']);
	expect(csv).toContainEqual(['All responses', '', '212', '']);
	for (const [answer, count, percent] of tableRows) {
		expect(csv).toContainEqual(['How easy is it to get help when you are worried or low?', answer, count, percent === '–' ? '' : percent.replace('%', '')]);
	}

	// A small age group: some counts become "fewer than 5", and the download follows the filter.
	await page.getByLabel('Age band').selectOption('under_13');
	await page.getByRole('button', { name: 'Show results' }).click();
	await expect(page).toHaveURL(/age=under_13/);
	await expect(page.locator('.showing')).toContainText('age Under 13');
	await expect(page.locator('section.question td', { hasText: /^(fewer than 5|not shown)$/ }).first()).toBeVisible();
	const filtered = parseCsv(await (await page.request.get((await page.getByRole('link', { name: 'Download this summary (CSV)' }).getAttribute('href'))!)).text());
	expect(filtered).toContainEqual(['Group shown', 'age Under 13', '', '']);
	expect(filtered.some((row) => (row[2] === 'fewer than 5' || row[2] === 'not shown') && row[3] === '')).toBe(true);
	await page.getByRole('link', { name: 'Show everyone' }).click();
	await expect(page.locator('.showing')).toContainText('Responses: 212');

	// Themes on the long free-text question: two tagged answers show as "fewer than 5" (threshold 5).
	const theme = `Waiting ${Date.now().toString(36)}`;
	const longSection = page.locator('section.question', { has: page.getByRole('heading', { name: LONG_TEXT }) });
	await longSection.getByRole('link', { name: /Read the answers and tag themes/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Answers to “${LONG_TEXT}”` })).toBeVisible();
	await page.getByLabel('New theme').fill(theme);
	await page.getByRole('button', { name: 'Add theme' }).click();
	await expect(page.getByRole('status')).toHaveText('Theme added.');
	for (const n of [1, 2]) {
		await page.getByRole('combobox', { name: `Theme for answer ${n}`, exact: true }).selectOption({ label: theme });
		await page.getByRole('button', { name: `Tag answer ${n}`, exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('Theme added to the answer.');
		await expect(page.getByRole('list', { name: `Themes of answer ${n}`, exact: true })).toContainText(theme);
	}
	await expect(page.locator('ul.themes li', { hasText: theme })).toContainText(`${theme}: fewer than 5 answers.`);
	// Only two answers have the theme: their words could point at them, so only the explanation shows.
	await page.locator('ul.themes li', { hasText: theme }).getByRole('link', { name: /Show these answers/ }).click();
	await expect(page.locator('ol.answers > li')).toHaveCount(0);
	await expect(page.locator('.notice.warn')).toHaveText(/Fewer than 5 people have answers with this theme/);
	await checkAccessibility(page);
	await page.goto(path);
	const themeRow = page.locator('section.question', { has: page.getByRole('heading', { name: LONG_TEXT }) }).locator('tbody tr', { hasText: theme });
	await expect(themeRow.locator('td').nth(1)).toHaveText('fewer than 5');

	// Share with the public: the project page and the survey's results page show it.
	await page.getByLabel('People with the survey link and the public project page').check();
	await page.getByRole('button', { name: 'Save who can see the results' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
	expect(cspProblems).toEqual([]);

	await page.context().clearCookies();
	await page.goto('/projects/youth-mental-health-support');
	await expect(page.getByRole('heading', { name: 'Survey results' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: TITLE })).toBeVisible();
	await page.getByRole('link', { name: `See the results of “${TITLE}”` }).click();
	await expect(page).toHaveURL(/\/survey\/MHNEED\/results$/);
	await expect(page.getByRole('heading', { level: 1, name: `What people said: ${TITLE}` })).toBeVisible();
	await expect(page.getByText('212 people answered.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'How easy is it to get help when you are worried or low?' })).toBeVisible();
	// Never the free text or the "About you" answers; no chart library on this light page.
	await expect(page.getByText(LONG_TEXT)).toHaveCount(0);
	await expect(page.getByText('How old are you?')).toHaveCount(0);
	expect(await page.locator('canvas').count()).toBe(0);
	expect(await page.locator('meter').count()).toBeGreaterThan(3);
});

test('results pages work at 320px without sideways scrolling', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 720 });
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const path = await resultsPath(page);
	for (const target of [path, `${path}?age=13_15`]) {
		await page.goto(target);
		await expect(page.locator('section.question').first()).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	}
	// Champions may tag but not publish.
	await expect(page.getByRole('button', { name: 'Save who can see the results' })).toHaveCount(0);
	await page.goto('/survey/MHNEED/results');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});

test('an admin can read results, and a participant cannot', async ({ page }) => {
	await signIn(page, DEMO.admin.username, DEMO.admin.password);
	const path = await resultsPath(page);
	const ok = await page.goto(path);
	expect(ok?.status()).toBe(200);
	await expect(page.getByRole('button', { name: 'Save who can see the results' })).toHaveCount(0);
	// Every response is for officers only: no link, and the address answers 403.
	await expect(page.getByRole('link', { name: /Download every response/ })).toHaveCount(0);
	expect((await page.request.get(`${path}/responses.csv`, { maxRedirects: 0 })).status()).toBe(403);
	await page.context().clearCookies();
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto(path);
	// Every response, one row each, numbered, with nothing that identifies a person or device.
	const link = page.getByRole('link', { name: /Download every response/ });
	await expect(link).toBeVisible();
	const download = await page.request.get((await link.getAttribute('href'))!);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="survey-MHNEED-responses-/);
	expect(download.headers()['cache-control']).toBe('no-store');
	const rows = parseCsv(await download.text());
	expect(rows).toHaveLength(213);
	// Every answer was from a young person in groups of 5 or more, so both group columns are there.
	expect(rows[0].slice(0, 5)).toEqual(['Response', 'Week submitted (starting Monday)', 'Answering as', 'Age band', 'Q1. How easy is it to get help when you are worried or low?']);
	expect(rows[0]).toHaveLength(4 + 8);
	expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 212 }, (_, i) => String(i + 1)));
	// The week (its Monday), never the day.
	expect(rows.slice(1).every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[1]) && new Date(`${r[1]}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
	expect(JSON.stringify(rows)).not.toMatch(/[a-z2-7]{16}|How old are you|Prefer not to say/);
	await page.context().clearCookies();
	await signIn(page, DEMO.jay.username, DEMO.jay.password);
	const refused = await page.request.get(`${path}/summary.csv`, { maxRedirects: 0 });
	expect(refused.status()).toBe(403);
});
