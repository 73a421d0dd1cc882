// Shared steps for the live-session browser tests: servers of our own (for the restart and
// two-process tests), fresh Postgres databases, phones at /live, reading the projector's numbers
// and an axe check for pages in browser contexts the fixtures don't watch.
import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../../src/lib/server/db/client';
import { validate } from '../../src/lib/server/forms';
import { addActivity } from '../../src/lib/server/live/activities';
import { activitySchema, newActivityRaw } from '../../src/lib/server/live/activity-input';
import { createProject } from '../../src/lib/server/projects/projects';
import * as schema from '../../src/lib/server/workshops/schema';
import { createSession } from '../../src/lib/server/workshops/sessions';
import type { LiveSnapshot } from '../../src/lib/live/types';
import { makeOrganisation, makeUser } from '../helpers/people';
import { expect, BASE_URL } from './fixtures';

export const PHONE = { width: 390, height: 844 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// --- servers of our own ----------------------------------------------------------------------

/** A port offset from the shared server's, so runs side by side (4181…4186) don't collide. */
export function portNear(offset: number): number {
	return Number(new URL(BASE_URL).port) + offset;
}

export interface ServerDatabase {
	/** postgres:// URL, or '' for PGlite in dataDir. */
	url: string;
	dataDir: string;
	/** Drops the database or removes the folder. */
	remove(): Promise<void>;
}

/** A fresh, empty database: on Postgres (TEST_DATABASE_URL) a new database, otherwise a PGlite folder. */
export async function freshDatabase(label: string): Promise<ServerDatabase> {
	const server = process.env.TEST_DATABASE_URL;
	if (!server) {
		const dataDir = mkdtempSync(join(tmpdir(), `coproduce-${label}-`));
		const database: ServerDatabase = {
			url: '',
			dataDir,
			remove: async () => {
				databases.delete(database);
				rmSync(dataDir, { recursive: true, force: true });
			}
		};
		databases.add(database);
		return database;
	}
	const name = `coproduce_${label}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/g, '_').slice(0, 60);
	const admin = postgres(server, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	try {
		await admin.unsafe(`create database "${name}"`);
	} finally {
		await admin.end({ timeout: 5 });
	}
	const url = new URL(server);
	url.pathname = `/${name}`;
	const database: ServerDatabase = {
		url: url.toString(),
		dataDir: '',
		remove: async () => {
			databases.delete(database);
			const sql = postgres(server, { max: 1, onnotice: () => {}, connect_timeout: 10 });
			try {
				await sql.unsafe(`drop database if exists "${name}" with (force)`);
			} finally {
				await sql.end({ timeout: 5 });
			}
		}
	};
	databases.add(database);
	return database;
}

/** Servers and databases this worker started and hasn't cleaned up yet (see cleanUpServers). */
const running = new Set<Server>();
const databases = new Set<ServerDatabase>();
// Last resort: a worker that exits (a timed-out test's finally may never run) takes its servers with it.
process.once('exit', () => {
	for (const server of running) server.child.kill('SIGKILL');
});

/** Stops every server this worker started and removes their databases: call from afterEach, so a timed-out test cleans up too. */
export async function cleanUpServers(): Promise<void> {
	await Promise.all([...running].map((server) => server.stop().catch(() => null)));
	await Promise.all([...databases].map((database) => database.remove().catch(() => {})));
}

export interface Server {
	origin: string;
	port: number;
	child: ChildProcess;
	/** What the process wrote to stderr (the last few kilobytes), for a failing test's message. */
	errors(): string;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
	stop(graceMs?: number): Promise<number | null>;
}

/** Starts `node build` on `port` with its own database and waits until /healthz says it's ready. */
export async function startServer(port: number, database: ServerDatabase, options: { seedDemo?: boolean } = {}): Promise<Server> {
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [process.env.E2E_BUILD_DIR || 'build'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: database.url,
			DATA_DIR: database.dataDir,
			SEED_DEMO: options.seedDemo ? 'true' : 'false',
			SIGNIN_IP_MAX_FAILURES: '1000',
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-8000);
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const server: Server = {
		origin,
		port,
		child,
		errors: () => stderr,
		async stop(graceMs = 20_000) {
			running.delete(server);
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			const code = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), graceMs))]);
			if (code !== 'running') return code;
			child.kill('SIGKILL');
			await exited;
			return null;
		}
	};
	running.add(server);
	try {
		await expect(async () => {
			if (child.exitCode !== null) throw new Error(`the server on ${port} exited (${child.exitCode}): ${stderr.slice(-1000)}`);
			expect((await fetch(`${origin}/healthz`)).status).toBe(200);
		}).toPass({ timeout: 90_000, intervals: [250, 500, 1000] });
	} catch (err) {
		await server.stop(2000);
		throw err;
	}
	return server;
}

// --- people ------------------------------------------------------------------------------------

/** Signs in on a page of any server (the fixtures' signIn uses the shared server's base URL). */
export async function signInAt(page: Page, origin: string, username: string, password: string): Promise<void> {
	await page.goto(`${origin}/sign-in`);
	await page.locator('input[name="username"]').fill(username);
	await page.locator('input[name="password"]').fill(password);
	await Promise.all([
		page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 30_000 }),
		page.getByRole('button', { name: 'Sign in', exact: true }).click()
	]);
}

/** A phone: its own browser context at 390×844 (cookies of its own). */
export async function newPhone(browser: Browser, baseURL: string = BASE_URL): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL, viewport: PHONE, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	return { context, page };
}

/** Sets a marker on window; `expectSamePage` fails if the page was loaded again since. */
export async function markPage(page: Page): Promise<void> {
	await page.evaluate(() => {
		(window as unknown as { __liveMarker?: string }).__liveMarker = 'still here';
	});
}

export async function expectSamePage(page: Page, label = 'the phone'): Promise<void> {
	const marker = await page.evaluate(() => (window as unknown as { __liveMarker?: string }).__liveMarker ?? null);
	expect(marker, `${label} was loaded again (it should have followed without a reload)`).toBe('still here');
}

// --- accessibility for pages outside the fixtures' context ------------------------------------

/** axe on the page as it is now: serious and critical problems fail the test. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
	await page.waitForLoadState('load');
	let results;
	for (let attempt = 1; ; attempt++) {
		try {
			results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
			break;
		} catch (err) {
			if (attempt === 3) throw err;
			await page.waitForTimeout(300);
		}
	}
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	const report = bad.map((v) => `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`).join('\n');
	expect(bad, `axe on ${label} (${page.url()}):\n${report}`).toEqual([]);
}

// --- reading the room's results ----------------------------------------------------------------

/** The projector's (or control panel's) option bars: label → the figure written beside it. */
export async function barFigures(scope: Page | Locator): Promise<Record<string, string>> {
	const rows = scope.locator('ol.bars > li');
	const out: Record<string, string> = {};
	for (const row of await rows.all()) {
		const label = (await row.locator('.label').innerText()).trim();
		out[label] = (await row.locator('.count').innerText()).trim();
	}
	return out;
}

/** Waits (without reloading) until the bars read exactly `expected`. */
export async function expectBars(scope: Page | Locator, expected: Record<string, string>, timeout = 5000): Promise<void> {
	await expect.poll(() => barFigures(scope), { timeout, intervals: [100, 200, 250] }).toEqual(expected);
}

/** A rating's counts per point, lowest first. */
export async function ratingCounts(scope: Page | Locator): Promise<number[]> {
	return (await scope.locator('ol.points > li .count').allInnerTexts()).map((t) => Number(t.trim()));
}

/** The word cloud: word → people, as screen readers hear it ("safe: 2 people"). */
export async function cloudWords(scope: Page | Locator): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const text of await scope.locator('ul.cloud > li').allTextContents()) {
		const m = /^(.*): (\d+) (?:person|people)$/.exec(text.trim());
		if (m) out[m[1]] = Number(m[2]);
	}
	return out;
}

/** The ideas wall's notes as shown. */
export async function wallNotes(scope: Page | Locator): Promise<string[]> {
	return (await scope.locator('ul.notes > li > p:first-child').allInnerTexts()).map((t) => t.trim());
}

/** "3 answers" on the projector, as a number. */
export async function answerCount(scope: Page | Locator): Promise<number> {
	const text = await scope.locator('.count strong').first().innerText();
	return Number(/(\d+)/.exec(text)?.[1] ?? NaN);
}

// --- another organisation (Postgres runs only: PGlite can't be shared with the server) ---------

export interface OtherOrganisation {
	projectId: string;
	sessionId: string;
	activityId: string;
	code: string;
	/** The other organisation's session as stored now, to prove nothing changed. */
	read(): Promise<{ status: string; title: string; walkIns: number; code: string; activities: number; currentActivityId: string | null }>;
}

/** The shared e2e database's URL, when the run is on Postgres. */
export function sharedDatabaseUrl(): string | null {
	const run = JSON.parse(process.env.COPRODUCE_E2E_RUN ?? '{}') as { databaseUrl?: string };
	return run.databaseUrl || null;
}

/** Another council with a project, a planned session and one poll, written straight to the database. */
export async function otherOrganisation(): Promise<OtherOrganisation | null> {
	const url = sharedDatabaseUrl();
	if (!url) return null;
	const database = await openDatabase({ url, poolSize: 1 });
	try {
		const db = database.db;
		const suffix = Math.random().toString(36).slice(2, 8);
		const org = await makeOrganisation(db, `Elsewhere Council ${suffix}`);
		const officer = await makeUser(db, org, ['officer', 'champion']);
		const project = await createProject(db, officer, {
			title: `Elsewhere project ${suffix}`,
			summary: 'Not yours.',
			serviceArea: 'Youth',
			level: 'operational',
			route: 'grant',
			annualValue: 100_000,
			contractMonths: 12,
			leadOfficerId: null,
			publicContact: null,
			status: 'planned'
		});
		const sessionId = await createSession(db, officer, {
			projectId: project.id,
			step: '2',
			kind: 'workshop',
			title: `Elsewhere workshop ${suffix}`,
			description: '',
			startsAt: '2030-05-01T18:00',
			endsAt: '2030-05-01T20:00',
			place: 'Elsewhere town hall',
			onlineLink: '',
			capacity: '',
			invite: 'open',
			hoursCredited: '2',
			showNicknames: ''
		});
		const activityId = await addActivity(db, officer, sessionId, validate(activitySchema, { ...newActivityRaw('poll'), prompt: 'Elsewhere poll', options: 'Yes\nNo' }));
		const [row] = await db.select({ code: schema.workshopSessions.code }).from(schema.workshopSessions).where(eq(schema.workshopSessions.id, sessionId));
		return {
			projectId: project.id,
			sessionId,
			activityId,
			code: row.code,
			async read() {
				const again = await openDatabase({ url, poolSize: 1 });
				try {
					const [s] = await again.db.select().from(schema.workshopSessions).where(eq(schema.workshopSessions.id, sessionId));
					const [a] = await again.db.select({ n: count() }).from(schema.liveActivities).where(eq(schema.liveActivities.sessionId, sessionId));
					return { status: s.status, title: s.title, walkIns: s.walkIns, code: s.code, activities: Number(a.n), currentActivityId: s.currentActivityId };
				} finally {
					await again.close();
				}
			}
		};
	} finally {
		await database.close();
	}
}

// --- running a session -------------------------------------------------------------------------

export const READY_SESSION = 'Youth forum: choosing what matters for the new service';

/** The champion starts the demo's ready-to-run session from its page; returns its id and code. */
export async function startReadySession(page: Page): Promise<{ sessionId: string; code: string }> {
	await page.goto('/staff/sessions');
	await page.getByRole('link', { name: READY_SESSION }).first().click();
	await page.waitForURL(/\/staff\/sessions\/[a-z2-7]{16}$/);
	const sessionId = /\/staff\/sessions\/([a-z2-7]{16})/.exec(page.url())![1];
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page.getByText('The session is live: the code works now.')).toBeVisible();
	return { sessionId, code: await sessionCode(page) };
}

/** The code as the session's page shows it. */
export async function sessionCode(page: Page): Promise<string> {
	const text = await page.locator('#code p.code').innerText();
	const code = text.replace(/Session code:/i, '').replace(/\s+/g, '');
	expect(code).toMatch(/^[A-Z2-9]{6}$/);
	return code;
}

/** The first snapshot an event stream sends, read in the page (so its cookies go with it). */
export async function firstSnapshot(page: Page, url: string): Promise<LiveSnapshot> {
	return page.evaluate(async (address) => {
		const abort = new AbortController();
		const response = await fetch(address, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
		if (!response.ok || !response.body) throw new Error(`${address}: ${response.status}`);
		const reader = response.body.getReader();
		const decoder = new TextDecoder();
		let buffered = '';
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) throw new Error(`${address}: the stream ended before a snapshot`);
				buffered += decoder.decode(value, { stream: true });
				const match = /^data: (.*)$/m.exec(buffered);
				if (match && buffered.includes('\n\n', match.index)) return JSON.parse(match[1]);
			}
		} finally {
			abort.abort();
		}
	}, url);
}

/** Joins without a browser: the join form's POST, as a phone without JavaScript sends it. */
export async function joinLiveByRequest(request: APIRequestContext, origin: string, code: string, nickname = ''): Promise<void> {
	const response = await request.post(`/live/${code}?/join`, { form: { nickname }, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(response.status(), `joining ${code}: ${(await response.text()).slice(0, 200)}`).toBe(303);
}

// --- phones ------------------------------------------------------------------------------------

/** Types the code at /live like a person, then joins (with a nickname when the session shows names). */
export async function joinLive(page: Page, code: string, nickname?: string): Promise<void> {
	await page.goto('/live');
	await page.getByLabel('Session code').fill(code.toLowerCase().replace(/^(...)/, '$1 '));
	await Promise.all([page.waitForURL(new RegExp(`/live/${code}$`)), page.getByRole('button', { name: 'Join', exact: true }).click()]);
	if (nickname !== undefined) await page.getByLabel('Nickname (optional)').fill(nickname);
	await Promise.all([
		page.waitForURL(new RegExp(`/live/${code}$`)),
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/live/${code}`)),
		page.getByRole('button', { name: 'Join', exact: true }).click()
	]);
	await expect(page.getByRole('button', { name: 'Join', exact: true })).toHaveCount(0);
}

/** Sends the answer form and waits for the thanks (the answer was acknowledged). */
export async function sendAnswer(page: Page): Promise<void> {
	const acknowledged = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/live\/[A-Z2-9]{6}\/answers$/.test(r.url()));
	await page.getByRole('button', { name: /^Send( my new answer)?$/ }).click();
	expect((await acknowledged).status(), 'the answer was acknowledged').toBe(201);
	await expect(page.getByText('Thanks, your answer is in.')).toBeVisible();
}

/** Puts `n` dots on an option with the + button. */
export async function addDots(page: Page, option: string, n: number): Promise<void> {
	for (let i = 0; i < n; i++) await page.getByRole('button', { name: `+ a dot on ${option}` }).click();
}
