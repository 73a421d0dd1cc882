import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import postgres from 'postgres';
import { test, expect, signIn, DEMO } from './fixtures';
import { e2eDatabaseUrl } from './visit-setup';

// A champion sets up a workshop (an end before its start is refused, what was typed kept); Jay
// signs up on a 390x844 phone from My space (and the pages fit 320px); the champion ticks him,
// starts the session and counts walk-ins; Priya, who never signed up, checks in on her phone by
// typing the code (a wrong code first); the champion writes the closing record (a missing summary
// is refused) and closes it. Both get their hours once, even when the record is saved again.

const run = Math.random().toString(36).slice(2, 7);
const TITLE = `What makes a good youth club ${run}`;
/** A day in England, `offset` days from now, as a datetime-local input wants it. */
const londonDay = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + offset * 86_400_000));

/** The champion's pages are in a second context, which the fixture doesn't audit: check them here. */
async function axeClean(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function noSidewaysScroll(page: Page, path: string) {
	await page.goto(path);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(320);
}

test('a champion runs a session: sign-up on a phone, ticks, code check-in, walk-ins, closing record and hours once', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const champion = await staff.newPage();
	await signIn(champion, DEMO.champion.username, DEMO.champion.password);
	await champion.goto('/staff/sessions');
	await expect(champion.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
	await axeClean(champion);

	// The end before the start: a plain message, what was typed kept.
	const day = londonDay(2);
	await champion.getByLabel('Title').fill(TITLE);
	await champion.getByLabel('What it’s about (optional)').fill('Pizza, music and your ideas for the new youth club.');
	await champion.getByRole('radio', { name: 'Workshop' }).check();
	await champion.getByLabel('Starts').fill(`${day}T18:00`);
	await champion.getByLabel('Ends').fill(`${day}T17:00`);
	await champion.getByLabel('Place').fill('Riverside Youth Centre, main hall');
	await champion.getByRole('button', { name: 'Create the session' }).click();
	await expect(champion.getByText('The session has to end after it starts.').first()).toBeVisible();
	await expect(champion.getByLabel('Title')).toHaveValue(TITLE);
	await axeClean(champion);
	await champion.getByLabel('Ends').fill(`${day}T20:00`);
	await champion.getByRole('button', { name: 'Create the session' }).click();
	await expect(champion.getByRole('status').filter({ hasText: 'Session created' })).toBeVisible();
	await expect(champion.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
	const overview = new URL(champion.url()).pathname;
	const sessionId = overview.split('/').pop()!;
	const code = ((await champion.locator('.code').textContent()) ?? '').replace('Session code:', '').trim();
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	await expect(champion.getByRole('img', { name: /QR code that opens .*\/live\// })).toBeVisible();
	await expect(champion.getByText('18:00 to 20:00')).toBeVisible();
	await axeClean(champion);

	// Jay signs up on his phone, from My space.
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, DEMO.jay.username, DEMO.jay.password);
	await page.goto('/me');
	await page.getByRole('link', { name: /Sessions and workshops/ }).click();
	await expect(page.getByRole('heading', { name: 'Sessions and workshops', level: 1 })).toBeVisible();
	const card = page.getByRole('article').filter({ hasText: TITLE });
	await expect(card).toBeVisible();
	// The code is for the room: it is never on the participant's pages.
	await expect(page.locator('body')).not.toContainText(code);
	await card.getByRole('button', { name: `Sign me up for ${TITLE}` }).click();
	await expect(page.getByRole('status').filter({ hasText: 'You’re signed up. See you there!' })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}`));
	await expect(page.getByRole('button', { name: 'I can’t come' })).toBeVisible();
	// The pages fit a 320px screen.
	await page.setViewportSize({ width: 320, height: 700 });
	await noSidewaysScroll(page, '/sessions');
	await noSidewaysScroll(page, `/sessions/${sessionId}`);
	await page.setViewportSize({ width: 390, height: 844 });

	// The champion sees Jay, ticks him, starts the session and counts walk-ins.
	await champion.reload();
	const registrations = champion.locator('#registrations');
	await expect(registrations.getByRole('cell', { name: 'Jay', exact: true })).toBeVisible();
	await registrations.getByRole('button', { name: 'Tick Jay as here' }).click();
	await expect(registrations.getByRole('button', { name: 'Untick Jay' })).toBeVisible();
	await expect(registrations.getByText('Ticked at')).toBeVisible();
	await champion.getByRole('button', { name: 'Start the session' }).click();
	await expect(champion.getByRole('status').filter({ hasText: 'The session is live' })).toBeVisible();
	const walkIns = champion.locator('#walk-ins');
	await walkIns.getByRole('button', { name: /one more walk-in/ }).click();
	await expect(walkIns.getByText('1 walk-in counted')).toBeVisible();
	await walkIns.getByRole('button', { name: /one more walk-in/ }).click();
	await expect(walkIns.getByText('2 walk-ins counted')).toBeVisible();
	await walkIns.getByRole('button', { name: /one fewer walk-in/ }).click();
	await expect(walkIns.getByText('1 walk-in counted')).toBeVisible();
	await walkIns.getByLabel('Or type the number of walk-ins').fill('-3');
	await walkIns.getByRole('button', { name: 'Save the number' }).click();
	await expect(walkIns.getByText('Enter the number of walk-ins as a whole number from 0 to 10,000.')).toBeVisible();
	await walkIns.getByLabel('Or type the number of walk-ins').fill('4');
	await walkIns.getByRole('button', { name: 'Save the number' }).click();
	await expect(walkIns.getByText('4 walk-ins counted')).toBeVisible();
	await axeClean(champion);

	// Priya never signed up: on her phone she checks in with the code (a wrong one first).
	await page.context().clearCookies();
	await signIn(page, DEMO.priya.username, DEMO.priya.password);
	await page.goto(`/sessions/${sessionId}`);
	await page.getByLabel('Session code').fill('ZZZZZZ');
	await page.getByRole('button', { name: 'Check me in' }).click();
	await expect(page.getByText('We couldn’t find a session with that code. Check it with your champion and try again.').first()).toBeVisible();
	await page.getByLabel('Session code').fill(` ${code.toLowerCase()} `);
	await page.getByRole('button', { name: 'Check me in' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'You’re checked in' })).toBeVisible();
	await expect(page.getByText('You came: thank you!')).toBeVisible();

	// The closing record: a missing summary is refused; then closed, with the counts.
	await champion.reload();
	await expect(registrations.getByText('Checked in with the code')).toBeVisible();
	await champion.getByRole('link', { name: 'Close the session and write the closing record' }).click();
	await expect(champion.getByRole('heading', { name: 'Close the session', level: 1 })).toBeVisible();
	const counts = champion.locator('dl.facts');
	await expect(counts).toContainText('Signed up2');
	await expect(counts).toContainText('Came (signed up)2');
	await expect(counts).toContainText('Walked in4');
	await axeClean(champion);
	await champion.getByLabel('Walk-ins').fill('5');
	await champion.getByLabel('Summary or minutes').fill('   ');
	await champion.getByRole('button', { name: 'Close the session' }).click();
	await expect(champion.getByText('Please enter a summary or the minutes.').first()).toBeVisible();
	await expect(champion.getByLabel('Walk-ins')).toHaveValue('5');
	await champion.getByLabel('Summary or minutes').fill('Twelve people came. Top ideas: later opening, a music room, cheaper snacks.');
	await champion.getByLabel('Outputs (optional)').fill('Three priorities for the new contract.');
	await champion.getByRole('button', { name: 'Close the session' }).click();
	await expect(champion.getByRole('status').filter({ hasText: 'Session closed' })).toBeVisible();
	await expect(champion.getByText('Closed', { exact: true }).first()).toBeVisible();
	await axeClean(champion);
	// Saving the record again changes the record, never the hours.
	await champion.goto(`${overview}/close`);
	await champion.getByLabel('Outputs (optional)').fill('Three priorities for the new contract, shared with the provider.');
	await champion.getByRole('button', { name: 'Save the closing record' }).click();
	await expect(champion.getByRole('status').filter({ hasText: 'Closing record saved' })).toBeVisible();

	const url = e2eDatabaseUrl();
	if (url) {
		const sql = postgres(url, { max: 1, onnotice: () => {} });
		try {
			const rows = await sql<{ username: string; hours: string }[]>`
				select u.username, c.hours::text as hours from contributions c
				join session_registrations r on r.id = c.source_id and c.activity = 'session'
				join users u on u.id = r.user_id
				where r.session_id = ${sessionId} order by u.username`;
			expect(rows.map((r) => [r.username, Number(r.hours)])).toEqual([
				['jay', 2],
				['priya', 2]
			]);
			const [session] = await sql<{ status: string; walk_ins: number }[]>`select status, walk_ins from workshop_sessions where id = ${sessionId}`;
			expect(session).toMatchObject({ status: 'closed', walk_ins: 5 });
		} finally {
			await sql.end();
		}
	}

	// The staff pages fit a 320px screen too (the create form, the overview, the closing record).
	await champion.setViewportSize({ width: 320, height: 700 });
	for (const path of ['/staff/sessions', overview, `${overview}/close`, `${overview}/edit`]) {
		await noSidewaysScroll(champion, path);
		await axeClean(champion);
	}

	// Jay sees he went.
	await page.context().clearCookies();
	await signIn(page, DEMO.jay.username, DEMO.jay.password);
	await page.goto('/sessions');
	await expect(page.getByRole('article').filter({ hasText: TITLE }).getByText('You came: thank you!')).toBeVisible();
	await staff.close();
});
