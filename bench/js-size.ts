import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

export interface PageWeight {
	path: string;
	label: string;
	files: number;
	rawBytes: number;
	gzipBytes: number;
}

/** A page to weigh; pages behind a login say who signs in first (the sign-in page's own scripts don't count). */
export type PageToWeigh = string | { path: string; label: string; signIn: { username: string; password: string } };

/** The build being measured: `build`, or BENCH_BUILD_DIR (e.g. build-b from BUILD_NAME=b). */
export const BUILD_DIR = process.env.BENCH_BUILD_DIR || 'build';

/**
 * First-load JavaScript of each page as a phone downloads it: every script the browser fetches on
 * a cold load (entry, imports and modulepreloads), each gzipped (level 9) from the build output.
 */
export async function measureFirstLoadJs(origin: string, pages: PageToWeigh[]): Promise<PageWeight[]> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
	const results: PageWeight[] = [];
	try {
		for (const entry of pages) {
			const { path, label } = typeof entry === 'string' ? { path: entry, label: entry } : entry;
			const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
			if (typeof entry !== 'string') {
				// The session cookie lands in the browser context; the page below is still a cold load.
				const response = await context.request.post(`${origin}/sign-in`, { form: entry.signIn, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
				if (response.status() !== 303) throw new Error(`bench: signing in as ${entry.signIn.username} failed (${response.status()})`);
			}
			const page = await context.newPage();
			const scripts = new Set<string>();
			page.on('request', (request) => {
				const url = new URL(request.url());
				if (url.origin === origin && url.pathname.endsWith('.js')) scripts.add(url.pathname);
			});
			await page.goto(origin + path, { waitUntil: 'networkidle' });
			let rawBytes = 0;
			let gzipBytes = 0;
			for (const script of scripts) {
				const body = readFileSync(join(BUILD_DIR, 'client', script));
				rawBytes += body.length;
				gzipBytes += gzipSync(body, { level: 9 }).length;
			}
			results.push({ path, label, files: scripts.size, rawBytes, gzipBytes });
			await context.close();
		}
	} finally {
		await browser.close();
	}
	return results;
}
