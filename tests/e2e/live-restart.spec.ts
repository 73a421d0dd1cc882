import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { test, expect, DEMO } from './fixtures';
import {
	answerCount,
	barFigures,
	expectBars,
	expectSamePage,
	freshDatabase,
	joinLive,
	joinLiveByRequest,
	markPage,
	newPhone,
	portNear,
	sendAnswer,
	signInAt,
	startReadySession,
	firstSnapshot,
	type Server,
	type ServerDatabase,
	startServer,
	cleanUpServers
} from './live-helpers';

// Restarting the server mid-session: phones and the projector (browser pages) reconnect by
// themselves, the state comes back from the database, no acknowledged vote is lost, and votes
// after the restart arrive. Our own server process and database (the demo's ready-to-run
// session), on a port of our own; the same port and database after the restart.

const READY_OPTIONS = ['Youth forum', 'School or college', 'A friend', 'Social media', 'Somewhere else'];

// Servers and databases go even when a test fails or times out (its finally may not run then).
test.afterEach(cleanUpServers);

test('a restart mid-session loses no acknowledged vote, and every screen carries on by itself', async ({ browser, playwright }) => {
	test.setTimeout(300_000);
	const port = portNear(40);
	let database: ServerDatabase | null = null;
	let server: Server | null = null;
	const contexts: BrowserContext[] = [];
	const requests: APIRequestContext[] = [];
	try {
		database = await freshDatabase('restart');
		server = await startServer(port, database, { seedDemo: true });
		const origin = server.origin;

		// The champion starts the demo's ready session and its first activity (a poll).
		const staff = await browser.newContext({ baseURL: origin });
		contexts.push(staff);
		const control = await staff.newPage();
		await signInAt(control, origin, DEMO.champion.username, DEMO.champion.password);
		const { sessionId, code } = await startReadySession(control);
		await control.goto(`/staff/sessions/${sessionId}/control`);
		await control.getByRole('button', { name: 'Start the first activity' }).click();
		await expect(control.getByRole('region', { name: 'On the screen now' })).toContainText('How did you hear about today’s session?');

		const projector = await staff.newPage();
		await projector.goto(`/staff/sessions/${sessionId}/projector`);
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText('How did you hear about today’s session?');
		await markPage(projector);

		// Three phones in browsers, and twelve more that answer over the API (as a phone's script does).
		const phones: Page[] = [];
		for (let i = 0; i < 3; i++) {
			const phone = await newPhone(browser, origin);
			contexts.push(phone.context);
			await joinLive(phone.page, code, `Phone ${i + 1}`);
			await expect(phone.page.getByRole('heading', { name: 'How did you hear about today’s session?' })).toBeVisible();
			await markPage(phone.page);
			phones.push(phone.page);
		}
		const snapshot = await firstSnapshot(phones[0], `/api/live/${code}/events`);
		const activityId = snapshot.activity!.id;
		const optionId = (label: string) => snapshot.activity!.options.find((o) => o.label === label)!.id;
		const api: APIRequestContext[] = [];
		for (let i = 0; i < 12; i++) {
			const request = await playwright.request.newContext({ baseURL: origin });
			requests.push(request);
			await joinLiveByRequest(request, origin, code);
			api.push(request);
		}

		// Before the restart: two browser phones vote and see their answers acknowledged.
		await phones[0].getByLabel('Youth forum').check();
		await sendAnswer(phones[0]);
		await phones[1].getByLabel('A friend').check();
		await sendAnswer(phones[1]);
		await expectBars(projector, figures({ 'Youth forum': 1, 'A friend': 1 }, 2));

		// Twelve API votes race the SIGTERM: some are acknowledged (201), some never arrive.
		const choiceOf = (i: number) => READY_OPTIONS[i % READY_OPTIONS.length];
		const post = (i: number) =>
			api[i]
				.post(`/api/live/${code}/answers`, {
					data: { activityId, choices: [optionId(choiceOf(i))] },
					headers: { origin },
					timeout: 15_000
				})
				.then((r) => r.status())
				.catch(() => 0);
		const racing = api.map((_, i) => new Promise<number>((resolve) => setTimeout(() => resolve(post(i)), i * 15)));
		await new Promise((r) => setTimeout(r, 60));
		const exit = await server.stop();
		const outcomes = await Promise.all(racing);
		const acknowledged = outcomes.map((status, i) => (status === 201 ? i : -1)).filter((i) => i >= 0);
		test.info().annotations.push({ type: 'votes acknowledged before the stop', description: `${acknowledged.length} of 12 (exit code ${exit})` });
		expect(outcomes.every((s) => s === 201 || s === 0 || s >= 500), `outcomes: ${outcomes.join(',')}`).toBe(true);

		// The screen notices it lost the server.
		await expect(projector.getByText('Reconnecting…')).toBeVisible({ timeout: 15_000 });

		// A new process on the same port and database.
		server = await startServer(port, database, { seedDemo: true });

		// The projector reconnects by itself: both browser votes and every acknowledged API vote are there.
		await expect(projector.getByText('Reconnecting…')).toBeHidden({ timeout: 30_000 });
		await expect.poll(() => answerCount(projector), { timeout: 15_000 }).toBeGreaterThanOrEqual(2 + acknowledged.length);
		const counted = await answerCount(projector);
		expect(counted, 'no more answers than were sent').toBeLessThanOrEqual(14);
		const shown = await barFigures(projector);
		const expectedAtLeast: Record<string, number> = { 'Youth forum': 1, 'A friend': 1 };
		for (const i of acknowledged) expectedAtLeast[choiceOf(i)] = (expectedAtLeast[choiceOf(i)] ?? 0) + 1;
		for (const [label, n] of Object.entries(expectedAtLeast)) expect(leading(shown[label]), `${label} after the restart`).toBeGreaterThanOrEqual(n);

		// Phones whose votes weren't acknowledged send them again (the same answer twice counts once).
		for (const [i, status] of outcomes.entries()) {
			if (status === 201) continue;
			const again = await api[i].post(`/api/live/${code}/answers`, { data: { activityId, choices: [optionId(choiceOf(i))] }, headers: { origin } });
			expect(again.status(), `phone ${i} again: ${await again.text()}`).toBe(201);
		}
		// And the third browser phone, still on the same page, votes after the restart.
		await phones[2].getByLabel('Social media').check();
		await sendAnswer(phones[2]);

		const all: Record<string, number> = { 'Youth forum': 1, 'A friend': 1, 'Social media': 1 };
		for (let i = 0; i < 12; i++) all[choiceOf(i)] = (all[choiceOf(i)] ?? 0) + 1;
		await expectBars(projector, figures(all, 15), 5000);
		expect(await answerCount(projector)).toBe(15);

		// The champion moves on: the phones follow over their reconnected streams, without reloading.
		await control.goto(`/staff/sessions/${sessionId}/control`);
		await control.getByRole('button', { name: 'Next activity' }).click();
		const next = 'How confident are you that the council will listen to young people on this?';
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText(next, { timeout: 10_000 });
		for (const [i, phone] of phones.entries()) {
			await expect(phone.getByRole('heading', { name: next })).toBeVisible({ timeout: 10_000 });
			await expectSamePage(phone, `phone ${i + 1}`);
		}
		await expectSamePage(projector, 'the projector');
	} finally {
		await Promise.all(requests.map((r) => r.dispose().catch(() => {})));
		await Promise.all(contexts.map((c) => c.close().catch(() => {})));
		await server?.stop().catch(() => {});
		await database?.remove().catch(() => {});
	}
});

/** The projector's poll figures for `counts` out of `responses` people: "2 (40%)", every option listed. */
function figures(counts: Record<string, number>, responses: number): Record<string, string> {
	return Object.fromEntries(READY_OPTIONS.map((label) => {
		const n = counts[label] ?? 0;
		return [label, `${n}${responses ? ` (${Math.round((n / responses) * 100)}%)` : ''}`];
	}));
}

const leading = (figure: string | undefined) => Number(/^(\d+)/.exec(figure ?? '')?.[1] ?? NaN);
