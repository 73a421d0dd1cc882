import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, DEMO } from './fixtures';
import {
	expectBars,
	expectSamePage,
	freshDatabase,
	joinLive,
	markPage,
	newPhone,
	portNear,
	ratingCounts,
	sendAnswer,
	signInAt,
	startReadySession,
	startServer,
	cleanUpServers,
	type Server,
	type ServerDatabase
} from './live-helpers';

// Two server processes on two ports with one Postgres database: phones vote on one, the projector
// is on the other, and the tallies agree within a second or two (NOTIFY/LISTEN carries the news
// between processes). Then the other way round for the next activity. Postgres only: PGlite is
// one process's own database.

const POLL = 'How did you hear about today’s session?';
const RATING = 'How confident are you that the council will listen to young people on this?';
const OPTIONS = ['Youth forum', 'School or college', 'A friend', 'Social media', 'Somewhere else'];
const WITHIN = 2_500;

// Servers and databases go even when a test fails or times out (its finally may not run then).
test.afterEach(cleanUpServers);

test.skip(!process.env.TEST_DATABASE_URL, 'two processes share one database only on Postgres');

test('phones on one process, the projector on another: the tallies agree, both ways', async ({ browser }) => {
	test.setTimeout(240_000);
	let database: ServerDatabase | null = null;
	const servers: Server[] = [];
	const contexts: BrowserContext[] = [];
	try {
		database = await freshDatabase('two');
		// The first process migrates and seeds; the second starts on the same database after it.
		const a = await startServer(portNear(41), database, { seedDemo: true });
		servers.push(a);
		const b = await startServer(portNear(42), database, { seedDemo: true });
		servers.push(b);

		// The champion (signed in on A; cookies for 127.0.0.1 go to both ports) runs the session on A.
		const staff = await browser.newContext({ baseURL: a.origin });
		contexts.push(staff);
		const control = await staff.newPage();
		await signInAt(control, a.origin, DEMO.champion.username, DEMO.champion.password);
		const { sessionId, code } = await startReadySession(control);

		// The projector on B.
		const projectorB = await staff.newPage();
		await projectorB.goto(`${b.origin}/staff/sessions/${sessionId}/projector`);
		await markPage(projectorB);

		// Three phones join on A.
		const phones: Page[] = [];
		for (let i = 0; i < 3; i++) {
			const phone = await newPhone(browser, a.origin);
			contexts.push(phone.context);
			await joinLive(phone.page, code, `Phone ${i + 1}`);
			phones.push(phone.page);
		}

		// The first activity opens on A; B's projector follows.
		await control.goto(`${a.origin}/staff/sessions/${sessionId}/control`);
		await control.getByRole('button', { name: 'Start the first activity' }).click();
		await expect(projectorB.getByRole('heading', { level: 1 })).toHaveText(POLL, { timeout: WITHIN });
		for (const phone of phones) await expect(phone.getByRole('heading', { level: 1 })).toHaveText(POLL, { timeout: WITHIN });

		const votes = ['A friend', 'Youth forum', 'A friend'];
		const counts: Record<string, number> = {};
		for (const [i, phone] of phones.entries()) {
			await phone.getByLabel(votes[i]).check();
			await sendAnswer(phone);
			counts[votes[i]] = (counts[votes[i]] ?? 0) + 1;
			// Each vote made on A shows on B's projector within a second or two.
			await expectBars(projectorB, figures(counts, i + 1), WITHIN);
		}
		await expectSamePage(projectorB, 'the projector on B');

		// The other way round: the phones move to B (same cookies), the projector opens on A.
		const projectorA = await staff.newPage();
		await projectorA.goto(`${a.origin}/staff/sessions/${sessionId}/projector`);
		await markPage(projectorA);
		for (const phone of phones) await phone.goto(`${b.origin}/live/${code}`);
		await control.getByRole('button', { name: 'Next activity' }).click();
		await expect(projectorA.getByRole('heading', { level: 1 })).toHaveText(RATING, { timeout: WITHIN });
		await expect(projectorB.getByRole('heading', { level: 1 })).toHaveText(RATING, { timeout: WITHIN });
		const ratings = [2, 5, 5];
		const expected = [0, 0, 0, 0, 0];
		for (const [i, phone] of phones.entries()) {
			await expect(phone.getByRole('heading', { level: 1 })).toHaveText(RATING, { timeout: WITHIN });
			await phone.locator(`input[name="rating"][value="${ratings[i]}"]`).check({ force: true });
			await sendAnswer(phone);
			expected[ratings[i] - 1]++;
			await expect.poll(() => ratingCounts(projectorA), { timeout: WITHIN, message: `A's projector after vote ${i + 1} on B` }).toEqual(expected);
		}
		// Both screens agree.
		await expect.poll(() => ratingCounts(projectorB), { timeout: WITHIN }).toEqual(expected);
		await expectSamePage(projectorA, 'the projector on A');
		await expectSamePage(projectorB, 'the projector on B');
	} finally {
		await Promise.all(contexts.map((c) => c.close().catch(() => {})));
		await Promise.all(servers.map((s) => s.stop().catch(() => {})));
		await database?.remove().catch(() => {});
	}
});

function figures(counts: Record<string, number>, responses: number): Record<string, string> {
	return Object.fromEntries(OPTIONS.map((label) => [label, `${counts[label] ?? 0} (${Math.round(((counts[label] ?? 0) / responses) * 100)}%)`]));
}
