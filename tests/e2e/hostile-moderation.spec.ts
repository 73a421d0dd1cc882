import type { APIResponse, Page } from '@playwright/test';
import { test, expect, signIn, postForm, expect4xx, DEMO } from './fixtures';

// Bad input at every moderation and results address and form: malformed scores and reasons,
// ids of other tenders, made-up ids, steps the tender's status doesn't allow, and a champion
// (who may see tenders but not moderate them). Each gets a plain 4xx, never a 5xx, and the
// pages afterwards prove nothing changed. Lot 2 may be finalised meanwhile by
// tender-moderation.spec, so its refusals accept either the field's message or the status one.

test.describe.configure({ timeout: 120_000 });

const FAKE = 'zzzzzzzzzzzzzzzz';
const LONG = 'x'.repeat(10_000);
const STATUS_REFUSAL = 'Scores can be moderated only after scoring has closed and before the evaluation is finalised.';

async function tenderPath(page: Page, title: RegExp): Promise<string> {
	await page.goto('/staff/tenders');
	const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
	expect(href).toMatch(/^\/staff\/tenders\/[a-z2-7]{16}$/);
	return href!;
}

/** Every bid/criterion card on a moderation page, as ids ("m-<bidId>-<criterionId>"). */
async function cards(page: Page, base: string) {
	await page.goto(`${base}/moderation`);
	const ids = await page.locator('article.card').evaluateAll((els) => els.map((e) => e.id));
	return ids.map((id) => ({ anchor: id, bidId: id.slice(2, 18), criterionId: id.slice(19) }));
}

/** A 400 whose page says one of the given messages. */
async function expectRefused(response: APIResponse, label: string, ...messages: string[]) {
	await expect4xx(response, label);
	expect(response.status(), label).toBe(400);
	const body = (await response.text()).replaceAll('&#39;', '’').replaceAll('&quot;', '"');
	expect(messages.some((m) => body.includes(m)), `${label}: expected one of ${messages.join(' | ')}`).toBe(true);
}

test('malformed scores, reasons and ids are refused in plain words, and nothing is moderated', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const lot2 = await tenderPath(page, /^Short breaks lot 2/);
	const lot1 = await tenderPath(page, /^Short breaks lot 1/);
	// The young people's question (the last cards): the other spec moderates the first question only.
	const target = (await cards(page, lot2)).at(-1)!;
	const other = (await cards(page, lot1))[0];
	const action = `${lot2}/moderation?/moderate`;
	const good = { bidId: target.bidId, criterionId: target.criterionId, score: '3', rationale: 'HOSTILE-REASON agreed' };
	const cases: [Record<string, string>, string[]][] = [
		[{}, ['Choose the moderated score.', 'Choose a bid of this tender.']],
		[{ ...good, score: '9' }, ['Choose a whole-number score from 0 to 5.', STATUS_REFUSAL]],
		[{ ...good, score: '-1' }, ['Choose a whole-number score from 0 to 5.', STATUS_REFUSAL]],
		[{ ...good, score: '4.5' }, ['Choose the moderated score.']],
		[{ ...good, score: '0x3' }, ['Choose the moderated score.']],
		[{ ...good, score: 'three' }, ['Choose the moderated score.']],
		[{ ...good, score: '' }, ['Choose the moderated score.']],
		[{ ...good, rationale: '' }, ['Please enter the reason for the moderated score.']],
		[{ ...good, rationale: '    ' }, ['Please enter the reason for the moderated score.']],
		[{ ...good, rationale: LONG }, ['The reason for the moderated score can be at most 2000 characters.']],
		[{ ...good, rationale: 'HOSTILE-REASON\u0000' }, ['That has a character in it we can’t accept.']],
		[{ ...good, bidId: other.bidId }, ['Choose a bid of this tender.', STATUS_REFUSAL]],
		[{ ...good, criterionId: other.criterionId }, ['Choose a criterion of this tender.', STATUS_REFUSAL]],
		[{ ...good, bidId: FAKE }, ['Choose a bid of this tender.', STATUS_REFUSAL]],
		[{ ...good, bidId: '../../etc' }, ['Choose a bid of this tender.']],
		[{ ...good, criterionId: LONG.slice(0, 300) }, ['Choose a criterion of this tender.']]
	];
	for (const [fields, messages] of cases) {
		await expectRefused(await postForm(page.request, action, fields), `moderate ${JSON.stringify(fields).slice(0, 80)}`, ...messages);
	}
	// As use:enhance sends it: a JSON failure, not a 5xx.
	const enhanced = await postForm(page.request, action, { ...good, score: 'three' }, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } });
	expect(enhanced.status()).toBe(200);
	expect(await enhanced.json()).toMatchObject({ type: 'failure', status: 400 });
	// A file instead of a score.
	const upload = await page.request.post(action, {
		multipart: { ...good, score: { name: 'score.txt', mimeType: 'text/plain', buffer: Buffer.from('3') } },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	await expectRefused(upload, 'moderate with a file', 'Please type this in rather than attaching a file.');

	// Removing a moderation that isn't there, or with broken ids.
	const remove = `${lot2}/moderation?/unmoderate`;
	await expectRefused(await postForm(page.request, remove, { bidId: target.bidId, criterionId: target.criterionId }), 'unmoderate nothing', 'there is nothing to remove', 'Moderated scores can be removed only after scoring has closed');
	await expectRefused(await postForm(page.request, remove, { bidId: 'nope', criterionId: target.criterionId }), 'unmoderate bad id', 'Choose a bid of this tender.');
	await expectRefused(await postForm(page.request, remove, {}), 'unmoderate empty', 'Choose a bid of this tender.');

	// Nothing changed: the card has no moderated score and the hostile reason is nowhere.
	await page.goto(`${lot2}/moderation`);
	await expect(page.locator(`#${target.anchor}`)).not.toContainText('Moderated score:');
	await expect(page.locator('main')).not.toContainText('HOSTILE-REASON');
});

test('made-up tenders answer 404, and steps the status doesn’t allow change nothing', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	for (const bad of [FAKE, 'ABC', '..%2F..%2Fetc', LONG.slice(0, 300)]) {
		for (const sub of ['moderation', 'results']) await expect4xx(await page.request.get(`/staff/tenders/${bad}/${sub}`), `${sub} ${bad.slice(0, 20)}`);
		for (const step of ['moderate', 'unmoderate', 'close', 'reopen', 'finalise']) {
			const response = await postForm(page.request, `/staff/tenders/${bad}/moderation?/${step}`, { bidId: FAKE, criterionId: FAKE, score: '3', rationale: 'x' });
			await expect4xx(response, `${step} on ${bad.slice(0, 20)}`);
			expect(response.status()).toBe(404);
		}
	}

	// Lot 1 is awarded: nothing can be closed, reopened, finalised or moderated.
	const lot1 = await tenderPath(page, /^Short breaks lot 1/);
	const card = (await cards(page, lot1))[0];
	for (const step of ['close', 'reopen', 'finalise'])
		await expectRefused(await postForm(page.request, `${lot1}/moderation?/${step}`, {}), `lot 1 ${step}`, 'This tender is at “Awarded”, so that step isn’t possible now.');
	await expectRefused(await postForm(page.request, `${lot1}/moderation?/moderate`, { ...card, score: '0', rationale: 'HOSTILE-REASON' }), 'lot 1 moderate', STATUS_REFUSAL);
	await page.goto(`${lot1}/moderation`);
	await expect(page.getByRole('heading', { name: 'Where the evaluation is: Awarded' })).toBeVisible();
	await expect(page.locator('main')).not.toContainText('HOSTILE-REASON');

	// The youth work tender is still being scored: no moderating, reopening or finalising yet.
	const youth = await tenderPath(page, /^Riverside youth work/);
	const live = (await cards(page, youth))[0];
	await expectRefused(await postForm(page.request, `${youth}/moderation?/moderate`, { ...live, score: '2', rationale: 'HOSTILE-REASON' }), 'youth moderate', STATUS_REFUSAL);
	for (const step of ['reopen', 'finalise'])
		await expectRefused(await postForm(page.request, `${youth}/moderation?/${step}`, {}), `youth ${step}`, 'This tender is at “Panels scoring”, so that step isn’t possible now.');
	await page.goto(`${youth}/moderation`);
	await expect(page.getByRole('heading', { name: 'Where the evaluation is: Panels scoring' })).toBeVisible();
	await expect(page.locator(`#${live.anchor}`)).not.toContainText('Moderated score:');
	await expect(page.locator('main')).not.toContainText('HOSTILE-REASON');
});

test('a champion can see tenders but not moderation or results', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const lot2 = await tenderPath(page, /^Short breaks lot 2/);
	const target = (await cards(page, lot2)).at(-1)!;
	await page.context().clearCookies();
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	for (const sub of ['moderation', 'results']) {
		const response = await page.request.get(`${lot2}/${sub}`, { maxRedirects: 0 });
		expect(response.status(), sub).toBe(403);
	}
	for (const step of ['moderate', 'unmoderate', 'close', 'reopen', 'finalise']) {
		const fields = { bidId: target.bidId, criterionId: target.criterionId, score: '3', rationale: 'HOSTILE-REASON champion' };
		expect((await postForm(page.request, `${lot2}/moderation?/${step}`, fields)).status(), step).toBe(403);
		expect((await postForm(page.request, `${lot2}/moderation?/${step}`, fields, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } })).status(), `enhanced ${step}`).toBe(403);
	}
	await page.goto(`${lot2}/moderation`);
	await expect(page.getByText('This page is not part of your account.')).toBeVisible();
});
