import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { test, expect, signIn, DEMO, checkAccessibility, postForm, expect4xx, BASE_URL } from './fixtures';
import { withDatabase } from './panel-ids';

// My data and deleting an account, end to end with a participant made for the test (a champion's
// invitation, joined on a 320px-wide phone): the readable page, the JSON download, asking for
// deletion and changing one's mind, the champion confirming, and the person never signing in again.
// The retention review needs an account unused for years, so that test sets lastActiveAt in the
// database and runs only on Postgres.

const PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };

async function newParticipant(champion: Page, browser: Browser, name: string) {
	await champion.goto('/staff/invitations');
	await champion.getByLabel('A parent or carer').check();
	await champion.getByRole('button', { name: 'Create invitation' }).click();
	const link = (await champion.getByRole('link', { name: /\/join\// }).getAttribute('href'))!;
	const context = await browser.newContext(PHONE);
	const page = await context.newPage();
	await page.goto(link);
	const username = `${name.toLowerCase()}-${Date.now().toString(36)}`;
	const password = 'lantern harbour pebble';
	await page.getByLabel('What should we call you?').fill(name);
	await page.getByLabel('Your username').fill(username);
	await page.getByLabel('Choose a password').fill(password);
	await page.getByRole('button', { name: 'Join Coproduce' }).click();
	await expect(page).toHaveURL(/\/me\?welcome=1$/);
	return { context, page, username, password };
}

async function noSideways(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, 'no sideways scrolling at 320px').toBeLessThanOrEqual(0);
}

test('a participant downloads their data, asks for deletion, a champion confirms, and they can’t sign in again', async ({ page, browser }) => {
	test.setTimeout(90_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const person = await newParticipant(page, browser, 'Rowan');
	const phone = person.page;

	await phone.goto('/me/data');
	await expect(phone.getByRole('heading', { name: 'My data', level: 1 })).toBeVisible();
	await expect(phone.getByText(person.username, { exact: true })).toBeVisible();
	await noSideways(phone);
	await checkAccessibility(phone);

	// The JSON download: a file to keep, never cached.
	const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('link', { name: /Download my data/ }).click()]);
	expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
	const json = JSON.parse(await readFile((await download.path())!, 'utf8'));
	expect(json.account).toMatchObject({ username: person.username, displayName: 'Rowan', roles: ['parent_carer'], email: null });
	for (const key of ['consents', 'surveyResponses', 'panels', 'visits', 'sessions', 'liveAnswers', 'contributions', 'rewards', 'notifications', 'deletionRequests']) {
		expect(Array.isArray(json[key]), key).toBe(true);
	}
	const response = await phone.request.get('/me/data/download');
	expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="my-data-/);
	expect(response.headers()['cache-control']).toBe('no-store');
	expect(response.headers()['content-type']).toContain('application/json');

	// Hostile input on the request form: refused, nothing asked.
	for (const understood of ['\u0000', 'yes\u0000', '\uD800', 'x'.repeat(100_000), 'no']) {
		await expect4xx(await postForm(phone.request, '/me/data?/ask', { understood }), `ask with ${JSON.stringify(understood.slice(0, 8))}`);
	}
	await expect4xx(await postForm(phone.request, '/me/data?/withdraw', {}), 'withdraw with nothing asked');

	// Forgetting the tick says why; then asking works, and the person can change their mind.
	await phone.getByRole('button', { name: 'Ask for my account to be deleted' }).click();
	await expect(phone.getByText('Please tick the box')).toBeVisible();
	await phone.getByLabel(/I understand my personal details will be removed/).check();
	await phone.getByRole('button', { name: 'Ask for my account to be deleted' }).click();
	await expect(phone.getByRole('status')).toContainText('asked a participation champion');
	await checkAccessibility(phone);
	await expect4xx(await postForm(phone.request, '/me/data?/ask', { understood: 'yes' }), 'asking twice');
	await phone.getByRole('button', { name: /changed my mind/ }).click();
	await expect(phone.getByRole('status')).toContainText('your account stays');
	await expect(phone.getByRole('region', { name: 'Asking to delete your account' })).toContainText('You changed your mind');
	await phone.getByLabel(/I understand my personal details will be removed/).check();
	await phone.getByRole('button', { name: 'Ask for my account to be deleted' }).click();
	await expect(phone.getByText(/You asked for your account to be deleted on/)).toBeVisible();

	// A champion turns it down: the person sees that it was the champion, not them; they ask again.
	await page.goto('/staff/account-deletion');
	await page.getByRole('row', { name: new RegExp(person.username) }).getByRole('button', { name: /Turn down/ }).click();
	await expect(page.getByRole('status')).toContainText('The request is turned down');
	await phone.goto('/me/data');
	const history = phone.getByRole('region', { name: 'Asking to delete your account' });
	await expect(history).toContainText('A champion turned this request down');
	await expect(history).toContainText('You changed your mind');
	await phone.getByLabel(/I understand my personal details will be removed/).check();
	await phone.getByRole('button', { name: 'Ask for my account to be deleted' }).click();
	await expect(phone.getByText(/You asked for your account to be deleted on/)).toBeVisible();

	// The champion sees the request with what stays counted, and confirms: not without ticking the box on its row.
	await page.goto('/staff/account-deletion');
	await expect(page.getByRole('heading', { name: 'Deleting accounts', level: 1 })).toBeVisible();
	const row = page.getByRole('row', { name: new RegExp(person.username) });
	await expect(row).toContainText('Rowan');
	await checkAccessibility(page);
	await row.getByRole('button', { name: /Confirm and delete/ }).click();
	const again = page.getByRole('row', { name: new RegExp(person.username) });
	await expect(again.getByText('Please tick the box to say you have checked this is the right account')).toBeVisible();
	await expect(again.getByRole('checkbox', { name: /I have checked this is the right account/ })).toHaveAttribute('aria-invalid', 'true');
	await checkAccessibility(page);
	await again.getByRole('checkbox', { name: /I have checked this is the right account/ }).check();
	await again.getByRole('button', { name: /Confirm and delete/ }).click();
	await expect(page.getByRole('status')).toContainText('The account is deleted');
	await expect(page.getByRole('row', { name: new RegExp(person.username) })).toHaveCount(0);
	await page.goto('/staff/participants?q=Rowan');
	await expect(page.getByText(person.username)).toHaveCount(0);

	// The phone's session is gone, and signing in again fails.
	await phone.goto('/me/data');
	await expect(phone).toHaveURL(/\/sign-in/);
	await phone.locator('input[name="username"]').fill(person.username);
	await phone.locator('input[name="password"]').fill(person.password);
	await phone.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(phone.getByText('That username and password don’t match')).toBeVisible();
	await checkAccessibility(phone);
	await person.context.close();
});

test('the champion’s page at 320px, and hostile input on its forms', async ({ page, playwright }) => {
	await page.setViewportSize({ width: 320, height: 640 });
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/account-deletion');
	await expect(page.getByRole('heading', { name: /Accounts not used for \d+ months/ })).toBeVisible();
	await noSideways(page);
	await checkAccessibility(page);

	const before = await withDatabase((sql) => sql`select id, status from deletion_requests order by id`);
	const request = page.request;
	for (const action of ['confirm', 'decline', 'retention']) {
		for (const userId of ['', '\u0000', '\uD800', 'x'.repeat(100_000), 'not-an-id', "zzzz' or 1=1 --"]) {
			await expect4xx(await postForm(request, `/staff/account-deletion?/${action}`, { userId }), `${action} with ${JSON.stringify(userId.slice(0, 8))}`);
		}
		// A well-formed id nobody in this organisation has: not found.
		const missing = await postForm(request, `/staff/account-deletion?/${action}`, { userId: 'zzzzzzzzzzzzzzzz' });
		expect(missing.status(), `${action} someone else's id`).toBe(404);
	}
	expect(await withDatabase((sql) => sql`select id, status from deletion_requests order by id`)).toEqual(before);

	// Officers can't use it; participants can't either (route-guards covers the rest).
	const officer = await playwright.request.newContext({ baseURL: BASE_URL });
	await postForm(officer, '/sign-in', { username: DEMO.officer.username, password: DEMO.officer.password });
	expect((await officer.get('/staff/account-deletion', { maxRedirects: 0 })).status()).toBe(403);
	await officer.dispose();
});

test('the retention review lists an account unused for years, and the champion deletes it', async ({ page, browser }) => {
	test.skip(!process.env.TEST_DATABASE_URL, 'needs the Postgres e2e database to age an account');
	test.setTimeout(90_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const person = await newParticipant(page, browser, 'Ellis');
	await person.context.close();
	await withDatabase((sql) => sql`update users set last_active_at = now() - interval '10 years' where username = ${person.username}`);

	await page.goto('/staff/account-deletion');
	const row = page.getByRole('row', { name: new RegExp(person.username) });
	await expect(row).toContainText('Ellis');
	await checkAccessibility(page);
	// One click is not enough: the box on the row first (checked on the server, so no JavaScript needed).
	const unticked = await postForm(page.request, '/staff/account-deletion?/retention', { userId: await row.locator('input[name="userId"]').first().inputValue() });
	expect(unticked.status()).toBe(400);
	await row.getByRole('button', { name: /Delete account/ }).click();
	await expect(page.getByRole('row', { name: new RegExp(person.username) }).getByText('Please tick the box')).toBeVisible();
	await page.getByRole('row', { name: new RegExp(person.username) }).getByRole('checkbox', { name: /I have checked this is the right account/ }).check();
	await page.getByRole('row', { name: new RegExp(person.username) }).getByRole('button', { name: /Delete account/ }).click();
	await expect(page.getByRole('status')).toContainText('The account is deleted');
	await expect(page.getByRole('row', { name: new RegExp(person.username) })).toHaveCount(0);
	const [request] = (await withDatabase(
		(sql) => sql`select r.origin, r.status, u.display_name, u.deleted_at is not null as deleted from deletion_requests r join users u on u.id = r.user_id where u.created_at > now() - interval '1 hour' and r.origin = 'retention' order by r.decided_at desc limit 1`
	))!;
	expect(request).toMatchObject({ origin: 'retention', status: 'confirmed', display_name: 'Deleted account', deleted: true });
});
