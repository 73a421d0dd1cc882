import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// The app as a phone sees it: installable, and a friendly page instead of the browser's
// dinosaur when the connection drops.

test.use({ viewport: { width: 390, height: 844 } });

/** Load `/`, wait for the service worker, then reload so it controls the page. */
async function waitForServiceWorker(page: Page): Promise<void> {
	await page.goto('/');
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload();
	const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
	expect(controlled, 'the service worker should control the page after a reload').toBe(true);
}

type ManifestIcon = { src: string; sizes: string; type?: string; purpose?: string };
type Manifest = {
	id?: string;
	name?: string;
	short_name?: string;
	start_url?: string;
	scope?: string;
	display?: string;
	theme_color?: string;
	background_color?: string;
	lang?: string;
	icons?: ManifestIcon[];
};

/** Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian). */
function pngSize(buffer: Buffer): { width: number; height: number } {
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	expect(buffer.subarray(0, 8).equals(signature), 'file should be a PNG').toBe(true);
	expect(buffer.subarray(12, 16).toString('ascii')).toBe('IHDR');
	return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

test('shows the offline page when the connection drops', async ({ page, context }) => {
	await waitForServiceWorker(page);

	// Pages people have visited are never kept: only the offline page, build output and static files.
	await page.goto('/sign-in');
	const cached = await page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
		}
		return paths;
	});
	expect(cached).toContain('/offline');
	const cachedPages = cached.filter(
		(path) => path !== '/offline' && !path.startsWith('/_app/') && !/\.[a-z0-9]+$/i.test(path)
	);
	expect(cachedPages, 'no page other than /offline should be cached').toEqual([]);

	await context.setOffline(true);
	try {
		await page.goto('/sign-in');
		await expect(page.getByRole('heading', { level: 1, name: "You're offline" })).toBeVisible();
		await expect(page.getByText('Anything you\'ve already sent is safe.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/');
	} finally {
		await context.setOffline(false);
	}

	// Back online, "Try again" reaches the real app.
	await page.getByRole('link', { name: 'Try again' }).click();
	await expect(page.getByRole('heading', { level: 1, name: "You're offline" })).toHaveCount(0);
});

test('the offline page is served by the app itself with a normal title', async ({ page }) => {
	const response = await page.goto('/offline');
	expect(response?.status()).toBe(200);
	await expect(page).toHaveTitle("You're offline · Coproduce");
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("You're offline");
});

// Test contexts are off-the-record, and Chromium never offers to install from an incognito
// profile ("in-incognito"), so this check runs in a persistent profile of its own.
test('Chromium finds the app installable', async ({ playwright, launchOptions, baseURL }) => {
	const profile = await mkdtemp(join(tmpdir(), 'coproduce-pwa-'));
	const context = await playwright.chromium.launchPersistentContext(profile, {
		...launchOptions,
		baseURL,
		viewport: { width: 390, height: 844 }
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(
			installabilityErrors,
			`installability errors: ${JSON.stringify(installabilityErrors, null, 2)}`
		).toEqual([]);
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
});

test('the manifest and its icons are served and match', async ({ page }) => {
	const manifestResponse = await page.request.get('/manifest.webmanifest');
	expect(manifestResponse.status()).toBe(200);
	const manifest = (await manifestResponse.json()) as Manifest;

	expect(manifest).toMatchObject({
		name: 'Coproduce',
		short_name: 'Coproduce',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#1d4f91',
		background_color: '#ffffff',
		lang: 'en-GB'
	});
	expect(manifest.id).toBeTruthy();

	const icons = manifest.icons ?? [];
	const declared = icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`).sort();
	expect(declared).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);

	for (const icon of icons) {
		const response = await page.request.get(icon.src);
		expect(response.status(), `${icon.src} should be served`).toBe(200);
		expect(icon.type).toBe('image/png');
		expect(response.headers()['content-type']).toContain('image/png');

		const [width, height] = icon.sizes.split('x').map(Number);
		expect(pngSize(await response.body()), `${icon.src} should be ${icon.sizes}`).toEqual({
			width,
			height
		});
	}
});
