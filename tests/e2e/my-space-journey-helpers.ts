// Steps of the my-space journey (my-space-journey.spec.ts) that set things up through the pages:
// a new project, a signed-in survey, and a small tender of its own (one young people's section,
// two anonymised bids, one panel), so the journey never leans on what other specs change.
import { expect, type Locator, type Page } from '@playwright/test';

const DAY = 86_400_000;

/** A day as <input type="date"> takes it (UTC, the server's "today"). */
export function dayFromNow(days: number): string {
	return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/** A moment in UK time, as <input type="datetime-local"> takes it. */
export function ukDateTime(ms: number): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(new Date(ms));
	const part = (type: string) => parts.find((p) => p.type === type)!.value;
	return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/**
 * Presses a form's button, then waits for the page the redirect lands on: its notice, and when
 * given something only that page shows (the same notice may still be up from the form before).
 */
export async function press(page: Page, button: Locator, notice: string | RegExp, landed?: Locator): Promise<void> {
	await button.click();
	if (landed) await expect(landed).toBeVisible({ timeout: 15_000 });
	await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible({ timeout: 15_000 });
}

/** Nothing on the page is wider than the screen. */
export async function fitsWidth(page: Page): Promise<void> {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${new URL(page.url()).pathname} is ${width}px wide`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** As an officer: a new project, published so its outcomes can be public. Returns its id. */
export async function newPublishedProject(page: Page, title: string): Promise<string> {
	await page.goto('/staff/projects/new');
	await page.locator('input[name="title"]').fill(title);
	await page.locator('[name="summary"]').fill('Somewhere after school to talk about how you feel, run with young people.');
	await page.locator('input[name="serviceArea"]').fill('Emotional wellbeing');
	await page.locator('input[name="level"][value="strategic"]').check();
	await page.locator('select[name="route"]').selectOption('procurement');
	await page.locator('input[name="annualValue"]').fill('300000');
	await page.locator('input[name="contractMonths"]').fill('36');
	await page.locator('select[name="status"]').selectOption('planned');
	await Promise.all([page.waitForURL(/\/staff\/projects\/[a-z2-7]{16}(\?|$)/), page.getByRole('button', { name: 'Create project' }).click()]);
	const id = new URL(page.url()).pathname.split('/')[3];
	await page.goto(`/staff/projects/${id}/publish`);
	await page.getByRole('button', { name: 'Publish this project' }).click();
	await expect(page.getByRole('status')).toContainText('Published');
	return id;
}

export interface SurveyPlan {
	title: string;
	choiceQuestion: string;
	choices: string[];
	textQuestion: string;
}

/** As an officer: a signed-in survey for young people on the project, with two questions, opened. Returns its staff path and code. */
export async function openSignedInSurvey(page: Page, projectId: string, plan: SurveyPlan): Promise<{ path: string; code: string }> {
	await page.goto(`/staff/projects/${projectId}/surveys`);
	await page.getByLabel('Title').fill(plan.title);
	await page.getByLabel('Introduction').fill('Two quick questions about the new wellbeing hub. What you say shapes it.');
	await page.getByRole('radio', { name: /^Young people/ }).first().check();
	await page.getByRole('radio', { name: /^Signed in/ }).check();
	await page.getByRole('button', { name: 'Create survey' }).click();
	await page.waitForURL(/\/staff\/surveys\/[a-z2-7]{16}\?saved=created/);
	const path = new URL(page.url()).pathname;

	const question = async (kind: RegExp, prompt: string, choices?: string[]) => {
		await page.goto(`${path}/questions/new`);
		await page.getByRole('radio', { name: kind }).check();
		await page.getByLabel('The question', { exact: true }).fill(prompt);
		if (choices) {
			await page.getByLabel('People must answer this question').check();
			await page.getByLabel('Choices, one on each line').fill(choices.join('\n'));
		}
		await page.getByRole('button', { name: 'Add question' }).click();
		await page.waitForURL(/saved=question-added/);
		await expect(page.getByRole('heading', { level: 4, name: prompt })).toBeVisible();
	};
	await question(/Pick one/, plan.choiceQuestion, plan.choices);
	await question(/Short text/, plan.textQuestion);

	await page.getByRole('button', { name: 'Open the survey' }).click();
	await page.waitForURL(/saved=opened/);
	const code = (await page.locator('.code').first().textContent())!.trim();
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	return { path, code };
}

export const SECTION = 'What young people think';
export const QUESTIONS = ['How will young people feel welcome at the hub?', 'What will you do when someone is upset?'] as const;

export interface Bidder {
	name: string;
	contact: string;
	email: string;
	price: string;
	/** Answers to QUESTIONS, which name the bidder, and their anonymised versions. */
	answers: [string, string][];
}

function sectionBox(page: Page, name: string): Locator {
	return page.locator('section.section', { has: page.getByRole('heading', { level: 3, name, exact: true }) });
}

/**
 * As an officer: a tender on the project with one young people's section (two questions, 50 each),
 * the bids entered, anonymised and released, and the young people's panel open for scoring now.
 * Returns the tender's staff path and bidder name → bid letter.
 */
export async function tenderReadyForPanel(page: Page, projectId: string, tender: { title: string; reference: string }, bidders: Bidder[]): Promise<{ path: string; letters: Record<string, string> }> {
	await page.goto(`/staff/projects/${projectId}/tenders`);
	const create = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create tender' }) });
	await create.getByLabel('Title').fill(tender.title);
	await create.getByLabel('Reference').fill(tender.reference);
	await create.getByLabel('Publication date (optional)').fill(dayFromNow(-60));
	await create.getByLabel('Closing date for bids (optional)').fill(dayFromNow(-10));
	await press(page, create.getByRole('button', { name: 'Create tender' }), /^Tender created/);
	await expect(page.getByRole('heading', { level: 1, name: tender.title })).toBeVisible();
	const path = new URL(page.url()).pathname;

	const sectionForm = page.locator('form[action^="?/addSection"]');
	await sectionForm.getByLabel(/^Section name/).fill(SECTION);
	await sectionForm.getByRole('radio', { name: /^Young people/ }).check();
	await press(page, sectionForm.getByRole('button', { name: 'Add the section' }), 'Section added.', sectionBox(page, SECTION));
	for (const question of QUESTIONS) {
		const form = page.locator('form[action^="?/addCriterion"]');
		await form.getByLabel(/^Section/).selectOption({ label: `${SECTION} (young people’s section)` });
		await form.getByLabel(/^Question for bidders/).fill(question);
		await form.getByLabel(/^Weight/).fill('50');
		await press(page, form.getByRole('button', { name: 'Add the criterion' }), 'Criterion added.', sectionBox(page, SECTION).locator('ol.criteria').getByText(question, { exact: true }));
	}
	await expect(page.getByText('The weights add up to 100%.')).toBeVisible();

	// The bids, as the bidders sent them.
	await page.goto(`${path}/bids`);
	const table = page.getByRole('region', { name: 'Bids' });
	for (const bidder of bidders) {
		const form = page.locator('form[action="?/add"]');
		await form.getByLabel('Bidder (organisation) name').fill(bidder.name);
		await form.getByLabel('Contact name (optional)').fill(bidder.contact);
		await form.getByLabel('Contact email (optional)').fill(bidder.email);
		await form.getByLabel(/^Price/).fill(bidder.price);
		for (const [i, question] of QUESTIONS.entries()) await form.getByLabel(question, { exact: true }).fill(bidder.answers[i][0]);
		await press(page, form.getByRole('button', { name: 'Add the bid' }), /^Bid added/, table.getByRole('cell', { name: bidder.name }));
	}

	// Each bid anonymised and released to the panel.
	const letters: Record<string, string> = {};
	for (const bidder of bidders) {
		await page.goto(`${path}/bids`);
		const link = page.getByRole('region', { name: 'Bids' }).locator('tbody tr').filter({ hasText: bidder.name }).getByRole('link');
		letters[bidder.name] = (await link.textContent())!.trim().replace(/^Bid /, '');
		await link.click();
		await expect(page.getByRole('heading', { level: 1, name: new RegExp(bidder.name) })).toBeVisible();
		for (const [i, question] of QUESTIONS.entries()) {
			const card = page.locator('section.answer', { has: page.getByRole('heading', { name: question, exact: true }) });
			await card.getByLabel(/^Anonymised answer/).fill(bidder.answers[i][1]);
			await card.getByRole('button', { name: 'Save the anonymised answer' }).click();
			await expect(card.getByText('Nothing here identifies the bidder.')).toBeVisible({ timeout: 15_000 });
		}
		await press(page, page.getByRole('button', { name: 'Release to the panels' }), /is released/);
	}
	return { path, letters };
}

/** As an officer: the young people's panel (quorum 1, open an hour ago for two days, default hours) with this person on it, then evaluation opens. */
export async function panelWithMember(page: Page, tenderPath: string, displayName: string, defaultHours: number): Promise<void> {
	await page.goto(`${tenderPath}/panels`);
	const card = page.locator('section.panel', { has: page.getByRole('heading', { name: SECTION, exact: true }) });
	// The hours each member is credited: left at the default.
	await expect(card.getByLabel(/^Volunteering hours for each member/)).toHaveValue(String(defaultHours));
	await card.getByLabel(/^Quorum/).fill('1');
	await card.getByLabel(/^Scoring opens/).fill(ukDateTime(Date.now() - 3_600_000));
	await card.getByLabel(/^Scoring closes/).fill(ukDateTime(Date.now() + 2 * DAY));
	await press(page, card.getByRole('button', { name: 'Set up the panel' }), 'Panel set up. Now add its members.', card.getByRole('heading', { name: 'Members' }));
	await card.getByLabel(/^Who to add/).selectOption({ label: displayName });
	await press(page, card.getByRole('button', { name: 'Add to the panel' }), /^Member added/);
	await expect(card.getByText(`${displayName}: Invited`)).toBeVisible();

	await page.goto(tenderPath);
	await expect(page.getByText('Everything is ready')).toBeVisible();
	await press(page, page.getByRole('button', { name: 'Open evaluation' }), /^Evaluation is open/);
}

/** As an officer: close scoring, finalise, record the award to the top bid and publish it, thank the panel. */
export async function awardAndPublish(page: Page, tenderPath: string, winner: { name: string; letter: string }, thanks: string): Promise<void> {
	await page.goto(`${tenderPath}/moderation`);
	await press(page, page.getByRole('button', { name: 'Close scoring' }), 'Scoring has closed. You can moderate now.');
	await press(page, page.getByRole('button', { name: 'Finalise the evaluation' }), 'The evaluation is finalised.');

	await page.goto(`${tenderPath}/award`);
	await expect(page.getByRole('heading', { level: 1, name: 'Award' })).toBeVisible();
	const form = page.locator('form[action="?/record"]');
	await expect(form.getByRole('radio', { name: new RegExp(`^Bid ${winner.letter}: ${winner.name}`) })).toBeChecked();
	await form.getByLabel('Date of the decision', { exact: true }).fill(dayFromNow(0));
	await form.getByLabel('Contract starts', { exact: true }).fill(dayFromNow(30));
	await form.getByLabel('Contract ends', { exact: true }).fill(dayFromNow(30 + 3 * 365));
	await form.getByRole('checkbox', { name: /^I confirm the approver/ }).check();
	await form.getByRole('textbox', { name: /^Reason for the decision/ }).fill('Ranked first by the young people’s panel.');
	await press(page, page.getByRole('button', { name: 'Record the decision' }), /^The decision is recorded/);
	await press(page, page.getByRole('button', { name: 'Publish the award' }), /^The award is published/);
	await page.getByLabel('Thank-you message').fill(thanks);
	await press(page, page.getByRole('button', { name: 'Send thanks to the panels' }), /^Thank-you sent/);
}

/** As an officer: a published "you said, we did" entry on the project, from the panel. */
export async function publishYouSaidWeDid(page: Page, projectId: string, youSaid: string, weDid: string): Promise<void> {
	await page.goto(`/staff/projects/${projectId}/you-said-we-did`);
	await page.getByRole('link', { name: 'Add an entry' }).click();
	await page.getByLabel('What young people or parents said').fill(youSaid);
	await page.getByLabel('What was decided or changed').fill(weDid);
	await page.getByLabel('We changed something').check();
	await page.getByLabel('The activity it came from').selectOption('panel');
	await page.getByLabel('Where it came from').fill('The young people’s tender panel');
	await page.getByRole('button', { name: 'Add entry' }).click();
	await expect(page.getByRole('status')).toContainText('Entry added');
	await page.getByRole('button', { name: /^Publish the entry/ }).click();
	await expect(page.getByRole('status')).toContainText('Entry published');
}

/** As staff: the tender's ranking rows ("1st | Bid A | 90.0 | –"), from its results page. */
export async function rankingRows(page: Page, tenderPath: string): Promise<string[]> {
	await page.goto(`${tenderPath}/results`);
	const ranking = page.getByRole('region', { name: 'Ranking' });
	await expect(ranking.getByRole('row')).toHaveCount(3);
	const rows = ranking.locator('tbody tr');
	const out: string[] = [];
	for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator('td').allTextContents()).map((cell) => cell.trim()).join(' | '));
	return out;
}
