import { test, expect, signIn, postForm, DEMO, ORIGIN } from './fixtures';

// Findings of a security review, each with a test that fails if it comes back.

test('signing in again ends the session the browser already had', async ({ playwright }) => {
	const browser = await playwright.request.newContext({ baseURL: ORIGIN });
	const signInAs = (username: string, password: string) =>
		postForm(browser, '/sign-in', { username, password }, { headers: { accept: 'text/html' } });
	expect((await signInAs(DEMO.officer.username, DEMO.officer.password)).status()).toBe(303);
	const officerCookie = (await browser.storageState()).cookies.find((c) => c.name === 'session')!.value;
	expect((await signInAs(DEMO.champion.username, DEMO.champion.password)).status()).toBe(303);

	// Someone holding the old cookie gets nothing.
	const stale = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { cookie: `session=${officerCookie}` } });
	const response = await stale.get('/staff/projects', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers().location).toContain('/sign-in');
	await stale.dispose();
	await browser.dispose();
});

test('wrong codes count against the limit whichever form sends them', async ({ request }) => {
	// This test's own address, so it can't throttle the other specs.
	const headers = { 'x-forwarded-for': '203.0.113.77', accept: 'text/html' };
	const wrong = (i: number) => `ZZZZZ-ZZZ${'23456789'[i % 8]}${'ABCDEFGH'[Math.floor(i / 8) % 8]}`;
	const statuses: number[] = [];
	for (let i = 0; i < 21; i++) {
		const action = i % 2 === 0 ? '/join?/reset' : '/join?/join';
		const fields: Record<string, string> = i % 2 === 0 ? { code: wrong(i), password: 'a long new password' } : { code: wrong(i), displayName: 'X', username: 'x-user-1', password: 'a long new password' };
		statuses.push((await postForm(request, action, fields, { headers })).status());
	}
	expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
	const last = await postForm(request, '/join?/check', { code: wrong(30) }, { headers });
	expect(last.status()).toBe(429);
	expect(Number(last.headers()['retry-after'])).toBeGreaterThan(0);
	expect(await last.text()).toContain('Too many tries');
	// Another address is not affected.
	const other = await postForm(request, '/join?/check', { code: wrong(31) }, { headers: { ...headers, 'x-forwarded-for': '203.0.113.78' } });
	expect(other.status()).toBe(400);
});

test('odd searches and audit dates are just empty results, never errors', async ({ page }) => {
	await signIn(page, DEMO.admin.username, DEMO.admin.password);
	for (const path of ['/staff/participants?q=a%00b', '/staff/projects?q=a%00b', '/staff/audit?before=0000-01-01', '/staff/audit?before=-000001-01-01', '/staff/audit?before=not-a-date']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(200);
	}
});
