import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, signIn, DEMO, BASE_URL } from './fixtures';
import { expectAccessible, joinLive, newPhone, sessionCode } from './live-helpers';

// The champion makes a new code in the middle of a session. A phone that already joined carries
// on by itself: the answer it sends next goes to the old code, is told the new one, is sent there
// (counted once) and the page moves to the new address. A phone opening the old address goes to
// the new one. Someone who never joined gets the usual "isn't open" at the old code. (The stream
// side, where the old code's streams end and phones ask where to go, is the room's to test.)

const marker = Math.random().toString(36).slice(2, 7);
const IDEAS = { prompt: `Ideas for the new code (${marker})` };

async function createSession(page: Page): Promise<string> {
	await page.goto('/staff/sessions');
	await page.getByLabel('Title', { exact: true }).fill(`New code ${marker}`);
	await page.getByLabel('Place', { exact: true }).fill('Riverside Youth Hub');
	await page.getByRole('radio', { name: 'Open: anyone with the code can join in' }).check();
	await Promise.all([page.waitForURL(/\/staff\/sessions\/[a-z2-7]{16}\?saved=created/), page.getByRole('button', { name: 'Create the session' }).click()]);
	const sessionId = /\/staff\/sessions\/([a-z2-7]{16})/.exec(page.url())![1];
	await page.goto(`/staff/sessions/${sessionId}/activities/new`);
	await page.getByRole('radio', { name: /^Ideas wall\b/ }).check();
	await page.getByLabel('The question').fill(IDEAS.prompt);
	await page.getByLabel(/^How many notes each person can send/).fill('1');
	await Promise.all([page.waitForURL(/\/activities\?saved=added/), page.getByRole('button', { name: 'Add activity' }).click()]);
	return sessionId;
}

test('after a new code, a phone that joined moves to it by itself and its answer counts once', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const contexts: BrowserContext[] = [];
	try {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		const sessionId = await createSession(page);
		await page.goto(`/staff/sessions/${sessionId}`);
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page.getByText('The session is live: the code works now.')).toBeVisible();
		const oldCode = await sessionCode(page);
		await page.goto(`/staff/sessions/${sessionId}/control`);
		await page.getByRole('button', { name: 'Start the first activity' }).click();
		await expect(page.getByRole('region', { name: 'On the screen now' })).toContainText(IDEAS.prompt);

		const { context, page: phone } = await newPhone(browser, BASE_URL);
		contexts.push(context);
		await joinLive(phone, oldCode);
		await expect(phone.getByRole('heading', { level: 1 })).toHaveText(IDEAS.prompt);
		const { context: second, page: other } = await newPhone(browser, BASE_URL);
		contexts.push(second);
		await joinLive(other, oldCode);

		// This phone's event stream is cut (as if its network dropped it), so it learns of the new code
		// from its next answer rather than from the stream.
		await phone.route('**/api/live/*/events', (route) => route.abort());
		// The champion makes a new code; the phone still shows the old address.
		await page.goto(`/staff/sessions/${sessionId}`);
		await page.getByRole('button', { name: 'Make a new code' }).click();
		await expect(page.getByText('New code made. The old one doesn’t work any more.')).toBeVisible();
		const code = await sessionCode(page);
		expect(code).not.toBe(oldCode);
		expect(phone.url()).toContain(`/live/${oldCode}`);

		// The next answer: refused at the old code with where to go, sent there, and the page follows.
		const replies: number[] = [];
		phone.on('response', (r) => {
			if (r.request().method() === 'POST' && r.url().includes('/answers')) replies.push(r.status());
		});
		await phone.getByLabel('Your idea').fill('A bike shelter by the door');
		await phone.getByRole('button', { name: 'Send' }).click();
		await phone.waitForURL(new RegExp(`/live/${code}\\?sent=1$`));
		await expect(phone.getByText('Thanks, your answer is in.')).toBeVisible();
		await expect(phone.getByText('Your idea: “A bike shelter by the door” (waiting to be checked).')).toBeVisible();
		expect(replies).toEqual([409, 201]);
		await expectAccessible(phone, 'the phone at the new code');

		// The other phone opens the old address again: it lands on the new one, still joined.
		await other.goto(`/live/${oldCode}`);
		await expect(other).toHaveURL(new RegExp(`/live/${code}$`));
		await expect(other.getByRole('heading', { level: 1 })).toHaveText(IDEAS.prompt);

		// The champion sees one idea waiting, not two.
		await page.goto(`/staff/sessions/${sessionId}/control`);
		await expect(page.getByText('1 waiting.')).toBeVisible();

		// Someone who never joined learns nothing from the old code.
		const { context: stranger, page: nobody } = await newPhone(browser, BASE_URL);
		contexts.push(stranger);
		await nobody.goto(`/live/${oldCode}`);
		await expect(nobody.getByRole('heading', { level: 1 })).toHaveText('That code isn’t open right now');
		await expect(nobody.locator('body')).not.toContainText(code);
	} finally {
		for (const c of contexts) await c.close();
	}
});
