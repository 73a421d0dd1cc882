import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, APIResponse, Page } from '@playwright/test';
import { test, expect, expect4xx, postForm, signIn, DEMO, BASE_URL, ORIGIN } from './fixtures';
import { firstSnapshot, joinLiveByRequest, otherOrganisation, sessionCode, type OtherOrganisation } from './live-helpers';

// Sessions' staff pages, actions and streams refuse the wrong people: signed out → sign in (401 for
// the stream), a participant → 403, an unknown session → 404 and, where a second organisation
// exists (Postgres runs), its sessions → 404 with nothing changed. Participant pages need signing
// in; /live works signed out. The routes are read from disk, so a new one is covered at once.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SESSIONS_DIR = join(ROOT, 'src', 'routes', '(staff)', 'staff', 'sessions');
const FAKE_ID = 'zzzzzzzzzzzzzzzz';
const EVENTS = '/api/sessions/[sessionId]/events';

interface Route {
	/** e.g. /staff/sessions/[sessionId]/results */
	template: string;
	kind: 'page' | 'endpoint';
	actions: string[];
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Action names: the keys of `export const actions = { … }` (one per line, as every route here writes them). */
function actionNames(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const start = text.search(/export const actions\b[^=]*=\s*\{/);
	if (start < 0) return [];
	const body = text.slice(start);
	const names = [...body.matchAll(/^\t([A-Za-z_$][\w$]*)\s*:/gm)].map((m) => m[1]);
	if (names.length === 0) throw new Error(`live-route-guards: couldn't read the actions in ${relative(ROOT, file)}`);
	return names;
}

function discover(): Route[] {
	const byKey = new Map<string, Route>();
	for (const file of walk(SESSIONS_DIR)) {
		const name = file.slice(file.lastIndexOf(sep) + 1);
		if (!/^\+(page\.svelte|page\.server\.ts|server\.ts)$/.test(name)) continue;
		const template = '/staff/sessions' + relative(SESSIONS_DIR, dirname(file)).split(sep).filter(Boolean).map((s) => `/${s}`).join('');
		const kind = name === '+server.ts' ? 'endpoint' : 'page';
		const key = `${template}#${kind}`;
		const route = byKey.get(key) ?? { template, kind, actions: [] };
		if (name === '+page.server.ts') route.actions = actionNames(file);
		byKey.set(key, route);
	}
	byKey.set(`${EVENTS}#endpoint`, { template: EVENTS, kind: 'endpoint', actions: [] });
	return [...byKey.values()].sort((a, b) => a.template.localeCompare(b.template));
}

const routes = discover();

/** The route with the session's id in place (other ids in the path: a made-up one). */
function urlOf(route: Route, sessionId: string): string {
	return route.template.replace('[sessionId]', sessionId).replace(/\[[^\]]+\]/g, FAKE_ID);
}

function fetchPath(route: Route, sessionId: string): string {
	const url = urlOf(route, sessionId);
	return route.template === EVENTS ? `${url}?view=projector` : url;
}

const describeResponse = (r: APIResponse) => `${r.status()} ${r.headers()['location'] ?? ''}`.trim();
const enhanced = { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } };

async function signedIn(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }, who: 'jay' | 'champion' | 'priya') {
	const request = await playwright.request.newContext({ baseURL: BASE_URL });
	const account = DEMO[who];
	const response = await postForm(request, '/sign-in', { username: account.username, password: account.password });
	expect(response.status(), `signing in as ${who}`).toBe(303);
	return request;
}

function expectSignIn(response: APIResponse, url: string, { allow401 }: { allow401: boolean }) {
	if (allow401 && response.status() === 401) return;
	expect(response.status(), `${url}: ${describeResponse(response)}`).toBe(303);
	expect(response.headers()['location'] ?? '', `${url} redirect`).toMatch(/^\/sign-in\?next=/);
}

/** A session of the champion's own, made through the form, for the "it does work" half. */
async function ownSession(page: Page): Promise<string> {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/sessions');
	await page.getByLabel('Title', { exact: true }).fill(`Guard check ${Math.random().toString(36).slice(2, 8)}`);
	await page.getByLabel('Place', { exact: true }).fill('Room 4');
	await Promise.all([page.waitForURL(/\/staff\/sessions\/[a-z2-7]{16}\?saved=created/), page.getByRole('button', { name: 'Create the session' }).click()]);
	return /\/staff\/sessions\/([a-z2-7]{16})/.exec(page.url())![1];
}

test('the session routes are found on disk and include every part of issue 7', () => {
	const templates = routes.map((r) => r.template);
	for (const wanted of [
		'/staff/sessions',
		'/staff/sessions/[sessionId]',
		'/staff/sessions/[sessionId]/edit',
		'/staff/sessions/[sessionId]/close',
		'/staff/sessions/[sessionId]/activities',
		'/staff/sessions/[sessionId]/control',
		'/staff/sessions/[sessionId]/projector',
		'/staff/sessions/[sessionId]/results',
		EVENTS
	]) {
		expect(templates, `the route ${wanted}`).toContain(wanted);
	}
	expect(templates.some((t) => t.startsWith('/staff/sessions/[sessionId]/') && t.endsWith('/results.csv')), 'the results CSV').toBe(true);
	expect(routes.find((r) => r.template === '/staff/sessions/[sessionId]')?.actions).toContain('start');
});

test.describe('staff session routes', () => {
	let other: OtherOrganisation | null = null;
	let before: Awaited<ReturnType<OtherOrganisation['read']>> | null = null;

	test.beforeAll(async () => {
		other = await otherOrganisation();
		before = other ? await other.read() : null;
	});

	test('signed out: every page and action sends people to sign in; the stream answers 401', async ({ playwright }) => {
		const request = await playwright.request.newContext({ baseURL: BASE_URL });
		try {
			for (const route of routes) {
				const url = fetchPath(route, FAKE_ID);
				const response = await request.get(url, { maxRedirects: 0 });
				if (route.template === EVENTS) expect(response.status(), `GET ${url}: ${describeResponse(response)}`).toBe(401);
				else expectSignIn(response, url, { allow401: route.kind === 'endpoint' });
				for (const action of route.actions) {
					const path = action === 'default' ? urlOf(route, FAKE_ID) : `${urlOf(route, FAKE_ID)}?/${action}`;
					const plain = await postForm(request, path, {});
					expect(plain.status(), `POST ${path}`).toBeLessThan(500);
					expectSignIn(plain, path, { allow401: true });
				}
			}
		} finally {
			await request.dispose();
		}
	});

	test('a participant (jay) is refused every page, action and the stream with 403', async ({ playwright }) => {
		const jay = await signedIn(playwright, 'jay');
		try {
			for (const route of routes) {
				const url = fetchPath(route, FAKE_ID);
				const response = await jay.get(url, { maxRedirects: 0 });
				expect(response.status(), `jay GET ${url}: ${describeResponse(response)}`).toBe(403);
				for (const action of route.actions) {
					const path = action === 'default' ? urlOf(route, FAKE_ID) : `${urlOf(route, FAKE_ID)}?/${action}`;
					expect((await postForm(jay, path, {})).status(), `jay POST ${path}`).toBe(403);
					expect((await postForm(jay, path, {}, enhanced)).status(), `jay enhanced POST ${path}`).toBe(403);
				}
			}
		} finally {
			await jay.dispose();
		}
	});

	test('a champion gets 404 for an unknown session and for another organisation’s, and changes nothing there', async ({ playwright, page }) => {
		test.setTimeout(120_000);
		const own = await ownSession(page);
		const champion = await signedIn(playwright, 'champion');
		const ids = [FAKE_ID, 'not-an-id', ...(other ? [other.sessionId] : [])];
		try {
			for (const route of routes) {
				if (route.template === '/staff/sessions') continue; // no id: the list is the champion's own
				for (const id of ids) {
					const url = fetchPath(route, id);
					const response = await champion.get(url, { maxRedirects: 0 });
					expect(response.status(), `champion GET ${url}: ${describeResponse(response)}`).toBe(404);
					const body = await response.text();
					if (other) expect(body, `${url} shows nothing of the other organisation`).not.toContain('Elsewhere');
					for (const action of route.actions) {
						const path = action === 'default' ? urlOf(route, id) : `${urlOf(route, id)}?/${action}`;
						const fields = { activityId: other?.activityId ?? FAKE_ID, entryId: FAKE_ID, registrationId: FAKE_ID, attended: 'yes', change: 'up', walkIns: '5', word: 'x' };
						const plain = await postForm(champion, path, fields);
						expect(plain.status(), `champion POST ${path}: ${describeResponse(plain)}`).toBe(404);
						const fast = await postForm(champion, path, fields, enhanced);
						expect(fast.status(), `champion enhanced POST ${path}`).toBe(404);
					}
				}
				// The champion's own session with another organisation's activity in the address: 404 too.
				if (other && route.template.includes('[activityId]')) {
					const mixed = route.template.replace('[sessionId]', own).replace('[activityId]', other.activityId);
					expect((await champion.get(mixed, { maxRedirects: 0 })).status(), `champion GET ${mixed}`).toBe(404);
					for (const action of route.actions) {
						const path = action === 'default' ? mixed : `${mixed}?/${action}`;
						const response = await postForm(champion, path, { type: 'poll', prompt: 'Mine now', pick: 'one', options: 'A\nB', direction: 'up' });
						expect(response.status(), `champion POST ${path}: ${describeResponse(response)}`).toBe(404);
					}
				}
				// The same route works for the champion's own session (so the 404s above mean "not yours").
				if (route.template !== EVENTS && !/\[(?!sessionId\])/.test(route.template)) {
					const mine = urlOf(route, own);
					const response = await champion.get(mine, { maxRedirects: 0 });
					expect(response.status(), `champion GET ${mine}: ${describeResponse(response)}`).toBeLessThan(400);
				}
			}
			// The stream for the champion's own session opens (read in the browser: it never ends).
			const status = await page.evaluate(async (url) => {
				const abort = new AbortController();
				const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
				abort.abort();
				return { status: response.status, type: response.headers.get('content-type') };
			}, `/api/sessions/${own}/events?view=control`);
			expect(status.status).toBe(200);
			expect(status.type).toContain('text/event-stream');

			if (other && before) {
				// Creating a session on another organisation's project is refused too.
				const list = await postForm(champion, '/staff/sessions', {
					projectId: other.projectId,
					step: '2',
					kind: 'workshop',
					title: 'Sneaky session',
					description: '',
					startsAt: '2030-05-01T18:00',
					endsAt: '2030-05-01T20:00',
					place: 'Here',
					onlineLink: '',
					capacity: '',
					invite: 'open',
					hoursCredited: '2',
					showNicknames: ''
				});
				expect(list.status(), `create on another organisation's project: ${describeResponse(list)}`).toBe(400);
				expect(await other.read(), 'the other organisation’s session is untouched').toEqual(before);
			}
		} finally {
			await champion.dispose();
		}
	});
});

test.describe('participant pages and /live', () => {
	test('participant session pages need signing in, and staff are refused them', async ({ playwright }) => {
		const participantDir = join(ROOT, 'src', 'routes', '(participant)', 'sessions');
		expect(existsSync(participantDir), 'the participant sessions pages exist').toBe(true);
		const urls = ['/sessions', ...(existsSync(join(participantDir, '[sessionId]')) ? [`/sessions/${FAKE_ID}`] : [])];
		const request = await playwright.request.newContext({ baseURL: BASE_URL });
		const champion = await signedIn(playwright, 'champion');
		const priya = await signedIn(playwright, 'priya');
		try {
			for (const url of urls) {
				expectSignIn(await request.get(url, { maxRedirects: 0 }), url, { allow401: false });
				expect((await champion.get(url, { maxRedirects: 0 })).status(), `champion GET ${url}`).toBe(403);
			}
			expect((await priya.get('/sessions', { maxRedirects: 0 })).status(), 'priya GET /sessions').toBe(200);
			if (urls.length > 1) expect((await priya.get(urls[1], { maxRedirects: 0 })).status(), `priya GET ${urls[1]}`).toBe(404);
		} finally {
			await Promise.all([request.dispose(), champion.dispose(), priya.dispose()]);
		}
	});

	test('/live works signed out, and an unknown code gets a plain answer, not an error', async ({ page }) => {
		await page.goto('/live');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		expect(new URL(page.url()).pathname).toBe('/live');
		const code = page.getByLabel(/code/i).first();
		await expect(code).toBeVisible();
		const response = await page.request.get('/live/ZZZZZZ', { maxRedirects: 0 });
		expect(response.status(), 'an unknown code').toBeLessThan(500);
		const stream = await page.request.get('/api/live/ZZZZZZ/events', { maxRedirects: 0 });
		expect(stream.status(), 'the stream of an unknown code').toBe(404);
	});
});


test.describe('hostile answers', () => {
	/** A fresh address per run, so the wrong-code limit is ours alone. */
	const address = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

	const activityFields = (prompt: string, options: string) => ({
		type: 'poll',
		prompt,
		pick: 'one',
		options,
		scaleMin: '1',
		scaleMax: '5',
		minLabel: '',
		maxLabel: '',
		dots: '3',
		maxEntries: '3',
		allowChange: 'yes',
		hideUntilRevealed: ''
	});

	test('bad posts to /api/live/[code]/answers get a clear 4xx and change nothing', async ({ page, playwright }) => {
		test.setTimeout(120_000);
		const other = await otherOrganisation();
		// A live session with two polls; the first is closed by moving on to the second.
		const sessionId = await ownSession(page);
		for (const [prompt, options] of [['First poll', 'Yes\nNo'], ['Second poll', 'Red\nBlue']]) {
			const added = await postForm(page.request, `/staff/sessions/${sessionId}/activities/new`, activityFields(prompt, options));
			expect(added.status(), `adding ${prompt}`).toBe(303);
		}
		expect((await postForm(page.request, `/staff/sessions/${sessionId}?/start`, {})).status()).toBe(303);
		await page.goto(`/staff/sessions/${sessionId}`);
		const code = await sessionCode(page);
		expect((await postForm(page.request, `/staff/sessions/${sessionId}/control?/next`, {})).status()).toBe(303);
		const first = (await firstSnapshot(page, `/api/sessions/${sessionId}/events?view=control`)).activity!;
		expect((await postForm(page.request, `/staff/sessions/${sessionId}/control?/next`, {})).status()).toBe(303);
		const second = (await firstSnapshot(page, `/api/sessions/${sessionId}/events?view=control`)).activity!;
		expect(second.prompt).toBe('Second poll');

		const phone = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'x-forwarded-for': address } });
		const stranger = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'x-forwarded-for': address } });
		try {
			await joinLiveByRequest(phone, ORIGIN, code);
			const url = `/api/live/${code}/answers`;
			const good = { activityId: second.id, choices: [second.options[0].id] };
			const json = (body: unknown, headers: Record<string, string> = {}) => phone.post(url, { data: JSON.stringify(body), headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers } });
			const expectRefused = async (response: APIResponse, status: number, label: string, message?: RegExp) => {
				await expect4xx(response, label);
				expect(response.status(), `${label}: ${(await response.text()).slice(0, 200)}`).toBe(status);
				const body = (await response.json()) as { message?: string };
				expect(body.message, `${label} says why in plain words`).toBeTruthy();
				if (message) expect(body.message, label).toMatch(message);
			};

			await expectRefused(await json(good, { origin: 'https://evil.example' }), 403, 'cross-origin', /only be sent from this website/);
			await expectRefused(await phone.post(url, { data: JSON.stringify(good), headers: { 'content-type': 'application/json' } }), 403, 'no origin');
			await expectRefused(await phone.post(url, { data: JSON.stringify(good), headers: { 'content-type': 'text/plain', origin: ORIGIN } }), 415, 'text/plain');
			await expectRefused(await phone.post(url, { form: { activityId: second.id, choices: second.options[0].id }, headers: { origin: ORIGIN } }), 415, 'a form post');
			await expectRefused(await phone.post(url, { data: '{"activityId": "', headers: { 'content-type': 'application/json', origin: ORIGIN } }), 400, 'broken JSON');
			await expectRefused(await json([good]), 400, 'a JSON array');
			await expectRefused(await json({ ...good, entries: ['x'.repeat(40_000)] }), 413, 'over the size cap');
			await expectRefused(await json({}), 404, 'no activity');
			await expectRefused(await json({ ...good, activityId: FAKE_ID }), 404, 'an unknown activity');
			await expectRefused(await json({ ...good, activityId: 'x'.repeat(5000) }), 404, 'a long made-up activity');
			if (other) await expectRefused(await json({ activityId: other.activityId, choices: ['x'] }), 404, 'another organisation’s activity');
			await expectRefused(await json({ activityId: first.id, choices: [first.options[0].id] }), 409, 'a closed activity', /closed/);
			await expectRefused(await json({ ...good, choices: [FAKE_ID] }), 400, 'an unknown option');
			await expectRefused(await json({ ...good, choices: [first.options[0].id] }), 400, 'another activity’s option');
			await expectRefused(await json({ ...good, choices: [second.options[0].id, second.options[1].id] }), 400, 'two choices on a pick-one poll');
			await expectRefused(await json({ activityId: second.id, rating: 3 }), 400, 'a rating for a poll');
			await expectRefused(await json({ ...good, choices: ['\u0000'] }), 400, 'NUL');
			await expectRefused(await stranger.post(url, { data: JSON.stringify(good), headers: { 'content-type': 'application/json', origin: ORIGIN } }), 401, 'a phone that never joined');
			await expectRefused(await stranger.post('/api/live/ZZZZZZ/answers', { data: JSON.stringify(good), headers: { 'content-type': 'application/json', origin: ORIGIN } }), 404, 'an unknown code');
			// From a phone that joined, an unknown code is taken as its session's old code: told where the session is.
			await expectRefused(await phone.post('/api/live/ZZZZZZ/answers', { data: JSON.stringify(good), headers: { 'content-type': 'application/json', origin: ORIGIN } }), 409, 'an unknown code from a joined phone', /new code/);

			// A stale code: the champion makes a new one; the old one stops working for answers.
			expect((await postForm(page.request, `/staff/sessions/${sessionId}?/newCode`, {})).status()).toBe(303);
			await page.goto(`/staff/sessions/${sessionId}`);
			const fresh = await sessionCode(page);
			expect(fresh).not.toBe(code);
			const stale = await json(good);
			await expectRefused(stale, 409, 'the old code', /new code/);
			expect(((await stale.json()) as { next?: string }).next, 'the old code points the phone to the new one').toBe(`/live/${fresh}`);
			await expectRefused(await stranger.post(url, { data: JSON.stringify(good), headers: { 'content-type': 'application/json', origin: ORIGIN } }), 404, 'the old code, from a phone that never joined');

			// Nothing was counted.
			await page.goto(`/staff/sessions/${sessionId}/results`);
			await expect(page.getByText('Nobody answered this one.')).toHaveCount(2);

			// The same phone's good answer at the new code goes in (so the refusals above were the input's fault).
			const ok = await phone.post(`/api/live/${fresh}/answers`, { data: JSON.stringify(good), headers: { 'content-type': 'application/json', origin: ORIGIN } });
			expect(ok.status(), await ok.text()).toBe(201);
			await page.goto(`/staff/sessions/${sessionId}/results`);
			await expect(page.getByText('Nobody answered this one.')).toHaveCount(1);
		} finally {
			await Promise.all([phone.dispose(), stranger.dispose()]);
		}
	});
});
