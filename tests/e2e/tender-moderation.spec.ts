import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, DEMO } from './fixtures';

// An officer moderates the demo's short breaks lot 2 (RBC/SB/2026/015, scoring closed): every
// member's score numbered not named, spreads in words, a moderated score needs a written reason,
// the results change with it (chart with its table, and whether the young people changed the
// order), a moderated score can be removed again, and finally the evaluation is finalised.

test.describe.configure({ timeout: 120_000 });

const LOT_2 = /^Short breaks lot 2/;
const LOT_1 = /^Short breaks lot 1/;

/** A tender's address, found the way an officer would: from the tenders list. */
async function tenderPath(page: Page, title: RegExp): Promise<string> {
	await page.goto('/staff/tenders');
	const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
	expect(href).toMatch(/^\/staff\/tenders\/[a-z2-7]{16}$/);
	return href!;
}

/** Bid X's total on the results page, as shown in the ranking table. */
async function totalOf(page: Page, base: string, label: string): Promise<string> {
	await page.goto(`${base}/results`);
	const row = page.getByRole('region', { name: 'Ranking' }).getByRole('row').filter({ hasText: `Bid ${label}` });
	return (await row.getByRole('cell').nth(2).textContent())!.trim();
}

async function average(card: Locator): Promise<number> {
	const text = await card.getByText(/^\s*Average:/).textContent();
	return Number(/Average:\s*([\d.]+)/.exec(text ?? '')![1]);
}

test('an officer moderates a score with a reason, sees the totals change, and finalises', async ({ page }) => {
	const cspProblems: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) cspProblems.push(m.text());
	});
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await tenderPath(page, LOT_2);
	await page.goto(`${base}/moderation`);
	await expect(page.getByRole('heading', { level: 1, name: /^Moderation: Short breaks lot 2/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Where the evaluation is: Moderating' })).toBeVisible();

	// Members are numbered within their panel, never named; no draft is shown.
	const main = page.locator('main');
	await expect(main).toContainText('Member 1:');
	await expect(main).toContainText('Member 2:');
	for (const name of ['Jay', 'Mia', 'Morgan Lead', 'Owen Officer', 'Willow Play', 'SummerSpace', 'Harbour Family']) await expect(main).not.toContainText(name);

	// Spreads are described in words; every flagged card is listed at the top, with a badge in words.
	await expect(page.getByRole('heading', { name: 'Scores that differ widely' })).toBeVisible();
	await expect(main.getByText(/The scores run from \d to \d/).first()).toBeVisible();
	const flaggedCards = await page.locator('article.flagged').count();
	await expect(page.locator('ul.flagged li')).toHaveCount(flaggedCards);
	await expect(page.locator('article.flagged').getByText('Wide spread: worth discussing')).toHaveCount(flaggedCards);
	if (flaggedCards === 0) await expect(main).toContainText('None: on every question the members’ scores are close.');

	// The first quality question, first bid: a moderated score far from the average.
	const card = page.locator('article.card').first();
	const label = (await card.getByRole('heading', { level: 4 }).textContent())!.replace(/^Bid (\w+).*$/s, '$1');
	const mean = await average(card);
	const before = await totalOf(page, base, label);
	await page.goto(`${base}/moderation`);
	const target = mean > 2.5 ? { score: '1', words: 'Very poor' } : { score: '5', words: 'Excellent' };
	const originals = await card.locator('ul.scores li').allTextContents();

	// A moderated score needs a reason: refused in plain words, nothing saved.
	await card.getByText(/^Set a moderated score/).click();
	await card.getByLabel(`${target.score} – ${target.words}`).check();
	await card.getByRole('button', { name: /^Save the moderated score/ }).click();
	const failedCard = page.locator('article.card').first();
	await expect(failedCard.getByRole('alert')).toContainText('Please enter the reason for the moderated score.');
	await expect(failedCard.getByLabel(`${target.score} – ${target.words}`)).toBeChecked();
	await expect(failedCard).not.toContainText('Moderated score:');

	const reason = 'The panel met and agreed the answer gives no detail on staffing ratios.';
	await failedCard.getByRole('textbox', { name: /^Why this score\?/ }).fill(reason);
	await failedCard.getByRole('button', { name: /^Save the moderated score/ }).click();
	await expect(page.getByRole('status')).toHaveText('Saved the moderated score.');
	const moderated = page.locator('article.card').first();
	await expect(moderated).toContainText(`Moderated score: ${target.score} – ${target.words}`);
	await expect(moderated).toContainText(`Reason: ${reason}`);
	await expect(moderated).toContainText('By Owen Officer');
	// The members' own scores are kept.
	expect(await moderated.locator('ul.scores li').allTextContents()).toEqual(originals);

	// The results: the bid's total changed; a chart with its table; the influence in one sentence.
	const after = await totalOf(page, base, label);
	expect(after).not.toBe(before);
	await expect(page.getByRole('heading', { level: 1, name: /^Results: Short breaks lot 2/ })).toBeVisible();
	await expect(page.getByText('These results are not final')).toBeVisible();
	await expect(page.getByText(/adds its score divided by the top of the scale/)).toBeVisible();
	const chart = page.locator('.chart canvas');
	await expect(chart).toBeVisible();
	await expect.poll(async () => chart.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
	await expect(page.locator('.chart')).toHaveAttribute('aria-label', /^Stacked bar chart of each bid’s total by section: Bid /);
	const breakdown = page.getByRole('region', { name: 'Points from each section' });
	await expect(breakdown.getByRole('columnheader')).toHaveText([
		'Bid',
		'Quality of the service (out of 55)',
		'What young people think (out of 15)',
		'Price (out of 30)',
		'Total (out of 100)'
	]);
	await expect(breakdown.getByRole('row')).toHaveCount(4);
	await expect(breakdown.getByRole('row').filter({ hasText: `Bid ${label}` }).getByRole('cell').last()).toHaveText(after);
	await expect(page.locator('p.influence')).toHaveText(/^Without the young people’s scores, (the order of the bids would not have changed|Bid [A-C] would have come first instead of Bid [A-C]|Bid [A-C] would still have come first, but the order of the other bids would have changed)\.$/);
	await expect(page.getByRole('table', { name: 'With everyone’s scores' })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Without the young people’s scores' })).toBeVisible();

	// Another moderation, removed again: the average counts once more.
	await page.goto(`${base}/moderation`);
	const second = page.locator('article.card').nth(1);
	const secondId = await second.getAttribute('id');
	await second.getByText(/^Set a moderated score/).click();
	await second.getByLabel('3 – Acceptable').check();
	await second.getByRole('textbox', { name: /^Why this score\?/ }).fill('Agreed at moderation.');
	await second.getByRole('button', { name: /^Save the moderated score/ }).click();
	await expect(page.locator(`#${secondId}`)).toContainText('Moderated score: 3 – Acceptable');
	await page.locator(`#${secondId}`).getByRole('button', { name: /^Remove the moderated score/ }).click();
	await expect(page.getByRole('status')).toHaveText('Removed the moderated score: the average of the members’ scores counts again.');
	await expect(page.locator(`#${secondId}`)).not.toContainText('Moderated score:');
	await expect(page.locator(`#${secondId}`)).toContainText('The average counts, as nobody has moderated this score.');

	// Finalise: explained first, then done; no more moderating.
	await expect(page.getByText('Finalising fixes the scores and totals')).toBeVisible();
	await page.getByRole('button', { name: 'Finalise the evaluation' }).click();
	await expect(page.getByRole('status')).toHaveText('The evaluation is finalised.');
	await expect(page.getByRole('heading', { name: 'Where the evaluation is: Evaluation finalised' })).toBeVisible();
	await expect(page.getByText(/^Set a moderated score|^Change the moderated score/)).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Remove the moderated score/ })).toHaveCount(0);
	await expect(page.locator('article.card').first()).toContainText(`Moderated score: ${target.score} – ${target.words}`);
	await page.goto(`${base}/results`);
	await expect(page.getByText('These results are not final')).toHaveCount(0);
	expect(cspProblems).toEqual([]);
});

test('the moderation and results pages fit a 320px screen', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 640 });
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	for (const title of [LOT_1, LOT_2]) {
		const base = await tenderPath(page, title);
		for (const path of [`${base}/moderation`, `${base}/results`]) {
			await page.goto(path);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(320);
		}
	}
});
