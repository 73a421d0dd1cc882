import type { Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, ORIGIN, checkAccessibility, expect4xx } from './fixtures';

// The public portal: an officer publishes a project and a "you said, we did" entry, previews it,
// and a signed-out visitor on a phone finds it on the portal, in the open data and in the feed.
// Withdrawing makes all of them answer 404 (or drop it). Hostile input never gets a 5xx.

test.use({ viewport: { width: 390, height: 844 } });
// Long journeys through several pages; the project form may still be starting up.
test.describe.configure({ timeout: 120_000 });

const LONG = 'x'.repeat(10_000);

/** The project form is another part of the app; wait until it is there, then use it like a person. */
async function createProject(page: Page, title: string): Promise<string> {
	await expect(async () => {
		const response = await page.goto('/staff/projects/new');
		expect(response?.status()).toBe(200);
		await expect(page.locator('input[name="title"]')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 120_000, intervals: [2000, 5000] });
	await page.locator('input[name="title"]').fill(title);
	await page.locator('[name="summary"]').fill('A new place for young people to get help with how they feel, close to home.');
	await page.locator('input[name="serviceArea"]').fill('Emotional wellbeing');
	await page.locator('input[name="level"][value="strategic"]').check();
	await page.locator('select[name="route"]').selectOption('procurement');
	await page.locator('input[name="annualValue"]').fill('250000');
	await page.locator('input[name="contractMonths"]').fill('36');
	await page.locator('input[name="publicContact"]').fill('wellbeing-team@example.gov.uk');
	await page.locator('select[name="status"]').selectOption('planned');
	await Promise.all([
		page.waitForURL(/\/staff\/projects\/[a-z2-7]{16}(\?|$)/),
		page.getByRole('button', { name: 'Create project' }).click()
	]);
	return new URL(page.url()).pathname.split('/')[3];
}

async function signOut(page: Page) {
	await page.context().clearCookies();
}

test('an officer publishes; a visitor on a phone sees it in the portal, JSON and feed; withdrawing hides it', async ({ page }) => {
	const suffix = Date.now().toString(36);
	const title = `Youth & family wellbeing hub ${suffix}`;
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const id = await createProject(page, title);

	// Plan the steps: who takes part at step 2 (Investigate), and when step 5 (Negotiate) happens.
	await page.goto(`/staff/projects/${id}/cycle`);
	await page.locator('#step-2').getByLabel('Activity').selectOption('survey');
	await page.locator('#step-2').getByLabel('With whom').selectOption('young_people');
	await page.locator('#step-2').getByRole('button', { name: 'Add to step 2’s plan' }).click();
	await expect(page.locator('#step-2')).toContainText('Survey');

	// A decision whose approval route follows the organisation's bands:
	// £250,000 a year for 36 months is £750,000, over £500,000, so the board approves.
	await page.goto(`/staff/projects/${id}/approvals`);
	await expect(page.locator('#approval-route')).toHaveText('Total value £750,000: the board must approve.');
	await page.getByLabel('What was decided').fill('Start the needs analysis');
	await page.getByLabel('Date of the decision').fill(new Date().toISOString().slice(0, 10));
	await page.getByRole('button', { name: 'Record decision' }).click();
	await expect(page.getByRole('status')).toBeVisible();
	await expect(page.getByText('Start the needs analysis')).toBeVisible();

	// Preview before anything is public.
	await page.goto(`/staff/projects/${id}/preview`);
	await expect(page.getByText('Preview: not public yet.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

	// Add and publish a "you said, we did" entry.
	await page.goto(`/staff/projects/${id}/you-said-we-did`);
	await page.getByRole('link', { name: 'Add an entry' }).click();
	await page.getByLabel('What young people or parents said').fill(`We want to be seen after school, not in lesson time ${suffix}.`);
	await page.getByLabel('What was decided or changed').fill('The hub will open from 3:30pm to 8pm on weekdays.');
	await page.getByLabel('We changed something').check();
	await page.getByLabel('The activity it came from').selectOption('survey');
	await page.getByLabel('Where it came from').fill('Survey of young people, spring');
	await page.getByLabel('Step of the cycle (optional)').selectOption('2');
	await page.getByRole('button', { name: 'Add entry' }).click();
	await expect(page.getByRole('status')).toContainText('Entry added');
	await page.getByRole('button', { name: /^Publish the entry/ }).click();
	await expect(page.getByRole('status')).toContainText('Entry published');

	// Publish the project, with a clear statement of what becomes public.
	await page.goto(`/staff/projects/${id}/publish`);
	await expect(page.getByRole('heading', { name: 'What becomes public' })).toBeVisible();
	await expect(page.locator('#publish-state')).toContainText('Not public');
	await page.getByRole('button', { name: 'Publish this project' }).click();
	await expect(page.getByRole('status')).toContainText('Published');
	const slug = (await page.locator('#publish-state a').getAttribute('href'))!.replace('/projects/', '');
	expect(slug).toMatch(/^youth-family-wellbeing-hub-/);

	await page.goto(`/staff/projects/${id}/preview`);
	await expect(page.getByText('This project is public')).toBeVisible();
	await expect(page.getByText('The hub will open from 3:30pm')).toBeVisible();

	// A signed-out visitor on a phone.
	await signOut(page);
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'I have a code' }).first()).toBeVisible();
	const now = page.locator('section', { has: page.getByRole('heading', { name: 'Being commissioned now' }) });
	await expect(now.getByRole('link', { name: title })).toBeVisible();
	const said = page.locator('section', { has: page.getByRole('heading', { name: 'You said, we did' }) });
	await expect(said.getByText(`not in lesson time ${suffix}`)).toBeVisible();
	expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe('/feed.xml');
	await now.getByRole('link', { name: title }).click();
	await expect(page).toHaveURL(`${ORIGIN}/projects/${slug}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByText('Step 1 of 8, Initiate')).toBeVisible();
	await expect(page.getByText('What comes next:')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'How young people and parents took part' })).toBeVisible();
	await expect(page.getByText('The hub will open from 3:30pm to 8pm on weekdays.')).toBeVisible();
	await expect(page.getByText('Preview')).toHaveCount(0);
	await checkAccessibility(page);
	// Reads on a phone: nothing wider than the screen.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.goto('/projects');
	await expect(page.getByRole('link', { name: title })).toBeVisible();

	// Open data.
	const list = await page.request.get('/api/public/projects');
	expect(list.status()).toBe(200);
	expect(list.headers()['content-type']).toContain('application/json');
	expect(list.headers()['cache-control']).toBe('public, max-age=60');
	expect(list.headers()['access-control-allow-origin']).toBe('*');
	const listed = (await list.json()) as { projects: { slug: string; title: string; url: string }[] };
	expect(listed.projects.find((p) => p.slug === slug)).toMatchObject({ title, url: `${ORIGIN}/projects/${slug}` });
	const one = await page.request.get(`/api/public/projects/${slug}`);
	expect(one.status()).toBe(200);
	expect(one.headers()['access-control-allow-origin']).toBe('*');
	const text = await one.text();
	const body = JSON.parse(text) as { project: { title: string; youSaidWeDid: { weDid: string }[]; steps: unknown[]; routeLabel: string } };
	expect(body.project.title).toBe(title);
	expect(body.project.steps).toHaveLength(8);
	expect(body.project.youSaidWeDid[0].weDid).toBe('The hub will open from 3:30pm to 8pm on weekdays.');
	for (const secret of ['leadOfficerId', 'organisationId', '"notes"', id]) expect(text, secret).not.toContain(secret);

	// The Atom feed: well-formed, escaped, absolute links.
	const feed = await page.request.get('/feed.xml');
	expect(feed.status()).toBe(200);
	expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
	const xml = await feed.text();
	expect(xml).toContain(`<id>${ORIGIN}/projects/${slug}</id>`);
	expect(xml).toContain('Youth &amp; family wellbeing hub');
	const parsed = await page.evaluate((source) => {
		const doc = new DOMParser().parseFromString(source, 'application/xml');
		return {
			broken: doc.getElementsByTagName('parsererror').length > 0,
			root: doc.documentElement.namespaceURI,
			titles: [...doc.getElementsByTagName('entry')].map((e) => e.getElementsByTagName('title')[0]?.textContent ?? '')
		};
	}, xml);
	expect(parsed.broken).toBe(false);
	expect(parsed.root).toBe('http://www.w3.org/2005/Atom');
	expect(parsed.titles).toContain(title);
	expect(parsed.titles).toContain(`You said, we did: ${title}`);

	// Withdraw: the page and JSON answer 404, the feed and home drop it.
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto(`/staff/projects/${id}/publish`);
	await page.getByRole('button', { name: 'Withdraw from public view' }).click();
	await expect(page.getByRole('status')).toContainText('Withdrawn');
	await signOut(page);
	const gone = await page.goto(`/projects/${slug}`);
	expect(gone?.status()).toBe(404);
	const goneJson = await page.request.get(`/api/public/projects/${slug}`);
	expect(goneJson.status()).toBe(404);
	expect(await goneJson.json()).toEqual({ error: 'Not found' });
	expect((await (await page.request.get('/api/public/projects')).text())).not.toContain(slug);
	expect(await (await page.request.get('/feed.xml')).text()).not.toContain(slug);
	await page.goto('/');
	await expect(page.getByRole('link', { name: title })).toHaveCount(0);
	await expect(page.getByText(`not in lesson time ${suffix}`)).toHaveCount(0);
});

test('publishing and "you said, we did" actions refuse bad input, other ids and the wrong role', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const id = await createProject(page, `Hostile input check ${Date.now().toString(36)}`);
	const base = `/staff/projects/${id}`;
	const good = { activity: 'survey', source: 'Survey', youSaid: 'Said', weDid: 'Did', status: 'changed', decidedOn: '', step: '' };
	const bad: Record<string, string>[] = [
		{},
		{ ...good, youSaid: '' },
		{ ...good, youSaid: LONG },
		{ ...good, weDid: LONG },
		{ ...good, source: LONG },
		{ ...good, status: 'maybe' },
		{ ...good, activity: 'hacking' },
		{ ...good, step: '9' },
		{ ...good, step: '1; drop table projects' },
		{ ...good, decidedOn: '2026-02-31' },
		{ ...good, decidedOn: 'yesterday' },
		{ ...good, youSaid: 'A\u0000B' }
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, `${base}/you-said-we-did/new`, fields), JSON.stringify(fields).slice(0, 80));
	const file = await page.request.post(`${base}/you-said-we-did/new`, {
		multipart: { youSaid: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
	await expect4xx(file, 'file as youSaid');
	await page.goto(`${base}/you-said-we-did`);
	await expect(page.getByText('No entries yet.')).toBeVisible();

	// One real entry, then unknown, malformed and oversized entry ids everywhere.
	const added = await postForm(page.request, `${base}/you-said-we-did/new`, good);
	expect(added.status()).toBe(303);
	for (const action of ['publish', 'withdraw', 'delete']) {
		for (const entryId of ['', 'zzzzzzzzzzzzzzzz', '<script>', LONG, "1' or '1'='1"])
			await expect4xx(await postForm(page.request, `${base}/you-said-we-did?/${action}`, { entryId }), `${action} ${entryId.slice(0, 20)}`);
	}
	for (const entryId of ['zzzzzzzzzzzzzzzz', 'not-an-id']) {
		expect((await page.request.get(`${base}/you-said-we-did/${entryId}`)).status()).toBe(404);
		expect((await postForm(page.request, `${base}/you-said-we-did/${entryId}?/save`, good)).status()).toBe(404);
		expect((await postForm(page.request, `${base}/you-said-we-did/${entryId}?/delete`, {})).status()).toBe(404);
	}
	// Unknown projects: 404 for every page and action.
	for (const other of ['zzzzzzzzzzzzzzzz', 'not-an-id', encodeURIComponent("1' or '1'='1")]) {
		for (const path of ['publish', 'preview', 'you-said-we-did', 'you-said-we-did/new'])
			expect((await page.request.get(`/staff/projects/${other}/${path}`)).status(), `${other}/${path}`).toBe(404);
		for (const action of ['publish?/publish', 'publish?/withdraw', 'you-said-we-did/new'])
			expect((await postForm(page.request, `/staff/projects/${other}/${action}`, good)).status(), `${other}/${action}`).toBe(404);
	}
	await page.goto(`${base}/you-said-we-did`);
	await expect(page.locator('li.card')).toHaveCount(1);
	await expect(page.locator('li.card .badge').first()).toHaveText('Not published');

	// Edit the real entry through the form; bad saves to it change nothing.
	await page.getByRole('link', { name: /^Edit the entry/ }).click();
	const entryPath = new URL(page.url()).pathname;
	await page.getByLabel('What was decided or changed').fill('Did it better');
	await page.getByRole('button', { name: 'Save entry' }).click();
	await expect(page.getByRole('status')).toContainText('Entry saved');
	for (const fields of bad.slice(0, 6)) await expect4xx(await postForm(page.request, `${entryPath}?/save`, fields), `save ${JSON.stringify(fields).slice(0, 60)}`);
	await expect(page.getByText('Did it better')).toBeVisible();
	// A second entry, deleted through its edit page.
	expect((await postForm(page.request, `${base}/you-said-we-did/new`, { ...good, youSaid: 'Delete me' })).status()).toBe(303);
	await page.goto(`${base}/you-said-we-did`);
	await page.getByRole('link', { name: /^Edit the entry “Delete me/ }).click();
	await page.getByRole('button', { name: 'Delete entry' }).click();
	await expect(page.getByRole('status')).toContainText('Entry deleted');
	await expect(page.locator('li.card')).toHaveCount(1);
	await page.reload();
	await expect(page.getByText('Did it better')).toBeVisible();

	// A champion may look (preview, publishing page) but not publish.
	await signOut(page);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	expect((await page.request.get(`${base}/preview`)).status()).toBe(200);
	expect((await postForm(page.request, `${base}/publish?/publish`, {})).status()).toBe(403);
	expect((await postForm(page.request, `${base}/you-said-we-did?/publish`, { entryId: 'zzzzzzzzzzzzzzzz' })).status()).toBe(403);
	await page.goto(`${base}/publish`);
	await expect(page.locator('#publish-state')).toContainText('Not public');
	await expect(page.getByRole('button', { name: 'Publish this project' })).toHaveCount(0);

	// Still private: the public never sees the unpublished project.
	const slug = (await (await page.request.get(`${base}/publish`)).text()).match(/\/api\/public\/projects\/([a-z0-9-]+)/)?.[1];
	expect(slug).toBeTruthy();
	await signOut(page);
	expect((await page.request.get(`/api/public/projects/${slug}`)).status()).toBe(404);
});

test('the public pages and open data answer unknown and odd addresses with 404, never 5xx', async ({ page }) => {
	const odd = ['no-such-project', 'x'.repeat(5000), 'UPPER-case', '%00', '..%2F..%2Fetc%2Fpasswd', '%3Cscript%3E', "'%20or%201=1--", 'caf%C3%A9', '%E2%80%AE', '-leading-dash', '%F0%9F%8E%89'];
	for (const slug of odd) {
		const api = await page.request.get(`/api/public/projects/${slug}`);
		await expect4xx(api, `api ${slug.slice(0, 20)}`);
		if (api.status() === 404) expect(await api.json()).toEqual({ error: 'Not found' });
		await expect4xx(await page.request.get(`/projects/${slug}`), `page ${slug.slice(0, 20)}`);
	}
	await expect4xx(await page.request.get('/api/public/projects/%E0%A4%A'), 'malformed escape');
	await expect4xx(await page.request.post('/api/public/projects', { headers: { origin: ORIGIN }, data: {} }), 'POST list');
	await expect4xx(await page.request.delete('/api/public/projects/no-such-project', { headers: { origin: ORIGIN } }), 'DELETE one');
	expect((await page.request.get('/feed.xml?x=%3Cscript%3E')).status()).toBe(200);
	const missing = await page.goto('/projects/no-such-project');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
