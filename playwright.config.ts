import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Playwright loads this file in the runner and again in every worker. The runner decides the
// run's settings once (fresh database, temp folder) and hands them to the workers through the
// environment, so every process agrees. Note the web server starts before globalSetup, which is
// why the database is reset here, synchronously, rather than in a global-setup file.
//
//   TEST_DATABASE_URL  a Postgres server: the run uses a fresh database E2E_DB_NAME (default
//                      coproduce_e2e) on it, dropped and recreated by scripts/e2e-db.mjs.
//   (unset)            embedded PGlite in a fresh temporary DATA_DIR, removed when the run ends.
//   E2E_PORT           port for the app under test (default 4173).

interface RunSettings {
	port: number;
	baseURL: string;
	databaseUrl: string;
	dataDir: string;
}

const STATE_VAR = 'COPRODUCE_E2E_RUN';

function decideRunSettings(): RunSettings {
	const port = Number(process.env.E2E_PORT || 4173);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error('E2E_PORT must be a port number');
	const baseURL = `http://127.0.0.1:${port}`;
	const testDatabaseUrl = process.env.TEST_DATABASE_URL;
	if (testDatabaseUrl) {
		const name = process.env.E2E_DB_NAME || 'coproduce_e2e';
		execFileSync(process.execPath, ['scripts/e2e-db.mjs'], {
			cwd: import.meta.dirname ?? process.cwd(),
			env: { ...process.env, TEST_DATABASE_URL: testDatabaseUrl, E2E_DB_NAME: name },
			stdio: ['ignore', 'inherit', 'inherit']
		});
		const url = new URL(testDatabaseUrl);
		url.pathname = `/${name}`;
		return { port, baseURL, databaseUrl: url.toString(), dataDir: '' };
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'coproduce-e2e-'));
	// The web server has been stopped by the time the runner exits.
	process.on('exit', () => {
		try {
			rmSync(dataDir, { recursive: true, force: true });
		} catch {
			// A leftover temp folder is harmless.
		}
	});
	return { port, baseURL, databaseUrl: '', dataDir };
}

function runSettings(): RunSettings {
	const saved = process.env[STATE_VAR];
	if (saved) return JSON.parse(saved) as RunSettings;
	const settings = decideRunSettings();
	process.env[STATE_VAR] = JSON.stringify(settings);
	// Specs and fixtures read these (workers inherit the runner's environment).
	process.env.E2E_BASE_URL = settings.baseURL;
	return settings;
}

const run = runSettings();

export default defineConfig({
	testDir: 'tests/e2e',
	// Most tests visit several pages, each checked with axe, on a 2-core machine that also runs
	// the app, Postgres and Chromium: 30 s was too close for them (long journeys set their own).
	timeout: 60_000,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	reporter: [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: run.baseURL,
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync',
						'--no-first-run',
						'--disable-quic'
					]
				}
			}
		}
	],
	webServer: {
		// E2E_BUILD_DIR: a build made with BUILD_NAME=x (build-x), for test runs side by side.
		command: `node ${process.env.E2E_BUILD_DIR || 'build'}`,
		url: `${run.baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(run.port),
			HOST: '127.0.0.1',
			ORIGIN: run.baseURL,
			SEED_DEMO: 'true',
			// Tests all come from one address; the per-account throttle still applies.
			SIGNIN_IP_MAX_FAILURES: '1000',
			// Many specs try wrong live codes from the same test machine; none of them tests this limit.
			LIVE_CODE_ADDRESS_LIMIT: '1000',
			// As behind a proxy: a test that needs its own address-based limits sends its own
			// X-Forwarded-For; requests without one share a single "unknown" address.
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			// Empty means "unset" to the app: PGlite in DATA_DIR when there is no DATABASE_URL.
			DATABASE_URL: run.databaseUrl,
			DATA_DIR: run.dataDir
		}
	}
});
