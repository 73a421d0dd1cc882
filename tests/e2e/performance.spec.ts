import { test, expect, signIn, postForm, expect4xx, DEMO } from './fixtures';

// An officer enters a contract for an existing service on a published demo project, adds a KPI,
// enters a period's value and rating, sees the trend chart and its table, and publishes the
// performance update; the public project page and its open data show it. A champion can look but
// not change anything; bad input gets a clear 4xx.

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const SLUG = 'riverside-youth-club-contract';
const PROJECT = 'Riverside youth club contract';

test('an officer publishes a performance update that the public can see', async ({ page, request }) => {
	test.setTimeout(120_000);
	const run = Date.now().toString(36);
	const title = `Mill Street youth club ${run}`;
	const provider = `Mill Street Trust ${run}`;
	const kpi = `Young people attending each week ${run}`;

	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: PROJECT }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
	await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Contracts', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible();

	// A contract for an existing service: the first review defaults to 12 months after the start.
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel('Service name', { exact: true }).fill(title);
	await form.getByLabel('Provider', { exact: true }).fill(provider);
	await form.getByLabel('Start date', { exact: true }).fill('2024-04-01');
	await form.getByLabel('End date', { exact: true }).fill('2027-03-31');
	await form.getByLabel('Contract value (£)', { exact: true }).fill('240000');
	await form.getByLabel(/An existing service/).check();
	await form.getByRole('button', { name: 'Add the contract' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Contract added');
	await expect(page.locator('.facts')).toContainText('First on 1 Apr 2025, then every year');
	await expect(page.getByRole('heading', { name: 'Monitoring schedule' })).toBeVisible();
	const contractPath = new URL(page.url()).pathname;
	expect(contractPath).toMatch(/^\/staff\/contracts\/[a-z2-7]{16}$/);

	// A KPI.
	await page.getByRole('link', { name: 'Performance measures (KPIs)', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Performance measures' })).toBeVisible();
	const add = page.locator('form[action="?/add"]');
	await add.getByLabel('Name', { exact: true }).fill(kpi);
	await add.getByLabel('Unit', { exact: true }).fill('young people');
	await add.getByLabel('Baseline', { exact: true }).fill('40');
	await add.getByLabel('Target', { exact: true }).fill('70');
	await add.getByRole('button', { name: 'Add the measure' }).click();
	await expect(page.getByRole('heading', { level: 2, name: kpi })).toBeVisible();

	// A period, then its value and rating (the suggestion helps; the officer chooses).
	await page.goto(`${contractPath}/performance`);
	await expect(page.getByRole('heading', { level: 1, name: 'Performance' })).toBeVisible();
	const addPeriod = page.locator('form[action="?/addPeriod"]');
	await addPeriod.getByLabel('Name', { exact: true }).fill('April to June 2025');
	await addPeriod.getByLabel('First day', { exact: true }).fill('2025-04-01');
	await addPeriod.getByLabel('Last day', { exact: true }).fill('2025-06-30');
	await addPeriod.getByRole('button', { name: 'Add the period' }).click();
	await expect(page.getByRole('heading', { level: 3, name: 'April to June 2025' })).toBeVisible();
	const results = page.locator('form[action="?/results"]');
	await results.getByLabel(/^Value \(young people\)/).fill('58');
	await expect(results.getByText('Suggested from the value: Approaching target')).toBeVisible();
	await results.getByLabel('Approaching target', { exact: true }).check();
	await results.getByLabel(/^Comment/).fill('Up from 40 before the new timetable.');
	await results.getByRole('button', { name: /^Save the values/ }).click();
	await expect(page.getByRole('status')).toContainText('Values saved');

	// The trend: a chart drawn on a canvas, with the same figures in a table beside it.
	const trend = page.getByRole('region', { name: `${kpi}: figures` });
	await expect(trend.getByRole('row').nth(1)).toContainText('April to June 2025');
	await expect(trend.getByRole('row').nth(1)).toContainText('58 young people');
	await expect(trend.getByRole('row').nth(1)).toContainText('Approaching target');
	await expect(page.getByRole('img', { name: new RegExp(`^${kpi}: 58 young people in April to June 2025`) })).toBeVisible();
	await expect.poll(() => page.locator('.chart canvas').first().evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);

	// The public summary, then publish.
	await page.getByLabel(/^What this period shows/).fill(`More young people come each week (${run}).`);
	await page.getByRole('button', { name: /^Save the summary/ }).click();
	await expect(page.getByRole('status')).toContainText('Summary saved');
	await page.getByRole('button', { name: /^Publish this update/ }).click();
	await expect(page.getByRole('status')).toContainText('Performance update published');
	await expect(page.getByText('This performance update is public.')).toBeVisible();

	// The public project page and the open data.
	await page.goto(`/projects/${SLUG}`);
	await expect(page.getByRole('heading', { level: 2, name: 'How the service is doing' })).toBeVisible();
	const section = page.getByRole('region', { name: title });
	await expect(section).toContainText(provider);
	await expect(section).toContainText(`More young people come each week (${run}).`);
	const table = section.getByRole('region', { name: `${kpi}: results` });
	await expect(table).toContainText('58 young people');
	await expect(table).toContainText('Approaching target');
	const api = await request.get(`/api/public/projects/${SLUG}`);
	expect(api.status()).toBe(200);
	const { project } = await api.json();
	const contract = project.performance.find((c: { title: string }) => c.title === title);
	expect(contract).toMatchObject({ provider, measures: [{ name: kpi, baseline: 40, target: 70, results: [{ period: 'April to June 2025', value: 58, ratingLabel: 'Approaching target' }] }] });
	expect(contract.updates[0].summary).toContain(run);
	const feed = await (await request.get('/feed.xml')).text();
	expect(feed).toContain(`Performance update: ${title} (April to June 2025)`);

	// Bad input: overlapping period and a non-numeric value, refused with a clear 4xx.
	const cookies = await page.context().cookies();
	const headers = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
	await expect4xx(await postForm(request, `${contractPath}/performance?/addPeriod`, { label: 'Overlap', startsOn: '2025-06-01', endsOn: '2025-07-31' }, { headers }), 'overlapping period');
	await expect4xx(await postForm(request, `${contractPath}/performance?/addPeriod`, { label: 'Backwards', startsOn: '2025-09-30', endsOn: '2025-07-01' }, { headers }), 'dates out of order');
	await expect4xx(await postForm(request, `${contractPath}/measures?/add`, { name: 'Bad', unit: '%', baseline: 'lots', target: '5', higherIsBetter: 'yes' }, { headers }), 'non-numeric baseline');
});

test('a champion sees contracts but can’t change them', async ({ page, request }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/contracts');
	await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible();
	const link = page.locator('a[href^="/staff/contracts/"]').first();
	await expect(link).toBeVisible();
	const path = (await link.getAttribute('href'))!;
	await link.click();
	await expect(page.getByRole('link', { name: 'Performance measures (KPIs)', exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Save the details' })).toHaveCount(0);
	const cookies = await page.context().cookies();
	const headers = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
	const denied = await postForm(request, `${path}/measures?/add`, { name: 'Sneaky', unit: '%', baseline: '1', target: '2', higherIsBetter: 'yes' }, { headers });
	expect(denied.status()).toBe(403);
});

test('the contract pages and the public section fit a 320px screen', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 700 });
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/contracts');
	const path = (await page.locator('a[href^="/staff/contracts/"]').first().getAttribute('href'))!;
	for (const url of ['/staff/contracts', path, `${path}/measures`, `${path}/performance`, `/projects/${SLUG}`]) {
		await page.goto(url);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width, `${url} is ${width}px wide`).toBeLessThanOrEqual(320);
	}
});
