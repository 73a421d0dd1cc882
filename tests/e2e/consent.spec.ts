import { test, expect, signIn, postForm, DEMO } from './fixtures';

// Under the consent age, a young person can't go on a tender panel or a mystery-shopping visit
// until a champion records parental consent. (Panels arrive in a later issue; the policy behind
// this status is the one they will use, and is unit-tested in src/lib/server/auth/policy.test.ts.)

test('a champion records and withdraws parental consent for a 13-year-old', async ({ page }) => {
	// Five pages and two sign-ins, each checked with axe: more than the default 30 s on a busy machine.
	test.setTimeout(90_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/participants?q=leo');
	await expect(page.getByRole('row', { name: /Leo/ })).toContainText('Needs parental consent');
	await page.getByRole('link', { name: 'Leo' }).click();
	await expect(page.locator('#panel-status')).toContainText('Needs parental consent');

	// Bad input changes nothing and says what is wrong.
	await page.getByLabel('Who gave consent').fill('Dana Example');
	await page.getByLabel('Their relationship to Leo').fill('Mother');
	await page.getByLabel('Date consent was given').fill('2099-01-01');
	await page.getByRole('button', { name: 'Record consent' }).click();
	await expect(page.getByText('The date consent was given can’t be in the future.')).toBeVisible();
	await expect(page.getByLabel('Who gave consent')).toHaveValue('Dana Example');
	await expect(page.locator('#panel-status')).toContainText('Needs parental consent');

	await page.getByLabel('Who gave consent').fill('Dana Example');
	await page.getByLabel('Their relationship to Leo').fill('Mother');
	await page.getByLabel('Date consent was given').fill('2026-11-01');
	await page.getByLabel('How it was given').selectOption('paper form');
	await page.getByRole('button', { name: 'Record consent' }).click();
	await expect(page.getByText('Consent recorded.')).toBeVisible();
	await expect(page.locator('#panel-status')).toContainText('Can take part');
	await expect(page.getByText('Dana Example')).toBeVisible();

	await page.getByRole('button', { name: 'Withdraw this consent' }).click();
	await expect(page.getByText('Consent withdrawn.')).toBeVisible();
	await expect(page.locator('#panel-status')).toContainText('Needs parental consent');

	// Every step is in the audit log, for an admin to see.
	await page.getByRole('button', { name: 'Sign out' }).click().catch(async () => {
		await page.getByRole('button', { name: 'Menu' }).click();
		await page.getByRole('button', { name: 'Sign out' }).click();
	});
	await signIn(page, DEMO.admin.username, DEMO.admin.password);
	await page.goto('/staff/audit');
	await expect(page.getByRole('cell', { name: 'consent.recorded' }).first()).toBeVisible();
	await expect(page.getByRole('cell', { name: 'consent.withdrawn' }).first()).toBeVisible();
});

test('an officer can see participants but not record consent', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/participants?q=mia');
	await page.getByRole('link', { name: 'Mia' }).click();
	await expect(page.locator('#panel-status')).toContainText('Can take part');
	await expect(page.getByRole('button', { name: 'Record consent' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Make a new password code' })).toHaveCount(0);
	// And the server refuses the action itself, whatever the page shows.
	const path = new URL(page.url()).pathname;
	const response = await postForm(page.request, `${path}?/consent`, {
		givenBy: 'Someone',
		relationship: 'Aunt',
		givenOn: '2026-11-01',
		method: 'paper form'
	});
	expect(response.status()).toBe(403);
});
