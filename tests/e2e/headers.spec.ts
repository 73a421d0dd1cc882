import { test, expect } from './fixtures';

// Security headers on server-rendered pages, a friendly 404, and the health check.

function directives(csp: string): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of csp.split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name) map.set(name.toLowerCase(), values);
	}
	return map;
}

for (const path of ['/', '/sign-in']) {
	test(`${path} sends a strict Content-Security-Policy and the other security headers`, async ({ request }) => {
		const response = await request.get(path, { maxRedirects: 0 });
		expect(response.status()).toBe(200);
		const headers = response.headers();

		const csp = headers['content-security-policy'];
		expect(csp, 'Content-Security-Policy header').toBeTruthy();
		const policy = directives(csp);
		expect(policy.get('object-src')).toEqual(["'none'"]);
		expect(policy.get('base-uri')).toEqual(["'none'"]);
		expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
		const scriptSrc = policy.get('script-src') ?? policy.get('default-src') ?? [];
		expect(
			scriptSrc.some((value) => /^'(nonce-[A-Za-z0-9+/=_-]+|sha(256|384|512)-[A-Za-z0-9+/=]+)'$/.test(value)),
			`script-src should carry a nonce or hash: ${scriptSrc.join(' ')}`
		).toBe(true);
		expect(scriptSrc).not.toContain("'unsafe-inline'");
		expect(scriptSrc).not.toContain("'unsafe-eval'");

		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy'], 'Referrer-Policy header').toBeTruthy();
		expect(headers['referrer-policy']).not.toMatch(/unsafe-url|no-referrer-when-downgrade/);

		// The nonce in the header is the one on the page's scripts.
		const nonce = scriptSrc.find((value) => value.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
		if (nonce) {
			const html = await response.text();
			const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
			for (const tag of scriptTags) {
				if (/\bsrc=/.test(tag) && !/\bnonce=/.test(tag)) continue;
				expect(tag, 'inline scripts need the nonce').toContain(`nonce="${nonce}"`);
			}
		}
	});
}

test('the sign-in page is never cached', async ({ request }) => {
	const response = await request.get('/sign-in');
	expect(response.headers()['cache-control'] ?? '').toContain('no-store');
});

test('a missing page shows a friendly message and no internals', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const text = await page.locator('body').innerText();
	expect(text).toMatch(/not found|couldn.t find|can.t find|doesn.t exist|no page/i);
	const html = await page.content();
	expect(html).not.toMatch(/\bat\s+\S+\s+\(.*:\d+:\d+\)/); // stack frames
	expect(html).not.toMatch(/node_modules|\/src\/|\.svelte-kit|file:\/\//);
});

test('a missing page answers 404 without a stack trace to a plain request too', async ({ request }) => {
	const response = await request.get('/no-such-page/deeper?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
	expect(response.status()).toBe(404);
	const body = await response.text();
	expect(body).not.toContain('<script>alert(1)');
	expect(body).not.toMatch(/node_modules|\bat\s+\S+\s+\(.*:\d+:\d+\)/);
});

test('/healthz says the app and its database are up', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/json');
	expect(await response.json()).toEqual({ status: 'ok' });
});
