import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, signIn, DEMO, BASE_URL } from './fixtures';
import {
	addDots,
	answerCount,
	cloudWords,
	expectAccessible,
	expectBars,
	expectSamePage,
	joinLive,
	markPage,
	newPhone,
	ratingCounts,
	sendAnswer,
	sessionCode,
	signInAt,
	wallNotes
} from './live-helpers';

// A champion runs a whole session through the UI: creates it on a project, adds one activity of
// each kind, starts it, runs it from the control panel with the projector open beside it, while
// three phones (one signed in, two anonymous with nicknames) join by typing the code and answer.
// The projector shows the exact tallies live (no reload), the phones follow the champion without
// reloading, ideas reach the screen only once approved, revealed results reach the phones, and
// closing writes the closing record that the results page and CSV show.
// axe checks every page: the champion's and the projector's by the fixtures, the phones' here.

/** How quickly a vote must reach the projector (the hub pushes a few times a second). */
const LIVE = 3_000;
const marker = Math.random().toString(36).slice(2, 7);

const ACTIVITIES = {
	snack: { kind: /^Poll\b/, prompt: `Which snack should the hub have? (${marker})`, pick: 'One option', options: ['Crisps', 'Fruit', 'Toast'] },
	clubs: { kind: /^Poll\b/, prompt: `Which clubs would you go to? (${marker})`, pick: 'As many as they like', options: ['Music', 'Sport', 'Art', 'Cooking'] },
	safe: { kind: /^Rating scale\b/, prompt: `How safe do you feel at the hub? (${marker})`, minLabel: 'Not at all', maxLabel: 'Very' },
	word: { kind: /^Word cloud\b/, prompt: `One or two words for the hub (${marker})`, maxEntries: '2' },
	ideas: { kind: /^Ideas wall\b/, prompt: `What would make the hub better? (${marker})`, maxEntries: '2' },
	dots: { kind: /^Priority voting\b/, prompt: `Spend your 3 dots (${marker})`, options: ['Longer hours', 'More trips', 'New games'], dots: '3' }
} as const;

type Activity = (typeof ACTIVITIES)[keyof typeof ACTIVITIES];

async function addActivity(page: Page, sessionId: string, a: Activity) {
	await page.goto(`/staff/sessions/${sessionId}/activities/new`);
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
	await Promise.all([page.waitForURL(/\/activities\?saved=added/), page.getByRole('button', { name: 'Add activity' }).click()]);
	await expect(page.getByText('Activity added.')).toBeVisible();
}

/** The champion moves the room on; the projector and every phone show the new question by themselves. */
async function moveOn(control: Page, projector: Page, phones: Page[], a: Activity, first = false) {
	await control.getByRole('button', { name: first ? 'Start the first activity' : 'Next activity' }).click();
	await expect(control.getByRole('region', { name: 'On the screen now' })).toContainText(a.prompt);
	await expect(projector.getByRole('heading', { level: 1 })).toHaveText(a.prompt, { timeout: LIVE });
	for (const [i, phone] of phones.entries()) {
		await expect(phone.getByRole('heading', { level: 1 }), `phone ${i + 1} follows`).toHaveText(a.prompt, { timeout: LIVE });
		await expectSamePage(phone, `phone ${i + 1}`);
	}
	await expectSamePage(projector, 'the projector');
}

/** Rows of the results table with this caption, as text. */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
	const table = page.locator('table').filter({ has: page.locator('caption', { hasText: caption }) });
	const rows: string[][] = [];
	for (const row of await table.locator('tbody tr').all()) rows.push((await row.locator('th, td').allInnerTexts()).map((t) => t.trim()));
	return rows;
}

test('a champion runs a session with every kind of activity; three phones answer and the projector keeps up live', async ({ page, context, browser }) => {
	test.setTimeout(300_000);
	const phoneContexts: BrowserContext[] = [];
	try {
		// --- The champion sets up the session and its six activities.
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await page.goto('/staff/sessions');
		const project = (await page.getByLabel('Project').locator('option:checked').innerText()).trim();
		const title = `Hub workshop ${marker}`;
		await page.getByLabel('Title', { exact: true }).fill(title);
		await page.getByLabel('Place', { exact: true }).fill('Riverside Youth Hub');
		await page.getByRole('radio', { name: 'Open: anyone with the code can join in' }).check();
		await page.getByRole('checkbox', { name: 'Show nicknames on the screen' }).check();
		await Promise.all([page.waitForURL(/\/staff\/sessions\/[a-z2-7]{16}\?saved=created/), page.getByRole('button', { name: 'Create the session' }).click()]);
		const sessionId = /\/staff\/sessions\/([a-z2-7]{16})/.exec(page.url())![1];
		for (const a of Object.values(ACTIVITIES)) await addActivity(page, sessionId, a);
		await expect(page.locator('ol.activities > li')).toHaveCount(6);

		await page.goto(`/staff/sessions/${sessionId}`);
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page.getByText('The session is live: the code works now.')).toBeVisible();
		const code = await sessionCode(page);

		// --- The control panel (this page) and the projector (a second page).
		const control = page;
		await control.goto(`/staff/sessions/${sessionId}/control`);
		await expect(control.getByText('On', { exact: true })).toBeVisible({ timeout: 10_000 });
		const projector = await context.newPage();
		await projector.goto(`/staff/sessions/${sessionId}/projector`);
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText(title);
		await expect(projector.getByText(`${code.slice(0, 3)} ${code.slice(3)}`, { exact: true })).toBeVisible();
		await markPage(projector);

		// --- Three phones join by typing the code at /live: priya signed in, two without accounts.
		const phones: Page[] = [];
		const who = [{ nickname: undefined, account: DEMO.priya }, { nickname: 'Sky' }, { nickname: 'Robin' }] as const;
		for (const [i, person] of who.entries()) {
			const { context: phoneContext, page: phone } = await newPhone(browser, BASE_URL);
			phoneContexts.push(phoneContext);
			if ('account' in person) await signInAt(phone, BASE_URL, person.account.username, person.account.password);
			await phone.goto('/live');
			if (i === 0) await expectAccessible(phone, 'the /live page on a phone');
			await joinLive(phone, code, person.nickname);
			await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Waiting for the next activity');
			if (i === 0) await expectAccessible(phone, 'the waiting phone');
			await markPage(phone);
			phones.push(phone);
		}
		const [p1, p2, p3] = phones;

		// --- 1. Poll, one choice.
		await moveOn(control, projector, phones, ACTIVITIES.snack, true);
		await expectAccessible(p1, 'a poll on a phone');
		await p1.getByLabel('Crisps').check();
		await sendAnswer(p1);
		await expectBars(projector, { Crisps: '1 (100%)', Fruit: '0 (0%)', Toast: '0 (0%)' }, LIVE);
		await p2.getByLabel('Fruit').check();
		await sendAnswer(p2);
		await p3.getByLabel('Crisps').check();
		await sendAnswer(p3);
		await expectBars(projector, { Crisps: '2 (67%)', Fruit: '1 (33%)', Toast: '0 (0%)' }, LIVE);
		expect(await answerCount(projector)).toBe(3);
		await expectAccessible(p3, 'a phone after answering');
		// Changing an answer while it's open moves the vote, it doesn't add one.
		await p3.getByRole('link', { name: 'Change my answer' }).click();
		await p3.getByLabel('Toast').check();
		await sendAnswer(p3);
		await expectBars(projector, { Crisps: '1 (33%)', Fruit: '1 (33%)', Toast: '1 (33%)' }, LIVE);
		await expectSamePage(p3, 'phone 3 after changing its answer');

		// --- 2. Poll, several choices.
		await moveOn(control, projector, phones, ACTIVITIES.clubs);
		await expectBars(projector, { Music: '0', Sport: '0', Art: '0', Cooking: '0' }, LIVE);
		for (const label of ['Music', 'Sport']) await p1.getByLabel(label).check();
		await sendAnswer(p1);
		await p2.getByLabel('Sport').check();
		await sendAnswer(p2);
		for (const label of ['Sport', 'Art', 'Cooking']) await p3.getByLabel(label).check();
		await sendAnswer(p3);
		await expectBars(projector, { Music: '1 (33%)', Sport: '3 (100%)', Art: '1 (33%)', Cooking: '1 (33%)' }, LIVE);

		// --- 3. Rating scale.
		await moveOn(control, projector, phones, ACTIVITIES.safe);
		await expectAccessible(p2, 'a rating on a phone');
		for (const [phone, n] of [[p1, '4'], [p2, '5'], [p3, '4']] as const) {
			await phone.locator(`input[name="rating"][value="${n}"]`).check({ force: true });
			await sendAnswer(phone);
		}
		await expect.poll(() => ratingCounts(projector), { timeout: LIVE }).toEqual([0, 0, 0, 2, 1]);
		await expect(projector.getByText('Average 4.3 out of 5')).toBeVisible();

		// --- 4. Word cloud; the champion takes one word off the screen.
		await moveOn(control, projector, phones, ACTIVITIES.word);
		await expectAccessible(p1, 'a word cloud on a phone');
		await p1.getByLabel('Word 1').fill('Friendly');
		await p1.getByLabel('Word 2').fill('safe');
		await sendAnswer(p1);
		await p2.getByLabel('Word 1').fill('friendly');
		await sendAnswer(p2);
		await p3.getByLabel('Word 1').fill('FRIENDLY ');
		await p3.getByLabel('Word 2').fill('noisy');
		await sendAnswer(p3);
		const lower = (words: Record<string, number>) => Object.fromEntries(Object.entries(words).map(([w, n]) => [w.toLowerCase(), n]));
		await expect.poll(async () => lower(await cloudWords(projector)), { timeout: LIVE }).toEqual({ friendly: 3, safe: 1, noisy: 1 });
		await control.getByRole('button', { name: 'Hide “noisy”' }).click();
		await expect.poll(async () => lower(await cloudWords(projector)), { timeout: LIVE }).toEqual({ friendly: 3, safe: 1 });

		// --- 5. Ideas wall: nothing reaches the screen until the champion approves it.
		await moveOn(control, projector, phones, ACTIVITIES.ideas);
		await expectAccessible(p1, 'an ideas wall on a phone');
		// Names are shown in this session, and the phone says so.
		await expect(p2.getByText('Your nickname, if you gave one, is shown beside your ideas.')).toBeVisible();
		const ideas = { hours: 'Open later on Fridays', quiet: 'A quiet room for homework', toast: 'Free toast after school', hide: 'Ban the staff from the pool table' };
		await p1.getByLabel('Idea 1').fill(ideas.hours);
		await sendAnswer(p1);
		await p2.getByLabel('Idea 1').fill(ideas.quiet);
		await p2.getByLabel('Idea 2').fill(ideas.toast);
		await sendAnswer(p2);
		await p3.getByLabel('Idea 1').fill(ideas.hide);
		await sendAnswer(p3);
		await expect(control.getByText('4 waiting.')).toBeVisible({ timeout: LIVE });
		await expect.poll(() => answerCount(projector), { timeout: LIVE }).toBe(3);
		await expect(projector.getByText('No ideas on the wall yet.')).toBeVisible();
		expect(await wallNotes(projector)).toEqual([]);

		const queued = (text: string) => control.locator('li').filter({ hasText: text });
		await queued(ideas.hours).getByRole('button', { name: /^Approve/ }).click();
		await expect(control.getByText('3 waiting.')).toBeVisible({ timeout: LIVE });
		await expect.poll(() => wallNotes(projector), { timeout: LIVE }).toEqual([ideas.hours]);
		await queued(ideas.hide).getByRole('button', { name: /^Hide/ }).click();
		await expect(control.getByText('2 waiting.')).toBeVisible({ timeout: LIVE });
		await queued(ideas.quiet).getByRole('button', { name: /^Approve/ }).click();
		await expect.poll(async () => (await wallNotes(projector)).sort(), { timeout: LIVE }).toEqual([ideas.hours, ideas.quiet].sort());
		// The session shows nicknames: Sky's idea carries hers; priya gave none, so hers has no name.
		await expect(projector.locator('ul.notes > li').filter({ hasText: ideas.quiet })).toContainText('Sky');
		await expect(projector.locator('ul.notes > li').filter({ hasText: ideas.hours })).not.toContainText(DEMO.priya.username);
		await expect(control.getByText('1 waiting.')).toBeVisible({ timeout: LIVE });
		// The hidden idea and the one still waiting never reach the screen.
		await projector.waitForTimeout(1000);
		expect(await wallNotes(projector)).not.toContain(ideas.hide);
		expect(await wallNotes(projector)).not.toContain(ideas.toast);
		await expect(projector.getByText(ideas.hide)).toHaveCount(0);

		// --- 6. Priority dots; then the results are revealed on the phones.
		await moveOn(control, projector, phones, ACTIVITIES.dots);
		await expectAccessible(p3, 'priority voting on a phone');
		await addDots(p1, 'Longer hours', 3);
		await sendAnswer(p1);
		await addDots(p2, 'Longer hours', 1);
		await addDots(p2, 'More trips', 2);
		await sendAnswer(p2);
		await addDots(p3, 'New games', 2);
		await addDots(p3, 'More trips', 1);
		await sendAnswer(p3);
		await expectBars(projector, { 'Longer hours': '4 dots', 'More trips': '3 dots', 'New games': '2 dots' }, LIVE);
		for (const phone of phones) await expect(phone.getByRole('heading', { name: 'Results' })).toHaveCount(0);

		await control.getByRole('button', { name: 'Reveal results', exact: true }).click();
		await expect(control.getByRole('region', { name: 'On the screen now' })).toContainText('results shown on phones');
		for (const [i, phone] of phones.entries()) {
			const results = phone.getByRole('region', { name: 'Results' });
			await expect(results, `phone ${i + 1} shows the results`).toBeVisible({ timeout: LIVE });
			await expect(results.locator('li').filter({ hasText: 'Longer hours' })).toContainText('4 dots');
			await expect(results.locator('li').filter({ hasText: 'More trips' })).toContainText('3 dots');
			await expect(results.locator('li').filter({ hasText: 'New games' })).toContainText('2 dots');
			await expectSamePage(phone, `phone ${i + 1}`);
		}
		await expectAccessible(p1, 'revealed results on a phone');

		// --- Closing: the closing record, then the phones and the screen say it's over.
		await control.goto(`/staff/sessions/${sessionId}/close`);
		await control.getByLabel('Summary or minutes').fill(`Six activities with three phones (${marker}).`);
		await control.getByLabel('Outputs (optional)').fill('Longer Friday hours go into the outcomes.');
		await control.getByLabel('Walk-ins', { exact: true }).fill('2');
		await Promise.all([control.waitForURL(/\?saved=closed/), control.getByRole('button', { name: 'Close the session' }).click()]);
		await expect(control.getByText('Session closed. Hours have been credited to everyone who came.')).toBeVisible();
		await expect(projector.getByText('Thank you for taking part!')).toBeVisible({ timeout: LIVE });
		await expectSamePage(projector, 'the projector');
		for (const [i, phone] of phones.entries()) {
			await expect(phone.getByRole('heading', { level: 1 }), `phone ${i + 1}`).toHaveText('The session has finished', { timeout: LIVE });
			// Said to screen readers too (the page's polite live region).
			await expect(phone.locator('[aria-live="polite"]').filter({ hasText: 'The session has finished. Thank you!' })).toHaveCount(1);
			await expectSamePage(phone, `phone ${i + 1}`);
		}

		// --- The results page and the CSV keep the tallies.
		await control.goto(`/staff/sessions/${sessionId}/results`);
		await expect(control.getByRole('heading', { level: 1 })).toHaveText(`Results: ${title}`);
		await expect(control.getByRole('link', { name: project })).toBeVisible();
		await expect(control.getByText(`Six activities with three phones (${marker}).`)).toBeVisible();
		expect(await tableRows(control, 'Who came')).toEqual([['1', '1', '2', '3', '3']]);
		expect(await tableRows(control, 'Answers to question 1')).toEqual([
			['Crisps', '1', '33%'],
			['Fruit', '1', '33%'],
			['Toast', '1', '33%']
		]);
		expect(await tableRows(control, 'Answers to question 2')).toEqual([
			['Music', '1', '33%'],
			['Sport', '3', '100%'],
			['Art', '1', '33%'],
			['Cooking', '1', '33%']
		]);
		expect(await tableRows(control, 'Ratings for question 3')).toEqual([['1', '0'], ['2', '0'], ['3', '0'], ['4', '2'], ['5', '1']]);
		expect((await tableRows(control, 'Words for question 4')).map(([w, place, n]) => [w.toLowerCase(), place, n])).toEqual([
			['friendly', '1', '3'],
			['safe', '2', '1']
		]);
		expect(await tableRows(control, 'Dots for question 6')).toEqual([['Longer hours', '4'], ['More trips', '3'], ['New games', '2']]);
		const wall = control.locator('section.activity').filter({ hasText: ACTIVITIES.ideas.prompt });
		await expect(wall.locator('ul.notes > li')).toHaveCount(2);
		await expect(wall).not.toContainText(ideas.hide);

		const csvLink = await control.getByRole('link', { name: 'Download the results as CSV' }).getAttribute('href');
		const csv = await control.request.get(csvLink!);
		expect(csv.status()).toBe(200);
		expect(csv.headers()['content-type']).toContain('text/csv');
		const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
		expect(lines[0]).toBe('Activity,Question,Type,Answer,Count');
		const row = (n: number, a: Activity, type: string, answer: string, count: number | string) => `${n},${a.prompt.includes(',') ? `"${a.prompt}"` : a.prompt},${type},${answer},${count}`;
		for (const expected of [
			row(1, ACTIVITIES.snack, 'Poll', 'People who answered', 3),
			row(1, ACTIVITIES.snack, 'Poll', 'Crisps', 1),
			row(1, ACTIVITIES.snack, 'Poll', 'Toast', 1),
			row(2, ACTIVITIES.clubs, 'Poll', 'Sport', 3),
			row(3, ACTIVITIES.safe, 'Rating scale', '4', 2),
			row(3, ACTIVITIES.safe, 'Rating scale', '5', 1),
			row(6, ACTIVITIES.dots, 'Priority voting', 'Longer hours (dots)', 4),
			row(6, ACTIVITIES.dots, 'Priority voting', 'More trips (dots)', 3),
			row(5, ACTIVITIES.ideas, 'Ideas wall', ideas.quiet, 1)
		]) {
			expect(lines, `the CSV has ${expected}`).toContain(expected);
		}
		expect(lines.some((l) => /friendly,3$/i.test(l)), 'the CSV counts "friendly" 3 times').toBe(true);
		expect(lines.join('\n')).not.toContain(ideas.hide);
		expect(lines.join('\n')).not.toContain(ideas.toast);
		expect(lines.join('\n')).not.toMatch(/noisy|Sky|Robin|priya/i);
	} finally {
		await Promise.all(phoneContexts.map((c) => c.close().catch(() => {})));
	}
});
