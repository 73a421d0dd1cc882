import type { Page } from '@playwright/test';
import { test, expect, signIn, DEMO } from './fixtures';
import { parseCsv } from '../helpers/csv';

// The demo's short breaks lot 1 (RBC/SB/2026/014) is awarded and published. An officer reads the
// decision, each bidder's assessment summary (printable on A4, and as CSV with the same numbers),
// writes an explanation; the public project page, its open data and the feed show the scoring
// system and the winner, and never any other bidder.

test.describe.configure({ timeout: 120_000 });

const LOT_1 = /^Short breaks lot 1/;
const SLUG = 'short-breaks-for-disabled-children';
const WINNER = 'Brightside Play Ltd';
/** Every other bidder in the demo, in any tender. */
const OTHERS = [
	'Harbour Family Services',
	'Oakfield Short Breaks',
	'Kite Community Care',
	'Northgate Youth',
	'Canal Street Collective',
	'Bluebell Leisure',
	'Willow Play Clubs',
	'SummerSpace Riverside',
	'Sam Whitlock',
	'brightsideplay.example',
	'020 7946'
];

async function tenderPath(page: Page, title: RegExp): Promise<string> {
	await page.goto('/staff/tenders');
	const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
	expect(href).toMatch(/^\/staff\/tenders\/[a-z2-7]{16}$/);
	return href!;
}

async function noSidewaysScroll(page: Page, label: string) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${label} is ${width}px wide`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test('an officer reads the published award, prints a bidder’s summary, downloads it as CSV and explains a score', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await tenderPath(page, LOT_1);
	await page.goto(`${base}/award`);
	await expect(page.getByRole('heading', { level: 1, name: 'Award' })).toBeVisible();
	const ranking = page.getByRole('region', { name: 'Ranking of the bids' });
	await expect(ranking.getByRole('row')).toHaveCount(5);
	await expect(ranking.getByRole('row').nth(1)).toContainText(WINNER);
	await expect(ranking.getByRole('row').nth(1)).toContainText('Winner');
	const decision = page.getByRole('region', { name: 'The decision' });
	await expect(decision).toContainText(WINNER);
	await expect(decision).toContainText('The board');
	await expect(decision).toContainText('Published');
	await expect(decision.getByRole('link', { name: 'See it on the public page' })).toHaveAttribute('href', `/projects/${SLUG}`);
	// Published: it can't change or be published again; the panels have been thanked.
	await expect(page.getByRole('button', { name: /Record the decision|Save the changed decision|Publish the award/ })).toHaveCount(0);
	await expect(page.getByText(/Panels thanked on/)).toBeVisible();
	await expect(page.getByLabel('Thank-you message')).toHaveValue(/Thank you for scoring the short breaks bids/);

	// The summaries: one per bidder.
	await decision.getByRole('link', { name: 'Assessment summaries for each bidder' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Assessment summaries' })).toBeVisible();
	const list = page.getByRole('region', { name: 'Assessment summaries by bidder' });
	await expect(list.getByRole('row')).toHaveCount(5);
	const second = list.getByRole('row').nth(2);
	const bidderName = (await second.getByRole('cell').nth(1).textContent())!.trim();
	expect(bidderName).not.toBe(WINNER);
	await second.getByRole('link', { name: /^Summary for Bid/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Assessment summary' })).toBeVisible();
	await expect(page.locator('.summary dl')).toContainText(bidderName);

	// The page's rows, as a person reads them.
	const table = page.locator('table.scores');
	const pageRows = await table.locator('tbody.criterion').evaluateAll((bodies) =>
		bodies.map((b) => {
			const [main, explanation] = Array.from(b.querySelectorAll('tr'));
			const cells = Array.from(main.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim());
			return { cells, explanation: (explanation.textContent ?? '').trim() };
		})
	);
	expect(pageRows).toHaveLength(7);
	expect(pageRows.every((r) => r.explanation.length > 20)).toBe(true);
	expect(pageRows.at(-1)!.explanation).toMatch(/^Lowest price £1,120,000 ÷ your price £[\d,]+ × 30 = [\d.]+ points\.$|^Yours was the lowest price/);
	const total = (await page.locator('tfoot td').nth(2).textContent())!.trim();

	// The CSV has the same rows and numbers.
	const csvResponse = await page.request.get(`${new URL(page.url()).pathname}/csv`);
	expect(csvResponse.status()).toBe(200);
	expect(csvResponse.headers()['content-type']).toContain('text/csv');
	expect(csvResponse.headers()['content-disposition']).toMatch(/^attachment; filename="assessment-summary-rbc-sb-2026-014-bid-[a-z]\.csv"$/);
	expect(csvResponse.headers()['cache-control']).toBe('no-store');
	const csv = parseCsv(await csvResponse.text());
	expect(csv.find((r) => r[0] === 'Bidder')?.[1]).toBe(bidderName);
	expect(csv.find((r) => r[0] === 'Total points (out of 100)')?.[1]).toBe(total);
	const header = csv.findIndex((r) => r[0] === 'Section');
	const csvRows = csv.slice(header + 1, header + 8);
	for (const [i, r] of pageRows.entries()) {
		const [section, title, weight, score, points, winner, explanation] = csvRows[i];
		expect(r.cells[0]).toBe(`${section} ${title}`);
		expect(r.cells[1]).toBe(`${weight}%`);
		expect(r.cells[2].replace(' (moderated)', '')).toBe(score);
		expect(r.cells.slice(3)).toEqual([points, winner]);
		expect(r.explanation).toBe(explanation);
	}
	expect(csv[header + 8]).toEqual(['Total', '', '100', '', total, expect.any(String), '']);

	// The print version: only the summary, on one A4 page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.getByRole('heading', { name: 'Your explanations' })).toBeHidden();
	await expect(page.locator('.site-header')).toBeHidden();
	const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, 'pages when printed').toBe(1);
	await page.emulateMedia({ media: 'screen' });

	// Explaining a score: saved, shown on the summary and in the CSV.
	const box = page.getByRole('textbox').first();
	await box.fill('A clear plan with a named key worker for every child; more on reviews would have scored higher.');
	await page.getByRole('button', { name: 'Save explanations' }).click();
	await expect(page.getByRole('status')).toHaveText('Explanations saved.');
	await expect(table.locator('tbody.criterion').first().locator('tr').nth(1)).toHaveText('A clear plan with a named key worker for every child; more on reviews would have scored higher.');
	const again = parseCsv(await (await page.request.get(`${new URL(page.url()).pathname}/csv`)).text());
	expect(again[header + 1][6]).toBe('A clear plan with a named key worker for every child; more on reviews would have scored higher.');
});

test('the award and summaries fit a 320px screen', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 640 });
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await tenderPath(page, LOT_1);
	for (const path of [`${base}/award`, `${base}/summaries`]) {
		await page.goto(path);
		await noSidewaysScroll(page, path);
	}
	await page.getByRole('link', { name: /^Summary for Bid/ }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Assessment summary' })).toBeVisible();
	await noSidewaysScroll(page, 'a summary');
});

test('the public page, open data and feed show the scoring system and the winner, and no other bidder', async ({ page }) => {
	await page.goto(`/projects/${SLUG}`);
	await expect(page.getByRole('heading', { level: 2, name: 'Tenders' })).toBeVisible();
	const lot1 = page.getByRole('region', { name: /^Short breaks lot 1/ });
	await expect(lot1.getByRole('heading', { name: 'Who won' })).toBeVisible();
	await expect(lot1).toContainText(`The contract was awarded to ${WINNER}.`);
	await expect(lot1).toContainText('£1,190,000');
	await expect(lot1.getByRole('heading', { name: 'How bids are scored' })).toBeVisible();
	await expect(lot1.getByText('Scored by young people')).toBeVisible();
	await expect(lot1.getByText('Scored by parents and carers')).toBeVisible();
	await expect(lot1.getByRole('listitem').filter({ hasText: 'Excellent' })).toContainText('5');
	const scoring = lot1.getByRole('region', { name: 'How RBC/SB/2026/014 is scored' });
	await expect(scoring.getByRole('rowheader', { name: /What young people think: 15%/ })).toBeVisible();
	await expect(scoring.getByRole('row').filter({ hasText: 'Price for the whole contract' })).toContainText('30%');
	const lot2 = page.getByRole('region', { name: /^Short breaks lot 2/ });
	await expect(lot2).toContainText('Who wins will be shown here once the decision is published.');
	const html = await page.content();
	for (const name of OTHERS) expect(html, name).not.toContain(name);

	const api = await page.request.get(`/api/public/projects/${SLUG}`);
	expect(api.status()).toBe(200);
	const text = await api.text();
	const { project } = JSON.parse(text) as { project: { tenders: { reference: string; award: { winner: string; valuePence: number } | null; sections: { weight: number; scoredBy: string | null }[] }[] } };
	const json1 = project.tenders.find((x) => x.reference === 'RBC/SB/2026/014')!;
	expect(json1.award).toMatchObject({ winner: WINNER, valuePence: 119_000_000 });
	expect(json1.sections.map((s) => [s.weight, s.scoredBy])).toEqual([
		[35, null],
		[15, 'Scored by young people'],
		[10, 'Scored by parents and carers'],
		[10, null],
		[30, null]
	]);
	expect(project.tenders.find((x) => x.reference === 'RBC/SB/2026/015')!.award).toBeNull();
	for (const name of OTHERS) expect(text, name).not.toContain(name);

	const feed = await (await page.request.get('/feed.xml')).text();
	expect(feed).toContain('Contract awarded: Short breaks lot 1');
	expect(feed).toContain(`/projects/${SLUG}#tender-rbc-sb-2026-014`);
	for (const name of OTHERS) expect(feed, name).not.toContain(name);
	await page.goto(`/projects/${SLUG}#tender-rbc-sb-2026-014`);
	await expect(lot1).toBeInViewport();
});
