import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO } from './fixtures';

// An officer sets up a tender from scratch on a seeded project: details (warned about a short
// tender), sections and weights to exactly 100, two bids whose anonymised answers still name the
// bidder (highlighted, release refused), fixed and released, panels with members, evaluation open.

const run = Math.random().toString(36).slice(2, 7).toUpperCase();
const REFERENCE = `E2E/SETUP/${run}`;
const SAFE = 'How will you keep young people safe?';
const COME_BACK = 'What would make you want to come back?';

function isoDay(offsetDays: number): string {
	return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Submits a form by its button and waits for the page the redirect lands on. When the last step
 * left the same notice on screen, pass `until`: something only the new page has, or the next step
 * would race the re-render.
 */
async function submit(page: Page, button: Locator, notice: string | RegExp, until?: Locator) {
	await button.click();
	if (until) await expect(until).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible();
}

async function addSection(page: Page, name: string, audience: RegExp) {
	const form = page.locator('form[action^="?/addSection"]');
	await form.locator('#new-section-name').fill(name);
	await form.getByRole('radio', { name: audience }).check();
	await submit(page, form.getByRole('button', { name: 'Add the section' }), 'Section added.', page.getByRole('heading', { name, exact: true, level: 3 }));
}

async function addCriterion(page: Page, section: string, title: string, weight: string, price = false) {
	const form = page.locator('form[action^="?/addCriterion"]');
	await form.locator('#new-criterion-section').selectOption({ label: section });
	await form.locator('#new-criterion-title').fill(title);
	await form.locator('#new-criterion-weight').fill(weight);
	if (price) await form.getByRole('checkbox', { name: /^Price/ }).check();
	await submit(page, form.getByRole('button', { name: 'Add the criterion' }), 'Criterion added.', page.locator('section.section').getByText(title, { exact: true }).first());
}

function answerCard(page: Page, title: string): Locator {
	return page.locator('section.answer', { has: page.getByRole('heading', { name: title, exact: true }) });
}

async function enterBid(page: Page, bidder: string, contact: string, email: string, price: string, answers: [string, string][]) {
	const form = page.locator('form[action="?/add"]');
	await form.getByLabel('Bidder (organisation) name').fill(bidder);
	await form.getByLabel('Contact name (optional)').fill(contact);
	await form.getByLabel('Contact email (optional)').fill(email);
	await form.getByLabel(/^Price/).fill(price);
	for (const [question, answer] of answers) await form.getByLabel(question, { exact: true }).fill(answer);
	await submit(page, form.getByRole('button', { name: 'Add the bid' }), 'Bid added.', page.locator('td[data-label="Bidder"]', { hasText: bidder }));
}

test('an officer sets up a tender: weights to 100, anonymised bids released, panels, evaluation open', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);

	// From the project page to its tenders, and a new one with only 20 days for bidders.
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: 'Youth mental health support service' }).first().click();
	await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Tenders' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tenders' })).toBeVisible();
	const create = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create tender' }) });
	await create.getByLabel('Title').fill('Youth counselling service');
	await create.getByLabel('Reference').fill(REFERENCE);
	await create.getByLabel('Publication date (optional)').fill(isoDay(1));
	await create.getByLabel('Closing date for bids (optional)').fill(isoDay(21));
	await submit(page, create.getByRole('button', { name: 'Create tender' }), /Tender created/);
	await expect(page.getByRole('heading', { level: 1, name: 'Youth counselling service' })).toBeVisible();
	await expect(page.getByText('Bidders get only 20 days between publication and closing; 40 or more is usual.')).toBeVisible();
	await expect(page.getByText('No weights yet: they add up to 0%, not 100%.')).toBeVisible();
	const tenderUrl = page.url().split('?')[0];
	// Given more time, the warning goes.
	await page.getByText('Change the details').click();
	await page.locator('#details-closes').fill(isoDay(45));
	await submit(page, page.getByRole('button', { name: 'Save the details' }), 'Details saved.');
	await expect(page.getByText(/Short tender/)).toHaveCount(0);

	// Sections and criteria; the running total says plainly what is missing until it is 100.
	await addSection(page, 'Quality', /^Staff/);
	await addSection(page, 'What young people think', /^Young people/);
	await addCriterion(page, 'Quality (staff section)', SAFE, '45');
	await addCriterion(page, 'What young people think (young people’s section)', COME_BACK, '15');
	await expect(page.getByText('The weights add up to 60%, not 100%.')).toBeVisible();
	await expect(page.getByText('40% still to give before evaluation can open.')).toBeVisible();
	// This one is refused, so there is no new criterion to wait for: fill and send it by hand.
	const criterionForm = page.locator('form[action^="?/addCriterion"]');
	await criterionForm.locator('#new-criterion-section').selectOption({ label: 'Quality (staff section)' });
	await criterionForm.locator('#new-criterion-title').fill('Price');
	await criterionForm.locator('#new-criterion-weight').fill('45');
	await criterionForm.getByRole('checkbox', { name: /^Price/ }).check();
	await criterionForm.getByRole('button', { name: 'Add the criterion' }).click();
	await expect(page.getByText('The weights add up to 105%, not 100%.')).toHaveCount(0);
	// 45 + 15 + 45 would pass 100: the price criterion was refused, with the reason on the weight.
	await expect(page.locator('#new-criterion-weight-error')).toContainText('That would make the weights add up to 105; they must add up to exactly 100.');
	await page.locator('#new-criterion-weight').fill('40');
	await submit(page, page.getByRole('button', { name: 'Add the criterion' }), 'Criterion added.');
	await expect(page.getByText('The weights add up to 100%.')).toBeVisible();
	const youngSection = page.locator('section.section', { has: page.getByRole('heading', { name: 'What young people think' }) });
	await expect(youngSection.getByText('Young people’s section', { exact: true })).toBeVisible();
	await expect(youngSection.getByText('15% of the total score', { exact: true })).toBeVisible();

	// Two bids; the letters are dealt at random.
	await page.getByRole('link', { name: /^Bids:/ }).click();
	await expect(page.getByText('Letters are dealt out at random')).toBeVisible();
	await enterBid(page, 'Harbour Lights Counselling', 'Rosa Quill', 'rosa@harbourlights.org.uk', '310,000', [
		[SAFE, 'Harbour Lights checks every counsellor, and Rosa Quill leads safeguarding.'],
		[COME_BACK, 'At Harbour Lights young people choose the music and the snacks.']
	]);
	await enterBid(page, 'Northstar Youth Ltd', 'Ivo Penn', 'ivo@northstaryouth.co.uk', '295000', [
		[SAFE, 'Every Northstar worker is checked and supervised weekly.'],
		[COME_BACK, 'Young people run the drop-in with us.']
	]);
	const rows = page.getByRole('region', { name: 'Bids' }).locator('tbody tr');
	await expect(rows).toHaveCount(2);
	await expect(rows.filter({ hasText: 'Harbour Lights Counselling' })).toContainText('£310,000');

	// The first bid: copying the original in shows the bidder's name highlighted, and release is refused.
	await rows.filter({ hasText: 'Harbour Lights Counselling' }).getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1, name: /Harbour Lights Counselling/ })).toBeVisible();
	const safe = answerCard(page, SAFE);
	await safe.getByRole('button', { name: 'Copy the original to start' }).click();
	await expect(safe.locator('mark').first()).toBeVisible();
	await expect(safe.locator('mark')).toContainText(['Harbour', 'Lights', 'Rosa Quill']);
	await expect(safe.getByText('3 things still identify the bidder.')).toBeVisible();
	await expect(safe.getByRole('listitem').filter({ hasText: '“Rosa Quill” (contact name)' })).toBeVisible();
	await page.getByRole('button', { name: 'Release to the panels' }).click();
	await expect(page.getByRole('alert')).toContainText(/can’t go to the panels yet: remove what identifies the bidder from the answer to “How will you keep young people safe\?”/);
	await expect(page.getByText('Not yet released')).toBeVisible();

	// Fixed: nothing left, and it goes.
	await safe.getByLabel(/^Anonymised answer/).fill('We check every counsellor, and our safeguarding lead oversees it.');
	await safe.getByRole('button', { name: 'Save the anonymised answer' }).click();
	await expect(safe.getByText('Nothing here identifies the bidder.')).toBeVisible();
	await expect(safe.locator('mark')).toHaveCount(0);
	const comeBack = answerCard(page, COME_BACK);
	await comeBack.getByLabel(/^Anonymised answer/).fill('Young people choose the music and the snacks.');
	await comeBack.getByRole('button', { name: 'Save the anonymised answer' }).click();
	await expect(comeBack.getByText('Nothing here identifies the bidder.')).toBeVisible();
	await expect(page.getByText('Ready: nothing in the anonymised answers identifies the bidder.')).toBeVisible();
	await submit(page, page.getByRole('button', { name: 'Release to the panels' }), /is released: the panels can read/);

	// The second bid, typed straight in; its domain name counts as a trace too.
	await page.getByRole('link', { name: /^Bids on/ }).click();
	await rows.filter({ hasText: 'Northstar Youth Ltd' }).getByRole('link').click();
	const safe2 = answerCard(page, SAFE);
	await safe2.getByLabel(/^Anonymised answer/).fill('Every Northstar worker is checked: see northstaryouth.co.uk.');
	await safe2.getByRole('button', { name: 'Save the anonymised answer' }).click();
	await expect(safe2.locator('mark')).toContainText(['Northstar', 'northstaryouth']);
	await safe2.getByLabel(/^Anonymised answer/).fill('Every worker is checked and supervised weekly.');
	await safe2.getByRole('button', { name: 'Save the anonymised answer' }).click();
	await expect(safe2.getByText('Nothing here identifies the bidder.')).toBeVisible();
	const comeBack2 = answerCard(page, COME_BACK);
	await comeBack2.getByLabel(/^Anonymised answer/).fill('Young people run the drop-in with us.');
	await comeBack2.getByRole('button', { name: 'Save the anonymised answer' }).click();
	await expect(comeBack2.getByText('Nothing here identifies the bidder.')).toBeVisible();
	await submit(page, page.getByRole('button', { name: 'Release to the panels' }), /is released/);
	await page.getByRole('link', { name: /^Bids on/ }).click();
	await expect(page.getByRole('region', { name: 'Bids' }).getByText('Released')).toHaveCount(2);
	await expect(page.getByText('Bids have gone to the panels, so no more can be added.')).toBeVisible();

	// Panels: one per scored section (price needs none), members who fit, and why Leo can't join.
	await page.goto(`${tenderUrl}/panels`);
	const quality = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Quality', exact: true }) });
	await quality.getByLabel(/^Quorum/).fill('1');
	await submit(page, quality.getByRole('button', { name: 'Set up the panel' }), 'Panel set up.');
	await quality.getByLabel(/^Who to add/).selectOption({ label: 'Owen Officer' });
	await submit(page, quality.getByRole('button', { name: 'Add to the panel' }), /Member added/);
	await expect(quality.getByText('Owen Officer: Invited')).toBeVisible();

	const young = page.locator('section.panel', { has: page.getByRole('heading', { name: 'What young people think' }) });
	await expect(young.getByText('15% of the total score')).toBeVisible();
	await young.getByLabel(/^Quorum/).fill('1');
	await young.getByLabel(/^Scoring opens/).fill(`${isoDay(0)}T09:00`);
	await young.getByLabel(/^Scoring closes/).fill(`${isoDay(14)}T18:00`);
	await submit(page, young.getByRole('button', { name: 'Set up the panel' }), 'Panel set up.');
	await expect(young.getByText('Leo needs a parent’s consent on record before joining a panel.')).toBeVisible();
	await expect(young.getByLabel(/^Who to add/).locator('option', { hasText: 'Leo' })).toHaveCount(0);
	await young.getByLabel(/^Who to add/).selectOption({ label: 'Jay' });
	await submit(page, young.getByRole('button', { name: 'Add to the panel' }), /Member added/);
	await expect(young.getByText('Jay: Invited')).toBeVisible();

	// Everything is ready: evaluation opens.
	await page.goto(tenderUrl);
	await expect(page.getByText('Everything is ready')).toBeVisible();
	await submit(page, page.getByRole('button', { name: 'Open evaluation' }), /Evaluation is open/);
	await expect(page.locator('.badges').getByText('Panels scoring')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Open evaluation' })).toHaveCount(0);
	await expect(page.getByText('The scoring system can’t change once evaluation has started.')).toBeVisible();
	await expect(page.getByRole('link', { name: /^Moderation/ })).toBeVisible();

	// The organisation's tender list has it.
	await page.goto('/staff/tenders');
	await expect(page.getByRole('row', { name: new RegExp(REFERENCE) })).toContainText('Panels scoring');
});

test('an officer is told what stops evaluation opening, and publishes the scoring system only when it adds up', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: 'Youth mental health support service' }).first().click();
	await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Tenders' }).click();
	const create = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create tender' }) });
	await create.getByLabel('Title').fill('Checklist tender');
	await create.getByLabel('Reference').fill(`${REFERENCE}/B`);
	await submit(page, create.getByRole('button', { name: 'Create tender' }), /Tender created/);
	await expect(page.getByText(/Short tender/)).toHaveCount(0);

	await addSection(page, 'Everything', /^Staff/);
	await addCriterion(page, 'Everything (staff section)', 'Tell us about your service', '70');
	const checklist = page.locator('ul.checklist');
	await expect(checklist).toContainText('The weights add up to 70, not 100.');
	await expect(checklist).toContainText('Set up a panel to score “Everything”.');
	await expect(checklist).toContainText('Enter the bids.');
	await page.getByRole('button', { name: 'Open evaluation' }).click();
	await expect(page.getByRole('alert')).toContainText('Not yet: The weights add up to 70, not 100. (and 2 more to do)');

	await page.getByRole('button', { name: 'Publish the scoring system' }).click();
	await expect(page.getByRole('alert')).toContainText('Finish the scoring system before publishing it: The weights add up to 70, not 100.');

	// Edit the criterion to 100, then publish: after that it can't change.
	await page.getByText('Change or remove this question').click();
	await page.getByRole('textbox', { name: /^Weight \(% of the total\) for Tell us about your service/ }).fill('100');
	await submit(page, page.getByRole('button', { name: 'Save the question' }), 'Criterion saved.');
	await expect(page.getByText('The weights add up to 100%.')).toBeVisible();
	await submit(page, page.getByRole('button', { name: 'Publish the scoring system' }), /on the project’s public page/);
	await expect(page.getByText('The scoring system has been published on the project’s public page, so it can’t change.')).toBeVisible();
	await expect(page.getByText('Change or remove this question')).toHaveCount(0);

	// The scale editor: a new range asks for a description of every new point.
	await expect(page.getByText('Change the scale')).toHaveCount(0);
});

test('the scale: a new range asks for every point, then saves', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: 'Youth mental health support service' }).first().click();
	await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Tenders' }).click();
	const create = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create tender' }) });
	await create.getByLabel('Title').fill('Scale tender');
	await create.getByLabel('Reference').fill(`${REFERENCE}/C`);
	await submit(page, create.getByRole('button', { name: 'Create tender' }), /Tender created/);

	await page.getByText('Change the scale').click();
	await page.getByLabel('Lowest score').fill('1');
	await page.getByLabel('Highest score').fill('3');
	await page.getByRole('button', { name: 'Save the scale' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page.getByText('You changed the scale to 1 to 3: describe each of its 3 points below, then save again.')).toBeVisible();
	await expect(page.getByLabel('Score 1', { exact: true })).toHaveValue('Very poor');
	await expect(page.getByLabel('Score 0', { exact: true })).toHaveCount(0);
	await page.getByLabel('Score 1', { exact: true }).fill('Weak');
	await page.getByLabel('Score 2', { exact: true }).fill('Fine');
	await page.getByLabel('Score 3', { exact: true }).fill('Strong');
	await submit(page, page.getByRole('button', { name: 'Save the scale' }), 'Scale saved.');
	const scale = page.locator('#scale + p + dl');
	await expect(scale).toContainText('Weak');
	await expect(scale).toContainText('Strong');
	await expect(scale).not.toContainText('Excellent');
});

test.describe('at 320px', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	async function expectNoSidewaysScroll(page: Page, path: string) {
		await page.goto(path);
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(320);
	}

	test('the set-up pages fit a 320px screen, with their forms open', async ({ page }) => {
		test.setTimeout(120_000);
		await signIn(page, DEMO.officer.username, DEMO.officer.password);
		const r = page.request;
		await page.goto('/staff/projects');
		const project = (await page.getByRole('link', { name: 'Youth mental health support service' }).first().getAttribute('href'))!;
		const created = await postForm(r, `${project}/tenders`, {
			title: 'A tender with a rather long title to see how it wraps on a small phone',
			reference: `${REFERENCE}/NARROW`,
			publishedOn: '2026-12-01',
			closesOn: '2026-12-10',
			contractValue: '1260000',
			contractMonths: '36'
		});
		const base = new URL(created.headers()['location'], 'http://x').pathname;
		await postForm(r, `${base}?/addSection`, { name: 'What young people think about it', about: 'A long description of the section. '.repeat(5), audience: 'young_people' });
		const section = /name="sectionId" value="([a-z2-7]{16})"/.exec(await (await r.get(base)).text())![1];
		await postForm(r, `${base}?/addCriterion`, { sectionId: section, title: 'Averyveryverylongwordwithoutanyspacesatallthatmightoverflow and more', guidance: '', weight: '12.5' });
		const criterion = /name="criterionId" value="([a-z2-7]{16})"/.exec(await (await r.get(base)).text())![1];
		await postForm(r, `${base}/bids?/add`, {
			bidderName: 'Longname Community Interest Company Limited',
			contactName: 'Rosa',
			contactEmail: 'rosa@averyveryverylongdomainnameforabidder.org.uk',
			contactPhone: '',
			price: '1234567.89',
			[`answer-${criterion}`]: 'Longname https://www.averyveryverylongdomainnameforabidder.org.uk/about/us/and/more ' + 'words '.repeat(50)
		});
		const bid = new RegExp(`href="${base}/bids/([a-z2-7]{16})"`).exec(await (await r.get(`${base}/bids`)).text())![1];
		await postForm(r, `${base}/bids/${bid}?/copy`, { criterionId: criterion });
		await postForm(r, `${base}/panels?/create`, { sectionId: section, quorum: '2', opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00' });

		await expectNoSidewaysScroll(page, '/staff/tenders');
		await expectNoSidewaysScroll(page, `${project}/tenders`);
		await expectNoSidewaysScroll(page, base);
		for (const summary of await page.locator('summary').all()) await summary.click();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await expectNoSidewaysScroll(page, `${base}/bids`);
		await expectNoSidewaysScroll(page, `${base}/bids/${bid}`);
		await expect(page.locator('mark').first()).toBeVisible();
		await expectNoSidewaysScroll(page, `${base}/panels`);
		for (const summary of await page.locator('summary').all()) await summary.click();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
	});
});
