import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO } from './fixtures';

/** The header's sign-out button; on narrow screens it sits behind the "Menu" toggle. */
async function signOut(page: Page): Promise<void> {
	const button = page.getByRole('button', { name: 'Sign out', exact: true });
	if (!(await button.isVisible())) {
		const menu = page.getByRole('button', { name: 'Menu', exact: true });
		if (await menu.isVisible()) await menu.click();
	}
	await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), button.click()]);
}

test.describe('signing in and out', () => {
	test('a staff member signs in, lands on staff home, and signs out', async ({ page, context }) => {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await expect(page).toHaveURL(/\/staff$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Staff home|Chloe/);
		await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeAttached();

		// The session cookie can't be read by scripts and isn't sent on cross-site POSTs.
		const cookies = await context.cookies();
		const session = cookies.find((cookie) => cookie.name === 'session' || cookie.name === '__Host-session');
		expect(session, `a session cookie should be set (got ${cookies.map((c) => c.name).join(', ') || 'none'})`).toBeTruthy();
		expect(session!.httpOnly).toBe(true);
		expect(session!.sameSite).toBe('Lax');
		expect(session!.path).toBe('/');

		await signOut(page);
		await expect(page).toHaveURL(/\/sign-in/);
		expect((await context.cookies()).find((cookie) => cookie.name === session!.name)).toBeFalsy();

		// The old session is gone on the server too: staff pages send us to sign in.
		await page.goto('/staff');
		await expect(page).toHaveURL(/\/sign-in\?next=%2Fstaff/);
		await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
	});

	test('a signed-out session token no longer works', async ({ playwright, baseURL }) => {
		const request = await playwright.request.newContext({ baseURL });
		try {
			const signedIn = await postForm(request, '/sign-in', { username: DEMO.morgan.username, password: DEMO.morgan.password });
			expect(signedIn.status()).toBe(303);
			const state = await request.storageState();
			const token = state.cookies.find((cookie) => cookie.name === 'session');
			expect(token).toBeTruthy();
			expect((await request.get('/staff', { maxRedirects: 0 })).status()).toBe(200);

			const out = await postForm(request, '/sign-out', {});
			expect(out.status()).toBe(303);

			// Replaying the old token (as a stolen cookie would be) gets nothing.
			const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `session=${token!.value}` } });
			try {
				const response = await replay.get('/staff', { maxRedirects: 0 });
				expect(response.status()).toBe(303);
				expect(response.headers()['location']).toMatch(/^\/sign-in\?next=/);
			} finally {
				await replay.dispose();
			}
		} finally {
			await request.dispose();
		}
	});

	test.describe('on a phone', () => {
		test.use({ viewport: { width: 390, height: 844 } });

		test('a young person signs in and lands on their own space', async ({ page }) => {
			await signIn(page, DEMO.jay.username, DEMO.jay.password);
			await expect(page).toHaveURL(/\/me$/);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Jay');
			// The phone layout hides the menu behind a toggle that opens it.
			const menu = page.getByRole('button', { name: 'Menu', exact: true });
			await expect(menu).toBeVisible();
			await menu.click();
			await expect(menu).toHaveAttribute('aria-expanded', 'true');
			await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
		});
	});

	test('a wrong password shows a plain message and stays on sign in', async ({ page }) => {
		await page.goto('/sign-in');
		await page.locator('input[name="username"]').fill(DEMO.tom.username);
		await page.locator('input[name="password"]').fill('not-the-right-password');
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page.getByText('That username and password don’t match')).toBeVisible();
		await expect(page).toHaveURL(/\/sign-in$/);
		await expect(page.locator('input[name="username"]')).toHaveValue(DEMO.tom.username);
	});

	test('sign-in sends people only to pages on this site afterwards', async ({ playwright, baseURL }) => {
		const request = await playwright.request.newContext({ baseURL });
		try {
			const response = await postForm(request, '/sign-in?next=' + encodeURIComponent('//evil.example/steal'), {
				username: DEMO.morgan.username,
				password: DEMO.morgan.password
			});
			expect(response.status()).toBe(303);
			const location = response.headers()['location'] ?? '';
			expect(location.startsWith('/'), `redirected to ${location}`).toBe(true);
			expect(location.startsWith('//'), `redirected to ${location}`).toBe(false);
		} finally {
			await request.dispose();
		}
	});
});

test.describe('brute-force protection', () => {
	test('repeated wrong passwords are throttled with 429 and Retry-After', async ({ request }) => {
		// A name no other test uses, so this throttle can't get in anyone else's way.
		const username = `nobody-${randomBytes(6).toString('hex')}`;
		let throttled: Awaited<ReturnType<typeof postForm>> | null = null;
		const statuses: number[] = [];
		for (let attempt = 1; attempt <= 7; attempt++) {
			const response = await postForm(request, '/sign-in', { username, password: `wrong-${attempt}` });
			statuses.push(response.status());
			if (response.status() === 429) {
				throttled = response;
				break;
			}
			expect(response.status(), `attempt ${attempt}`).toBe(400);
		}
		expect(throttled, `statuses were ${statuses.join(', ')}`).not.toBeNull();
		// Five failures are free.
		expect(statuses.length).toBeGreaterThan(5);
		const retryAfter = throttled!.headers()['retry-after'];
		expect(retryAfter).toMatch(/^\d+$/);
		expect(Number(retryAfter)).toBeGreaterThan(0);
		expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
		expect(await throttled!.text()).toContain('Too many tries');

		// Even the right password (here: any password) is refused while throttled, still with 429.
		const again = await postForm(request, '/sign-in', { username, password: 'anything-at-all' });
		expect(again.status()).toBe(429);
	});

	test('a throttled sign-in tells a person in plain words', async ({ page }) => {
		const username = `nobody-${randomBytes(6).toString('hex')}`;
		for (let attempt = 1; attempt <= 6; attempt++) {
			const response = await postForm(page.request, '/sign-in', { username, password: `wrong-${attempt}` });
			expect([400, 429]).toContain(response.status());
		}
		await page.goto('/sign-in');
		await page.locator('input[name="username"]').fill(username);
		await page.locator('input[name="password"]').fill('one-more-guess');
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page.getByText(/Too many tries/)).toBeVisible();
		await expect(page).toHaveURL(/\/sign-in$/);
	});
});
