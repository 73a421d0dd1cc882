import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

export interface PageWeight {
	path: string;
	files: number;
	rawBytes: number;
	gzipBytes: number;
}

/**
 * First-load JavaScript of each page as a phone downloads it: every script the browser fetches on
 * a cold load (entry, imports and modulepreloads), each gzipped (level 9) from the build output.
 */
export async function measureFirstLoadJs(origin: string, paths: string[]): Promise<PageWeight[]> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
	});
	const results: PageWeight[] = [];
	try {
		for (const path of paths) {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
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
				const body = readFileSync(join('build/client', script));
				rawBytes += body.length;
				gzipBytes += gzipSync(body, { level: 9 }).length;
			}
			results.push({ path, files: scripts.size, rawBytes, gzipBytes });
			await context.close();
		}
	} finally {
		await browser.close();
	}
	return results;
}
