import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, checkAccessibility, ORIGIN, BASE_URL, expect4xx } from './fixtures';

// The officer's project workspace: create a project, plan its steps and involvement, see the
// timeline on a phone and a desk; a champion plans but can't edit; hostile input changes nothing.

const LONG = 'x'.repeat(10_000);
/** Titles unique to this run, so demo data and earlier runs can't be confused with them. */
const unique = (title: string) => `${title} ${Math.random().toString(36).slice(2, 7)}`;
const FAKE_ID = 'zzzzzzzzzzzzzzzz';

const projectFields = (over: Record<string, string> = {}) => ({
	title: 'Youth mental health support',
	summary: 'Help for young people who feel low or anxious, close to home and school.',
	serviceArea: 'Mental health',
	level: 'operational',
	route: 'procurement',
	annualValue: '250000',
	contractMonths: '36',
	leadOfficerId: '',
	publicContact: '',
	status: 'planned',
	...over
});

function postFile(request: APIRequestContext, path: string, field: string) {
	return request.post(path, {
		multipart: { [field]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

/** Creates a project as the demo officer through the form, without a browser; returns its id. */
async function officerCreatesProject(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }, title: string) {
	const request = await playwright.request.newContext({ baseURL: BASE_URL });
	try {
		expect((await postForm(request, '/sign-in', { username: DEMO.officer.username, password: DEMO.officer.password })).status()).toBe(303);
		const response = await postForm(request, '/staff/projects/new', projectFields({ title }));
		expect(response.status()).toBe(303);
		const id = /^\/staff\/projects\/([a-z2-7]{16})\?/.exec(response.headers()['location'] ?? '')?.[1];
		expect(id, 'the new project’s address').toBeTruthy();
		return id!;
	} finally {
		await request.dispose();
	}
}

function stepSection(page: Page, step: number) {
	return page.locator(`#step-${step}`);
}

test('an officer creates a project, plans its steps and sees the timeline on a desk and a phone', async ({ page }) => {
	// A whole journey with an accessibility check on every page it visits.
	test.setTimeout(120_000);
	const title = unique('Weekend short breaks');
	await page.setViewportSize({ width: 1280, height: 900 });
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: 'New project' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'New commissioning project' })).toBeVisible();
	await checkAccessibility(page);

	// A mistake first: the form comes back with the answers kept and the problem named.
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Summary for young people').fill('Days out, clubs and overnight stays so disabled children have fun and families get a rest.');
	await page.getByLabel('Service area').fill('Short breaks');
	await page.getByLabel('Estimated annual value (£)').fill('lots');
	await page.getByRole('button', { name: 'Create project' }).click();
	await expect(page.locator('#field-annualValue-error')).toContainText('in pounds');
	await expect(page.getByLabel('Title')).toHaveValue(title);
	await checkAccessibility(page);

	await page.getByLabel('Estimated annual value (£)').fill('180,000');
	await page.getByLabel('Contract length (months)').fill('48');
	await page.getByLabel('Lead officer').selectOption({ label: 'Owen Officer' });
	await page.getByLabel('Public contact (optional)').fill('shortbreaks@example.gov.uk');
	await page.getByRole('button', { name: 'Create project' }).click();
	await page.waitForURL(/\/staff\/projects\/[a-z2-7]{16}\?saved=created/);
	const base = new URL(page.url()).pathname;
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Project created');
	await expect(page.locator('.facts')).toContainText('£180,000');
	await expect(page.locator('.facts')).toContainText('£720,000'); // four years
	await expect(page.locator('.facts')).toContainText('Owen Officer');
	await expect(page.getByText('Nothing planned yet')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Step 8: Evaluate and improve' })).toBeVisible();
	await expect(page.getByText('Nothing has been gathered for this project yet.')).toBeVisible();
	for (const name of ['Approval route and decisions', 'Equality assessment', 'You said, we did', 'Decommissioning', 'Publishing', 'Edit project and partners']) {
		await expect(page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name })).toBeVisible();
	}
	// The timeline: step 1 is under way and marked in words, not by colour alone.
	const current = page.locator('.timeline [aria-current="step"]');
	await expect(current).toHaveCount(1);
	await expect(current).toContainText('Step 1:');
	await expect(current).toContainText('Current step');
	await expect(page.locator('svg.bars').first()).toBeVisible();
	await checkAccessibility(page);

	// Steps and dates.
	await page.getByRole('link', { name: 'Cycle and participation plan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Cycle and participation plan' })).toBeVisible();
	const today = new Date().toISOString().slice(0, 10);
	const step1 = stepSection(page, 1);
	await step1.getByText('Change dates, status and notes for step 1').click();
	await step1.getByLabel('Actual end').fill(today);
	await step1.getByLabel('Status').selectOption('done');
	await step1.getByLabel('Notes').fill('Mandate agreed by the head of service.');
	await step1.getByRole('button', { name: 'Save step 1' }).click();
	await expect(page.getByRole('status')).toHaveText('Step 1 saved.');
	await expect(stepSection(page, 1)).toContainText('Mandate agreed by the head of service.');
	// Nothing is in progress now, so the first step not started is the current one.
	await expect(page.locator('.timeline [aria-current="step"]')).toContainText('Step 2:');

	const step2 = stepSection(page, 2);
	await step2.getByText('Change dates, status and notes for step 2').click();
	await step2.getByLabel('Planned start').fill('2027-03-01');
	await step2.getByLabel('Planned end').fill('2027-02-01');
	await step2.getByRole('button', { name: 'Save step 2' }).click();
	await expect(step2.locator('#s2-plannedEnd-error')).toContainText('can’t be before the planned start');
	await checkAccessibility(page);
	await step2.getByLabel('Planned end').fill('2027-08-31');
	await step2.getByLabel('Actual start').fill(today);
	await step2.getByLabel('Status').selectOption('in_progress');
	await step2.getByRole('button', { name: 'Save step 2' }).click();
	await expect(page.getByRole('status')).toHaveText('Step 2 saved.');
	await expect(stepSection(page, 2)).toContainText('Current step');
	await expect(stepSection(page, 2).locator('.facts')).toContainText('1 Mar 2027 to 31 Aug 2027');

	// The participation plan: a flagged step loses its flag once something is planned.
	await expect(stepSection(page, 2).getByText('Nothing planned for this step yet.')).toBeVisible();
	await expect(stepSection(page, 2).getByText('Run surveys about needs.')).toBeVisible();
	await stepSection(page, 2).getByLabel('Activity').selectOption('survey');
	await stepSection(page, 2).getByLabel('With whom').selectOption('young_people');
	await stepSection(page, 2).getByLabel('What you plan (optional)').fill('Needs survey in every secondary school');
	await stepSection(page, 2).getByRole('button', { name: 'Add to step 2’s plan' }).click();
	await expect(page.getByRole('status')).toHaveText('Added to the plan for step 2.');
	await expect(stepSection(page, 2)).toContainText('Survey with young people: Needs survey in every secondary school');
	await expect(stepSection(page, 2).getByText('Nothing planned for this step yet.')).toHaveCount(0);
	await expect(stepSection(page, 3).getByText('Nothing planned for this step yet.')).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Investigate' })).not.toContainText('Nothing planned');
	await expect(page.getByRole('navigation', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Collaborate' })).toContainText('Nothing planned');
	await stepSection(page, 3).getByLabel('Activity').selectOption('workshop');
	await stepSection(page, 3).getByRole('button', { name: 'Add to step 3’s plan' }).click();
	await expect(stepSection(page, 3)).toContainText('Workshop with young people and parents');
	await checkAccessibility(page);

	// Desk: proportional bars beside the words. Phone: the same list, vertical, no bars, no sideways scroll.
	await page.goto(base);
	await expect(page.locator('.timeline [aria-current="step"]')).toContainText('Step 2:');
	await expect(page.getByText('Now:')).toBeVisible();
	await expect(page.locator('p', { hasText: 'What comes next:' })).toContainText('step 3, Collaborate');
	const bars = page.locator('svg.bars');
	await expect(bars).toHaveCount(8);
	await expect(bars.first()).toBeVisible();
	await expect(bars.first()).toHaveAttribute('aria-hidden', 'true');
	await expect(bars.first().locator('rect.actual')).toHaveCount(1);
	await expect(page.getByRole('link', { name: 'Step 2: Investigate' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Step 4: Incubate' })).toBeVisible();
	await page.setViewportSize({ width: 390, height: 844 });
	await page.reload();
	await expect(page.locator('svg.bars').first()).toBeHidden();
	await expect(page.locator('.timeline [aria-current="step"]')).toContainText('Current step');
	await expect(page.locator('.timeline')).toContainText('Planned 1 Mar 2027 to 31 Aug 2027');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await checkAccessibility(page);

	// Edit the project and its partners.
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${base}/edit`);
	await page.getByLabel('Partner’s name').fill('Riverside Integrated Care Board');
	await page.getByLabel('What they contribute').fill('Clinical supervision and half the funding');
	await page.getByLabel('Money they contribute (£, optional)').fill('90000');
	await page.getByRole('button', { name: 'Add partner' }).click();
	await expect(page.getByRole('status')).toHaveText('Partner added.');
	await expect(page.locator('.partners')).toContainText('Riverside Integrated Care Board: Clinical supervision and half the funding (£90,000)');
	await page.getByLabel('Status').selectOption('active');
	await page.getByRole('button', { name: 'Save project' }).click();
	await page.waitForURL(`**${base}?saved=updated`);
	await expect(page.locator('.badges')).toContainText('Active');
	await expect(page.getByText('Riverside Integrated Care Board')).toBeVisible();

	// The list finds it by words and filters.
	await page.goto(`/staff/projects?q=${encodeURIComponent(title)}&status=active&route=procurement&level=operational`);
	await expect(page.getByRole('link', { name: title })).toBeVisible();
	await expect(page.locator('tbody tr').filter({ hasText: title })).toContainText('2. Investigate');
	await page.goto(`/staff/projects?q=${encodeURIComponent(title)}&status=closed`);
	await expect(page.getByText('No projects match.')).toBeVisible();
});

test('a champion can plan involvement but cannot edit the project', async ({ page, playwright }) => {
	test.setTimeout(90_000); // several pages and sign-ins, each checked with axe: past 30 s on a busy machine
	const title = unique('Leaving care support');
	const id = await officerCreatesProject(playwright, title);
	const base = `/staff/projects/${id}`;
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/projects');
	await expect(page.getByRole('link', { name: 'New project' })).toHaveCount(0);
	await page.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByRole('link', { name: /Edit/ })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Publishing' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Cycle and participation plan' }).click();
	await expect(page.getByText(/Change dates, status and notes/)).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Save step/ })).toHaveCount(0);

	await stepSection(page, 7).getByLabel('Activity').selectOption('mystery_shopping');
	await stepSection(page, 7).getByLabel('With whom').selectOption('both');
	await stepSection(page, 7).getByRole('button', { name: 'Add to step 7’s plan' }).click();
	await expect(page.getByRole('status')).toHaveText('Added to the plan for step 7.');
	await expect(stepSection(page, 7)).toContainText('Mystery shopping with young people and parents');
	await stepSection(page, 7).getByRole('button', { name: /Remove/ }).click();
	await expect(page.getByRole('status')).toHaveText('Removed from the plan for step 7.');
	await expect(stepSection(page, 7).getByText('Nothing planned for this step yet.')).toBeVisible();
	await checkAccessibility(page);

	// Straight to the server: every editing action refuses a champion, and nothing changes.
	const refused = [
		[`${base}/cycle?/step`, { step: '2', plannedStart: '', plannedEnd: '', actualStart: '', actualEnd: '', status: 'done', notes: 'x' }],
		[`${base}/edit?/save`, projectFields({ title: 'Taken over' })],
		[`${base}/edit?/addPartner`, { name: 'P', contribution: 'C', contributionPounds: '' }],
		[`${base}/edit?/removePartner`, { partnerId: FAKE_ID }],
		['/staff/projects/new', projectFields({ title: 'Champion project' })]
	] as const;
	for (const [path, fields] of refused) {
		expect((await postForm(page.request, path, fields)).status(), path).toBe(403);
	}
	expect((await page.request.get(`${base}/edit`, { maxRedirects: 0 })).status()).toBe(403);
	expect((await page.request.get('/staff/projects/new', { maxRedirects: 0 })).status()).toBe(403);
	await page.goto(base);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await page.goto(`${base}/cycle`);
	await expect(stepSection(page, 2)).toContainText('Not started');
});

test('hostile input at every project action gets a 4xx and changes nothing', async ({ page, playwright }) => {
	test.setTimeout(120_000);
	const title = unique('Hostile input project');
	const id = await officerCreatesProject(playwright, title);
	const base = `/staff/projects/${id}`;
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const request = page.request;
	// Refused projects carry this title, so counting it is not upset by other tests creating
	// projects at the same time.
	const never = unique('Never created');
	const projectCount = async () => {
		await page.goto(`/staff/projects?q=${encodeURIComponent(never)}`);
		return page.locator('tbody tr').count();
	};
	const projectsBefore = await projectCount();
	const refused = (over: Record<string, string>) => projectFields({ title: never, ...over });

	// Creating a project.
	const badProjects: Record<string, string>[] = [
		{},
		refused({ title: '' }),
		refused({ title: LONG }),
		refused({ summary: LONG }),
		refused({ level: 'galactic' }),
		refused({ route: "procurement'; drop table projects; --" }),
		refused({ annualValue: '-5' }),
		refused({ annualValue: '1e9' }),
		refused({ annualValue: '99999999999' }),
		refused({ contractMonths: '0' }),
		refused({ contractMonths: '241' }),
		refused({ contractMonths: 'three years' }),
		refused({ leadOfficerId: FAKE_ID }),
		refused({ leadOfficerId: '../../etc/passwd' }),
		refused({ status: 'deleted' }),
		refused({ title: 'A\u0000B' })
	];
	for (const fields of badProjects) await expect4xx(await postForm(request, '/staff/projects/new', fields), `new ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(request, '/staff/projects/new', 'title'), 'new: file as title');
	expect(await projectCount()).toBe(projectsBefore);

	// Editing it.
	for (const fields of badProjects) await expect4xx(await postForm(request, `${base}/edit?/save`, fields), `save ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(request, `${base}/edit?/save`, 'summary'), 'save: file as summary');
	const badPartners: Record<string, string>[] = [
		{},
		{ name: '', contribution: 'Money', contributionPounds: '' },
		{ name: 'P', contribution: '', contributionPounds: '' },
		{ name: LONG, contribution: 'Money', contributionPounds: '' },
		{ name: 'P', contribution: LONG, contributionPounds: '' },
		{ name: 'P', contribution: 'Money', contributionPounds: 'a lot' },
		{ name: 'P', contribution: 'Money', contributionPounds: '-100' },
		{ name: 'P', contribution: 'Money', contributionPounds: LONG }
	];
	for (const fields of badPartners) await expect4xx(await postForm(request, `${base}/edit?/addPartner`, fields), `partner ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(request, `${base}/edit?/addPartner`, 'name'), 'partner: file as name');
	for (const partnerId of ['', FAKE_ID, '<script>', LONG]) await expect4xx(await postForm(request, `${base}/edit?/removePartner`, { partnerId }), `remove partner ${partnerId.slice(0, 20)}`);

	// Steps.
	const step = (over: Record<string, string>) => ({ step: '2', plannedStart: '', plannedEnd: '', actualStart: '', actualEnd: '', status: 'not_started', notes: '', ...over });
	const badSteps: Record<string, string>[] = [
		{},
		step({ step: '9' }),
		step({ step: '0' }),
		step({ step: 'two' }),
		step({ step: '' }),
		step({ plannedStart: '2027-02-30' }),
		step({ plannedStart: 'next week' }),
		step({ plannedStart: '2027-05-01', plannedEnd: '2027-04-01' }),
		step({ actualStart: '2099-01-01', status: 'in_progress' }),
		step({ actualEnd: '2020-01-01', status: 'done' }),
		step({ status: 'finished' }),
		step({ notes: LONG }),
		step({ notes: 'a\u0000b' })
	];
	for (const fields of badSteps) await expect4xx(await postForm(request, `${base}/cycle?/step`, fields), `step ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(request, `${base}/cycle?/step`, 'notes'), 'step: file as notes');

	// Plans.
	const plan = (over: Record<string, string>) => ({ step: '2', activity: 'survey', audience: 'both', description: '', ...over });
	const badPlans: Record<string, string>[] = [
		{},
		plan({ step: '12' }),
		plan({ activity: 'party' }),
		plan({ audience: 'teachers' }),
		plan({ activity: '' }),
		plan({ description: LONG })
	];
	for (const fields of badPlans) await expect4xx(await postForm(request, `${base}/cycle?/addPlan`, fields), `plan ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(request, `${base}/cycle?/addPlan`, 'activity'), 'plan: file as activity');
	for (const planId of ['', FAKE_ID, "1' or '1'='1", LONG]) await expect4xx(await postForm(request, `${base}/cycle?/removePlan`, { planId }), `remove plan ${planId.slice(0, 20)}`);

	// Nothing changed: no partners, no plans, step 2 untouched, the title as it was.
	await page.goto(base);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByText('No partner organisations.')).toBeVisible();
	await expect(page.locator('.notice.warn li')).toHaveCount(8);
	await page.goto(`${base}/cycle`);
	await expect(stepSection(page, 2).locator('.badges')).toContainText('Not started');
	await expect(stepSection(page, 2).locator('.facts')).not.toContainText('Notes');
	await expect(stepSection(page, 2).locator('.facts')).toContainText('Not started');

	// Ids that aren't one of this organisation's projects: 404 for pages and every action.
	for (const other of [FAKE_ID, 'not-an-id', "1' or '1'='1"]) {
		const path = `/staff/projects/${encodeURIComponent(other)}`;
		for (const sub of ['', '/cycle', '/edit']) expect((await request.get(`${path}${sub}`, { maxRedirects: 0 })).status(), `GET ${path}${sub}`).toBe(404);
		for (const action of ['cycle?/step', 'cycle?/addPlan', 'cycle?/removePlan', 'edit?/save', 'edit?/addPartner', 'edit?/removePartner']) {
			expect((await postForm(request, `${path}/${action}`, plan({})).then((r) => r.status())), `POST ${path}/${action}`).toBe(404);
		}
	}
	expect(await projectCount()).toBe(projectsBefore);
});
