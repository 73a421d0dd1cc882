import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { test, expect, signIn, DEMO } from './fixtures';

// Recognition end to end, with a participant made for the test (a champion's invitation, joined on
// a 320px-wide phone): the champion opens their record, adds hours, gives a voucher and an
// accreditation, prints the certificate (one A4 page, no menu), downloads the rewards for finance
// and removes the hours again; the participant opens their own certificate. Once a participant's
// account is deleted their record is "not found" and their rewards say "Deleted account".

const PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };
const run = Math.random().toString(36).slice(2, 7);

async function newParticipant(champion: Page, browser: Browser, name: string) {
	await champion.goto('/staff/invitations');
	await champion.getByLabel('A parent or carer').check();
	await champion.getByRole('button', { name: 'Create invitation' }).click();
	const link = (await champion.getByRole('link', { name: /\/join\// }).getAttribute('href'))!;
	const context = await browser.newContext(PHONE);
	const page = await context.newPage();
	await page.goto(link);
	const username = `${name.split(' ')[0].toLowerCase()}-${run}`;
	await page.getByLabel('What should we call you?').fill(name);
	await page.getByLabel('Your username').fill(username);
	await page.getByLabel('Choose a password').fill('lantern harbour pebble');
	await page.getByRole('button', { name: 'Join Coproduce' }).click();
	await expect(page).toHaveURL(/\/me\?welcome=1$/);
	return { context, page, username };
}

/** Pages in a second context aren't audited by the fixture: check them here. */
async function axeClean(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function noSideways(page: Page, path: string) {
	await page.goto(path);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `${path}: no sideways scrolling at 320px`).toBeLessThanOrEqual(0);
}

test('a champion keeps a participant’s hours and rewards, prints their certificate and downloads rewards for finance; the participant sees their own', async ({ page, browser }) => {
	test.setTimeout(150_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const name = `Robin ${run}`;
	const person = await newParticipant(page, browser, name);

	// Finding them in the ledger list.
	await page.goto('/staff/recognition');
	await expect(page.getByRole('heading', { name: 'Recognition', level: 1 })).toBeVisible();
	await page.getByLabel('Search by name or username').fill(person.username);
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByRole('row')).toHaveCount(2);
	await expect(page.getByRole('row').nth(1)).toContainText('0 hours');
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	const ledger = page.url();
	// The name is on the page but not in the title, which browsers keep in their history.
	await expect(page).toHaveTitle('Participant’s hours and rewards · Recognition · Coproduce');

	// Hours: refused when out of range, then added.
	await page.locator('#hours-description').fill('Helped run the youth forum stall at the summer fair');
	await page.locator('#hours-hours').fill('30');
	await page.getByRole('button', { name: 'Add hours' }).click();
	await expect(page.locator('#hours-hours-error')).toContainText('from 0.25 to 24');
	await page.locator('#hours-hours').fill('2.5');
	await page.getByRole('button', { name: 'Add hours' }).click();
	await expect(page.getByRole('status')).toHaveText('Hours added.');
	await expect(page.locator('.total')).toContainText('2.5 hours');
	await expect(page.getByRole('table')).toContainText('Helped run the youth forum stall');

	// Rewards: a voucher needs a value; an accreditation needn't.
	await page.locator('#reward-description').fill(`=Voucher for the fair ${run}`);
	await page.getByRole('button', { name: 'Give the reward' }).click();
	await expect(page.locator('#reward-value-error')).toContainText('value of the voucher');
	await page.locator('#reward-value').fill('£10.50');
	await page.getByRole('button', { name: 'Give the reward' }).click();
	await expect(page.getByRole('status')).toHaveText('Reward recorded.');
	await page.getByLabel(/^Accreditation/).check();
	await page.locator('#reward-description').fill('AQA Unit Award: taking part in a tender panel');
	await page.getByRole('button', { name: 'Give the reward' }).click();
	await expect(page.getByRole('status')).toHaveText('Reward recorded.');
	await expect(page.getByText('Voucher, £10.50')).toBeVisible();

	// The certificate, on screen and printed.
	await page.getByRole('link', { name: 'Open their certificate' }).click();
	await expect(page.getByRole('heading', { name: 'Certificate of volunteering', level: 1 })).toBeVisible();
	await expect(page).toHaveTitle('Certificate of contribution · Recognition · Coproduce');
	const certificate = page.locator('.certificate');
	await expect(certificate).toContainText(name);
	await expect(certificate).toContainText('gave 2.5 hours of their time');
	await expect(certificate).toContainText('AQA Unit Award: taking part in a tender panel');
	await expect(certificate).not.toContainText('Voucher for the fair');
	await expect(certificate).toContainText('Duke of Edinburgh');
	await page.setViewportSize({ width: 680, height: 1000 }); // A4's printable width at 96 dpi, inside 15 mm margins
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(page.locator('.site-footer')).toBeHidden();
	const height = await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().height);
	expect(height, 'printed height fits A4 (1123px at 96 dpi, less 15 mm margins)').toBeLessThanOrEqual(1123 - 114);
	const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, 'pages when printed').toBe(1);
	await page.emulateMedia({ media: 'screen' });
	await page.setViewportSize({ width: 1280, height: 720 });

	// The rewards list and the CSV for finance.
	await page.goto('/staff/recognition/rewards');
	await expect(page.getByRole('heading', { name: 'Rewards given', level: 1 })).toBeVisible();
	await expect(page.getByRole('table')).toContainText(`=Voucher for the fair ${run}`);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download for finance/ }).click()]);
	expect(download.suggestedFilename()).toMatch(/^rewards-.*\.csv$/);
	const csv = await readFile((await download.path())!, 'utf8');
	expect(csv).toContain('Date,Kind,Description,Value (£),Project,Recipient');
	expect(csv).toContain(`'=Voucher for the fair ${run},10.50,,${name} (${person.username})`);
	expect(csv).toMatch(new RegExp(`Accreditation,AQA Unit Award: taking part in a tender panel,,,${name} \\(${person.username}\\)`));
	// A bad date range is explained, not a crash.
	await page.goto('/staff/recognition/rewards?from=2026-05-01&to=2026-04-01');
	await expect(page.getByRole('alert')).toContainText('on or before');

	// 320px wide.
	await page.setViewportSize({ width: 320, height: 800 });
	for (const path of ['/staff/recognition', ledger, `${ledger}/certificate`, '/staff/recognition/rewards']) await noSideways(page, path);
	await page.setViewportSize({ width: 1280, height: 720 });

	// The participant's own certificate, on their phone.
	const phone = person.page;
	await phone.goto('/me/certificate');
	await expect(phone.getByRole('heading', { name: 'Certificate of volunteering', level: 1 })).toBeVisible();
	await expect(phone.locator('.certificate')).toContainText('gave 2.5 hours of their time');
	await expect(phone.locator('.certificate')).toContainText(name);
	await expect(phone.getByRole('button', { name: 'Print' })).toBeVisible();
	const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await axeClean(phone);

	// Removing hours a champion added.
	await page.goto(ledger);
	await page.getByRole('button', { name: /^Remove/ }).click();
	await expect(page.getByRole('status')).toHaveText('Hours removed.');
	await expect(page.locator('.total')).toContainText('0 hours');
	await person.context.close();
});

test('officers go straight to the rewards list; jay’s own certificate shows the demo hours', async ({ page, browser }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/recognition');
	await expect(page).toHaveURL(/\/staff\/recognition\/rewards$/);
	await expect(page.getByRole('heading', { name: 'Rewards given', level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Everyone’s hours' })).toHaveCount(0);

	const context = await browser.newContext(PHONE);
	const phone = await context.newPage();
	await signIn(phone, DEMO.jay.username, DEMO.jay.password);
	await phone.goto('/me/certificate');
	await expect(phone.locator('.certificate')).toContainText('Jay');
	await expect(phone.locator('.certificate')).toContainText('Tender panel:');
	await expect(phone.locator('.certificate')).toContainText('AQA Unit Award');
	await axeClean(phone);
	await context.close();
});

test('once a participant’s account is deleted, their record and certificate are not found and their rewards say “Deleted account”', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const name = `Sidney ${run}`;
	const person = await newParticipant(page, browser, name);
	await page.goto('/staff/recognition');
	await page.getByLabel('Search by name or username').fill(person.username);
	await page.getByRole('button', { name: 'Search' }).click();
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	const ledger = page.url();
	await page.locator('#hours-description').fill('Helped at the youth forum');
	await page.locator('#hours-hours').fill('1.5');
	await page.getByRole('button', { name: 'Add hours' }).click();
	await expect(page.getByRole('status')).toHaveText('Hours added.');
	const voucher = `Voucher before deleting ${run}`;
	await page.locator('#reward-description').fill(voucher);
	await page.locator('#reward-value').fill('5');
	await page.getByRole('button', { name: 'Give the reward' }).click();
	await expect(page.getByRole('status')).toHaveText('Reward recorded.');

	// They ask for deletion; the champion confirms.
	const phone = person.page;
	await phone.goto('/me/data');
	await phone.getByLabel(/I understand my personal details will be removed/).check();
	await phone.getByRole('button', { name: 'Ask for my account to be deleted' }).click();
	await expect(phone.getByText(/You asked for your account to be deleted on/)).toBeVisible();
	await page.goto('/staff/account-deletion');
	const request = page.getByRole('row', { name: new RegExp(person.username) });
	const tick = request.getByRole('checkbox');
	if (await tick.count()) await tick.check();
	await request.getByRole('button', { name: /Confirm and delete/ }).click();
	await expect(page.getByRole('status')).toContainText('The account is deleted');

	// Their record and certificate are gone from view; the list leaves them out.
	for (const path of [ledger, `${ledger}/certificate`]) expect((await page.goto(path))?.status(), path).toBe(404);
	await page.goto(`/staff/recognition?q=${encodeURIComponent(name)}`);
	await expect(page.getByText('Nobody matches that search.')).toBeVisible();
	// Their reward stays, for finance, as "Deleted account" and without a link.
	await page.goto('/staff/recognition/rewards');
	const row = page.getByRole('row', { name: new RegExp(voucher) });
	await expect(row).toContainText('Deleted account');
	await expect(row).not.toContainText(name);
	await expect(row.getByRole('link')).toHaveCount(0);
	await person.context.close();
});
