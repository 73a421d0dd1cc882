import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, BASE_URL } from './fixtures';

// A stopping server exits by itself: process managers and load balancers send SIGTERM, and a
// process that never exits gets killed mid-write. (Its own server, so the shared one keeps going.)

test('the built app exits cleanly on SIGTERM, with its database open and a connection kept alive', async () => {
	test.setTimeout(90_000);
	const port = Number(new URL(BASE_URL).port) + 97;
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [process.env.E2E_BUILD_DIR || 'build'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, DATABASE_URL: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'coproduce-stop-')), SEED_DEMO: 'false' },
		stdio: 'ignore'
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	await expect(async () => {
		expect((await fetch(`${origin}/healthz`)).status).toBe(200);
	}).toPass({ timeout: 60_000 });
	expect((await fetch(`${origin}/sign-in`, { keepalive: true })).status).toBe(200);

	const stopped = Date.now();
	child.kill('SIGTERM');
	const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000))]);
	if (code === 'still running') child.kill('SIGKILL');
	expect(code).toBe(0);
	test.info().annotations.push({ type: 'stopped in', description: `${Date.now() - stopped} ms` });
});

test('/healthz answers 503 while the database cannot be reached, and the app still serves', async () => {
	test.setTimeout(60_000);
	const port = Number(new URL(BASE_URL).port) + 98;
	const origin = `http://127.0.0.1:${port}`;
	// Nothing listens on port 1: the database is "down" from the start.
	const child = spawn(process.execPath, [process.env.E2E_BUILD_DIR || 'build'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', SEED_DEMO: 'false' },
		stdio: 'ignore'
	});
	try {
		await expect(async () => {
			const response = await fetch(`${origin}/healthz`);
			expect(response.status).toBe(503);
			expect(await response.json()).toEqual({ status: 'unavailable' });
		}).toPass({ timeout: 45_000 });
		// Pages that need no database still answer.
		expect((await fetch(`${origin}/offline`)).status).toBe(200);
	} finally {
		child.kill('SIGKILL');
	}
});
