import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, postForm, expect4xx, DEMO } from './fixtures';

// Bad input at every award and assessment-summary address and form: malformed, oversized and
// unknown ids, other tenders' bids, NUL characters, forms out of order, people without the
// permission. Each answers a plain 4xx (never a 5xx), and what the app shows afterwards proves
// nothing changed.

test.describe.configure({ timeout: 120_000 });

const LONG = 'x'.repeat(10_000);
const LOT_1 = /^Short breaks lot 1/;
const YOUTH = /^Riverside youth work/;

async function tenderPath(page: Page, title: RegExp): Promise<string> {
	await page.goto('/staff/tenders');
	const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
	expect(href).toMatch(/^\/staff\/tenders\/[a-z2-7]{16}$/);
	return href!;
}

/** The award page's facts and the public JSON: what any change would show up in. */
async function state(request: APIRequestContext, base: string) {
	const award = await (await request.get(`${base}/award`)).text();
	const decision = /<section class="card"[^]*?<\/section>/.exec(award)?.[0] ?? '';
	const json = await (await request.get('/api/public/projects/short-breaks-for-disabled-children')).json();
	return { decision: decision.replace(/\s+/g, ' '), tenders: json.project.tenders };
}

const goodAward = (bidId: string) => ({
	winningBidId: bidId,
	value: '1190000',
	startsOn: '2030-01-01',
	endsOn: '2032-12-31',
	decidedOn: new Date().toISOString().slice(0, 10),
	approved: 'yes',
	rationale: 'The highest-scoring bid.'
});

test('bad ids and wrong people get a plain 4xx on every award and summary address', async ({ page, browser }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await tenderPath(page, LOT_1);
	for (const bad of ['zzzzzzzzzzzzzzzz', 'ABC', '..%2F..%2Fetc', LONG.slice(0, 300), '%00']) {
		await expect4xx(await page.request.get(`/staff/tenders/${bad}/award`), `award ${bad.slice(0, 20)}`);
		await expect4xx(await page.request.get(`/staff/tenders/${bad}/summaries`), `summaries ${bad.slice(0, 20)}`);
		await expect4xx(await page.request.get(`${base}/summaries/${bad}`), `summary ${bad.slice(0, 20)}`);
		await expect4xx(await page.request.get(`${base}/summaries/${bad}/csv`), `csv ${bad.slice(0, 20)}`);
		await expect4xx(await postForm(page.request, `${base}/summaries/${bad}?/explain`, { explanation: 'x' }), `explain ${bad.slice(0, 20)}`);
	}
	// Another tender's bid under this tender's address is not found.
	const youth = await tenderPath(page, YOUTH);
	await page.goto(`${base}/summaries`);
	const lot1Bid = (await page.getByRole('link', { name: /^Summary for Bid/ }).first().getAttribute('href'))!.split('/')[5];
	await expect4xx(await page.request.get(`${youth}/summaries/${lot1Bid}`), 'lot 1 bid under the youth work tender');
	await expect4xx(await page.request.get(`${youth}/summaries/${lot1Bid}/csv`), 'lot 1 bid CSV under the youth work tender');
	// The youth work tender has no award yet: its summaries say so, and none can be opened.
	await page.goto(`${youth}/summaries`);
	await expect(page.getByText('Assessment summaries are ready once the award is recorded.')).toBeVisible();

	// A champion (tenders:view, not tenders:manage) and a panel member are refused outright.
	for (const who of [DEMO.champion, DEMO.jay]) {
		const context = await browser.newContext();
		const other = await context.newPage();
		await signIn(other, who.username, who.password);
		for (const path of [`${base}/award`, `${base}/summaries`, `${base}/summaries/${lot1Bid}`, `${base}/summaries/${lot1Bid}/csv`]) {
			expect((await other.request.get(path, { maxRedirects: 0 })).status(), `${who.username} GET ${path}`).toBe(403);
		}
		for (const action of ['record', 'publish', 'thank']) {
			expect((await postForm(other.request, `${base}/award?/${action}`, goodAward(lot1Bid))).status(), `${who.username} ${action}`).toBe(403);
		}
		await context.close();
	}
});

test('a published award can’t be changed, republished or given hostile thanks; nothing changes', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await tenderPath(page, LOT_1);
	await page.goto(`${base}/summaries`);
	const bids = await page.getByRole('link', { name: /^Summary for Bid/ }).evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/')[5]));
	const before = await state(page.request, base);
	expect(before.decision).toContain('Brightside Play Ltd');

	const record = (fields: Record<string, string>) => postForm(page.request, `${base}/award?/record`, fields);
	for (const bidId of bids) {
		const response = await record(goodAward(bidId));
		await expect4xx(response, `record ${bidId}`);
		expect(await response.text()).toContain('The award is published, so it can’t change now.');
	}
	const publish = await postForm(page.request, `${base}/award?/publish`, {});
	await expect4xx(publish, 'publish again');
	expect(await publish.text()).toContain('The award is already published.');
	for (const message of ['', LONG, 'Thanks\u0000', '   ']) await expect4xx(await postForm(page.request, `${base}/award?/thank`, { message }), `thank ${message.slice(0, 10)}`);
	// Files where text belongs, and no origin, are refused too.
	const file = await page.request.post(`${base}/award?/thank`, {
		multipart: { message: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') } },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	await expect4xx(file, 'thank with a file');
	expect((await postForm(page.request, `${base}/award?/thank`, { message: 'Cross-site thanks' }, { origin: 'https://evil.example' })).status()).toBe(403);
	expect(await state(page.request, base)).toEqual(before);
	await page.goto(`${base}/award`);
	await expect(page.getByLabel('Thank-you message')).toHaveValue(/Thank you for scoring the short breaks bids/);
});

test('an award can’t be recorded for a tender still being scored, with any input', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const youth = await tenderPath(page, YOUTH);
	await page.goto(`${youth}/award`);
	await expect(page.getByText('The award can be recorded once the evaluation is finalised.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Record the decision' })).toHaveCount(0);
	const bids = await page.getByRole('region', { name: 'Ranking of the bids' }).getByRole('row').count();
	expect(bids).toBe(4);
	const lot1 = await tenderPath(page, LOT_1);
	await page.goto(`${lot1}/summaries`);
	const lot1Bid = (await page.getByRole('link', { name: /^Summary for Bid/ }).first().getAttribute('href'))!.split('/')[5];
	const cases: Record<string, string>[] = [
		goodAward(lot1Bid), // another tender's bid
		{ ...goodAward('zzzzzzzzzzzzzzzz') },
		{ ...goodAward('not-an-id'), value: 'lots' },
		{ ...goodAward(lot1Bid), startsOn: '2032-12-31', endsOn: '2030-01-01' },
		{ ...goodAward(lot1Bid), value: '0' },
		{ ...goodAward(lot1Bid), decidedOn: '2099-01-01' },
		{ ...goodAward(lot1Bid), approved: '' },
		{ ...goodAward(lot1Bid), rationale: LONG },
		{ ...goodAward(lot1Bid), rationale: 'Best\u0000' },
		{}
	];
	for (const fields of cases) await expect4xx(await postForm(page.request, `${youth}/award?/record`, fields), `record ${JSON.stringify(fields).slice(0, 60)}`);
	await expect4xx(await postForm(page.request, `${youth}/award?/publish`, {}), 'publish with no award');
	await expect4xx(await postForm(page.request, `${youth}/award?/thank`, { message: 'Thanks!' }), 'thank with no award');
	await page.goto(`${youth}/award`);
	await expect(page.getByRole('region', { name: 'The decision' })).toHaveCount(0);
});

test('hostile explanations change nothing on the summary', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await tenderPath(page, LOT_1);
	await page.goto(`${base}/summaries`);
	await page.getByRole('link', { name: /^Summary for Bid/ }).last().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Assessment summary' })).toBeVisible();
	const path = new URL(page.url()).pathname;
	const names = await page.locator('textarea').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('name')!));
	expect(names.length).toBe(6);
	const before = await page.locator('table.scores').textContent();
	const csvBefore = await (await page.request.get(`${path}/csv`)).text();
	const cases: Record<string, string>[] = [
		{ [names[0]]: LONG },
		{ [names[0]]: 'Fine\u0000' },
		{ [names[0]]: 'Fine', [names[1]]: LONG },
		{ 'explanation-zzzzzzzzzzzzzzzz': 'Not a criterion here' },
		{}
	];
	for (const fields of cases) await expect4xx(await postForm(page.request, `${path}?/explain`, fields), `explain ${Object.keys(fields).join(',').slice(0, 40)}`);
	await page.reload();
	expect(await page.locator('table.scores').textContent()).toBe(before);
	expect(await (await page.request.get(`${path}/csv`)).text()).toBe(csvBefore);
});
