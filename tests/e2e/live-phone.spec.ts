import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIResponse, BrowserContext, Page } from '@playwright/test';
import { test, expect, signIn, DEMO, BASE_URL, ORIGIN } from './fixtures';
import { addDots, expectAccessible, expectSamePage, joinLive, joinLiveByRequest, markPage, newPhone, sendAnswer, sessionCode } from './live-helpers';

// The phone's side of a live session, and the champion's activity authoring that feeds it. A
// champion builds a session through the UI; phones (390×844 and 320 wide) join by typing the code
// and answer each of the five kinds, following the champion without reloading; a phone without
// JavaScript does the same through plain forms; the answers endpoint refuses hostile posts; the
// page's first-load JavaScript stays under 60 kB gzipped.

const marker = Math.random().toString(36).slice(2, 7);
const FOLLOW = 5_000;

const KINDS = {
	poll: { kind: /^Poll\b/, prompt: `Best night for the club? (${marker})`, pick: 'One option', options: ['Monday', 'Wednesday', 'Friday'] },
	rating: { kind: /^Rating scale\b/, prompt: `How safe is the walk there? (${marker})`, minLabel: 'Not safe', maxLabel: 'Very safe' },
	words: { kind: /^Word cloud\b/, prompt: `Two words for the club (${marker})`, maxEntries: '2' },
	ideas: { kind: /^Ideas wall\b/, prompt: `Ideas for the summer (${marker})`, maxEntries: '1' },
	priority: { kind: /^Priority voting\b/, prompt: `Spend the budget (${marker})`, options: ['Trips', 'Food', 'Kit'], dots: '3' }
} as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];

async function fillActivity(page: Page, a: Kind) {
	await page.getByRole('radio', { name: a.kind }).check();
	await page.getByLabel('The question').fill(a.prompt);
	if ('pick' in a) await page.getByRole('radio', { name: a.pick, exact: true }).check();
	if ('options' in a) await page.getByLabel('Options, one on each line').fill(a.options.join('\n'));
	if ('minLabel' in a) {
		await page.getByLabel('Word for the lowest number (optional)').fill(a.minLabel);
		await page.getByLabel('Word for the highest number (optional)').fill(a.maxLabel);
	}
	if ('dots' in a) await page.getByLabel('Dots each person spreads').fill(a.dots);
	if ('maxEntries' in a) await page.getByLabel(/^How many (words|notes) each person can send/).fill(a.maxEntries);
}

async function addActivity(page: Page, sessionId: string, a: Kind) {
	await page.goto(`/staff/sessions/${sessionId}/activities/new`);
	await fillActivity(page, a);
	await Promise.all([page.waitForURL(/\/activities\?saved=added/), page.getByRole('button', { name: 'Add activity' }).click()]);
	await expect(page.getByText('Activity added.')).toBeVisible();
}

/** A new session of the champion's, through the sessions page. */
async function createSession(page: Page, title: string): Promise<string> {
	await page.goto('/staff/sessions');
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Place', { exact: true }).fill('Riverside Youth Hub');
	await page.getByRole('radio', { name: 'Open: anyone with the code can join in' }).check();
	await Promise.all([page.waitForURL(/\/staff\/sessions\/[a-z2-7]{16}\?saved=created/), page.getByRole('button', { name: 'Create the session' }).click()]);
	return /\/staff\/sessions\/([a-z2-7]{16})/.exec(page.url())![1];
}

async function startSession(page: Page, sessionId: string): Promise<string> {
	await page.goto(`/staff/sessions/${sessionId}`);
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page.getByText('The session is live: the code works now.')).toBeVisible();
	return sessionCode(page);
}

async function nextActivity(control: Page, prompt: string) {
	const first = control.getByRole('button', { name: 'Start the first activity' });
	await ((await first.count()) ? first : control.getByRole('button', { name: 'Next activity' })).click();
	await expect(control.getByRole('region', { name: 'On the screen now' })).toContainText(prompt);
}

async function followsTo(phone: Page, prompt: string) {
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText(prompt, { timeout: FOLLOW });
	await expectSamePage(phone);
}

async function fitsWidth(phone: Page, label: string) {
	const width = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
	expect(width.scroll, `${label}: nothing wider than the screen`).toBeLessThanOrEqual(width.view);
}

test('a champion sets up each kind of activity; a phone joins by code, answers all five and follows without reloading', async ({ page, browser }) => {
	test.setTimeout(300_000);
	const contexts: BrowserContext[] = [];
	try {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		const sessionId = await createSession(page, `Club night ${marker}`);

		// --- Authoring: a clear message for a poll with one option, then each kind.
		await page.goto(`/staff/sessions/${sessionId}/activities`);
		await expect(page.getByText('No activities yet.')).toBeVisible();
		await page.getByRole('link', { name: 'Add an activity' }).click();
		await fillActivity(page, { ...KINDS.poll, options: ['Monday'] } as unknown as Kind);
		await page.getByRole('button', { name: 'Add activity' }).click();
		await expect(page.locator('#field-options-error')).toHaveText('Error: Give at least 2 options, one on each line.');
		await expect(page.getByLabel('The question')).toHaveValue(KINDS.poll.prompt);
		for (const a of Object.values(KINDS)) await addActivity(page, sessionId, a);
		const cards = page.locator('ol.activities > li');
		await expect(cards).toHaveCount(5);
		// Reorder: the rating up to first, and back.
		await page.getByRole('button', { name: 'Move up activity 2' }).click();
		await expect(page.getByText('Activity moved.')).toBeVisible();
		await expect(cards.first()).toContainText(KINDS.rating.prompt);
		await page.getByRole('button', { name: 'Move down activity 1' }).click();
		await expect(cards.first()).toContainText(KINDS.poll.prompt);
		// Edit the poll's wording.
		await page.getByRole('link', { name: 'Edit activity 1' }).click();
		await expect(page.getByLabel('Options, one on each line')).toHaveValue('Monday\nWednesday\nFriday');
		await page.getByLabel('The question').fill(`Best night for the youth club? (${marker})`);
		await Promise.all([page.waitForURL(/saved=saved/), page.getByRole('button', { name: 'Save activity' }).click()]);
		const pollPrompt = `Best night for the youth club? (${marker})`;
		await expect(cards.first()).toContainText(pollPrompt);

		const code = await startSession(page, sessionId);
		const control = page;
		await control.goto(`/staff/sessions/${sessionId}/control`);
		await nextActivity(control, pollPrompt);

		// --- Two phones join by typing the code: 390×844 and 320 wide.
		const { context: phoneContext, page: phone } = await newPhone(browser, BASE_URL);
		contexts.push(phoneContext);
		await phone.goto('/live');
		await expect(phone.getByLabel('Session code')).toBeVisible();
		await expectAccessible(phone, '/live');
		await joinLive(phone, code);
		await expect(phone.getByRole('heading', { level: 1 })).toHaveText(pollPrompt);
		await expectAccessible(phone, 'a poll on the phone');
		await markPage(phone);
		const narrowContext = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
		contexts.push(narrowContext);
		const narrow = await narrowContext.newPage();
		await joinLive(narrow, code);
		await markPage(narrow);

		// 1. Poll: answer, then change it.
		await phone.getByLabel('Wednesday').check();
		await sendAnswer(phone);
		await expect(phone.getByText('You chose Wednesday.')).toBeVisible();
		await phone.getByRole('link', { name: 'Change my answer' }).click();
		await expect(phone.getByLabel('Wednesday')).toBeChecked();
		await phone.getByLabel('Friday').check();
		await sendAnswer(phone);
		await expect(phone.getByText('You chose Friday.')).toBeVisible();
		await narrow.getByLabel('Monday').check();
		await fitsWidth(narrow, 'a poll at 320');
		await sendAnswer(narrow);
		await expect(control.getByRole('region', { name: 'On the screen now' })).toContainText('2 answers', { timeout: FOLLOW });

		// 2. Rating: big numbers along the scale with the end words.
		await nextActivity(control, KINDS.rating.prompt);
		await followsTo(phone, KINDS.rating.prompt);
		await followsTo(narrow, KINDS.rating.prompt);
		await expect(phone.getByText('Not safe', { exact: true })).toBeVisible();
		await expectAccessible(phone, 'a rating on the phone');
		await phone.getByRole('radio', { name: '4' }).check({ force: true });
		await sendAnswer(phone);
		await expect(phone.getByText('You chose 4.')).toBeVisible();
		await fitsWidth(narrow, 'a rating at 320');
		await narrow.getByRole('radio', { name: '5 (Very safe)' }).check({ force: true });
		await sendAnswer(narrow);

		// 3. Word cloud: the filter's message, then words that can go on the screen.
		await nextActivity(control, KINDS.words.prompt);
		await followsTo(phone, KINDS.words.prompt);
		await phone.getByLabel('Word 1').fill('Music');
		await phone.getByLabel('Word 2').fill('sh1t');
		await phone.getByRole('button', { name: 'Send' }).click();
		await expect(phone.getByRole('alert')).toHaveText('Please choose different words – this one can’t go on the screen');
		await phone.getByLabel('Word 2').fill('Friends');
		await sendAnswer(phone);
		await expect(phone.getByText('Your words: Music, Friends.')).toBeVisible();
		await expectAccessible(phone, 'thanks on the phone');
		await followsTo(narrow, KINDS.words.prompt);
		await fitsWidth(narrow, 'a word cloud at 320');

		// 4. Ideas: told they're checked first.
		await nextActivity(control, KINDS.ideas.prompt);
		await followsTo(phone, KINDS.ideas.prompt);
		await expect(phone.getByText(/checks ideas before they appear on the big screen\. Your name isn’t shown\./)).toBeVisible();
		await phone.getByLabel('Your idea').fill('A trip to the seaside in August');
		await sendAnswer(phone);
		await expect(phone.getByText('Your idea: “A trip to the seaside in August” (waiting to be checked).')).toBeVisible();

		// 5. Priority: + and −, dots left, + stops at none left.
		await nextActivity(control, KINDS.priority.prompt);
		await followsTo(phone, KINDS.priority.prompt);
		await expect(phone.getByText('3 dots left')).toBeVisible();
		// By keyboard: the + that runs out stays focused (aria-disabled, not disabled), and says why.
		const plusTrips = phone.getByRole('button', { name: '+ a dot on Trips' });
		await plusTrips.focus();
		for (let i = 0; i < 3; i++) await phone.keyboard.press('Enter');
		await expect(phone.getByText('No dots left', { exact: true })).toBeVisible();
		await expect(plusTrips).toBeFocused();
		await expect(plusTrips).toHaveAttribute('aria-disabled', 'true');
		await expect(phone.getByRole('button', { name: '+ a dot on Food' })).toHaveAttribute('aria-disabled', 'true');
		await phone.keyboard.press('Enter');
		await expect(plusTrips).toBeFocused();
		await expect(phone.getByLabel('Trips')).toHaveValue('3');
		await expect(phone.locator('[aria-live="polite"]').filter({ hasText: 'No dots left. Take one off another option first.' })).toHaveCount(1);
		await expect(phone.getByRole('button', { name: '− a dot from Kit' })).toHaveAttribute('aria-disabled', 'true');
		await phone.getByRole('button', { name: '− a dot from Trips' }).click();
		await expect(plusTrips).not.toHaveAttribute('aria-disabled', 'true');
		await addDots(phone, 'Food', 1);
		await expectAccessible(phone, 'priority dots on the phone');
		await sendAnswer(phone);
		await expect(phone.getByText('Your dots: Trips 2, Food 1.')).toBeVisible();
		await followsTo(narrow, KINDS.priority.prompt);
		await fitsWidth(narrow, 'priority dots at 320');
		await addDots(narrow, 'Kit', 1);
		await sendAnswer(narrow);

		// Results reach the phone once revealed; the waiting screen after.
		await expect(phone.getByRole('region', { name: 'Results' })).toHaveCount(0);
		await control.getByRole('button', { name: /^Reveal results/ }).first().click();
		const results = phone.getByRole('region', { name: 'Results' });
		await expect(results).toBeVisible({ timeout: FOLLOW });
		// Under the activity's h1.
		await expect(results.getByRole('heading', { level: 2, name: 'Results' })).toBeVisible();
		await expect(results.locator('li').filter({ hasText: 'Trips' })).toContainText('2 dots');
		await expect(results.locator('li').filter({ hasText: 'Kit' })).toContainText('1 dot');
		await expectAccessible(phone, 'results on the phone');
		await control.getByRole('button', { name: 'Back to the waiting screen' }).click();
		await followsTo(phone, 'Waiting for the next activity');

		// --- Back on the activities page: answered activities can't be removed, their kind is locked.
		await page.goto(`/staff/sessions/${sessionId}/activities`);
		await expect(cards.first()).toContainText('2 answers');
		await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
		await page.getByRole('link', { name: 'Edit activity 1' }).click();
		await expect(page.getByText(/2 people have answered this activity/)).toBeVisible();
		await expect(page.getByRole('radio', { name: /^Rating scale/ })).toHaveCount(0);

		// --- The phone page's first-load JavaScript, on a cold load (no service worker, no cache).
		const cold = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
		contexts.push(cold);
		await joinLiveByRequest(cold.request, ORIGIN, code);
		const coldPage = await cold.newPage();
		const scripts = new Set<string>();
		coldPage.on('request', (r) => {
			const url = new URL(r.url());
			if (url.origin === ORIGIN && url.pathname.endsWith('.js')) scripts.add(url.pathname);
		});
		await coldPage.goto(`/live/${code}`, { waitUntil: 'networkidle' });
		await expect(coldPage.getByRole('heading', { level: 1 })).toHaveText('Waiting for the next activity');
		let gzipped = 0;
		for (const script of scripts) gzipped += gzipSync(readFileSync(join(process.env.E2E_BUILD_DIR || 'build', 'client', script)), { level: 9 }).length;
		console.log(`live phone page: ${scripts.size} scripts, ${(gzipped / 1024).toFixed(1)} kB gzipped`);
		expect(scripts.size).toBeGreaterThan(0);
		expect(gzipped, 'first-load JavaScript of /live/<code>').toBeLessThan(60 * 1024);
	} finally {
		for (const c of contexts) await c.close();
	}
});

test('without JavaScript a phone joins, answers, changes its answer and checks for the next activity', async ({ page, browser }) => {
	test.setTimeout(180_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const sessionId = await createSession(page, `Plain phones ${marker}`);
	await addActivity(page, sessionId, KINDS.poll);
	await addActivity(page, sessionId, KINDS.words);
	await addActivity(page, sessionId, KINDS.priority);
	const code = await startSession(page, sessionId);
	await page.goto(`/staff/sessions/${sessionId}/control`);
	await nextActivity(page, KINDS.poll.prompt);

	const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
	try {
		const phone = await context.newPage();
		await phone.goto(`/live?code=${code.toLowerCase().slice(0, 3)}+${code.toLowerCase().slice(3)}`);
		await expect(phone).toHaveURL(new RegExp(`/live/${code}$`));
		await phone.getByRole('button', { name: 'Join', exact: true }).click();
		await expect(phone.getByRole('heading', { level: 1 })).toHaveText(KINDS.poll.prompt);
		await expect(phone.getByRole('link', { name: 'Check for the next activity' })).toBeVisible();
		// (axe needs JavaScript to run; the same page with JavaScript is checked in the first test.)
		await phone.getByLabel('Monday').check();
		await phone.getByRole('button', { name: 'Send' }).click();
		await expect(phone).toHaveURL(/\?sent=1$/);
		await expect(phone.getByText('Thanks, your answer is in.')).toBeVisible();
		await expect(phone.getByText('You chose Monday.')).toBeVisible();
		await phone.getByRole('link', { name: 'Change my answer' }).click();
		await expect(phone.getByLabel('Monday')).toBeChecked();
		await phone.getByLabel('Friday').check();
		await phone.getByRole('button', { name: 'Send my new answer' }).click();
		await expect(phone.getByText('You chose Friday.')).toBeVisible();

		await nextActivity(page, KINDS.words.prompt);
		await phone.getByRole('link', { name: 'Check for the next activity' }).click();
		await expect(phone.getByRole('heading', { level: 1 })).toHaveText(KINDS.words.prompt);
		await phone.getByLabel('Word 1').fill('Chill');
		await phone.getByLabel('Word 2').fill('B1TCH');
		await phone.getByRole('button', { name: 'Send' }).click();
		await expect(phone.getByRole('alert')).toHaveText('Please choose different words – this one can’t go on the screen');
		// What was typed is still there to fix.
		await expect(phone.getByLabel('Word 1')).toHaveValue('Chill');
		await phone.getByLabel('Word 2').fill('');
		await phone.getByRole('button', { name: 'Send' }).click();
		await expect(phone.getByText('Your word: Chill.')).toBeVisible();

		await nextActivity(page, KINDS.priority.prompt);
		await phone.getByRole('link', { name: 'Check for the next activity' }).click();
		await phone.getByLabel('Trips').fill('2');
		await phone.getByLabel('Kit').fill('2');
		await phone.getByRole('button', { name: 'Send' }).click();
		await expect(phone.getByRole('alert')).toHaveText('You have 3 dots to spread. Please take some off.');
		await phone.getByLabel('Kit').fill('1');
		await phone.getByRole('button', { name: 'Send' }).click();
		await expect(phone.getByText('Your dots: Trips 2, Kit 1.')).toBeVisible();
	} finally {
		await context.close();
	}
});

test('the answers endpoint refuses hostile posts plainly, counts nothing, and /join sends a live code on', async ({ page, playwright }) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const sessionId = await createSession(page, `Hostile posts ${marker}`);
	await addActivity(page, sessionId, KINDS.poll);
	await addActivity(page, sessionId, KINDS.words);
	const code = await startSession(page, sessionId);
	await page.goto(`/staff/sessions/${sessionId}/control`);
	await nextActivity(page, KINDS.poll.prompt);

	const request = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { 'x-forwarded-for': `10.77.${Math.floor(Math.random() * 250)}.9` } });
	try {
		const path = `/api/live/${code}/answers`;
		const post = (body: unknown, headers: Record<string, string> = {}, to = path): Promise<APIResponse> =>
			request.post(to, { data: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers }, maxRedirects: 0 });
		async function refused(response: APIResponse, status: number, label: string, message?: string) {
			const text = await response.text();
			expect(response.status(), `${label}: ${text.slice(0, 200)}`).toBe(status);
			expect(text, `${label}: no internals`).not.toMatch(/node_modules|\bat \S+ \(|\.svelte-kit\//);
			const body = JSON.parse(text) as { message?: string };
			expect(typeof body.message, `${label}: a plain message`).toBe('string');
			if (message) expect(body.message).toBe(message);
		}

		// Not joined yet: no cookie, no answers.
		await refused(await post({ activityId: 'aaaaaaaaaaaaaaaa', choices: [] }), 401, 'not joined', 'Please join the session first: open its page and tap “Join”.');
		await refused(await post({ activityId: 'aaaaaaaaaaaaaaaa', choices: [] }, {}, '/api/live/ZZZZZ2/answers'), 404, 'an unknown code', 'That code isn’t open right now. Check it with the person running the session, or wait until they start it.');
		await joinLiveByRequest(request, ORIGIN, code);
		const html = await (await request.get(`/live/${code}`)).text();
		const activityId = /name="activityId" value="([a-z2-7]{16})"/.exec(html)![1];
		const options = [...html.matchAll(/name="choices" value="([a-z2-7]{16})"/g)].map((m) => m[1]);
		expect(options).toHaveLength(3);
		const mine = async () => ((await (await request.get(`${path}?activityId=${activityId}`)).json()) as { answer: unknown }).answer;

		await refused(await post({ activityId, choices: [options[0]] }, { origin: 'https://evil.example' }), 403, 'cross-origin');
		await refused(await post({ activityId, choices: [options[0]] }, { origin: '' }), 403, 'no origin');
		await refused(await post(JSON.stringify({ activityId, choices: [options[0]] }), { 'content-type': 'text/plain' }), 415, 'wrong type');
		await refused(await post(`activityId=${activityId}`, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'a form post');
		await refused(await post('{"activityId": '), 400, 'bad JSON');
		await refused(await post('[1, 2]'), 400, 'a JSON list');
		await refused(await post('"text"'), 400, 'a JSON string');
		await refused(await post({ activityId, choices: ['x'.repeat(20_000)] }), 413, 'oversize');
		await refused(await post({ activityId, choices: [options[0], options[1]] }), 400, 'two for one', 'Please choose one option.');
		await refused(await post({ activityId, choices: ['zzzzzzzzzzzzzzzz'] }), 400, 'an unknown option', 'That option isn’t part of this activity. Please reload the page and choose again.');
		await refused(await post({ activityId, choices: { $ne: null } }), 400, 'an object for choices');
		await refused(await post({ activityId, rating: 3 }), 400, 'another kind’s answer');
		await refused(await post({ activityId: 'zzzzzzzzzzzzzzzz', choices: [options[0]] }), 404, 'an unknown activity');
		await refused(await post({ activityId: { $gt: '' }, choices: [options[0]] }), 404, 'an object for the activity');
		// An unknown code from a phone that joined is taken as its session's old code: it is told where the session is now.
		const elsewhere = await post({ activityId, choices: [options[0]] }, {}, '/api/live/ZZZZZ2/answers');
		await refused(elsewhere, 409, 'an unknown code from a joined phone', 'This session has a new code. Taking you there now…');
		expect(((await elsewhere.json()) as { next?: string }).next).toBe(`/live/${code}`);
		expect(await mine()).toBeNull();

		const good = await post({ activityId, choices: [options[1]] });
		expect(good.status()).toBe(201);
		expect(await good.json()).toEqual({ ok: true, changed: false, message: 'Thanks, your answer is in.' });
		// The same again (a retry) is fine; a change is a change.
		expect(await (await post({ activityId, choices: [options[1]] })).json()).toMatchObject({ ok: true, changed: false });
		expect(await (await post({ activityId, choices: [options[2]] })).json()).toMatchObject({ ok: true, changed: true });
		expect(await mine()).toMatchObject({ choices: [options[2]] });

		// The champion moves on: the poll is closed to answers.
		await nextActivity(page, KINDS.words.prompt);
		await refused(await post({ activityId, choices: [options[0]] }), 409, 'a closed activity', 'This activity has closed, so answers can’t be sent now.');
		expect(await mine()).toMatchObject({ choices: [options[2]] });
		const words = /name="activityId" value="([a-z2-7]{16})"/.exec(await (await request.get(`/live/${code}`)).text())![1];
		await refused(await post(`{"activityId":"${words}","entries":["ok\\ud800"]}`), 400, 'a lone surrogate', 'That has a character in it we can’t accept. Please type it again.');
		await refused(await post({ activityId: words, entries: ['a\u0000b'] }), 400, 'NUL');
		await refused(await post({ activityId: words, entries: ['x'.repeat(41)] }), 400, 'a long word', 'Each word can be at most 40 characters.');
		await refused(await post({ activityId: words, entries: ['w4nker'] }), 400, 'a filtered word', 'Please choose different words – this one can’t go on the screen');
		expect((await post({ activityId: words, entries: ['Kind', 'Fun'] })).status()).toBe(201);
	} finally {
		await request.dispose();
	}

	// A live session's code typed at /join goes to the session.
	await page.goto('/join');
	await page.getByLabel('Your code').fill(code.toLowerCase());
	await Promise.all([page.waitForURL(new RegExp(`/live/${code}$`)), page.getByRole('button', { name: 'Continue' }).click()]);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hostile posts ${marker}`);
});

test('a code that isn’t open gets one plain message and makes nothing', async ({ page }) => {
	// Its own address: wrong codes count against it.
	await page.setExtraHTTPHeaders({ 'x-forwarded-for': `10.78.${Math.floor(Math.random() * 250)}.3` });
	await page.goto('/live?code=zz+zzz2');
	await expect(page.getByRole('alert')).toContainText('That code isn’t open right now.');
	await expect(page.getByLabel('Session code')).toHaveValue('zz zzz2');
	await page.goto('/live/ZZZZZ2');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('That code isn’t open right now');
	const join = await page.request.post('/live/ZZZZZ2?/join', { form: { nickname: '' }, headers: { origin: ORIGIN, accept: 'text/html' }, maxRedirects: 0 });
	expect(join.status()).toBe(409);
	expect((await page.context().cookies()).filter((c) => c.name === 'live')).toEqual([]);
});
