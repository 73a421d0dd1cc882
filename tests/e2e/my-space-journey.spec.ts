import { readFile } from 'node:fs/promises';
import type { Cookie, Page } from '@playwright/test';
import { test, expect, signIn, DEMO, checkAccessibility } from './fixtures';
import { withDatabase } from './panel-ids';
import {
	QUESTIONS,
	SECTION,
	awardAndPublish,
	fitsWidth,
	newPublishedProject,
	openSignedInSurvey,
	panelWithMember,
	press,
	publishYouSaidWeDid,
	rankingRows,
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
const state = {
	projectId: '',
	surveyPath: '',
	surveyCode: '',
	tenderPath: '',
	invitation: '',
	letters: {} as Record<string, string>,
	ranking: [] as string[],
	/** The young person's signed-in cookies, to show the session ends with the account. */
	cookies: [] as Cookie[],
	userId: ''
};

async function signInAsPerson(page: Page) {
	await signIn(page, PERSON.username, PERSON.password);
}

test.describe.serial('my space: a young person’s whole journey, then their account deleted', () => {
	test.setTimeout(240_000);

	test('1a. a champion invites a new young person', async ({ page }) => {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await page.goto('/staff/invitations');
		await page.getByLabel('A young person').check();
		await page.getByLabel('Young person’s month of birth (optional)').fill(BORN);
		await page.getByLabel('A note for you (optional)').fill(`My space journey ${RUN}`);
		await page.getByRole('button', { name: 'Create invitation' }).click();
		await expect(page.getByRole('heading', { name: 'Invitation ready' })).toBeVisible();
		state.invitation = (await page.getByRole('link', { name: /\/join\// }).getAttribute('href'))!;
		expect(state.invitation).toMatch(/\/join\/[A-Z2-9]{5}-[A-Z2-9]{5}$/);
	});

	test.describe('joining on a phone (390x844)', () => {
		test.use(PHONE);

		test('1b. the young person joins with the invitation, choosing a name and a password', async ({ page }) => {
			await page.goto(state.invitation);
			await expect(page.getByRole('heading', { name: 'Welcome! Let’s set you up' })).toBeVisible();
			await fitsWidth(page);
			await page.getByLabel('What should we call you?').fill(PERSON.name);
			PERSON.username = await page.getByLabel('Your username').inputValue();
			expect(PERSON.username).not.toBe('');
			await page.getByLabel('Choose a password').fill(PERSON.password);
			await page.getByRole('button', { name: 'Join Coproduce' }).click();
			await expect(page).toHaveURL(/\/me\?welcome=1$/);
			await expect(page.getByRole('heading', { name: `Hi ${PERSON.name}` })).toBeVisible();
			// New: no panels yet (open demo surveys may be listed; they belong to other specs).
			await expect(page.getByRole('region', { name: 'Your panels' })).toHaveCount(0);
			await fitsWidth(page);
		});
	});

	test('1c. the champion sees them joined: 17, so no consent is needed to sit on a panel', async ({ page }) => {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await page.goto('/staff/invitations');
		await expect(page.getByRole('row', { name: new RegExp(`My space journey ${RUN}`) })).toContainText('Joined');
		await page.goto(`/staff/participants?q=${encodeURIComponent(PERSON.name)}`);
		const row = page.getByRole('row', { name: new RegExp(PERSON.name) });
		await expect(row).toBeVisible();
		await expect(row).not.toContainText('Needs parental consent');
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
			await panelWithMember(page, state.tenderPath, PERSON.name, PANEL_HOURS);
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
				await checkAccessibility(page);
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
		await expect(page.getByText('1 response', { exact: true })).toBeVisible();
		await awardAndPublish(page, state.tenderPath, { name: WINNER.name, letter: state.letters[WINNER.name] }, THANKS);
		// Only the young person scored: 50 × 5/5 + 50 × 4/5 = 90 for the winner, 50 × 2/5 + 50 × 3/5 = 50 for the other.
		state.ranking = await rankingRows(page, state.tenderPath);
		expect(state.ranking[0]).toContain(`Bid ${state.letters[WINNER.name]} | 90.0`);
		expect(state.ranking[1]).toContain(`Bid ${state.letters[OTHER.name]} | 50.0`);
		await publishYouSaidWeDid(page, state.projectId, YOU_SAID, WE_DID);
	});

	test.describe('on a phone again', () => {
		test.use(PHONE);

		test('5. the young person sees what they did and what it changed, is notified, prints a certificate, downloads their data and asks for deletion', async ({ page, context }) => {
			await signInAsPerson(page);
			const hoursText = `${PANEL_HOURS} hours`;

			await test.step('My space: news waiting, links to everything, nothing left to do on the panel', async () => {
				await page.goto('/me');
				await expect(page.getByRole('heading', { level: 1, name: `Hi ${PERSON.name}` })).toBeVisible();
				await expect(page.getByRole('link', { name: /^Notifications: \d+ new$/ })).toBeVisible();
				// Answered: the survey no longer waits for them.
				await expect(page.getByRole('link', { name: SURVEY.title })).toHaveCount(0);
				for (const name of ['What I did and what it changed', 'My certificate: the hours I’ve given', /^My data:/]) await expect(page.getByRole('link', { name })).toBeVisible();
				await fitsWidth(page);
			});

			await test.step('notifications: the published decision and the you-said-we-did, leading to what changed', async () => {
				await page.getByRole('link', { name: /^Notifications:/ }).click();
				await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
				const decision = page.locator('li.card', { has: page.getByRole('heading', { name: `A decision is made: ${TENDER.title}` }) });
				await expect(decision).toContainText('New');
				await expect(decision).toContainText('The council has chosen who will run this service.');
				await expect(page.getByRole('heading', { name: `You said, we did: ${PROJECT}` })).toBeVisible();
				for (const trace of BIDDER_TRACES) await expect(page.locator('main')).not.toContainText(trace);
				await fitsWidth(page);
				await decision.getByRole('link', { name: `A decision is made: ${TENDER.title}` }).click();
				await expect(page).toHaveURL(new RegExp(`/me/activity#project-${state.projectId}$`));
			});

			await test.step('what I did and what it changed: the survey and the panel, the award, the thanks and the you-said-we-did', async () => {
				await expect(page.getByRole('heading', { level: 1, name: 'What I did and what it changed' })).toBeVisible();
				await checkAccessibility(page);
				await expect(page.getByText(`Hours recorded for you so far: ${hoursText}.`)).toBeVisible();
				const project = page.locator(`#project-${state.projectId}`);
				await expect(project.getByRole('heading', { level: 2, name: PROJECT })).toBeVisible();
				const did = project.locator('ul.did > li');
				await expect(did.filter({ hasText: SURVEY.title })).toContainText('You answered this survey.');
				const panel = did.filter({ hasText: 'You sat on the panel' });
				await expect(panel).toContainText(TENDER.title);
				await expect(panel).toContainText(`You sat on the panel for “${SECTION}” and sent your scores for 2 bids.`);
				// The panel's hours, credited when they submitted.
				const credited = did.filter({ hasText: 'Hours recorded for you.' });
				await expect(credited).toContainText(`Tender panel: ${TENDER.title} (${SECTION})`);
				await expect(credited).toContainText(`Hours recorded for you. ${hoursText}.`);
				await expect(project.getByRole('heading', { level: 3, name: 'What it changed' })).toBeVisible();
				await expect(project).toContainText(`Decision: ${TENDER.title}`);
				// The award is published, so the winner is named here; the other bidder never is.
				await expect(project).toContainText(`${WINNER.name} will run the service`);
				await expect(project).toContainText(THANKS);
				await expect(project).toContainText(YOU_SAID);
				await expect(project).toContainText(WE_DID);
				for (const trace of [OTHER.name, OTHER.contact, OTHER.email, 'Thistlebrook', WINNER.contact, WINNER.email]) await expect(page.locator('main')).not.toContainText(trace);
				await fitsWidth(page);
			});

			await test.step('the certificate shows the panel’s hours, on screen and printed', async () => {
				await page.goto('/me/certificate');
				const certificate = page.getByRole('article', { name: 'Certificate of volunteering' });
				await expect(certificate).toContainText(PERSON.name);
				// Nothing else earned hours: a signed-in survey isn't credited, only the panel.
				await expect(certificate.locator('.total')).toHaveText(hoursText);
				const line = certificate.locator('li', { hasText: TENDER.title });
				await expect(line).toHaveCount(1);
				await expect(line.locator('.hours')).toHaveText(hoursText);
				await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
				await fitsWidth(page);

				await page.emulateMedia({ media: 'print' });
				await expect(certificate).toBeVisible();
				await expect(certificate.locator('.total')).toHaveText(hoursText);
				await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
				await expect(page.getByRole('link', { name: 'Back to my space' })).toBeHidden();
				await expect(page.locator('.site-header')).toBeHidden();
				// Printed on A4, it is one page (a PDF is made with the media emulated now: print).
				const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
				expect(pdf.match(/\/Type\s*\/Page\b/g) ?? [], 'pages in the printed certificate').toHaveLength(1);
				await page.emulateMedia({ media: 'screen' });
			});

			await test.step('My data: the download holds their survey answer and panel scores, and no bidder', async () => {
				await page.goto('/me/data');
				await expect(page.getByRole('heading', { level: 1, name: 'My data' })).toBeVisible();
				await fitsWidth(page);
				const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data (a JSON file)' }).click()]);
				expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
				const text = await readFile((await download.path())!, 'utf8');
				for (const trace of BIDDER_TRACES) expect(text, `no bidder in my data: ${trace}`).not.toContain(trace);
				const data = JSON.parse(text) as {
					account: { displayName: string; username: string; birthMonth: string | null };
					surveyResponses: { survey: string; answers: { question: string; answer: string }[] }[];
					panels: { tender: string; section: string; scores: { bid: string; criterion: string; score: number; draft: boolean }[] }[];
					contributions: { activity: string; hours: number }[];
				};
				expect(data.account).toMatchObject({ displayName: PERSON.name, username: PERSON.username, birthMonth: BORN });
				const response = data.surveyResponses.find((r) => r.survey === SURVEY.title);
				expect(response?.answers).toEqual([
					{ question: SURVEY.choiceQuestion, answer: SURVEY_ANSWER.choice },
					{ question: SURVEY.textQuestion, answer: SURVEY_ANSWER.text }
				]);
				const panel = data.panels.find((p) => p.tender === TENDER.title);
				expect(panel?.section).toBe(SECTION);
				const digit = (descriptor: string) => Number(descriptor.slice(0, 1));
				const expected = [
					...QUESTIONS.map((q, i) => ({ bid: `Bid ${state.letters[WINNER.name]}`, criterion: q, score: digit(SCORES.winner[i]), draft: false })),
					...QUESTIONS.map((q, i) => ({ bid: `Bid ${state.letters[OTHER.name]}`, criterion: q, score: digit(SCORES.other[i]), draft: false }))
				];
				expect(panel?.scores.map(({ bid, criterion, score, draft }) => ({ bid, criterion, score, draft }))).toEqual(expect.arrayContaining(expected));
				expect(panel?.scores).toHaveLength(expected.length);
				expect(data.contributions).toEqual([expect.objectContaining({ activity: 'panel', hours: PANEL_HOURS })]);
			});

			await test.step('they ask for their account to be deleted', async () => {
				const ask = page.getByRole('button', { name: 'Ask for my account to be deleted' });
				// Not without saying they understand.
				await ask.click();
				await expect(page.getByText('Please tick the box to say you understand what deleting your account means.').first()).toBeVisible();
				await page.getByLabel(/I understand my personal details will be removed/).check();
				await page.getByRole('button', { name: 'Ask for my account to be deleted' }).click();
				await expect(page.getByRole('status')).toContainText('We’ve asked a participation champion to delete your account.');
				await expect(page.getByRole('button', { name: 'I’ve changed my mind: keep my account' })).toBeVisible();
				await checkAccessibility(page);
			});

			await test.step('every page of their space works 320 px wide', async () => {
				await page.setViewportSize({ width: 320, height: 640 });
				for (const path of ['/me', '/me/activity', '/me/notifications', '/me/certificate', '/me/data']) {
					await page.goto(path);
					await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
					await fitsWidth(page);
				}
			});
			state.cookies = await context.cookies();
		});
	});

	test('6. a champion confirms the deletion: the person is gone, what they gave still counts', async ({ page, browser }) => {
		await test.step('the champion sees the request and what stays counted, and confirms', async () => {
			await signIn(page, DEMO.champion.username, DEMO.champion.password);
			await page.goto('/staff/account-deletion');
			const requests = page.getByRole('region', { name: 'Requests to delete an account' });
			const row = requests.getByRole('row').filter({ hasText: PERSON.name });
			await expect(row).toContainText(PERSON.username);
			await expect(row).toContainText('1 survey response');
			await expect(row).toContainText('1 panel (scores kept)');
			await expect(row).toContainText(`${PANEL_HOURS} hours`);
			state.userId = await row.locator('input[name="userId"]').first().inputValue();
			// Deleting can't be undone: the champion ticks that they checked it's the right account.
			await row.getByRole('checkbox', { name: /I have checked this is the right account/ }).check();
			await press(page, row.getByRole('button', { name: `Confirm and delete for ${PERSON.name} (${PERSON.username})` }), 'The account is deleted.');
			await expect(page.getByRole('main')).not.toContainText(PERSON.name);
			await checkAccessibility(page);
			await page.goto(`/staff/participants?q=${encodeURIComponent(PERSON.name)}`);
			await expect(page.getByRole('row', { name: new RegExp(PERSON.name) })).toHaveCount(0);
		});

		await test.step('the person can’t sign in, and their old session has ended', async () => {
			await page.context().clearCookies();
			await page.goto('/sign-in');
			await page.locator('input[name="username"]').fill(PERSON.username);
			await page.locator('input[name="password"]').fill(PERSON.password);
			await page.getByRole('button', { name: 'Sign in', exact: true }).click();
			await expect(page.getByText('That username and password don’t match.')).toBeVisible();
			await checkAccessibility(page);
			await expect(page).toHaveURL(/\/sign-in/);

			// The phone they were signed in on: the session went with the account.
			const old = await browser.newContext(PHONE);
			await old.addCookies(state.cookies);
			const oldPage = await old.newPage();
			await oldPage.goto('/me');
			await expect(oldPage).toHaveURL(/\/sign-in/);
			await old.close();
		});

		await test.step('what they gave still counts: the survey’s response and the panel’s scores and ranking', async () => {
			await page.context().clearCookies();
			await signIn(page, DEMO.officer.username, DEMO.officer.password);
			await page.goto(state.surveyPath);
			await expect(page.getByText('1 response', { exact: true })).toBeVisible();
			expect(await rankingRows(page, state.tenderPath)).toEqual(state.ranking);
			await page.goto(`${state.tenderPath}/moderation`);
			await expect(page.locator('main ul.scores').first()).toContainText('Member 1:');
			await expect(page.locator('main')).not.toContainText(PERSON.name);
		});

		await test.step('in the database: the person’s details are scrubbed, their answers and hours kept without their name', async () => {
			// Only on Postgres (TEST_DATABASE_URL): PGlite belongs to the server alone. The pages above hold either way.
			if (!process.env.TEST_DATABASE_URL) {
				test.info().annotations.push({ type: 'skipped step', description: 'database checks need TEST_DATABASE_URL' });
				return;
			}
			const checked = await withDatabase(async (sql) => {
				const [user] = await sql`select display_name, username, email, birth_month, deleted_at, disabled_at from users where id = ${state.userId}`;
				expect(user.display_name).toBe('Deleted account');
				expect(user.username).not.toBe(PERSON.username);
				expect(user.username).toMatch(/^deleted-/);
				expect(user.email).toBeNull();
				expect(user.birth_month).toBeNull();
				expect(user.deleted_at).not.toBeNull();
				expect(await sql`select id from users where display_name = ${PERSON.name} or username = ${PERSON.username}`).toHaveLength(0);
				expect(await sql`select id from sessions where user_id = ${state.userId}`).toHaveLength(0);
				expect(await sql`select id from notifications where user_id = ${state.userId}`).toHaveLength(0);

				const survey = state.surveyPath.split('/').pop()!;
				const responses = await sql`select user_id from survey_responses where survey_id = ${survey}`;
				expect(responses).toHaveLength(1);
				// Still linked to the empty placeholder: one deleted person stays one anonymous person.
				expect(responses[0].user_id).toBe(state.userId);

				const scores = await sql`
					select s.score from panel_scores s join panel_members m on m.id = s.panel_member_id
					where m.user_id = ${state.userId} and s.submitted_at is not null`;
				expect(scores).toHaveLength(4);

				const hours = await sql`select user_id, hours from contributions where activity = 'panel' and description like ${`%${TENDER.title}%`}`;
				expect(hours).toHaveLength(1);
				expect(hours[0].user_id).toBe(state.userId);
				expect(Number(hours[0].hours)).toBe(PANEL_HOURS);
				return true;
			});
			expect(checked, 'the database was checked').toBe(true);
		});
	});
});
