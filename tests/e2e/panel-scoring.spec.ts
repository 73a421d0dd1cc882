import { test as plain, type Page } from '@playwright/test';
import { DEMO, expect, signIn, test } from './fixtures';
import { e2eDatabaseUrl, RIVERSIDE, withDatabase } from './panel-ids';

// A young person scores on a phone (390x844): mia has not started on the Riverside youth work
// young people's panel. She promises confidentiality, declares no interest, scores Bid A by
// descriptor, saves a draft, comes back, submits, and only then sees jay's scores. Then she
// declares an interest and her place is paused. Before that, the champion keeps the panel's
// questions and records which were asked, an officer moves a presentation slot, and jay submits
// his scores for Bid A.

test.use({ viewport: { width: 390, height: 844 } });
test.describe.configure({ mode: 'serial' });

const JAYS_COMMENT = 'Loved the idea of a music room';
const NEW_QUESTION = 'Will there be free food after school?';

async function openRiverside(page: Page) {
	await page.goto('/panels');
	await page.getByRole('link', { name: RIVERSIDE }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: RIVERSIDE })).toBeVisible();
	await page.waitForURL(/\/panels\/[a-z2-7]{16}$/);
	return new URL(page.url()).pathname;
}

async function noSidewaysScroll(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test('the champion keeps the young people’s panel questions and records which were asked', async ({ page }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/tenders');
	await page.getByRole('link', { name: RIVERSIDE }).click();
	await page.waitForURL(/\/staff\/tenders\/[a-z2-7]{16}$/);
	await page.goto(new URL(page.url()).pathname + '/presentations');
	await expect(page.getByRole('heading', { level: 1, name: 'Presentations' })).toBeVisible();
	const youngPanel = page.locator('section.panel').filter({ has: page.getByRole('heading', { name: /What young people think/ }) });

	await youngPanel.getByLabel('Add a question').fill(NEW_QUESTION.replace('after school', 'later'));
	await youngPanel.getByRole('button', { name: /^Add/ }).click();
	await expect(page.getByText('Question added.')).toBeVisible();
	// Edit it (it's question 4), move it up, and add and remove a spare one.
	await youngPanel.getByLabel('Question 4').fill(NEW_QUESTION);
	await youngPanel.getByRole('button', { name: 'Save question 4' }).click();
	await expect(page.getByText('Question saved.')).toBeVisible();
	await youngPanel.getByRole('button', { name: 'Move up question 4' }).click();
	await expect(page.getByText('Question moved.')).toBeVisible();
	await expect(youngPanel.getByLabel('Question 3')).toHaveValue(NEW_QUESTION);
	await youngPanel.getByLabel('Add a question').fill('A spare question');
	await youngPanel.getByRole('button', { name: /^Add/ }).click();
	await expect(page.getByText('Question added.')).toBeVisible();
	await youngPanel.getByRole('button', { name: 'Remove question 5' }).click();
	await expect(page.getByText('Question removed.')).toBeVisible();
	await expect(youngPanel.getByText('A spare question')).toHaveCount(0);
	// Refused plainly: an empty question.
	await youngPanel.getByLabel('Add a question').fill('   ');
	await youngPanel.getByRole('button', { name: /^Add/ }).click();
	await expect(youngPanel.getByText('Please enter the question.').first()).toBeVisible();

	// Bid A's presentation: which questions were asked.
	const bidA = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Bid A', exact: true }) });
	await bidA.getByRole('checkbox', { name: new RegExp(NEW_QUESTION.replace('?', '\\?')) }).check();
	await bidA.getByRole('checkbox', { name: /How will you listen to what we want/ }).check();
	await bidA.getByRole('button', { name: /Save questions asked/ }).click();
	await expect(page.getByText('Questions asked saved.')).toBeVisible();
	await page.reload();
	await expect(bidA.getByRole('checkbox', { name: new RegExp(NEW_QUESTION.replace('?', '\\?')) })).toBeChecked();
	await expect(bidA.getByRole('checkbox', { name: /What would make someone who has never been/ })).not.toBeChecked();

	// The slots are the officer's to set (their place is shown to panels): the champion sees them, no form.
	const bidC = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Bid C', exact: true }) });
	await expect(bidC.getByText(/Riverside Youth Hub/).first()).toBeVisible();
	await expect(bidC.getByRole('button', { name: 'Save slot for Bid C' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /^Clear slot/ })).toHaveCount(0);
});

test('an officer moves Bid C’s presentation to another room', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/tenders');
	await page.getByRole('link', { name: RIVERSIDE }).click();
	await page.waitForURL(/\/staff\/tenders\/[a-z2-7]{16}$/);
	await page.goto(new URL(page.url()).pathname + '/presentations');
	const bidC = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Bid C', exact: true }) });
	await bidC.getByLabel('Where').fill('Riverside Youth Hub, main hall');
	await bidC.getByRole('button', { name: 'Save slot for Bid C' }).click();
	await expect(page.getByText('Presentation slot saved.')).toBeVisible();
	await expect(bidC.getByText(/main hall/).first()).toBeVisible();
});

test('jay submits his scores for Bid A', async ({ page }) => {
	await signIn(page, DEMO.jay.username, DEMO.jay.password);
	await openRiverside(page);
	await page.getByRole('link', { name: 'Score Bid A' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Bid A' })).toBeVisible();
	await page.getByRole('group', { name: 'Your score for question 1' }).getByRole('radio', { name: '3 — Acceptable' }).check();
	await page.getByRole('group', { name: 'Your score for question 2' }).getByRole('radio', { name: '4 — Good' }).check();
	await page.getByLabel('Comment (optional) for question 1').fill(JAYS_COMMENT);
	await page.getByRole('button', { name: 'Submit my scores' }).click();
	await expect(page.getByText(/Your scores for Bid A are submitted/)).toBeVisible();
});

test('mia promises confidentiality, declares no interest, drafts, comes back, submits and then sees the others’ scores', async ({ page }) => {
	await signIn(page, DEMO.mia.username, DEMO.mia.password);
	// Her space shows the panel and what to do first.
	await page.goto('/me');
	const card = page.getByRole('region', { name: 'Your panels' });
	await expect(card.getByText('Start here: read and accept the promise to keep things confidential.').first()).toBeVisible();
	await card.getByRole('link', { name: RIVERSIDE }).click();
	await expect(page.getByRole('heading', { level: 1, name: RIVERSIDE })).toBeVisible();
	await page.waitForURL(/\/panels\/[a-z2-7]{16}$/);
	const panelPath = new URL(page.url()).pathname;

	await expect(page.getByText(/This part is worth\s+20% of the total score/)).toBeVisible();
	await expect(page.getByText(/The officers make the final decision/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Keeping things confidential' })).toBeVisible();
	await expect(page.getByText('Don’t try to find out who wrote each bid.')).toBeVisible();
	// No bids before the promise.
	await expect(page.getByRole('heading', { name: 'Bid A' })).toHaveCount(0);
	await noSidewaysScroll(page);
	await page.getByRole('button', { name: 'I promise to keep things confidential' }).click();
	await expect(page.getByText('Thank you. You’ve promised to keep things confidential.')).toBeVisible();

	// Declaring: the term explained, yes and no side by side.
	await expect(page.getByRole('heading', { name: 'Any interests to declare?' })).toBeVisible();
	await expect(page.getByText(/An\s+interest\s+is anything that could make it hard for you to score fairly/)).toBeVisible();
	await page.getByRole('button', { name: 'Send my answer' }).click();
	await expect(page.getByText('Choose whether you have an interest to declare.').first()).toBeVisible();
	await page.getByRole('radio', { name: 'No, I don’t have any interests to declare' }).check();
	await page.getByRole('button', { name: 'Send my answer' }).click();
	await expect(page.getByText('Thanks for letting us know. You’re all set to score.')).toBeVisible();
	await expect(page.getByText(/Please submit your scores by/)).toBeVisible();

	// Scoring Bid A by descriptor; question 2 is the presentation one.
	await page.getByRole('link', { name: 'Score Bid A' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Bid A' })).toBeVisible();
	await noSidewaysScroll(page);
	await expect(page.getByText('Score this during the presentation.')).toBeVisible();
	await expect(page.getByText('What Bid A wrote').first()).toBeVisible();
	const q1 = page.getByRole('group', { name: 'Your score for question 1' });
	await expect(q1.getByRole('radio')).toHaveCount(6);
	await q1.getByRole('radio', { name: '4 — Good' }).check();
	await page.getByLabel('Comment (optional) for question 1').fill('Lots for younger teenagers to do');
	await page.getByRole('button', { name: 'Save for later' }).click();
	await expect(page.getByText(/Saved\. Your scores are a draft/)).toBeVisible();
	// Others' scores stay hidden until she submits.
	await expect(page.getByText(JAYS_COMMENT)).toHaveCount(0);
	await expect(page.getByText('You’ll see the other members’ scores after you’ve submitted your own.')).toBeVisible();

	// Back on the panel page the draft shows; coming back keeps what she chose.
	await page.goto(panelPath);
	const bidA = page.locator('li.bid').filter({ has: page.getByRole('heading', { name: 'Bid A' }) });
	await expect(bidA.getByText('Draft saved, not submitted yet')).toBeVisible();
	await bidA.getByRole('link', { name: 'Carry on scoring Bid A' }).click();
	await expect(page.getByRole('group', { name: 'Your score for question 1' }).getByRole('radio', { name: '4 — Good' })).toBeChecked();
	await expect(page.getByLabel('Comment (optional) for question 1')).toHaveValue('Lots for younger teenagers to do');

	// Submitting needs every question: a plain message, and what she chose stays.
	await expect(page.getByText(/When you submit, your scores for Bid A are final/)).toBeVisible();
	await page.getByRole('button', { name: 'Submit my scores' }).click();
	await expect(page.getByText('Choose a score for this question before submitting.')).toBeVisible();
	await expect(page.getByRole('group', { name: 'Your score for question 1' }).getByRole('radio', { name: '4 — Good' })).toBeChecked();
	await page.getByRole('group', { name: 'Your score for question 2' }).getByRole('radio', { name: '5 — Excellent' }).check();
	await page.getByRole('button', { name: 'Submit my scores' }).click();
	await expect(page.getByText(/Thank you! Your scores for Bid A are submitted/)).toBeVisible();
	await expect(page.getByText('Your score: 4 — Good')).toBeVisible();
	await expect(page.getByText(JAYS_COMMENT)).toBeVisible();
	await expect(page.getByText('Member 1:').first()).toBeVisible();
	await expect(page.getByText(/Member 1:\s*3 — Acceptable/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Submit my scores' })).toHaveCount(0);
	await noSidewaysScroll(page);

	await withDatabase(async (sql) => {
		const rows = await sql`select s.score, s.comment, s.submitted_at from panel_scores s join panel_members m on m.id = s.panel_member_id join users u on u.id = m.user_id
			join bids b on b.id = s.bid_id join tenders t on t.id = b.tender_id where u.username = 'mia' and t.reference = 'RBC/YC/2026/031' order by s.score`;
		expect(rows.map((r) => [r.score, r.comment, !!r.submitted_at])).toEqual([
			[4, 'Lots for younger teenagers to do', true],
			[5, null, true]
		]);
	});

	// The presentations page: slots by letter and the panel's questions, with the champion's edits.
	await page.goto(panelPath);
	await page.getByRole('link', { name: 'Presentations and the panel’s questions' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Presentations' })).toBeVisible();
	await expect(page.getByText(NEW_QUESTION)).toBeVisible();
	await expect(page.getByText(/main hall/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Bid A' })).toBeVisible();
});

// Without JavaScript the whole form still works (plain Playwright: the axe fixture needs scripts).
plain('scoring works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	try {
		await page.goto('/sign-in');
		await page.locator('input[name="username"]').fill(DEMO.mia.username);
		await page.locator('input[name="password"]').fill(DEMO.mia.password);
		await Promise.all([page.waitForURL((u) => u.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
		await openRiverside(page);
		await page.getByRole('link', { name: 'Score Bid B' }).click();
		await page.getByRole('group', { name: 'Your score for question 2' }).getByRole('radio', { name: '2 — Poor' }).check();
		await page.getByRole('button', { name: 'Save for later' }).click();
		await expect(page.getByText(/Saved\. Your scores are a draft/)).toBeVisible();
		await expect(page.getByRole('group', { name: 'Your score for question 2' }).getByRole('radio', { name: '2 — Poor' })).toBeChecked();
	} finally {
		await context.close();
	}
});

test('declaring an interest later pauses mia’s place, kindly, and the bids close to her', async ({ page }) => {
	await signIn(page, DEMO.mia.username, DEMO.mia.password);
	const panelPath = await openRiverside(page);
	const bidB = await page.locator('li.bid').filter({ has: page.getByRole('heading', { name: 'Bid B' }) }).getByRole('link').getAttribute('href');
	await page.getByText('Something changed? Declare an interest').click();
	await page.getByLabel('What is the interest?').fill('I think my neighbour works for one of them.');
	await page.getByRole('button', { name: 'Declare this interest' }).click();
	await expect(page.getByText('Thanks for telling us about your interest.')).toBeVisible();
	await expect(page.getByText(/Your place on this panel is paused while an officer looks at what you told us. You haven’t done anything wrong./)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Bid A' })).toHaveCount(0);

	await page.goto(bidB!);
	await expect(page.getByRole('heading', { level: 1, name: 'You can’t score this right now' })).toBeVisible();
	await expect(page.getByText(/An officer needs to decide about the interest you declared/)).toBeVisible();
	await expect(page.getByText('We check every')).toHaveCount(0);
	await page.goto('/panels');
	await expect(page.getByText('Your place is paused while an officer looks at the interest you declared.').first()).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/panels');
	expect(panelPath).toMatch(/^\/panels\/[a-z2-7]{16}$/);

	if (e2eDatabaseUrl())
		await withDatabase(async (sql) => {
			const [row] = await sql`select m.status, m.interest from panel_members m join users u on u.id = m.user_id join panels p on p.id = m.panel_id join tenders t on t.id = p.tender_id
				join tender_sections s on s.id = p.section_id where u.username = 'mia' and t.reference = 'RBC/YC/2026/031' and s.audience = 'young_people'`;
			expect(row).toMatchObject({ status: 'interest_declared', interest: 'I think my neighbour works for one of them.' });
		});
});

test('panel pages fit a 320px screen', async ({ page }) => {
	test.setTimeout(90_000); // six pages, each checked by axe
	await page.setViewportSize({ width: 320, height: 640 });
	const fits = async (path: string) => {
		await page.goto(path);
		expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} fits 320px`).toBeLessThanOrEqual(320);
	};
	await signIn(page, DEMO.jay.username, DEMO.jay.password);
	const panelPath = await openRiverside(page);
	const bid = await page.getByRole('link', { name: 'Score Bid C' }).getAttribute('href');
	for (const path of ['/me', '/panels', panelPath, bid!, `${panelPath}/presentations`]) await fits(path);
	await page.context().clearCookies();
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/tenders');
	await page.getByRole('link', { name: RIVERSIDE }).click();
	await page.waitForURL(/\/staff\/tenders\/[a-z2-7]{16}$/);
	await fits(new URL(page.url()).pathname + '/presentations');
});
