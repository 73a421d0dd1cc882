import type { Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO } from './fixtures';

// Mystery-shopping findings on the demo contract (six visits, twelve approved reports): the chart
// and the same figures in tables, comments by theme, the printable report for the provider (also
// at 320px and as printed) and the CSV, none of them naming a shopper. The programme's public
// summary: a champion sees it but can't publish; a text naming a shopper is refused.

const CONTRACT = 'Youth counselling and wellbeing service';
/** The demo shoppers' display names (and usernames): never in anything provider-facing. */
const SHOPPER_NAMES = /\b(jay|mia|priya|tom|leo)\b/i;

async function openFindings(page: Page): Promise<string> {
	await page.goto('/staff/contracts');
	await page.getByRole('link', { name: CONTRACT }).first().click();
	await expect(page.getByRole('heading', { name: CONTRACT, level: 1 })).toBeVisible();
	await page.getByRole('link', { name: 'Mystery-shopping findings' }).first().click();
	await expect(page.getByRole('heading', { name: `Mystery-shopping findings: ${CONTRACT}`, level: 1 })).toBeVisible();
	return new URL(page.url()).pathname;
}

/** What the page says, without the signed-in person's own name in the header. */
async function mainText(page: Page): Promise<string> {
	return page.locator('main').innerText();
}

test('an officer reads the demo findings: charts with tables, comments by theme, no shopper named', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const path = await openFindings(page);

	await expect(page.getByText('6 visits with an approved report')).toBeVisible();
	// Both charts draw (chart.js loads on this page only) and each has its table.
	const charts = page.getByTestId('findings-chart');
	await expect(charts).toHaveCount(2);
	await expect(charts.first()).toHaveAttribute('aria-label', /Welcome and attitude 4\.6/);
	await expect.poll(() => charts.first().locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
	const themes = page.getByRole('table', { name: /Average rating for each theme, across all visits/ });
	await expect(themes.getByRole('row', { name: /Welcome and attitude/ })).toContainText('4.6');
	const quarters = page.getByRole('table', { name: /quarter by quarter/ });
	// Theme, then the two quarters the visits fell in.
	await expect(quarters.getByRole('columnheader')).toHaveCount(3);
	await expect(page.getByRole('heading', { name: 'What could be better', level: 3 })).toBeVisible();

	expect(await mainText(page)).not.toMatch(SHOPPER_NAMES);
	const html = await (await page.request.get(path)).text();
	expect(html).not.toMatch(SHOPPER_NAMES);

	const csv = await page.request.get(`${path}/findings.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const body = await csv.text();
	expect(body).toContain('Welcome and attitude');
	expect(body).not.toMatch(SHOPPER_NAMES);

	// The printable report: no names, no report ids, filed under step 7.
	await page.getByRole('link', { name: 'Printable report for the provider' }).click();
	await expect(page.getByRole('heading', { name: `Mystery-shopping findings: ${CONTRACT}`, level: 1 })).toBeVisible();
	await expect(page.getByText('File in the project’s evidence:')).toBeVisible();
	await expect(page.getByText('Asking about a first appointment')).toBeVisible();
	expect(await mainText(page)).not.toMatch(SHOPPER_NAMES);
	const reportHtml = await (await page.request.get(`${path}/report`)).text();
	expect(reportHtml).not.toMatch(SHOPPER_NAMES);
	expect(reportHtml).not.toMatch(/\/reports\/[a-z2-7]{16}/);

	// Printed, the page keeps just the report.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.getByRole('heading', { name: `Mystery-shopping findings: ${CONTRACT}`, level: 1 })).toBeVisible();
	await page.emulateMedia({ media: 'screen' });
});

test('the findings report reads at 320px wide', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const path = await openFindings(page);
	await page.setViewportSize({ width: 320, height: 800 });
	for (const p of [path, `${path}/report`]) {
		await page.goto(p);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width, `${p} is ${width}px wide`).toBeLessThanOrEqual(320);
	}
	expect(await mainText(page)).not.toMatch(SHOPPER_NAMES);
});

test('the public summary: a champion sees it but can’t publish; a name in it is refused', async ({ page, browser }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await openFindings(page);
	await page.getByRole('link', { name: /Public summary for Young inspectors 2026/ }).click();
	await expect(page.getByRole('heading', { name: 'Public summary: Young inspectors 2026', level: 1 })).toBeVisible();
	await expect(page.getByText(/on the public page since/)).toBeVisible();
	await expect(page.getByText(/visited the service 6 times/).first()).toBeVisible();
	await expect(page.getByRole('button', { name: /Publish/ })).toHaveCount(0);
	const summaryPath = new URL(page.url()).pathname;
	expect((await postForm(page.request, `${summaryPath}?/publish`, { summary: 'Hello' })).status()).toBe(403);

	const officer = await browser.newPage();
	await signIn(officer, DEMO.officer.username, DEMO.officer.password);
	await officer.goto(summaryPath);
	const text = officer.getByLabel('Summary in plain words');
	const before = await text.inputValue();
	await text.fill(`${before} Thank you, Priya!`);
	await officer.getByRole('button', { name: 'Publish these words' }).click();
	await expect(officer.getByText('The summary has a shopper’s name in it (“Priya”).').first()).toBeVisible();
	await officer.goto(summaryPath);
	await expect(officer.getByLabel('Summary in plain words')).toHaveValue(before);
	await officer.close();
});
