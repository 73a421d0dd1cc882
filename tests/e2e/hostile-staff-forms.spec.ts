import type { Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, ORIGIN, expect4xx } from './fixtures';

// Malformed, oversized and wrongly typed input at every staff and account form action: each gets
// a clear 4xx, never a 5xx, and what the app shows afterwards proves nothing was written.

const LONG = 'x'.repeat(10_000);

/** A multipart form with a file where text belongs. */
function postFile(page: Page, path: string, field: string) {
	return page.request.post(path, {
		multipart: { [field]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

async function rowCount(page: Page, path: string) {
	await page.goto(path);
	return page.locator('tbody tr').count();
}

test('invitations: bad roles, dates, sizes and ids change nothing', async ({ page }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	// Other specs create invitations at the same time, so each bad attempt carries a marker and the
	// check is that no invitation with it exists, rather than a count of all invitations.
	const marker = `hostile-${Date.now().toString(36)}`;
	const bad: Record<string, string>[] = [
		{ role: 'admin', label: marker },
		{ role: '', label: marker },
		{ label: marker },
		{ role: 'young_person', birthMonth: '2099-13', label: marker },
		{ role: 'young_person', birthMonth: '1950-01', label: marker },
		{ role: 'parent_carer', birthMonth: '2010-01', label: marker },
		{ role: 'young_person', label: marker + LONG },
		{ role: 'young_person', birthMonth: "2010-01'; drop table invitations; --", label: marker }
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, '/staff/invitations?/create', fields), JSON.stringify(fields).slice(0, 80));
	await expect4xx(await postFile(page, '/staff/invitations?/create', 'role'), 'file as role');
	for (const id of ['', 'zzzzzzzzzzzzzzzz', '../../etc/passwd', LONG]) {
		await expect4xx(await postForm(page.request, '/staff/invitations?/withdraw', { id }), `withdraw ${id.slice(0, 20)}`);
	}
	await page.goto('/staff/invitations');
	await expect(page.getByRole('heading', { name: 'Recent invitations' })).toBeVisible();
	await expect(page.getByText(marker)).toHaveCount(0);
});

test('participant consent and account actions refuse bad input and other people', async ({ page }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	// Mia (14, consent on record): consent.spec changes Leo's records at the same time.
	await page.goto('/staff/participants?q=mia');
	const path = new URL((await page.getByRole('link', { name: 'Mia' }).getAttribute('href'))!, ORIGIN).pathname;
	const consentsBefore = await page.goto(path).then(() => page.locator('.card').count());
	const bad: Record<string, string>[] = [
		{ givenBy: '', relationship: 'Mother', givenOn: '2026-11-01', method: 'paper form' },
		{ givenBy: 'A', relationship: 'Mother', givenOn: 'yesterday', method: 'paper form' },
		{ givenBy: 'A', relationship: 'Mother', givenOn: '2099-01-01', method: 'paper form' },
		{ givenBy: 'A', relationship: 'Mother', givenOn: '2026-11-01', method: 'carrier pigeon' },
		{ givenBy: LONG, relationship: 'Mother', givenOn: '2026-11-01', method: 'paper form' },
		{ givenBy: 'A\u0000B', relationship: 'Mother', givenOn: '2026-11-01', method: 'paper form' },
		{ givenBy: 'A', relationship: 'Mother', givenOn: '2026-02-31', method: 'paper form' },
		{ givenBy: 'A', relationship: 'Mother', givenOn: '0000-01-01', method: 'paper form' }
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, `${path}?/consent`, fields), JSON.stringify(fields).slice(0, 80));
	await expect4xx(await postFile(page, `${path}?/consent`, 'givenBy'), 'file as givenBy');
	await expect4xx(await postForm(page.request, `${path}?/withdrawConsent`, { consentId: 'zzzzzzzzzzzzzzzz' }), 'unknown consent');
	await expect4xx(await postForm(page.request, `${path}?/withdrawConsent`, { consentId: '<script>' }), 'malformed consent id');
	await page.goto(path);
	expect(await page.locator('.card').count()).toBe(consentsBefore);
	await expect(page.locator('#panel-status')).toContainText('Can take part');

	// Ids that aren't a participant of this organisation: a staff member's id, an unknown id, junk.
	await page.goto('/staff/participants');
	for (const id of ['zzzzzzzzzzzzzzzz', 'not-an-id', "1' or '1'='1"]) {
		const response = await postForm(page.request, `/staff/participants/${encodeURIComponent(id)}?/disable`, {});
		expect(response.status(), id).toBe(404);
		expect((await page.request.get(`/staff/participants/${encodeURIComponent(id)}`)).status(), id).toBe(404);
	}
});

test('staff accounts and settings refuse bad input and change nothing', async ({ page }) => {
	await signIn(page, DEMO.admin.username, DEMO.admin.password);
	const before = await rowCount(page, '/staff/users');
	const bad: Record<string, string>[] = [
		{ displayName: '', username: 'new.person', roles: 'officer' },
		{ displayName: 'New', username: 'Has Spaces', roles: 'officer' },
		{ displayName: 'New', username: 'new.person' },
		{ displayName: 'New', username: 'new.person', roles: 'superuser' },
		{ displayName: 'New', username: 'new.person', roles: 'young_person' },
		{ displayName: 'New', username: 'admin', roles: 'officer' },
		{ displayName: LONG, username: 'new.person', roles: 'officer' },
		{ displayName: 'New', username: LONG, roles: 'officer' },
		{ displayName: 'Bad\u0000name', username: 'new.person', roles: 'officer' }
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, '/staff/users?/create', fields), JSON.stringify(fields).slice(0, 80));
	await expect4xx(await postFile(page, '/staff/users?/create', 'username'), 'file as username');
	expect(await rowCount(page, '/staff/users')).toBe(before);

	// The admin's own page: can't drop their own admin role, can't give a participant role.
	await page.getByRole('link', { name: 'Ada Admin' }).click();
	const self = new URL(page.url()).pathname;
	for (const roles of ['officer', 'young_person', '', 'admin\u0000']) {
		await expect4xx(await postForm(page.request, `${self}?/roles`, roles ? { roles } : {}), `roles=${roles}`);
	}
	await expect4xx(await postForm(page.request, `${self}?/disable`, {}), 'disable self');
	await page.reload();
	await expect(page.getByRole('checkbox', { name: /^Admin:/ })).toBeChecked();

	await page.goto('/staff/settings');
	const name = await page.getByLabel('Organisation name').inputValue();
	const settings: Record<string, string>[] = [
		{ name: '', consentAge: '16', smallNumberThreshold: '5', retentionMonths: '24' },
		{ name: 'X Council', consentAge: 'sixteen', smallNumberThreshold: '5', retentionMonths: '24' },
		{ name: 'X Council', consentAge: '99', smallNumberThreshold: '5', retentionMonths: '24' },
		{ name: 'X Council', consentAge: '16', smallNumberThreshold: '-1', retentionMonths: '24' },
		{ name: 'X Council', consentAge: '16', smallNumberThreshold: '1.5', retentionMonths: '24' },
		{ name: 'X Council', consentAge: '16', smallNumberThreshold: '5', retentionMonths: '99999999999' },
		{ name: LONG, consentAge: '16', smallNumberThreshold: '5', retentionMonths: '24' }
	];
	for (const fields of settings) await expect4xx(await postForm(page.request, '/staff/settings', fields), JSON.stringify(fields).slice(0, 80));
	await page.reload();
	await expect(page.getByLabel('Organisation name')).toHaveValue(name);
	await expect(page.getByLabel('Consent age')).toHaveValue('16');
});

test('my account refuses bad details and wrong passwords', async ({ page }) => {
	await signIn(page, DEMO.priya.username, DEMO.priya.password);
	for (const fields of [
		{ displayName: '', email: '' },
		{ displayName: 'Priya', email: 'not-an-email' },
		{ displayName: LONG, email: '' },
		{ displayName: 'Priya', email: `${LONG}@example.org` }
	]) {
		await expect4xx(await postForm(page.request, '/account?/profile', fields), JSON.stringify(fields).slice(0, 80));
	}
	for (const fields of [
		{ currentPassword: 'wrong-password-here', newPassword: 'a brand new passphrase' },
		{ currentPassword: DEMO.priya.password, newPassword: 'password1' },
		{ currentPassword: DEMO.priya.password, newPassword: 'short' },
		{ currentPassword: DEMO.priya.password, newPassword: 'x'.repeat(129) },
		{ currentPassword: '', newPassword: '' }
	]) {
		await expect4xx(await postForm(page.request, '/account?/password', fields), JSON.stringify(fields).slice(0, 80));
	}
	await page.goto('/account');
	await expect(page.getByLabel('What should we call you?')).toHaveValue('Priya');
	await expect(page.getByLabel('Email address (optional)')).toHaveValue('');
	// The demo password still works: nothing was changed.
	await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
});
