import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, DEMO } from './fixtures';
import { parseCsv } from '../helpers/csv';

// The whole tender journey of issue 5, on a brand-new tender of the demo's short breaks project,
// through the pages only (no database writes): an officer sets it up, anonymises and releases two
// bids, sets up the panels and the presentation slots; the champion prepares a question; jay and
// mia declare and score on phones (390x844); the champion records the questions asked; the
// officer scores the staff section as a panel member, closes scoring, moderates a wide spread,
// reads the results, finalises, records and publishes the award, thanks the panels and opens a
// bidder's assessment summary and its CSV; the public page and open data show the scoring system
// and the winner and never the other bidder; jay's panel page shows the outcome and the thanks.
//
// Seeded tenders are left alone (other specs change them). jay and mia may be in any state on
// other panels; this panel is new, so they start fresh on it.

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const RUN = Date.now().toString(36).toUpperCase();
const TITLE = `Short breaks journey ${RUN}`;
const REFERENCE = `E2E/JOURNEY/${RUN}`;
const SLUG = 'short-breaks-for-disabled-children';

const STAFF_SECTION = 'Quality and safety';
const YOUNG_SECTION = 'What young people think';
const PRICE_SECTION = 'Cost';
const SAFE = 'How will you keep children safe on a short break?';
const FEEL = 'What will a short break with you feel like?';
const SHOW = 'Show us a day out you would plan';
const PRICE = 'Price for the whole contract';
const QUESTION = 'What would you do if a child felt homesick?';

/** The bidder who wins, and the bidder whose name must never be public. */
const WINNER = { name: 'Quillfeather Respite Trust', contact: 'Ada Brindlecombe', email: 'ada@quillfeather.org.uk', price: '900000' };
const LOSER = { name: 'Marrowdale Care Collective', contact: 'Piet Okonjo', email: 'piet@marrowdale.co.uk', price: '950000' };
const LOSER_TRACES = ['Marrowdale', 'marrowdale', 'Piet Okonjo'];
const THANKS = `Thank you for scoring the short breaks bids (${RUN}): your scores helped choose who runs the service.`;
const MODERATION_REASON = 'The panel met and agreed the answer is good but gives little detail about overnight stays.';

/** Shared between the steps (serial: one worker, in order). */
const state = { tenderPath: '', letter: { winner: '', loser: '' } };

const DAY = 86_400_000;
/** A day as an <input type="date"> takes it (UTC, as the server's "today" is). */
function isoDay(offsetDays: number): string {
	return new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
}
/** A moment as an <input type="datetime-local"> in UK time takes it. */
function ukLocal(ms: number): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(new Date(ms));
	const get = (type: string) => parts.find((p) => p.type === type)!.value;
	return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/**
 * Clicks a form's button and waits for the notice on the page the redirect lands on, and for
 * `landed` when given. The same notice may still be showing from the last form (the same
 * "Section added."), so a change that only the new page has is what tells the test it has landed:
 * going on too early lets the late re-render undo what the test types next.
 */
async function submit(page: Page, button: Locator, notice: string | RegExp, landed?: Locator) {
	await button.click();
	if (landed) await expect(landed).toBeVisible({ timeout: 15_000 });
	await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible({ timeout: 15_000 });
}

/** A bid's card on the staff presentations page. */
function slotCard(page: Page, letter: string): Locator {
	return page.locator('section.card', { has: page.getByRole('heading', { name: `Bid ${letter}`, exact: true }) });
}

function sectionCard(page: Page, name: string): Locator {
	return page.locator('section.section', { has: page.getByRole('heading', { level: 3, name, exact: true }) });
}

async function addSection(page: Page, name: string, audience: RegExp) {
	const form = page.locator('form[action^="?/addSection"]');
	await form.getByLabel(/^Section name/).fill(name);
	await form.getByRole('radio', { name: audience }).check();
	await submit(page, form.getByRole('button', { name: 'Add the section' }), 'Section added.', sectionCard(page, name));
}

async function addCriterion(page: Page, section: string, title: string, weight: string, kind: 'price' | 'presentation' | null = null) {
	const form = page.locator('form[action^="?/addCriterion"]');
	const kindName = section === YOUNG_SECTION ? 'young people’s section' : 'staff section';
	await form.getByLabel(/^Section/).selectOption({ label: `${section} (${kindName})` });
	await form.getByLabel(/^Question for bidders/).fill(title);
	await form.getByLabel(/^Weight/).fill(weight);
	if (kind === 'price') await form.getByRole('checkbox', { name: /^Price/ }).check();
	if (kind === 'presentation') await form.getByRole('checkbox', { name: /^Scored during the bidders’ presentations/ }).check();
	await submit(page, form.getByRole('button', { name: 'Add the criterion' }), 'Criterion added.', sectionCard(page, section).locator('ol.criteria').getByText(title, { exact: true }));
}

async function enterBid(page: Page, bidder: typeof WINNER, answers: [string, string][]) {
	const bids = page.getByRole('region', { name: 'Bids' });
	const form = page.locator('form[action="?/add"]');
	await form.getByLabel('Bidder (organisation) name').fill(bidder.name);
	await form.getByLabel('Contact name (optional)').fill(bidder.contact);
	await form.getByLabel('Contact email (optional)').fill(bidder.email);
	await form.getByLabel(/^Price/).fill(bidder.price);
	for (const [question, answer] of answers) await form.getByLabel(question, { exact: true }).fill(answer);
	await submit(page, form.getByRole('button', { name: 'Add the bid' }), /^Bid added/, bids.getByRole('cell', { name: bidder.name }));
}

function answerCard(page: Page, title: string): Locator {
	return page.locator('section.answer', { has: page.getByRole('heading', { name: title, exact: true }) });
}

async function anonymise(page: Page, title: string, text: string) {
	const card = answerCard(page, title);
	await card.getByLabel(/^Anonymised answer/).fill(text);
	await card.getByRole('button', { name: 'Save the anonymised answer' }).click();
	await expect(card.getByText('Nothing here identifies the bidder.')).toBeVisible({ timeout: 15_000 });
}

/** A tender's own page, found the way staff find it: from the organisation's tender list. */
async function openTender(page: Page) {
	await page.goto('/staff/tenders');
	await page.getByRole('link', { name: TITLE, exact: true }).click();
	await page.waitForURL(/\/staff\/tenders\/[a-z2-7]{16}$/);
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	return new URL(page.url()).pathname;
}

/** Opens this tender's panel from the list of the signed-in person's panels. */
async function openMyPanel(page: Page) {
	await page.goto('/panels');
	await page.getByRole('link', { name: TITLE, exact: true }).click();
	await page.waitForURL(/\/panels\/[a-z2-7]{16}$/);
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	return new URL(page.url()).pathname;
}

/** Promises confidentiality and declares no interest, as every new member does first. */
async function acceptAndDeclareNone(page: Page) {
	await expect(page.getByRole('heading', { name: 'Bid A' })).toHaveCount(0);
	await submit(page, page.getByRole('button', { name: 'I promise to keep things confidential' }), 'Thank you. You’ve promised to keep things confidential.');
	await expect(page.getByRole('heading', { name: 'Any interests to declare?' })).toBeVisible();
	await page.getByRole('radio', { name: 'No, I don’t have any interests to declare' }).check();
	await submit(page, page.getByRole('button', { name: 'Send my answer' }), 'Thanks for letting us know. You’re all set to score.');
}

function scoreGroup(page: Page, question: number): Locator {
	return page.getByRole('group', { name: `Your score for question ${question}` });
}

async function noSidewaysScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${new URL(page.url()).pathname} is ${width}px wide`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test.describe.serial('the whole tender journey, on a new tender', () => {
	test('1. an officer sets up the tender, bids, panels and presentation slots; the champion prepares a question; evaluation opens', async ({ page }) => {
		// The longest part: some thirty forms, each page checked by axe.
		test.setTimeout(300_000);
		await test.step('the officer creates a tender on the short breaks project', async () => {
			await signIn(page, DEMO.officer.username, DEMO.officer.password);
			await page.goto('/staff/projects');
			await page.getByRole('link', { name: 'Short breaks for disabled children' }).first().click();
			await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Tenders' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Tenders' })).toBeVisible();
			const create = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create tender' }) });
			await create.getByLabel('Title').fill(TITLE);
			await create.getByLabel('Reference').fill(REFERENCE);
			await create.getByLabel('Publication date (optional)').fill(isoDay(-70));
			await create.getByLabel('Closing date for bids (optional)').fill(isoDay(-20));
			await submit(page, create.getByRole('button', { name: 'Create tender' }), /^Tender created/);
			await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
			state.tenderPath = new URL(page.url()).pathname;
			expect(state.tenderPath).toMatch(/^\/staff\/tenders\/[a-z2-7]{16}$/);
			// 50 days for bidders: no short-tender warning; the scale is the default 0 to 5.
			await expect(page.getByText(/Short tender/)).toHaveCount(0);
			const scale = page.locator('#scale + p + dl');
			await expect(scale).toContainText('Excellent');
			await expect(scale).toContainText('No answer');
		});

		await test.step('sections and criteria, weights to exactly 100', async () => {
			await addSection(page, STAFF_SECTION, /^Staff/);
			await addSection(page, YOUNG_SECTION, /^Young people/);
			await addSection(page, PRICE_SECTION, /^Staff/);
			await addCriterion(page, STAFF_SECTION, SAFE, '50');
			await addCriterion(page, YOUNG_SECTION, FEEL, '10');
			await addCriterion(page, YOUNG_SECTION, SHOW, '10', 'presentation');
			await expect(page.getByText('The weights add up to 70%, not 100%.')).toBeVisible();
			await addCriterion(page, PRICE_SECTION, PRICE, '30', 'price');
			await expect(page.getByText('The weights add up to 100%.')).toBeVisible();
			const young = page.locator('section.section', { has: page.getByRole('heading', { name: YOUNG_SECTION }) });
			await expect(young.getByText('Young people’s section', { exact: true })).toBeVisible();
			await expect(young.getByText('20% of the total score', { exact: true })).toBeVisible();
			await expect(young.getByText('Scored at the presentations')).toBeVisible();
		});

		await test.step('two bids, whose answers name the bidder', async () => {
			await page.getByRole('link', { name: /^Bids:/ }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Bids' })).toBeVisible();
			await enterBid(page, WINNER, [
				[SAFE, `Every Quillfeather carer is checked twice, and ${WINNER.contact} leads safeguarding.`],
				[FEEL, 'At Quillfeather children choose the activities and the snacks, and there is always a quiet room.']
			]);
			await enterBid(page, LOSER, [
				[SAFE, 'Marrowdale staff are checked when they join.'],
				[FEEL, `Piet Okonjo says a break with Marrowdale feels like a youth club.`]
			]);
			const rows = page.getByRole('region', { name: 'Bids' }).locator('tbody tr');
			await expect(rows).toHaveCount(2);
			for (const [who, bidder] of [['winner', WINNER], ['loser', LOSER]] as const) {
				const link = rows.filter({ hasText: bidder.name }).getByRole('link');
				state.letter[who] = (await link.textContent())!.trim().replace(/^Bid /, '');
				expect(state.letter[who]).toMatch(/^[AB]$/);
			}
			expect(state.letter.winner).not.toBe(state.letter.loser);
			await expect(rows.filter({ hasText: WINNER.name })).toContainText('£900,000');
		});

		await test.step('anonymising: the bidder’s name left in is highlighted and release is refused; fixed, both bids go', async () => {
			const rows = page.getByRole('region', { name: 'Bids' }).locator('tbody tr');
			await rows.filter({ hasText: WINNER.name }).getByRole('link').click();
			await expect(page.getByRole('heading', { level: 1, name: new RegExp(WINNER.name) })).toBeVisible();
			const safe = answerCard(page, SAFE);
			await safe.getByRole('button', { name: 'Copy the original to start' }).click();
			await expect(safe.locator('mark').first()).toBeVisible({ timeout: 15_000 });
			await expect(safe.locator('mark')).toContainText(['Quillfeather', WINNER.contact]);
			await expect(safe.getByText(/things? still identif(y|ies) the bidder/)).toBeVisible();
			await anonymise(page, FEEL, 'Children choose the activities and the snacks, and there is always a quiet room.');
			await page.getByRole('button', { name: 'Release to the panels' }).click();
			await expect(page.getByRole('alert')).toContainText(/can’t go to the panels yet: remove what identifies the bidder from the answer to “How will you keep children safe on a short break\?”/);
			await expect(page.getByText('Not yet released')).toBeVisible();

			await anonymise(page, SAFE, 'Every carer is checked twice, and our safeguarding lead oversees it.');
			await expect(safe.locator('mark')).toHaveCount(0);
			await expect(page.getByText('Ready: nothing in the anonymised answers identifies the bidder.')).toBeVisible();
			await submit(page, page.getByRole('button', { name: 'Release to the panels' }), /is released: the panels can read/);

			await page.getByRole('link', { name: /^Bids on/ }).click();
			await rows.filter({ hasText: LOSER.name }).getByRole('link').click();
			await expect(page.getByRole('heading', { level: 1, name: new RegExp(LOSER.name) })).toBeVisible();
			await anonymise(page, SAFE, 'Staff are checked when they join.');
			await anonymise(page, FEEL, 'A break with us feels like a youth club.');
			await submit(page, page.getByRole('button', { name: 'Release to the panels' }), /is released/);
			await page.getByRole('link', { name: /^Bids on/ }).click();
			await expect(page.getByRole('region', { name: 'Bids' }).getByText('Released')).toHaveCount(2);
		});

		await test.step('panels: officer on the staff panel; jay and mia on the young people’s, quorum 2, open now for two days', async () => {
			await page.goto(`${state.tenderPath}/panels`);
			await expect(page.getByRole('heading', { level: 1, name: 'Panels' })).toBeVisible();
			const price = page.locator('section.panel', { has: page.getByRole('heading', { name: PRICE_SECTION, exact: true }) });
			await expect(price.getByText('Scored from the bids’ prices, so it needs no panel.')).toBeVisible();

			const staff = page.locator('section.panel', { has: page.getByRole('heading', { name: STAFF_SECTION, exact: true }) });
			await staff.getByLabel(/^Quorum/).fill('1');
			await submit(page, staff.getByRole('button', { name: 'Set up the panel' }), 'Panel set up. Now add its members.', staff.getByRole('heading', { name: 'Members' }));
			await staff.getByLabel(/^Who to add/).selectOption({ label: 'Owen Officer' });
			await submit(page, staff.getByRole('button', { name: 'Add to the panel' }), /^Member added/);
			await expect(staff.getByText('Owen Officer: Invited')).toBeVisible();

			const young = page.locator('section.panel', { has: page.getByRole('heading', { name: YOUNG_SECTION, exact: true }) });
			await young.getByLabel(/^Quorum/).fill('2');
			await young.getByLabel(/^Scoring opens/).fill(ukLocal(Date.now() - 3_600_000));
			await young.getByLabel(/^Scoring closes/).fill(ukLocal(Date.now() + 2 * DAY));
			await submit(page, young.getByRole('button', { name: 'Set up the panel' }), 'Panel set up. Now add its members.', young.getByRole('heading', { name: 'Members' }));
			for (const name of ['Jay', 'Mia']) {
				await young.getByLabel(/^Who to add/).selectOption({ label: name });
				await submit(page, young.getByRole('button', { name: 'Add to the panel' }), /^Member added/);
				await expect(young.getByText(`${name}: Invited`)).toBeVisible();
			}
			await expect(young.getByText(/^2 scores per bid/)).toBeVisible();
		});

		await test.step('the officer sets a presentation slot for each bid', async () => {
			await page.goto(state.tenderPath);
			await page.getByRole('link', { name: 'Presentations and the panels’ questions' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Presentations' })).toBeVisible();
			// Panels see the place beside the letter: one that points to the bidder is refused.
			const first = slotCard(page, state.letter.winner);
			await first.getByLabel('When (UK time)').fill(ukLocal(Date.now() + DAY));
			await first.getByLabel('Where').fill('https://meet.quillfeather.org.uk/presentation');
			await first.getByRole('button', { name: `Save slot for Bid ${state.letter.winner}` }).click();
			await expect(slotCard(page, state.letter.winner).locator('.field-error')).toContainText('This place would tell the panel who a bidder is', { timeout: 15_000 });
			await expect(slotCard(page, state.letter.winner).getByText('No slot yet.')).toBeVisible();
			for (const [i, letter] of [state.letter.winner, state.letter.loser].sort().entries()) {
				const card = slotCard(page, letter);
				await card.getByLabel('When (UK time)').fill(ukLocal(Date.now() + DAY + i * 3_600_000));
				await card.getByLabel('Where').fill('Civic Centre, committee room 2');
				await submit(page, card.getByRole('button', { name: `Save slot for Bid ${letter}` }), 'Presentation slot saved.', card.getByText(/committee room 2/));
			}
		});

		await test.step('the champion sees the slots and adds a prepared question for the young people’s panel', async () => {
			await page.context().clearCookies();
			await signIn(page, DEMO.champion.username, DEMO.champion.password);
			await openTender(page);
			await page.getByRole('link', { name: 'Presentations and the panels’ questions' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Presentations' })).toBeVisible();
			// Officers set the slots (panels see the place); the champion keeps the questions.
			await expect(slotCard(page, state.letter.winner).getByText(/committee room 2/)).toBeVisible();
			await expect(page.getByRole('button', { name: /^Save slot/ })).toHaveCount(0);
			const youngPanel = page.locator('section.panel', { has: page.getByRole('heading', { name: new RegExp(YOUNG_SECTION) }) });
			await youngPanel.getByLabel('Add a question').fill(QUESTION);
			await submit(page, youngPanel.getByRole('button', { name: /^Add/ }), 'Question added.', youngPanel.getByLabel('Question 1'));
			await expect(youngPanel.getByLabel('Question 1')).toHaveValue(QUESTION);
		});

		await test.step('the officer opens evaluation and publishes the scoring system', async () => {
			await page.context().clearCookies();
			await signIn(page, DEMO.officer.username, DEMO.officer.password);
			await page.goto(state.tenderPath);
			await expect(page.getByText('Everything is ready')).toBeVisible();
			await submit(page, page.getByRole('button', { name: 'Open evaluation' }), /^Evaluation is open/);
			await expect(page.locator('.badges').getByText('Panels scoring')).toBeVisible();
			await submit(page, page.getByRole('button', { name: 'Publish the scoring system' }), 'The scoring system is on the project’s public page.');
			await expect(page.locator('.badges').getByText('Scoring system published')).toBeVisible();
		});
	});

	test.describe('on phones (390x844)', () => {
		test.use({ viewport: { width: 390, height: 844 } });

		test('2a. jay finds the panel on his page, declares, scores by descriptor, saves a draft, comes back and submits', async ({ page }) => {
			const { winner, loser } = state.letter;
			let panelPath = '';
			await test.step('jay finds the new panel on his own page', async () => {
				await signIn(page, DEMO.jay.username, DEMO.jay.password);
				await page.goto('/me');
				const card = page.getByRole('region', { name: 'Your panels' });
				const mine = card.locator('li', { has: page.getByRole('link', { name: TITLE, exact: true }) });
				await expect(mine).toContainText('Start here: read and accept the promise to keep things confidential.');
				await mine.getByRole('link', { name: TITLE, exact: true }).click();
				await page.waitForURL(/\/panels\/[a-z2-7]{16}$/);
				panelPath = new URL(page.url()).pathname;
				await expect(page.getByText(/This part is worth\s+20% of the total score/)).toBeVisible();
				await expect(page.getByText(/The officers make the final decision/)).toBeVisible();
				await noSidewaysScroll(page);
			});

			await test.step('he accepts the confidentiality statement and declares no interest', async () => {
				await acceptAndDeclareNone(page);
				await expect(page.getByText(/Please submit your scores by/)).toBeVisible();
				await expect(page.locator('li.bid')).toHaveCount(2);
			});

			await test.step('the presentation slots and the prepared question are on his panel', async () => {
				await page.getByRole('link', { name: 'Presentations and the panel’s questions' }).click();
				await expect(page.getByRole('heading', { level: 1, name: 'Presentations' })).toBeVisible();
				await expect(page.getByText(QUESTION)).toBeVisible();
				await expect(page.getByText(/committee room 2/).first()).toBeVisible();
				await noSidewaysScroll(page);
				await page.goto(panelPath);
			});

			await test.step('the winner’s bid: a draft first, kept when he comes back, then submitted', async () => {
				await page.getByRole('link', { name: `Score Bid ${winner}` }).click();
				await expect(page.getByRole('heading', { level: 1, name: `Bid ${winner}` })).toBeVisible();
				await expect(page.getByText('What Bid ' + winner + ' wrote').first()).toBeVisible();
				await expect(page.getByText('Children choose the activities and the snacks')).toBeVisible();
				await expect(page.getByText('Score this during the presentation.')).toBeVisible();
				await expect(page.getByText(/presents on/)).toBeVisible();
				for (const name of [WINNER.name, 'Quillfeather', WINNER.contact, LOSER.name]) await expect(page.locator('main')).not.toContainText(name);
				await expect(scoreGroup(page, 1).getByRole('radio')).toHaveCount(6);
				await scoreGroup(page, 1).getByRole('radio', { name: '5 — Excellent' }).check();
				await page.getByLabel('Comment (optional) for question 1').fill('A quiet room is a brilliant idea');
				await submit(page, page.getByRole('button', { name: 'Save for later' }), /^Saved\. Your scores are a draft/);
				await expect(page.getByText('You’ll see the other members’ scores after you’ve submitted your own.')).toBeVisible();
				await noSidewaysScroll(page);

				await page.goto(panelPath);
				const bid = page.locator('li.bid', { has: page.getByRole('heading', { name: `Bid ${winner}` }) });
				await expect(bid.getByText('Draft saved, not submitted yet')).toBeVisible();
				await bid.getByRole('link', { name: `Carry on scoring Bid ${winner}` }).click();
				await expect(scoreGroup(page, 1).getByRole('radio', { name: '5 — Excellent' })).toBeChecked();
				await expect(page.getByLabel('Comment (optional) for question 1')).toHaveValue('A quiet room is a brilliant idea');
				// The presentation question, scored during the presentation.
				await scoreGroup(page, 2).getByRole('radio', { name: '4 — Good' }).check();
				await submit(page, page.getByRole('button', { name: 'Submit my scores' }), /^Thank you! Your scores for Bid [AB] are submitted/);
				await expect(page.getByText('Your score: 5 — Excellent')).toBeVisible();
				// Nobody else has submitted yet: nothing to see, and nothing to change.
				await expect(page.getByText('No one else has submitted scores for this bid yet.').first()).toBeVisible();
				await expect(page.getByRole('button', { name: 'Submit my scores' })).toHaveCount(0);
			});

			await test.step('the other bid, submitted straight away', async () => {
				await page.goto(panelPath);
				await page.getByRole('link', { name: `Score Bid ${loser}` }).click();
				await expect(page.getByRole('heading', { level: 1, name: `Bid ${loser}` })).toBeVisible();
				await scoreGroup(page, 1).getByRole('radio', { name: '2 — Poor' }).check();
				await scoreGroup(page, 2).getByRole('radio', { name: '3 — Acceptable' }).check();
				await submit(page, page.getByRole('button', { name: 'Submit my scores' }), /^Thank you! Your scores for Bid [AB] are submitted/);
				await page.goto(panelPath);
				await expect(page.getByText('You’ve submitted 2 of 2.')).toBeVisible();
			});
		});

		test('2b. mia declares no interest, scores, and sees jay’s scores only after submitting her own', async ({ page }) => {
			const { winner, loser } = state.letter;
			await signIn(page, DEMO.mia.username, DEMO.mia.password);
			const panelPath = await openMyPanel(page);
			await test.step('she accepts the confidentiality statement and declares no interest', async () => {
				await acceptAndDeclareNone(page);
			});

			await test.step('before she submits, jay’s scores are hidden; after, she sees them, numbered, not named', async () => {
				await page.getByRole('link', { name: `Score Bid ${winner}` }).click();
				await expect(page.getByRole('heading', { level: 1, name: `Bid ${winner}` })).toBeVisible();
				await scoreGroup(page, 1).getByRole('radio', { name: '1 — Very poor' }).check();
				await page.getByLabel('Comment (optional) for question 1').fill('Not much about what we would do');
				await submit(page, page.getByRole('button', { name: 'Save for later' }), /^Saved\. Your scores are a draft/);
				await expect(page.getByText('A quiet room is a brilliant idea')).toHaveCount(0);
				await expect(page.getByText('You’ll see the other members’ scores after you’ve submitted your own.')).toBeVisible();
				await scoreGroup(page, 2).getByRole('radio', { name: '4 — Good' }).check();
				await submit(page, page.getByRole('button', { name: 'Submit my scores' }), /^Thank you! Your scores for Bid [AB] are submitted/);
				await expect(page.getByText('Your score: 1 — Very poor')).toBeVisible();
				await expect(page.getByText(/Member \d:\s*5 — Excellent/)).toBeVisible();
				await expect(page.getByText('A quiet room is a brilliant idea')).toBeVisible();
				await expect(page.locator('main')).not.toContainText('Jay');
				await noSidewaysScroll(page);
			});

			await test.step('the other bid', async () => {
				await page.goto(panelPath);
				await page.getByRole('link', { name: `Score Bid ${loser}` }).click();
				await scoreGroup(page, 1).getByRole('radio', { name: '3 — Acceptable' }).check();
				await scoreGroup(page, 2).getByRole('radio', { name: '2 — Poor' }).check();
				await submit(page, page.getByRole('button', { name: 'Submit my scores' }), /^Thank you! Your scores for Bid [AB] are submitted/);
				await expect(page.getByText(/Member \d:\s*2 — Poor/)).toBeVisible();
			});
		});
	});

	test('3. the champion records the questions asked at a presentation', async ({ page }) => {
		const { winner } = state.letter;
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await page.goto(`${state.tenderPath}/presentations`);
		await expect(page.getByRole('heading', { level: 1, name: 'Presentations' })).toBeVisible();
		const card = slotCard(page, winner);
		const asked = card.getByRole('checkbox', { name: new RegExp(QUESTION.replace('?', '\\?')) });
		await asked.check();
		await submit(page, card.getByRole('button', { name: /^Save questions asked/ }), 'Questions asked saved.');
		await page.reload();
		await expect(slotCard(page, winner).getByRole('checkbox', { name: new RegExp(QUESTION.replace('?', '\\?')) })).toBeChecked();
	});

	test('4. the officer scores the staff section, moderates, finalises, awards, publishes, thanks and opens a summary', async ({ page }) => {
		const { winner, loser } = state.letter;
		const base = state.tenderPath;
		await signIn(page, DEMO.officer.username, DEMO.officer.password);

		await test.step('as a member of the staff panel, from /panels', async () => {
			const panelPath = await openMyPanel(page);
			await expect(page.getByText(/This part is worth\s+50% of the total score/)).toBeVisible();
			await acceptAndDeclareNone(page);
			for (const [letter, score] of [
				[winner, '5 — Excellent'],
				[loser, '2 — Poor']
			]) {
				await page.goto(panelPath);
				await page.getByRole('link', { name: `Score Bid ${letter}` }).click();
				await expect(page.getByRole('heading', { level: 1, name: `Bid ${letter}` })).toBeVisible();
				await scoreGroup(page, 1).getByRole('radio', { name: score }).check();
				await submit(page, page.getByRole('button', { name: 'Submit my scores' }), /^Thank you! Your scores for Bid [AB] are submitted/);
			}
		});

		await test.step('closes scoring and sees the wide spread', async () => {
			await openTender(page);
			await page.getByRole('link', { name: /^Moderation/ }).click();
			await expect(page.getByRole('heading', { level: 1, name: `Moderation: ${TITLE}` })).toBeVisible();
			await expect(page.getByRole('heading', { name: 'Where the evaluation is: Panels scoring' })).toBeVisible();
			await submit(page, page.getByRole('button', { name: 'Close scoring' }), 'Scoring has closed. You can moderate now.');
			await expect(page.getByRole('heading', { name: 'Where the evaluation is: Moderating' })).toBeVisible();
			// Every member's score, numbered within the panel, never named.
			const scores = (await page.locator('main ul.scores').allTextContents()).join('\n');
			expect(scores).toMatch(/Member 1:/);
			for (const name of ['Jay', 'Mia', 'Owen Officer']) expect(scores).not.toContain(name);
			// jay 5 and mia 1 on the winner’s written answer: the one wide spread.
			const flagged = page.locator('ul.flagged li');
			await expect(flagged).toHaveCount(1);
			await expect(flagged).toContainText(`Bid ${winner}: ${FEEL}`);
			await expect(flagged).toContainText('Not moderated yet');
		});

		await test.step('moderates it with a reason; the members’ own scores are kept', async () => {
			const href = (await page.locator('ul.flagged li a').getAttribute('href'))!;
			const card = page.locator(href);
			await expect(card.getByText('Wide spread: worth discussing')).toBeVisible();
			await expect(card).toContainText('The scores run from 1 to 5: 4 points apart');
			const originals = await card.locator('ul.scores li').allTextContents();
			expect(originals).toHaveLength(2);
			await card.getByLabel('4 – Good').check();
			await card.getByRole('textbox', { name: /^Why this score\?/ }).fill(MODERATION_REASON);
			await submit(page, card.getByRole('button', { name: /^Save the moderated score/ }), 'Saved the moderated score.');
			const saved = page.locator(href);
			await expect(saved).toContainText('Moderated score: 4 – Good');
			await expect(saved).toContainText(`Reason: ${MODERATION_REASON}`);
			expect(await saved.locator('ul.scores li').allTextContents()).toEqual(originals);
			await expect(page.locator('ul.flagged li')).toContainText('Moderated');
		});

		await test.step('the results: ranking, chart with its table, and what the young people changed', async () => {
			await page.getByRole('link', { name: 'See the results and ranking' }).click();
			await expect(page.getByRole('heading', { level: 1, name: `Results: ${TITLE}` })).toBeVisible();
			const ranking = page.getByRole('region', { name: 'Ranking' });
			await expect(ranking.getByRole('row')).toHaveCount(3);
			// Winner: 50 + 8 (moderated 4) + 8 (presentation 4) + 30 (lowest price) = 96.
			await expect(ranking.getByRole('row').nth(1)).toContainText(`Bid ${winner}`);
			await expect(ranking.getByRole('row').nth(1)).toContainText('96.0');
			await expect(ranking.getByRole('row').nth(1)).toContainText('1 moderated score');
			// Loser: 20 + 5 + 5 + 900,000 ÷ 950,000 × 30 = 58.4.
			await expect(ranking.getByRole('row').nth(2)).toContainText(`Bid ${loser}`);
			await expect(ranking.getByRole('row').nth(2)).toContainText('58.4');
			const chart = page.locator('.chart canvas');
			await expect(chart).toBeVisible({ timeout: 15_000 });
			await expect.poll(async () => chart.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
			const breakdown = page.getByRole('region', { name: 'Points from each section' });
			await expect(breakdown.getByRole('columnheader')).toHaveText([
				'Bid',
				`${STAFF_SECTION} (out of 50)`,
				`${YOUNG_SECTION} (out of 20)`,
				`${PRICE_SECTION} (out of 30)`,
				'Total (out of 100)'
			]);
			await expect(breakdown.getByRole('row').filter({ hasText: `Bid ${winner}` }).getByRole('cell').last()).toHaveText('96.0');
			await expect(page.locator('p.influence')).toHaveText('Without the young people’s scores, the order of the bids would not have changed.');
			await expect(page.getByRole('table', { name: 'Without the young people’s scores' })).toBeVisible();
		});

		await test.step('finalises the evaluation', async () => {
			await page.goto(`${base}/moderation`);
			await submit(page, page.getByRole('button', { name: 'Finalise the evaluation' }), 'The evaluation is finalised.');
			await expect(page.getByRole('heading', { name: 'Where the evaluation is: Evaluation finalised' })).toBeVisible();
		});

		await test.step('records the award: each rule refused in plain words, then saved', async () => {
			await page.goto(base);
			await page.getByRole('link', { name: 'Award', exact: true }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Award' })).toBeVisible();
			const ranking = page.getByRole('region', { name: 'Ranking of the bids' });
			await expect(ranking.getByRole('row').nth(1)).toContainText(WINNER.name);
			const form = page.locator('form[action="?/record"]');
			// The top-ranked bid is chosen already; the decision is dated today.
			await expect(form.getByRole('radio', { name: new RegExp(`^Bid ${winner}: ${WINNER.name}`) })).toBeChecked();
			await expect(page.getByText(/must approve/)).toBeVisible();
			const decided = form.getByLabel('Date of the decision', { exact: true });
			const starts = form.getByLabel('Contract starts', { exact: true });
			const ends = form.getByLabel('Contract ends', { exact: true });
			const confirm = form.getByRole('checkbox', { name: /^I confirm the approver/ });
			const reason = form.getByRole('textbox', { name: /^Reason for the decision/ });
			const record = page.getByRole('button', { name: 'Record the decision' });
			const refused = (message: string | RegExp) => expect(page.locator('form[action="?/record"] .field-error').filter({ hasText: message })).toBeVisible({ timeout: 15_000 });

			// Not confirmed: refused.
			await decided.fill(isoDay(0));
			await starts.fill(isoDay(30));
			await ends.fill(isoDay(30 + 730));
			await reason.fill('The highest score overall, and the lowest price.');
			await record.click();
			await refused('Confirm that the approver approved this award on the date of the decision.');
			// Before bids closed: refused.
			await confirm.check();
			await decided.fill(isoDay(-25));
			await record.click();
			await refused(/^Error: The decision can’t come before bids closed on/);
			// Starting before the decision: refused.
			await expect(confirm).toBeChecked();
			await decided.fill(isoDay(0));
			await starts.fill(isoDay(-1));
			await record.click();
			await refused('The contract can’t start before the decision to award it.');
			// Ending before it starts: refused.
			await starts.fill(isoDay(30));
			await ends.fill(isoDay(29));
			await record.click();
			await refused('The contract must end after it starts.');
			// The other bid with a short reason: refused; it needs 50 characters saying why.
			await ends.fill(isoDay(30 + 730));
			await form.getByRole('radio', { name: new RegExp(`^Bid ${loser}: ${LOSER.name}`) }).check();
			await reason.fill('We liked them.');
			await record.click();
			await refused(new RegExp(`Bid ${loser} wasn’t ranked first \\(Bid ${winner} was\\)`));
			// The top-ranked bid: saved.
			await page.locator('form[action="?/record"]').getByRole('radio', { name: new RegExp(`^Bid ${winner}: ${WINNER.name}`) }).check();
			await reason.fill('The highest score overall, and the lowest price.');
			await submit(page, record, 'The decision is recorded. Only officers can see who won until you publish it.');
			const decision = page.getByRole('region', { name: 'The decision', exact: true });
			await expect(decision).toContainText(`Bid ${winner}: ${WINNER.name}`);
			await expect(decision).toContainText('£900,000');
			await expect(decision).toContainText('Not yet: only officers can see who won.');
		});

		await test.step('publishes the award and thanks the panels', async () => {
			await submit(page, page.getByRole('button', { name: 'Publish the award' }), 'The award is published: the winner, value and dates are on the project’s public page.');
			const decision = page.getByRole('region', { name: 'The decision', exact: true });
			await expect(decision.getByRole('link', { name: 'See it on the public page' })).toHaveAttribute('href', `/projects/${SLUG}`);
			await expect(page.getByRole('button', { name: /Record the decision|Save the changed decision|Publish the award/ })).toHaveCount(0);
			await page.getByLabel('Thank-you message').fill(THANKS);
			await submit(page, page.getByRole('button', { name: 'Send thanks to the panels' }), /^Thank-you sent/);
			await expect(page.getByText(/^Panels thanked on/)).toBeVisible();
		});

		await test.step('opens the losing bidder’s assessment summary and its CSV', async () => {
			await page.getByRole('link', { name: 'Assessment summaries for each bidder' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Assessment summaries' })).toBeVisible();
			const list = page.getByRole('region', { name: 'Assessment summaries by bidder' });
			await expect(list.getByRole('row')).toHaveCount(3);
			await list.getByRole('link', { name: `Summary for Bid ${loser}` }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Assessment summary' })).toBeVisible();
			await expect(page.locator('.summary dl')).toContainText(`${LOSER.name} (Bid ${loser})`);
			await expect(page.locator('.summary dl')).toContainText('2 of 2');
			const rows = page.locator('table.scores tbody.criterion');
			await expect(rows).toHaveCount(4);
			await expect(rows.last()).toContainText(/Lowest price £900,000 ÷ your price £950,000 × 30/);

			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
			expect(download.suggestedFilename()).toMatch(/^assessment-summary-.+\.csv$/);
			const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
			expect(csv.find((r) => r[0] === 'Bidder')?.[1]).toBe(LOSER.name);
			expect(csv.find((r) => r[0] === 'Total points (out of 100)')?.[1]).toMatch(/^58\.4/);
			const header = csv.findIndex((r) => r[0] === 'Section');
			expect(csv.slice(header + 1, header + 5).map((r) => r[1])).toEqual([SAFE, FEEL, SHOW, PRICE]);
		});
	});

	test('5. the public page and open data show the scoring system and the winner, never the other bidder; jay is told and thanked', async ({ page }) => {
		await test.step('the public project page, signed out', async () => {
			await page.goto(`/projects/${SLUG}`);
			const tender = page.getByRole('region', { name: TITLE, exact: true });
			await expect(tender.getByRole('heading', { name: 'Who won' })).toBeVisible();
			await expect(tender).toContainText(`The contract was awarded to ${WINNER.name}.`);
			await expect(tender).toContainText('£900,000');
			await expect(tender.getByRole('heading', { name: 'How bids are scored' })).toBeVisible();
			const scoring = tender.getByRole('region', { name: `How ${REFERENCE} is scored` });
			await expect(scoring).toContainText(SAFE);
			await expect(scoring).toContainText(SHOW);
			await expect(scoring.getByRole('row').filter({ hasText: PRICE })).toContainText('30%');
			await expect(tender.getByText('Scored by young people')).toBeVisible();
			const html = await page.content();
			for (const trace of [...LOSER_TRACES, WINNER.contact, WINNER.email]) expect(html, trace).not.toContain(trace);
		});

		await test.step('the open data and the feed', async () => {
			const api = await page.request.get(`/api/public/projects/${SLUG}`);
			expect(api.status()).toBe(200);
			const text = await api.text();
			const { project } = JSON.parse(text) as { project: { tenders: { reference: string; award: { winner: string; valuePence: number; startsOn: string; endsOn: string } | null; sections: { name: string; weight: number; scoredBy: string | null }[] }[] } };
			const mine = project.tenders.find((t) => t.reference === REFERENCE);
			expect(mine, 'the new tender is in the open data').toBeTruthy();
			expect(mine!.award).toMatchObject({ winner: WINNER.name, valuePence: 90_000_000, startsOn: isoDay(30), endsOn: isoDay(760) });
			expect(mine!.sections.map((s) => [s.name, s.weight, s.scoredBy])).toEqual([
				[STAFF_SECTION, 50, null],
				[YOUNG_SECTION, 20, 'Scored by young people'],
				[PRICE_SECTION, 30, null]
			]);
			for (const trace of [...LOSER_TRACES, WINNER.contact, WINNER.email]) expect(text, trace).not.toContain(trace);
			for (const path of ['/feed.xml', '/projects', '/api/public/projects']) {
				const body = await (await page.request.get(path)).text();
				for (const trace of LOSER_TRACES) expect(body, `${path}: ${trace}`).not.toContain(trace);
			}
		});

		await test.step('jay’s panel page shows the outcome and the thanks, with the link to the public page', async () => {
			await signIn(page, DEMO.jay.username, DEMO.jay.password);
			await openMyPanel(page);
			const outcome = page.getByRole('region', { name: 'The decision', exact: true });
			await expect(outcome).toContainText('The council has chosen who will run the service');
			await expect(outcome.getByText(THANKS)).toBeVisible();
			await outcome.getByRole('link', { name: 'See the published decision on the project page' }).click();
			await expect(page.getByRole('region', { name: TITLE, exact: true })).toContainText(`The contract was awarded to ${WINNER.name}.`);
			await page.goto('/panels');
			await expect(page.locator('.card', { has: page.getByRole('link', { name: TITLE, exact: true }) })).toContainText('Scoring has finished and the decision has been published.');
		});
	});
});
