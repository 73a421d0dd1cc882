import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import postgres from 'postgres';
import { test, expect, signIn, postForm, DEMO, ORIGIN } from './fixtures';
import { CHECKLIST, e2eDatabaseUrl, isoDay, setUpVisits } from './visit-setup';

// A young inspector's report on a phone: jay fills it in on a 390x844 screen, the network drops,
// he sends it and it waits on the phone; back online it arrives exactly once. The champion returns
// it with a note, jay changes and resends it, the champion approves it and his hours are credited
// once. A visit that isn't his is refused. The programme and visits are inserted straight into the
// run's Postgres database (with a unique service name), so nothing depends on other specs.

test.use({ viewport: { width: 390, height: 844 } });

/** The champion's pages are in a second context, which the fixture doesn't audit: check them here. */
async function axeClean(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
	expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function live(page: Page) {
	await expect(page.locator('form[data-enhanced]')).toBeVisible();
}

async function rate(page: Page, question: string, choice: string) {
	await page.getByRole('group', { name: question }).getByRole('radio', { name: choice, exact: true }).check();
}

async function queuedKeys(page: Page): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((resolve, reject) => {
				const open = indexedDB.open('coproduce-offline');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('survey-submissions').objectStore('survey-submissions').getAllKeys();
					request.onsuccess = () => resolve(request.result as string[]);
				};
			})
	);
}

test('jay reports offline on a phone, it arrives once; returned with a note, resent, approved and credited once', async ({ page, context, browser }) => {
	test.setTimeout(120_000);
	const url = e2eDatabaseUrl();
	test.skip(!url, 'sets up its visit in the run’s Postgres database');
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	try {
		const s = await setUpVisits(sql);
		const reportRows = () => sql`select r.id, r.status, r.idempotency_key, r.could_be_better, r.visited_on::text from shopping_reports r join users u on u.id = r.shopper_id where r.visit_id = ${s.visitId} and u.username = 'jay'`;

		await signIn(page, DEMO.jay.username, DEMO.jay.password);
		await page.goto('/me');
		await expect(page.getByRole('heading', { name: 'Mystery-shopping visits' })).toBeVisible();
		await page.getByRole('link', { name: 'My visits' }).click();
		await expect(page.getByRole('heading', { name: 'My visits', level: 1 })).toBeVisible();
		await page.getByRole('link', { name: s.service }).click();
		await expect(page.getByRole('heading', { name: `Your visit to ${s.service}` })).toBeVisible();
		await expect(page.getByText('You never get treatment or medication.')).toBeVisible();
		await expect(page.getByText('We don’t collect photos or where you are')).toBeVisible();
		await expect(page.getByText('Mia', { exact: true })).toBeVisible();
		await page.getByRole('link', { name: 'Fill in my report' }).click();
		await live(page);

		// Nothing filled in: the summary takes focus and names what's missing.
		await page.getByRole('button', { name: 'Send my report' }).click();
		const summary = page.getByRole('alert');
		await expect(summary).toBeFocused();
		await expect(summary).toContainText('The day you went: Please enter the day you went.');
		await expect(summary).toContainText('Question 1: Please pick how it was');

		await page.getByLabel('The day you went').fill(isoDay(-1));
		await rate(page, CHECKLIST[0][1], '4 Good');
		await rate(page, CHECKLIST[1][1], '5 Really good');
		await page.getByRole('textbox', { name: 'Anything to add about this?' }).nth(1).fill('They talked to us, not just Sam.');
		// The draft is kept on the phone: a reload brings it back.
		await page.reload();
		await live(page);
		await expect(page.getByRole('group', { name: CHECKLIST[0][1] }).getByRole('radio', { name: '4 Good' })).toBeChecked();
		await expect(page.getByRole('textbox', { name: 'Anything to add about this?' }).nth(1)).toHaveValue('They talked to us, not just Sam.');
		expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('visit-draft:')).length)).toBe(1);
		await rate(page, CHECKLIST[2][1], 'I didn’t see this');
		await rate(page, CHECKLIST[3][1], '3 OK');
		await page.getByLabel('What could be better?').fill('The waiting room was noisy.');

		// The network drops: the report waits on the phone.
		await context.setOffline(true);
		await page.getByRole('button', { name: 'Send my report' }).click();
		await expect(page.getByText('Saved on your phone. It will send when you are back online.')).toBeVisible();
		const keys = await queuedKeys(page);
		expect(keys).toHaveLength(1);
		expect(await reportRows()).toHaveLength(0);

		await context.setOffline(false);
		await expect(page.getByText('Your report reached us now that you are back online.')).toBeVisible({ timeout: 20_000 });
		await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
		let rows = await reportRows();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ status: 'submitted', idempotency_key: keys[0], could_be_better: 'The waiting room was noisy.', visited_on: isoDay(-1) });
		expect(await queuedKeys(page)).toHaveLength(0);
		expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('visit-draft:')).length)).toBe(0);
		const reportId = rows[0].id as string;

		// The champion returns it with a note (a note is needed).
		const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const champion = await staff.newPage();
		try {
			await signIn(champion, DEMO.champion.username, DEMO.champion.password);
			await champion.goto(`/staff/mystery-shopping/${s.programmeId}/reports`);
			await expect(champion.getByRole('heading', { name: 'Shoppers’ reports' })).toBeVisible();
			await axeClean(champion);
			await champion.getByRole('link', { name: 'Jay' }).click();
			await expect(champion.getByRole('heading', { name: /^Report by Jay/ })).toBeVisible();
			await expect(champion.getByRole('cell', { name: '4 – Good' })).toBeVisible();
			await expect(champion.getByRole('cell', { name: 'I didn’t see this' })).toBeVisible();
			await axeClean(champion);
			await champion.getByRole('button', { name: 'Return to the shopper' }).click();
			// The browser's own check (required) stops an empty note; the server refuses one too (hostile specs).
			await expect(champion.getByLabel('What should the shopper change or add?')).toBeFocused();
			await champion.getByLabel('What should the shopper change or add?').fill('Please say more about the waiting room.');
			await champion.getByRole('button', { name: 'Return to the shopper' }).click();
			await expect(champion.getByText('Returned.')).toBeVisible();
			await axeClean(champion);

			// jay sees the note, changes his report and sends it again (online this time).
			await page.goto('/visits');
			await expect(page.getByText('Please say more about the waiting room.')).toBeVisible();
			await page.getByRole('link', { name: 'Change and send again' }).click();
			await live(page);
			await expect(page.getByLabel('What could be better?')).toHaveValue('The waiting room was noisy.');
			await page.getByLabel('What could be better?').fill('The waiting room was noisy and had no chairs for us.');
			await page.getByRole('button', { name: 'Send my report' }).click();
			await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
			rows = await reportRows();
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ id: reportId, status: 'submitted', could_be_better: 'The waiting room was noisy and had no chairs for us.' });

			// The champion approves it: jay's hours are credited once.
			await champion.goto(`/staff/mystery-shopping/${s.programmeId}/reports/${reportId}`);
			await champion.getByRole('button', { name: 'Approve this report' }).click();
			await expect(champion.getByText('Approved.', { exact: false }).first()).toBeVisible();
			await expect(champion.getByRole('button', { name: 'Approve this report' })).toHaveCount(0);
			const credited = await sql`select hours::float as hours, activity, description from contributions where source_id = ${reportId}`;
			expect(credited).toEqual([{ hours: 2.5, activity: 'mystery_shopping', description: `Mystery shopping: ${s.service}` }]);
		} finally {
			await staff.close();
		}

		await page.goto(`/visits/${s.visitId}`);
		await expect(page.getByText('Report approved.')).toBeVisible();

		// A visit that isn't his: the page is not found and a report for it is refused plainly.
		const notHis = await page.goto(`/visits/${s.othersVisitId}`);
		expect(notHis?.status()).toBe(404);
		const refused = await page.request.post(`/api/visits/${s.othersVisitId}/report`, {
			data: JSON.stringify({ idempotencyKey: crypto.randomUUID(), answers: { visitedOn: isoDay(-1), ratings: {} } }),
			headers: { 'content-type': 'application/json', origin: ORIGIN }
		});
		expect(refused.status()).toBe(404);
		expect(((await refused.json()) as { message: string }).message).toBe('We couldn’t find that visit in your visits, so nothing was sent.');
		expect(await sql`select id from shopping_reports where visit_id = ${s.othersVisitId}`).toHaveLength(0);
	} finally {
		await sql.end();
	}
});

test('at 320px the visits, brief and report fit the screen; the report sends without JavaScript too', async ({ page, browser }) => {
	test.setTimeout(90_000);
	const url = e2eDatabaseUrl();
	test.skip(!url, 'sets up its visit in the run’s Postgres database');
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	try {
		const s = await setUpVisits(sql);
		// Mia's own visit. With JavaScript at 320px: nothing scrolls sideways (axe runs on each page).
		await page.setViewportSize({ width: 320, height: 640 });
		await signIn(page, DEMO.mia.username, DEMO.mia.password);
		for (const path of ['/visits', `/visits/${s.othersVisitId}`, `/visits/${s.othersVisitId}/report`]) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(320);
		}

		// Without JavaScript: a plain form post, refused with messages, then sent.
		const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
		const noJs = await plain.newPage();
		try {
			await signIn(noJs, DEMO.mia.username, DEMO.mia.password);
			await noJs.goto(`/visits/${s.othersVisitId}/report`);
			await noJs.getByLabel('The day you went').fill(isoDay(-2));
			await rate(noJs, CHECKLIST[0][1], '2 Not great');
			await noJs.getByRole('button', { name: 'Send my report' }).click();
			await expect(noJs.getByRole('alert')).toContainText('Question 2: Please pick how it was');
			await expect(noJs.getByLabel('The day you went')).toHaveValue(isoDay(-2));
			await expect(noJs.getByRole('group', { name: CHECKLIST[0][1] }).getByRole('radio', { name: '2 Not great' })).toBeChecked();
			for (const [, question] of CHECKLIST.slice(1)) await rate(noJs, question, '3 OK');
			await noJs.getByRole('button', { name: 'Send my report' }).click();
			await expect(noJs.getByText('Thank you! Your report has been sent.')).toBeVisible();
			const rows = await sql`select r.status from shopping_reports r join users u on u.id = r.shopper_id where r.visit_id = ${s.othersVisitId} and u.username = 'mia'`;
			expect(rows).toEqual([{ status: 'submitted' }]);
			// Posting the form again with a new key is refused plainly, nothing added.
			const again = await postForm(plain.request, `/visits/${s.othersVisitId}/report?/send`, { key: crypto.randomUUID(), visitedOn: isoDay(-2) });
			expect(again.status()).toBe(409);
			expect(await again.text()).toContain('already sent your report for this visit');
			await noJs.goto(`/visits/${s.othersVisitId}/report`);
			await expect(noJs.getByText(/already sent your report for this visit/)).toBeVisible();
			expect(await sql`select id from shopping_reports where visit_id = ${s.othersVisitId}`).toHaveLength(1);
		} finally {
			await plain.close();
		}
	} finally {
		await sql.end();
	}
});
