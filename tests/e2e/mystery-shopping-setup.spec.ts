import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, DEMO } from './fixtures';

// A champion sets up mystery shopping on a contract an officer entered: a programme (announced,
// with the window the provider was told), an agreed scenario (one about medication is refused),
// the checklist edited with its shopper's-eye preview, a visit with a pair of shoppers (Jay, 17,
// and Mia, 14 with consent), and Leo (13, no consent) listed as not able to go, with the reason.
// Then the same pages at 320px wide.

const run = Math.random().toString(36).slice(2, 7);
const SERVICE = `Drop-in counselling ${run}`;
const PROGRAMME = `Young inspectors ${run}`;

async function submit(page: Page, button: Locator, notice: string | RegExp) {
	await button.click();
	await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible();
}

async function noSidewaysScroll(page: Page, path: string) {
	await page.goto(path);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(320);
}

/** An officer enters a contract on the youth mental health project. */
async function enterContract(page: Page): Promise<void> {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: 'Youth mental health support service' }).first().click();
	await expect(page.getByRole('heading', { name: 'Youth mental health support service', level: 1 })).toBeVisible();
	const project = new URL(page.url()).pathname;
	await page.goto(`${project}/contracts`);
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel('Service name').fill(SERVICE);
	await form.getByLabel('Provider').fill('Riverside Minds CIC');
	await form.locator('#new-contract-starts').fill('2025-04-01');
	await form.locator('#new-contract-ends').fill('2028-03-31');
	await form.getByLabel('Contract value (£)').fill('900000');
	await form.getByRole('radio', { name: /An existing service/ }).check();
	await form.getByRole('button', { name: 'Add the contract' }).click();
	await expect(page).toHaveURL(/\/staff\/contracts\/[a-z2-7]{16}/);
}

test('a champion sets up a programme, its checklist and a visit for a pair of shoppers', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const officer = await browser.newPage();
	await enterContract(officer);
	await officer.close();

	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/mystery-shopping');
	await expect(page.getByRole('heading', { name: 'Mystery shopping', level: 1 })).toBeVisible();
	const contractId = await page.locator('#programme-contract option', { hasText: SERVICE }).getAttribute('value');
	expect(contractId).toMatch(/^[a-z2-7]{16}$/);
	// ?contract= preselects it (as a contract page's link does).
	await page.goto(`/staff/mystery-shopping?contract=${contractId}`);
	await expect(page.locator('#programme-contract')).toHaveValue(contractId!);

	// Announced without the window: a plain message, what was typed kept.
	await page.getByLabel('Title').fill(PROGRAMME);
	await page.getByLabel('What do you want to find out?').fill('How welcoming the drop-in is for young people coming for the first time.');
	await page.getByRole('radio', { name: 'Visiting in person' }).check();
	await page.getByRole('radio', { name: /Yes: announced/ }).check();
	await page.getByLabel('Programme starts').fill('2026-01-01');
	await page.getByLabel('Programme ends').fill('2026-12-31');
	await page.getByRole('button', { name: 'Create the programme' }).click();
	await expect(page.getByText('For an announced programme, enter the first day of the window the provider was told.').first()).toBeVisible();
	await expect(page.getByLabel('Title')).toHaveValue(PROGRAMME);
	await page.getByLabel('Window told to the provider: from').fill('2026-03-01');
	await page.getByLabel('Window told to the provider: to').fill('2026-04-30');
	await submit(page, page.getByRole('button', { name: 'Create the programme' }), /Programme created/);
	await expect(page.getByRole('heading', { name: PROGRAMME, level: 1 })).toBeVisible();
	await expect(page.getByText(/Announced: they know shoppers may come between 1 Mar 2026 and 30 Apr 2026/)).toBeVisible();
	const programme = new URL(page.url()).pathname;

	// Scenarios: one about medication is refused; an ordinary one is added.
	const add = page.locator('form[action^="?/addScenario"]');
	await add.getByLabel('Scenario title').fill('Asking for help');
	await add.getByLabel('What the shopper asks or does').fill('Ask the nurse for medication for anxiety.');
	await add.getByRole('checkbox', { name: /never involves receiving treatment or medication/ }).check();
	await add.getByRole('button', { name: 'Add the scenario' }).click();
	await expect(page.getByText(/Shoppers are never patients.*“medication”/).first()).toBeVisible();
	await add.getByLabel('What the shopper asks or does').fill('Ask at reception how the drop-in works and who it is for.');
	await add.getByRole('checkbox', { name: /never involves receiving treatment or medication/ }).check();
	await submit(page, add.getByRole('button', { name: 'Add the scenario' }), 'Scenario added.');
	await expect(page.getByRole('heading', { name: 'Asking for help', level: 3 })).toBeVisible();

	// The checklist: the ready-made questions as a shopper sees them; edit one, add one.
	await page.getByRole('link', { name: /^Checklist/ }).click();
	await expect(page.getByRole('heading', { name: 'Checklist', level: 1 })).toBeVisible();
	await expect(page.getByText('How were you welcomed and treated?')).toBeVisible();
	await expect(page.getByText('I didn’t see this').first()).toBeVisible();
	const second = page.locator('#checklist > ol > li').nth(1);
	await second.locator('summary').click();
	await second.getByLabel(/^Question\s*for question 2$/).fill('How were you welcomed by the staff?');
	await submit(page, second.getByRole('button', { name: 'Save the question' }), 'Question saved.');
	await expect(page.getByText('How were you welcomed by the staff?')).toBeVisible();
	const newItem = page.locator('form[action="?/add"]');
	await newItem.getByLabel('Theme').selectOption({ label: 'Environment and safety' });
	await newItem.getByLabel('Question', { exact: true }).fill('Was there somewhere quiet to wait?');
	await submit(page, newItem.getByRole('button', { name: 'Add the question' }), 'Question added.');
	await expect(page.getByText('Was there somewhere quiet to wait?')).toBeVisible();

	// A visit: dates outside the programme are refused; then planned, and a pair assigned.
	await page.goto(`${programme}/visits`);
	await expect(page.getByRole('heading', { name: 'Visits', level: 1 })).toBeVisible();
	await page.getByLabel('Visit window: first day').fill('2027-03-01');
	await page.getByLabel('Visit window: last day').fill('2027-03-14');
	await page.getByLabel('Scenario').selectOption({ label: 'Asking for help' });
	await page.getByLabel('Supervising adult').fill('Sam, youth worker');
	await page.getByRole('button', { name: 'Plan the visit' }).click();
	await expect(page.getByText(/The visit has to fall within the programme’s dates/).first()).toBeVisible();
	await page.getByLabel('Visit window: first day').fill('2026-03-02');
	await page.getByLabel('Visit window: last day').fill('2026-03-13');
	await submit(page, page.getByRole('button', { name: 'Plan the visit' }), 'Visit planned.');
	await expect(page.getByRole('heading', { name: 'Visit, 2 Mar 2026 to 13 Mar 2026', level: 1 })).toBeVisible();
	const visit = new URL(page.url()).pathname;

	await expect(page.getByText('Leo needs a parent’s or carer’s consent on record before going on a visit.')).toBeVisible();
	await expect(page.getByLabel('Who goes').locator('option', { hasText: /^Leo$/ })).toHaveCount(0);
	await page.getByLabel('Who goes').selectOption({ label: 'Jay' });
	await submit(page, page.getByRole('button', { name: 'Add to the visit' }), 'Shopper added to the visit.');
	await page.getByLabel('Who goes').selectOption({ label: 'Mia' });
	await page.getByRole('button', { name: 'Add to the visit' }).click();
	await expect(page.getByRole('button', { name: 'Take Mia off this visit' })).toBeVisible();
	for (const name of ['Jay', 'Mia']) await expect(page.locator(`li:has(strong:text-is("${name}"))`)).toContainText('report not sent yet');

	await page.goto(`${programme}/visits`);
	await expect(page.getByRole('row', { name: /2 Mar 2026 to 13 Mar 2026/ })).toContainText('0 sent, 0 approved');
	await page.goto('/staff/mystery-shopping');
	await expect(page.getByRole('row', { name: new RegExp(PROGRAMME) })).toContainText(SERVICE);

	// The same pages at 320px wide: nothing scrolls sideways.
	await page.setViewportSize({ width: 320, height: 640 });
	for (const path of ['/staff/mystery-shopping', programme, `${programme}/checklist`, `${programme}/visits`, visit]) await noSidewaysScroll(page, path);
	await expect(page.getByText('Leo needs a parent’s or carer’s consent on record before going on a visit.')).toBeVisible();
});
