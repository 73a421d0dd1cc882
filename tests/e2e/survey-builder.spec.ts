import type { Page } from '@playwright/test';
import { test as plainTest } from '@playwright/test';
import { test, expect, signIn, DEMO, checkAccessibility } from './fixtures';

// Building and sharing surveys: an officer builds one with every kind of question over three
// pages with a condition, adds the equality block, opens, shares and copies it; a champion builds
// one too; and a survey people have answered refuses changes that would spoil their answers.

const unique = (title: string) => `${title} ${Math.random().toString(36).slice(2, 7)}`;

async function openProjectSurveys(page: Page, project: string) {
	await page.goto('/staff/projects');
	await page.getByRole('link', { name: project }).click();
	await page.getByRole('navigation', { name: 'Project pages' }).getByRole('link', { name: 'Surveys' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Surveys' })).toBeVisible();
}

async function createSurvey(page: Page, title: string) {
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Introduction').fill('We want to know what you think about short breaks. It takes about 3 minutes, and what you say shapes the new service.');
	await page.getByRole('button', { name: 'Create survey' }).click();
	await page.waitForURL(/\/staff\/surveys\/[a-z2-7]{16}\?saved=created/);
	await expect(page.getByRole('status')).toContainText('Survey created');
	return new URL(page.url()).pathname;
}

interface QuestionSpec {
	kind: RegExp;
	prompt: string;
	page: string;
	options?: string[];
	required?: boolean;
	maxChoices?: string;
	rankCount?: string;
	faces?: boolean;
	condition?: string;
}

async function addQuestion(page: Page, base: string, q: QuestionSpec) {
	await page.goto(`${base}/questions/new`);
	await page.getByRole('radio', { name: q.kind }).check();
	await page.getByLabel('The question', { exact: true }).fill(q.prompt);
	if (q.required) await page.getByLabel('People must answer this question').check();
	await page.getByLabel('Page', { exact: true }).selectOption(q.page);
	if (q.options) await page.getByLabel('Choices, one on each line').fill(q.options.join('\n'));
	if (q.maxChoices) await page.getByLabel('The most people can pick (optional)').fill(q.maxChoices);
	if (q.rankCount) await page.getByLabel('How many to put in order (optional)').fill(q.rankCount);
	if (q.faces) await page.getByLabel('Show faces with the numbers').check();
	if (q.condition) await page.getByLabel('When to show it').selectOption({ label: q.condition });
	await page.getByRole('button', { name: 'Add question' }).click();
	await page.waitForURL(/saved=question-added/);
	await expect(page.getByRole('heading', { level: 4, name: q.prompt })).toBeVisible();
}

test('an officer builds a survey with every kind of question, a condition and the equality block, then opens, shares and copies it', async ({ page }) => {
	test.setTimeout(180_000);
	const title = unique('Short breaks: what do you think?');
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await expect(page.locator('#site-nav a[href="/staff/surveys"]')).toHaveText('Surveys');
	await openProjectSurveys(page, 'Short breaks for disabled children');
	const base = await createSurvey(page, title);
	await expect(page.getByText('No questions yet.')).toBeVisible();

	// With JavaScript the form shows only what the chosen kind uses.
	await page.getByRole('link', { name: 'Add a question' }).click();
	await page.getByRole('radio', { name: /Yes, no or not sure/ }).check();
	await expect(page.getByLabel('Choices, one on each line')).toBeHidden();
	await page.getByRole('radio', { name: /Pick several/ }).check();
	await expect(page.getByLabel('Choices, one on each line')).toBeVisible();
	await expect(page.getByLabel('The most people can pick (optional)')).toBeVisible();
	await expect(page.getByLabel('How many to put in order (optional)')).toBeHidden();
	await checkAccessibility(page);

	await addQuestion(page, base, { kind: /Yes, no or not sure/, prompt: 'Does your family use short breaks now?', page: '1', required: true });
	await addQuestion(page, base, { kind: /Pick one/, prompt: 'How often?', page: '1', options: ['Every week', 'Every month', 'Less often'] });
	await addQuestion(page, base, { kind: /Rating scale/, prompt: 'How good are they?', page: '1', faces: true });
	await addQuestion(page, base, {
		kind: /Pick several/,
		prompt: 'Which activities would you like more of?',
		page: '2',
		options: ['Sports', 'Arts and crafts', 'Days out', 'Overnight stays'],
		maxChoices: '2',
		condition: 'Only when “Does your family use short breaks now?” is “Yes”'
	});
	await addQuestion(page, base, { kind: /Short text/, prompt: 'Name one place you like to go', page: '2' });
	await addQuestion(page, base, { kind: /Long text/, prompt: 'Anything else we should know?', page: '2' });
	await addQuestion(page, base, { kind: /Put in order/, prompt: 'What matters most? Put your top 2 in order.', page: '3', options: ['Being near home', 'Staff we know', 'Cost', 'Times'], rankCount: '2' });

	// The questions, page by page, with their rules in words.
	await expect(page.getByRole('heading', { level: 3 })).toHaveText(['Page 1', 'Page 2', 'Page 3']);
	await expect(page.getByRole('heading', { level: 4 })).toHaveCount(7);
	await expect(page.getByText('Shown only when the answer to “Does your family use short breaks now?” is “Yes”.')).toBeVisible();
	await expect(page.getByText('Question 4. Optional, pick up to 2.')).toBeVisible();
	await expect(page.getByText('Question 7. Optional, put the top 2 in order.')).toBeVisible();
	await expect(page.getByText(/Question 3\. Optional, with faces/)).toBeVisible();

	// Move the short-text question up, then back.
	await page.getByRole('button', { name: 'Move up question 5' }).click();
	await page.waitForURL(/saved=moved/);
	await expect(page.getByText('Question 4. Optional.')).toBeVisible();
	await page.getByRole('button', { name: 'Move down question 4' }).click();
	await expect(page.getByText('Question 4. Optional, pick up to 2.')).toBeVisible();

	// The equality-monitoring page, with areas.
	await page.getByLabel('Add the “About you” page').check();
	await page.getByLabel('Areas to choose from (optional)').fill('North\nTown centre\nSouth');
	await page.getByRole('button', { name: 'Save details' }).click();
	await page.waitForURL(/saved=details/);
	await expect(page.getByText('After the last page: the “About you” page (equality monitoring).')).toBeVisible();
	await expect(page.getByLabel('Areas to choose from (optional)')).toHaveValue('North\nTown centre\nSouth');

	await page.getByRole('button', { name: 'Open the survey' }).click();
	await page.waitForURL(/saved=opened/);
	await expect(page.getByRole('status')).toContainText('The survey is open');
	await expect(page.getByRole('button', { name: 'Close the survey' })).toBeVisible();

	// Share: the link, the code in big letters and a QR code that prints.
	const code = (await page.locator('.code').first().textContent())!.trim();
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	await page.getByRole('link', { name: 'Share: link, code and QR code' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Share the survey' })).toBeVisible();
	await expect(page.getByLabel('Link')).toHaveValue(new RegExp(`/survey/${code}$`));
	await expect(page.locator('.poster .code')).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
	const qr = page.getByRole('img', { name: /QR code: scan it with a phone camera/ });
	await expect(qr).toBeVisible();
	expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('heading', { level: 1, name: 'Share the survey' })).toBeHidden();
	await expect(qr).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// A copy: a draft with a new code, the same questions and no answers.
	await page.goto(base);
	await page.getByRole('button', { name: 'Make a copy' }).click();
	await page.waitForURL(/saved=duplicated/);
	expect(new URL(page.url()).pathname).not.toBe(base);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title} (copy)`);
	await expect(page.getByText('Draft: not open yet')).toBeVisible();
	await expect(page.getByRole('heading', { level: 4 })).toHaveCount(7);
	await expect(page.getByText('0 responses')).toBeVisible();
	expect((await page.locator('.code').first().textContent())!.trim()).not.toBe(code);

	// Both are listed with the project's surveys and on the all-surveys page.
	await page.goto('/staff/surveys');
	await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: `${title} (copy)` })).toBeVisible();
});

test('a champion builds and opens a survey too', async ({ page }) => {
	test.setTimeout(90_000); // several pages and sign-ins, each checked with axe: past 30 s on a busy machine
	const title = unique('Youth club: your ideas');
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await openProjectSurveys(page, 'Riverside youth club contract');
	const base = await createSurvey(page, title);
	// Opening with no questions is refused in plain words.
	await page.getByRole('button', { name: 'Open the survey' }).click();
	await expect(page.getByRole('alert')).toContainText('Add at least one question before opening the survey.');
	await addQuestion(page, base, { kind: /Yes, no or not sure/, prompt: 'Would you use a new club?', page: '1', required: true });
	await page.getByRole('button', { name: 'Open the survey' }).click();
	await page.waitForURL(/saved=opened/);
	await page.getByRole('link', { name: 'Share: link, code and QR code' }).click();
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
});

test('a survey people have answered explains what can’t change, and refuses it', async ({ page }) => {
	test.setTimeout(90_000); // several pages and sign-ins, each checked with axe: past 30 s on a busy machine
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	await page.goto('/staff/surveys');
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'What would help your mental health?', exact: true }) }).first();
	await expect(row).toContainText('212');
	await row.getByRole('link', { name: 'What would help your mental health?' }).click();
	await expect(page.getByText('212 responses')).toBeVisible();
	await expect(page.getByText(/People have already answered this survey, so questions can’t be deleted/)).toBeVisible();

	await page.getByRole('button', { name: 'Delete question 1' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'can’t be deleted' })).toContainText(
		'People have already answered this survey, so its questions can’t be deleted (their answers would be lost). You can still reword them.'
	);
	await expect(page.getByRole('heading', { level: 4 })).toHaveCount(8);
	await page.reload();
	await expect(page.getByRole('heading', { level: 4 })).toHaveCount(8);

	// The edit form shows the kind and condition as fixed, and anonymity can't be switched.
	await page.getByRole('link', { name: 'Edit question 3' }).click();
	await expect(page.getByText('Kind of question: Pick several')).toBeVisible();
	await expect(page.getByRole('radio')).toHaveCount(0);
	await expect(page.getByText(/When it is shown: only when “Have you ever asked for help with your mental health\?” is “Yes”/)).toBeVisible();
	await page.goBack();
	await expect(page.getByText('Answers are anonymous.')).toBeVisible();
});

// The fixture's axe check needs scripts in the page, so this one uses plain Playwright; the same
// markup is checked by axe in the tests above.
plainTest.describe('without JavaScript', () => {
	plainTest.use({ javaScriptEnabled: false });

	plainTest('the question form shows every field, says which kinds use it, and still works', async ({ page }) => {
		await signIn(page, DEMO.officer.username, DEMO.officer.password);
		await openProjectSurveys(page, 'Short breaks for disabled children');
		const base = await createSurvey(page, unique('No script survey'));
		await page.goto(`${base}/questions/new`);
		for (const label of ['Choices, one on each line', 'The most people can pick (optional)', 'How many to put in order (optional)', 'Show faces with the numbers']) {
			await expect(page.getByLabel(label)).toBeVisible();
		}
		await expect(page.getByText('Used by: Pick several.')).toBeVisible();
		await expect(page.getByText('Used by: Put in order.')).toBeVisible();
		await page.getByRole('radio', { name: /Put in order/ }).check();
		await page.getByLabel('The question', { exact: true }).fill('Put these in order');
		await page.getByLabel('Choices, one on each line').fill('One\nTwo\nThree');
		// A field the ranking kind doesn't use is ignored, not refused.
		await page.getByLabel('The most people can pick (optional)').fill('2');
		await page.getByLabel('How many to put in order (optional)').fill('4');
		await page.getByRole('button', { name: 'Add question' }).click();
		await expect(page.locator('#field-rankCount-error')).toContainText('from 2 to 3');
		await expect(page.getByLabel('Choices, one on each line')).toHaveValue('One\nTwo\nThree');
		await page.getByLabel('How many to put in order (optional)').fill('2');
		await page.getByRole('button', { name: 'Add question' }).click();
		await page.waitForURL(/saved=question-added/);
		await expect(page.getByText('Question 1. Optional, put the top 2 in order.')).toBeVisible();
	});
});
