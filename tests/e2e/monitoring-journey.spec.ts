import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import postgres from 'postgres';
import { test, expect, signIn, postForm, checkAccessibility, DEMO } from './fixtures';
import { e2eDatabaseUrl, isoDay, newId } from './visit-setup';

// Issue 6 end to end, through the pages: an officer enters a new contract for an existing service
// on a published demo project, with a KPI, a period, its value and rating. A champion sets up a
// mystery-shopping programme on it (a scenario, the ready-made checklist), plans a visit and
// assigns jay and mia. jay, on a 390x844 phone, reports with the network cut; back online the
// report arrives exactly once. The champion approves it (jay's hours credited once); the contract's
// findings count it, with the averages hidden while there are fewer reports than the threshold,
// and show the right averages once more approved reports are in. The officer publishes the
// performance update, and the public page and open data show the new contract's value and rating.
// The database is read only to check "exactly once" (and written only to add the further approved
// reports), so the test needs the run's Postgres database.

const PROJECT = 'Short breaks for disabled children';
const SLUG = 'short-breaks-for-disabled-children';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** jay's phone is a second browser context, which the fixture doesn't audit: check its pages here. */
async function axeClean(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function submit(page: Page, button: Locator, notice: string | RegExp) {
	await button.click();
	await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible();
}

/** Signs whoever is signed in on the staff page out (cookies cleared), then signs `who` in. */
async function switchTo(page: Page, who: { username: string; password: string }) {
	await page.context().clearCookies();
	await signIn(page, who.username, who.password);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

test('contract monitoring and mystery shopping, from the officer’s contract to the public page', async ({ page, browser, request }) => {
	test.setTimeout(300_000);
	const url = e2eDatabaseUrl();
	test.skip(!url, 'checks “exactly once” in the run’s Postgres database');
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	const run = newId().slice(0, 6);
	const service = `Holiday play scheme ${run}`;
	const provider = `Playworks Trust ${run}`;
	const kpi = `Families using the scheme ${run}`;
	const period = `First quarter ${run}`;
	const programme = `Young inspectors ${run}`;
	const scenario = `Asking about a place ${run}`;
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	try {
		// ── 1. The officer: a new contract for an existing service, a KPI, a period, a value and rating.
		await signIn(page, DEMO.officer.username, DEMO.officer.password);
		await page.goto('/staff/projects');
		await page.getByRole('link', { name: PROJECT }).first().click();
		await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
		await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Contracts', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible();
		const create = page.locator('form[action="?/create"]');
		await create.getByLabel('Service name', { exact: true }).fill(service);
		await create.getByLabel('Provider', { exact: true }).fill(provider);
		await create.getByLabel('Start date', { exact: true }).fill(isoDay(-365));
		await create.getByLabel('End date', { exact: true }).fill(isoDay(730));
		await create.getByLabel('Contract value (£)', { exact: true }).fill('180000');
		await create.getByRole('radio', { name: /An existing service/ }).check();
		await submit(page, create.getByRole('button', { name: 'Add the contract' }), 'Contract added');
		await expect(page.getByRole('heading', { level: 1, name: service })).toBeVisible();
		const contractPath = new URL(page.url()).pathname;
		const contractId = contractPath.split('/').at(-1)!;
		expect(contractId).toMatch(/^[a-z2-7]{16}$/);
		await checkAccessibility(page);

		await page.getByRole('link', { name: 'Performance measures (KPIs)', exact: true }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Performance measures' })).toBeVisible();
		const add = page.locator('form[action="?/add"]');
		await add.getByLabel('Name', { exact: true }).fill(kpi);
		await add.getByLabel('Unit', { exact: true }).fill('families');
		await add.getByLabel('Baseline', { exact: true }).fill('20');
		await add.getByLabel('Target', { exact: true }).fill('50');
		await add.getByRole('button', { name: 'Add the measure' }).click();
		await expect(page.getByRole('heading', { level: 2, name: kpi })).toBeVisible();
		await checkAccessibility(page);

		await page.goto(`${contractPath}/performance`);
		await expect(page.getByRole('heading', { level: 1, name: 'Performance' })).toBeVisible();
		const addPeriod = page.locator('form[action="?/addPeriod"]');
		await addPeriod.getByLabel('Name', { exact: true }).fill(period);
		await addPeriod.getByLabel('First day', { exact: true }).fill(isoDay(-365));
		await addPeriod.getByLabel('Last day', { exact: true }).fill(isoDay(-275));
		await addPeriod.getByRole('button', { name: 'Add the period' }).click();
		await expect(page.getByRole('heading', { level: 3, name: period })).toBeVisible();
		const results = page.locator('form[action="?/results"]');
		await results.getByLabel(/^Value \(families\)/).fill('52');
		await results.getByLabel('Good', { exact: true }).check();
		await results.getByLabel(/^Comment/).fill(`More families than the target (${run}).`);
		await submit(page, results.getByRole('button', { name: /^Save the values/ }), 'Values saved');
		const trend = page.getByRole('region', { name: `${kpi}: figures` });
		await expect(trend.getByRole('row').nth(1)).toContainText('52 families');
		await expect(trend.getByRole('row').nth(1)).toContainText('Good');

		// ── 2. The champion: a programme on that contract, a scenario, the default checklist, a visit, a pair.
		await switchTo(page, DEMO.champion);
		await page.goto('/staff/mystery-shopping');
		await expect(page.getByRole('heading', { name: 'Mystery shopping', level: 1 })).toBeVisible();
		await page.locator('#programme-contract').selectOption(contractId);
		await page.getByLabel('Title').fill(programme);
		await page.getByLabel('What do you want to find out?').fill('How welcoming the play scheme is for a family asking for the first time.');
		await page.getByRole('radio', { name: 'Visiting in person' }).check();
		await page.getByRole('radio', { name: /No: anonymous/ }).check();
		await page.getByLabel('Programme starts').fill(isoDay(-30));
		await page.getByLabel('Programme ends').fill(isoDay(60));
		await submit(page, page.getByRole('button', { name: 'Create the programme' }), /Programme created/);
		await expect(page.getByRole('heading', { name: programme, level: 1 })).toBeVisible();
		const programmePath = new URL(page.url()).pathname;
		const programmeId = programmePath.split('/').at(-1)!;

		const addScenario = page.locator('form[action^="?/addScenario"]');
		await addScenario.getByLabel('Scenario title').fill(scenario);
		await addScenario.getByLabel('What the shopper asks or does').fill('Ask at reception how a family books a place and what help there is for a child who uses a wheelchair.');
		await addScenario.getByRole('checkbox', { name: /never involves receiving treatment or medication/ }).check();
		await submit(page, addScenario.getByRole('button', { name: 'Add the scenario' }), 'Scenario added.');
		await expect(page.getByRole('heading', { name: scenario, level: 3 })).toBeVisible();

		// The ready-made checklist is kept as it is.
		await page.getByRole('link', { name: /^Checklist \(7 questions\)/ }).click();
		await expect(page.getByRole('heading', { name: 'Checklist', level: 1 })).toBeVisible();
		await expect(page.getByText('How were you welcomed and treated?').first()).toBeVisible();
		await checkAccessibility(page);
		const items = await sql<{ id: string; theme: string; question: string }[]>`select id, theme, question from checklist_items where programme_id = ${programmeId} order by position`;
		expect(items.map((i) => i.theme)).toEqual(['first_contact', 'welcome', 'accessibility', 'information', 'environment', 'overall', 'recommend']);

		await page.goto(`${programmePath}/visits`);
		await expect(page.getByRole('heading', { name: 'Visits', level: 1 })).toBeVisible();
		await page.getByLabel('Visit window: first day').fill(isoDay(-3));
		await page.getByLabel('Visit window: last day').fill(isoDay(7));
		await page.getByLabel('Scenario').selectOption({ label: scenario });
		await page.getByLabel('Supervising adult').fill('Sam, youth worker');
		await submit(page, page.getByRole('button', { name: 'Plan the visit' }), 'Visit planned.');
		await expect(page.getByRole('heading', { name: /^Visit, /, level: 1 })).toBeVisible();
		const visitId = new URL(page.url()).pathname.split('/').at(-1)!;
		expect(visitId).toMatch(/^[a-z2-7]{16}$/);
		await page.getByLabel('Who goes').selectOption({ label: 'Jay' });
		await submit(page, page.getByRole('button', { name: 'Add to the visit' }), 'Shopper added to the visit.');
		await page.getByLabel('Who goes').selectOption({ label: 'Mia' });
		await page.getByRole('button', { name: 'Add to the visit' }).click();
		await expect(page.getByRole('button', { name: 'Take Mia off this visit' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Take Jay off this visit' })).toBeVisible();

		// ── 3. jay on his phone: My space, his visits, the brief, the report; sent offline, arrives once.
		const jay = await phone.newPage();
		await signIn(jay, DEMO.jay.username, DEMO.jay.password);
		await jay.goto('/me');
		await expect(jay.getByRole('heading', { name: 'Mystery-shopping visits' })).toBeVisible();
		await axeClean(jay);
		await jay.getByRole('link', { name: 'My visits' }).click();
		await expect(jay.getByRole('heading', { name: 'My visits', level: 1 })).toBeVisible();
		await axeClean(jay);
		await jay.getByRole('link', { name: service }).click();
		await expect(jay.getByRole('heading', { name: `Your visit to ${service}` })).toBeVisible();
		await expect(jay.getByRole('heading', { name: scenario, level: 3 })).toBeVisible();
		await axeClean(jay);
		await jay.getByRole('link', { name: 'Fill in my report' }).click();
		await expect(jay.locator('form[data-enhanced]')).toBeVisible();
		await axeClean(jay);

		// Every checklist item rated: 4 everywhere, 5 for the welcome, with a comment there.
		const jayRatings = items.map((i) => (i.theme === 'welcome' ? 5 : 4));
		await jay.getByLabel('The day you went').fill(isoDay(-1));
		for (const [i, item] of items.entries()) {
			await jay.getByRole('group', { name: item.question }).getByRole('radio', { name: jayRatings[i] === 5 ? '5 Really good' : '4 Good', exact: true }).check();
		}
		await jay.getByRole('textbox', { name: 'Anything to add about this?' }).nth(1).fill('They spoke to us, not just to Sam.');
		await jay.getByLabel('What went well?').fill(`A clear answer about booking (${run}).`);
		await jay.getByLabel('What could be better?').fill('The ramp at the side door is steep.');

		const reportRows = () => sql<{ id: string; status: string }[]>`select r.id, r.status from shopping_reports r join users u on u.id = r.shopper_id where r.visit_id = ${visitId} and u.username = 'jay'`;
		await phone.setOffline(true);
		await jay.getByRole('button', { name: 'Send my report' }).click();
		await expect(jay.getByText('Saved on your phone. It will send when you are back online.')).toBeVisible();
		expect(await reportRows()).toHaveLength(0);
		await phone.setOffline(false);
		await expect(jay.getByText('Your report reached us now that you are back online.')).toBeVisible({ timeout: 20_000 });
		await expect(jay.getByText('Your report has been sent.')).toBeVisible();
		await axeClean(jay);
		let rows = await reportRows();
		expect(rows).toHaveLength(1);
		expect(rows[0].status).toBe('submitted');
		const reportId = rows[0].id;
		expect(await sql`select item_id from report_ratings where report_id = ${reportId} and rating is not null`).toHaveLength(items.length);
		// Opening the report again says it was sent; nothing more arrives.
		await jay.goto(`/visits/${visitId}/report`);
		await expect(jay.getByText('You’ve already sent your report for this visit. Thank you!')).toBeVisible();
		expect(await reportRows()).toHaveLength(1);

		// ── 4. The champion approves it; jay's hours are credited once; the findings count it.
		await page.goto(programmePath);
		await page.getByRole('link', { name: 'Reports to review' }).click();
		await expect(page.getByRole('heading', { name: 'Shoppers’ reports', level: 1 })).toBeVisible();
		await page.getByRole('link', { name: 'Jay' }).click();
		await expect(page.getByRole('heading', { name: /^Report by Jay/, level: 1 })).toBeVisible();
		await submit(page, page.getByRole('button', { name: 'Approve this report' }), 'Approved.');
		await expect(page.getByRole('button', { name: 'Approve this report' })).toHaveCount(0);
		await checkAccessibility(page);
		// Approving again is refused plainly and credits nothing more.
		const again = await postForm(page.request, `${programmePath}/reports/${reportId}?/approve`, {});
		expect(again.status()).toBe(400);
		rows = await reportRows();
		expect(rows).toEqual([{ id: reportId, status: 'approved' }]);
		const credited = await sql`select c.hours::float as hours from contributions c join users u on u.id = c.user_id where c.source_id = ${reportId} and c.activity = 'mystery_shopping' and u.username = 'jay'`;
		expect(credited).toEqual([{ hours: 2 }]);

		const [{ threshold }] = await sql<{ threshold: number }[]>`select o.small_number_threshold as threshold from organisations o join contracts c on c.organisation_id = o.id where c.id = ${contractId}`;
		await page.goto(`${contractPath}/findings`);
		await expect(page.getByRole('heading', { name: `Mystery-shopping findings: ${service}`, level: 1 })).toBeVisible();
		const facts = page.locator('dl.facts');
		await expect(facts).toContainText('1 visit with an approved report');
		await expect(facts).toContainText(`fewer than ${threshold} (each shopper writes their own)`);
		await expect(facts).toContainText(`Not shown: fewer than ${threshold} reports`);
		const charts = page.getByTestId('findings-chart');
		await expect(charts).toHaveCount(2);
		const themes = page.getByRole('table', { name: /Average rating for each theme, across all visits/ });
		const welcome = themes.getByRole('row', { name: /Welcome and attitude/ });
		await expect(welcome).toContainText(`fewer than ${threshold}`);
		await expect(welcome.getByRole('cell').nth(1)).toHaveText('–');
		await expect(page.getByRole('table', { name: /quarter by quarter/ })).toBeVisible();
		await expect(page.getByText(`A theme rated in fewer than ${threshold} reports shows no average`)).toBeVisible();
		// One report is too few to show its words: the page says so instead.
		await expect(page.getByText(`A clear answer about booking (${run}).`)).toHaveCount(0);
		await expect(page.getByText(`Comments are shown once at least ${threshold} reports are in, to protect who wrote them.`).first()).toBeVisible();

		// Past the threshold: further approved reports on the same contract (straight into the
		// database: mia on this visit, then pairs on more visits), and the averages appear.
		const shoppers = await sql<{ id: string; username: string }[]>`select id, username from users where username in ('jay', 'mia', 'priya')`;
		const idOf = (name: string) => shoppers.find((s) => s.username === name)!.id;
		const [champion] = await sql<{ id: string }[]>`select id from users where username = 'champion'`;
		const extra: { visit: string; shopper: string }[] = [{ visit: visitId, shopper: 'mia' }];
		const pairs = [
			['mia', 'priya'],
			['jay', 'priya']
		];
		// jay's report and the extra ones: one more than the threshold in all.
		for (let n = 0; 1 + extra.length <= threshold; n++) {
			const v = newId();
			await sql`insert into shopping_visits (id, programme_id, window_from, window_to, supervisor, created_by) values (${v}, ${programmeId}, ${isoDay(-10)}, ${isoDay(-5)}, 'Sam, youth worker', ${champion.id})`;
			for (const who of pairs[n % pairs.length]) {
				await sql`insert into visit_shoppers (visit_id, user_id, assigned_by) values (${v}, ${idOf(who)}, ${champion.id})`;
				extra.push({ visit: v, shopper: who });
			}
		}
		const allRatings: number[][] = [jayRatings];
		for (const [k, e] of extra.entries()) {
			const r = newId();
			const ratings = items.map((item, i) => (item.theme === 'welcome' ? [5, 4, 3, 4, 5, 3][k % 6] : 3 + ((i + k) % 3)));
			allRatings.push(ratings);
			await sql`insert into shopping_reports (id, visit_id, shopper_id, idempotency_key, visited_on, status, reviewed_at, reviewed_by)
				values (${r}, ${e.visit}, ${idOf(e.shopper)}, ${`journey-${r}`}, ${isoDay(-6)}, 'approved', now(), ${champion.id})`;
			for (const [i, item] of items.entries()) await sql`insert into report_ratings (report_id, item_id, rating) values (${r}, ${item.id}, ${ratings[i]})`;
		}
		const reportCount = allRatings.length;
		const visitCount = new Set([visitId, ...extra.map((e) => e.visit)]).size;
		const welcomeIndex = items.findIndex((i) => i.theme === 'welcome');
		const welcomeMean = oneDecimal(mean(allRatings.map((r) => r[welcomeIndex])));
		const overallMean = oneDecimal(mean(allRatings.map(mean)));

		await page.reload();
		await expect(facts).toContainText(`${visitCount} visits with an approved report`);
		await expect(facts).toContainText(`${reportCount} (each shopper writes their own)`);
		await expect(facts).toContainText(`${overallMean} out of 5`);
		await expect(welcome.getByRole('cell').nth(0)).toHaveText(String(reportCount));
		await expect(welcome.getByRole('cell').nth(1)).toHaveText(welcomeMean);
		await expect(charts.first()).toHaveAttribute('aria-label', new RegExp(`Welcome and attitude ${welcomeMean.replace('.', '\\.')}`));
		await expect.poll(() => charts.first().locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
		// Enough reports now: the comment is shown, never with who wrote it.
		await expect(page.getByText(`A clear answer about booking (${run}).`)).toBeVisible();
		// jay's hours are still credited exactly once.
		expect(await sql`select id from contributions where source_id = ${reportId}`).toHaveLength(1);

		// ── 5. The officer publishes the performance update; the public sees the new contract's figures.
		await switchTo(page, DEMO.officer);
		await page.goto(`${contractPath}/performance`);
		await expect(page.getByRole('heading', { level: 1, name: 'Performance' })).toBeVisible();
		await page.getByLabel(/^What this period shows/).fill(`More families used the scheme than the target (${run}).`);
		await submit(page, page.getByRole('button', { name: /^Save the summary/ }), 'Summary saved');
		await submit(page, page.getByRole('button', { name: /^Publish this update/ }), 'Performance update published');
		await expect(page.getByText('This performance update is public.')).toBeVisible();

		await page.context().clearCookies();
		await page.goto(`/projects/${SLUG}`);
		await expect(page.getByRole('heading', { level: 2, name: 'How the service is doing' })).toBeVisible();
		const section = page.getByRole('region', { name: service });
		await expect(section).toContainText(provider);
		await expect(section).toContainText(`More families used the scheme than the target (${run}).`);
		const table = section.getByRole('region', { name: `${kpi}: results` });
		await expect(table).toContainText('52 families');
		await expect(table).toContainText('Good');
		const api = await request.get(`/api/public/projects/${SLUG}`);
		expect(api.status()).toBe(200);
		const { project } = await api.json();
		const published = project.performance.find((c: { title: string }) => c.title === service);
		expect(published).toMatchObject({ provider, measures: [{ name: kpi, baseline: 20, target: 50, results: [{ period, value: 52, ratingLabel: 'Good' }] }] });
		expect(JSON.stringify(published)).not.toMatch(/\b(jay|mia|priya)\b/i);
	} finally {
		await phone.close();
		await sql.end();
	}
});
