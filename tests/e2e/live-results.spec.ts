import { test, expect, signIn, DEMO } from './fixtures';

// A session's saved results (the demo's past workshop): reached from the project's evidence, the
// closing record, each activity's chart with the same figures in a table, the word cloud ranked,
// approved ideas only and no names; the CSV; readable at 320px; not for young people.

const PROJECT = 'Youth mental health support service';
const SESSION = 'Designing the new wellbeing service together';
const NAMES = /\b(jay|mia|priya|leo|tom)\b/i;

test('an officer follows the project’s evidence to the workshop’s results, charts and tables, and downloads the CSV', async ({ page }) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: PROJECT }).first().click();
	await page.getByRole('link', { name: SESSION }).click();
	await expect(page.getByRole('heading', { name: `Results: ${SESSION}`, level: 1 })).toBeVisible();
	const path = new URL(page.url()).pathname;
	expect(path).toMatch(/^\/staff\/sessions\/[a-z2-7]{16}\/results$/);

	const who = page.getByRole('table', { name: 'Who came' });
	await expect(who.getByRole('cell')).toHaveText(['3', '3', '12', '15', '15']);
	await expect(page.getByText('credited 2 hours of participation')).toBeVisible();
	await expect(page.getByText('Fifteen people came')).toBeVisible();

	for (const heading of [
		'1. Where would you most like to get support?',
		'2. How easy is it to get help with your mental health in Riverside now?',
		'3. In a word or two: how should the new service feel?',
		'4. What would make the new service better than the help there is now?',
		'5. Spend your 3 dots on what matters most to you'
	])
		await expect(page.getByRole('heading', { name: heading, level: 3 })).toBeVisible();

	// Four charts (poll, rating, words, dots) draw, each described, each beside its table.
	const charts = page.locator('main [role="img"]');
	await expect(charts).toHaveCount(4);
	await expect(charts.first()).toHaveAttribute('aria-label', /At a youth hub in town 6/);
	await expect.poll(() => charts.last().locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
	await expect(page.getByRole('table', { name: 'Answers to question 1' }).getByRole('row', { name: /At a youth hub in town/ })).toContainText('43%');
	await expect(page.getByText('Average 2.2 on a scale of 1')).toBeVisible();
	const words = page.getByRole('table', { name: /Words for question 3/ });
	await expect(words.getByRole('row').nth(1)).toContainText('safe');
	await expect(words.getByRole('row').nth(1)).toContainText('6');
	await expect(page.getByRole('table', { name: 'Dots for question 5' }).getByRole('row', { name: /Short waits/ })).toContainText('17');

	// Approved ideas only; the hidden one and the one never approved are only counted.
	await expect(page.getByText('Drop-in evenings after school, no appointment needed')).toBeVisible();
	await expect(page.getByText('8 approved, 1 hidden, 1 never approved')).toBeVisible();
	const main = await page.locator('main').innerText();
	expect(main).not.toContain('Same as above');
	expect(main).not.toContain('where everyone can see you go in');
	expect(main).not.toMatch(NAMES);

	const csv = await page.request.get(`${path}.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="session-results-\d{4}-\d{2}-\d{2}\.csv"/);
	const body = await csv.text();
	expect(body).toContain('Activity,Question,Type,Answer,Count');
	expect(body).toContain('At a youth hub in town,6');
	expect(body).not.toContain('Same as above');
	expect(body).not.toMatch(NAMES);
	await expect(page.getByRole('link', { name: 'Download the results as CSV' })).toHaveAttribute('href', `${path}.csv`);
});

test('the results page reads at 320px without sideways scrolling, and young people can’t open it', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 320, height: 700 });
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/sessions');
	await page.getByRole('link', { name: SESSION }).first().click();
	await page.getByRole('link', { name: 'Results' }).click();
	await expect(page.getByRole('heading', { name: `Results: ${SESSION}`, level: 1 })).toBeVisible();
	const path = new URL(page.url()).pathname;
	await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

	const phone = await browser.newContext();
	try {
		const jay = await phone.newPage();
		await signIn(jay, DEMO.jay.username, DEMO.jay.password);
		for (const url of [path, `${path}.csv`]) expect((await jay.request.get(url)).status(), url).toBe(403);
	} finally {
		await phone.close();
	}
});
