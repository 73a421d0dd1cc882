import { test, expect, signIn, DEMO } from './fixtures';

// Every page works at 320px wide: nothing scrolls sideways (tables become cards), and axe runs
// on each page visited.

test.use({ viewport: { width: 320, height: 640 } });

async function expectNoSidewaysScroll(page: import('@playwright/test').Page, path: string) {
	await page.goto(path);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(320);
}

test('public pages fit a 320px screen', async ({ page }) => {
	for (const path of ['/', '/projects', '/projects/short-breaks-for-disabled-children', '/projects/riverside-youth-club-contract', '/sign-in', '/join', '/survey', '/survey/YCLUB7', '/survey/MHNEED', '/survey/YCLUB7/thanks']) {
		await expectNoSidewaysScroll(page, path);
	}
});

test('staff lists fit a 320px screen', async ({ page }) => {
	await signIn(page, DEMO.admin.username, DEMO.admin.password);
	for (const path of ['/staff', '/staff/projects', '/staff/participants', '/staff/users', '/staff/settings', '/staff/settings/bands', '/staff/audit']) {
		await expectNoSidewaysScroll(page, path);
	}
});

test('a champion’s invitations and a project’s pages fit a 320px screen', async ({ page }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/invitations');
	await page.getByLabel('A parent or carer').check();
	await page.getByRole('button', { name: 'Create invitation' }).click();
	// The one-time code is where focus lands, so nobody misses it.
	await expect(page.getByRole('heading', { name: 'Invitation ready' })).toBeFocused();
	await expectNoSidewaysScroll(page, '/staff/invitations');
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: 'Short breaks for disabled children' }).click();
	const base = new URL(page.url()).pathname;
	for (const sub of ['', '/cycle', '/approvals', '/equality', '/you-said-we-did', '/preview']) {
		await expectNoSidewaysScroll(page, base + sub);
	}
});

test('building and sharing a survey fits a 320px screen', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await expectNoSidewaysScroll(page, '/staff/surveys');
	const survey = new URL((await page.getByRole('link', { name: 'What would help your mental health?', exact: true }).first().getAttribute('href'))!, 'http://x').pathname;
	await expectNoSidewaysScroll(page, survey);
	const project = new URL((await page.getByRole('link', { name: /^Surveys for / }).getAttribute('href'))!, 'http://x').pathname;
	const question = new URL((await page.getByRole('link', { name: 'Edit question 3' }).getAttribute('href'))!, 'http://x').pathname;
	for (const path of [project, `${survey}/questions/new`, question, `${survey}/share`]) await expectNoSidewaysScroll(page, path);
});

test('survey results fit a 320px screen', async ({ page }) => {
	test.setTimeout(90_000); // five pages, each checked by axe
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/surveys');
	const survey = new URL((await page.getByRole('link', { name: 'What would help your mental health?' }).first().getAttribute('href'))!, 'http://x').pathname;
	await expectNoSidewaysScroll(page, `${survey}/results`);
	const text = new URL((await page.getByRole('link', { name: /Read the answers and tag themes/ }).last().getAttribute('href'))!, 'http://x').pathname;
	for (const path of [`${survey}/results?age=16_17`, text, '/survey/MHNEED/results', '/projects/youth-mental-health-support']) await expectNoSidewaysScroll(page, path);
});
