import type { Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, ORIGIN, expect4xx } from './fixtures';

// Governance of a commissioning project, through the UI: the approval route and decision log,
// the equality assessment, starting decommissioning, and the admin's approval bands; then
// hostile input at every one of those form actions.

// Long journeys through several pages, each checked with axe.
test.describe.configure({ timeout: 120_000 });

const LONG = 'x'.repeat(10_000);
const UNKNOWN_ID = 'zzzzzzzzzzzzzzzz';

async function createProject(page: Page, title: string, annualPounds: string, months = '36'): Promise<string> {
	await page.goto('/staff/projects/new');
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('Summary for young people').fill('Clubs where young people meet after school, with trips in the holidays.');
	await page.getByLabel('Service area').fill('Youth services');
	await page.getByLabel('Estimated annual value (£)').fill(annualPounds);
	await page.getByLabel('Contract length (months)').fill(months);
	await page.getByLabel('Status').selectOption('active');
	await Promise.all([page.waitForURL(/\/staff\/projects\/[a-z2-7]{16}(\?|$)/), page.getByRole('button', { name: 'Create project' }).click()]);
	return new URL(page.url()).pathname;
}

/** An input of the approval bands form, e.g. "Up to (£) (band 4)" or "From (£) (new band)". */
const band = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

async function signInAs(page: Page, who: { username: string; password: string }) {
	await page.context().clearCookies();
	await signIn(page, who.username, who.password);
}

function postFile(page: Page, path: string, field: string) {
	return page.request.post(path, {
		multipart: { [field]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

test('an officer records a decision on the right approval route, assesses equality and starts decommissioning', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await createProject(page, `Youth club contract ${Date.now().toString(36)}`, '120000', '36');

	// £120,000 a year for 36 months: £360,000, which the senior leadership team approves.
	await page.getByRole('link', { name: 'Approval route and decisions' }).click();
	await expect(page.getByRole('heading', { name: 'Approval route and decisions', level: 1 })).toBeVisible();
	await expect(page.locator('#approval-route')).toHaveText('Total value £360,000: the senior leadership team must approve.');
	await expect(page.getByRole('row', { name: /Applies to this project/ })).toContainText('Senior leadership team');
	await expect(page.getByText('No decisions recorded yet.')).toBeVisible();

	// A refused decision keeps what was typed.
	await page.getByLabel('What was decided').fill('Go out to tender for a three-year contract');
	await page.getByLabel('Date of the decision').fill('2099-01-01');
	await page.getByRole('button', { name: 'Record decision' }).click();
	await expect(page.getByText('The date of the decision can’t be in the future.')).toBeVisible();
	await expect(page.getByLabel('What was decided')).toHaveValue('Go out to tender for a three-year contract');

	const today = new Date().toISOString().slice(0, 10);
	await page.getByLabel('Date of the decision').fill(today);
	await expect(page.getByLabel('Who decided')).toHaveValue('Senior leadership team');
	await page.getByLabel('Step of the cycle (optional)').selectOption('3');
	await page.getByLabel('Notes (optional)').fill('Young people’s priorities from the survey are in the specification.');
	await page.getByRole('button', { name: 'Record decision' }).click();
	await expect(page.getByText('Decision recorded.')).toBeVisible();
	const logged = page.locator('.log li').filter({ hasText: 'Go out to tender for a three-year contract' });
	await expect(logged.locator('.required')).toHaveText('Senior leadership team (total value £360,000)');
	await expect(logged).toContainText('3. Collaborate');

	// Decommissioning refuses until the equality assessment has started.
	await page.goto(`${base}/decommission`);
	await expect(page.getByRole('heading', { name: 'Decommissioning', level: 1 })).toBeVisible();
	const fillDecommissioning = async () => {
		await page.getByLabel('No longer value for money').check();
		await page.getByLabel('Better alternatives exist').check();
		await page.getByLabel('Explain the decision').fill('Attendance has halved and a new youth hub opens next door in the spring.');
		await page.getByLabel('How you will consult children, young people and parents').fill('Two workshops with club members and a survey of parents in June.');
	};
	const noticeDefault = await page.getByLabel('Date notice is given to the provider').inputValue();
	const threeMonths = new Date();
	threeMonths.setUTCMonth(threeMonths.getUTCMonth() + 3);
	expect(Math.abs(new Date(noticeDefault).getTime() - threeMonths.getTime())).toBeLessThan(4 * 86_400_000);
	await page.getByLabel('Explain the decision').fill('Attendance has halved.');
	await page.getByLabel('How you will consult children, young people and parents').fill('Workshops.');
	await page.getByRole('button', { name: 'Start decommissioning' }).click();
	await expect(page.getByText('Choose at least one reason for decommissioning.').first()).toBeVisible();
	await expect(page.getByLabel('Explain the decision')).toHaveValue('Attendance has halved.');
	await fillDecommissioning();
	await page.getByRole('button', { name: 'Start decommissioning' }).click();
	await expect(page.getByText(/Complete the equality assessment first/)).toBeVisible();

	// The equality assessment: status, review date, findings for the nine characteristics, actions.
	await page.getByRole('link', { name: 'Open the equality assessment' }).click();
	await expect(page.getByRole('heading', { name: 'Equality assessment', level: 1 })).toBeVisible();
	await expect(page.locator('#equality-status')).toHaveText('Not started');
	for (const legend of ['Age', 'Disability', 'Gender reassignment', 'Marriage and civil partnership', 'Pregnancy and maternity', 'Race', 'Religion or belief', 'Sex', 'Sexual orientation']) {
		await expect(page.getByRole('group', { name: legend, exact: true })).toBeVisible();
	}
	await page.getByLabel('Status').selectOption('complete');
	await page.getByLabel('Findings for age').fill('Mostly 13-16s; few 17-19s take part.');
	await page.getByRole('button', { name: 'Save equality assessment' }).click();
	await expect(page.getByText('Set a review date before marking the assessment complete.').first()).toBeVisible();
	await expect(page.getByLabel('Findings for age')).toHaveValue('Mostly 13-16s; few 17-19s take part.');
	await page.getByLabel('Status').selectOption('in_progress');
	await page.getByLabel('Review date').fill('2027-03-03');
	await page.getByLabel('Data sources for disability').fill('Club registers; SEND team data.');
	await page.getByLabel('Gaps for sexual orientation').fill('No data collected yet.');
	await page.getByRole('button', { name: 'Save equality assessment' }).click();
	await expect(page.getByText('Equality assessment saved.')).toBeVisible();
	await expect(page.locator('#equality-status')).toHaveText('In progress');
	await expect(page.getByLabel('Data sources for disability')).toHaveValue('Club registers; SEND team data.');

	await page.getByLabel('Issue').fill('Few disabled young people answered the survey');
	await page.getByLabel('Action', { exact: true }).fill('Run an accessible workshop with the SEND youth forum');
	await page.getByLabel('Lead').fill('Participation team');
	await page.getByLabel('Due date (optional)').fill('2026-12-01');
	await page.getByRole('button', { name: 'Add action' }).click();
	await expect(page.getByText('Action added.')).toBeVisible();
	await page.getByLabel('Issue').fill('No data on religion or belief');
	await page.getByLabel('Action', { exact: true }).fill('Add an optional question');
	await page.getByLabel('Lead').fill('Data team');
	await page.getByRole('button', { name: 'Add action' }).click();
	await expect(page.getByText('Action added.')).toBeVisible();
	await expect(page.locator('.actions > li')).toHaveCount(2);
	await page.getByRole('button', { name: /Remove action 2/ }).click();
	await expect(page.getByText('Action removed.')).toBeVisible();
	await expect(page.locator('.actions > li')).toHaveCount(1);

	// Still no consultation planned: an "other" item is not enough; a workshop at step 8 is.
	await page.goto(`${base}/decommission`);
	await fillDecommissioning();
	await page.getByRole('button', { name: 'Start decommissioning' }).click();
	await expect(page.getByText('Plan how young people and parents will be consulted first (Cycle page).')).toBeVisible();
	await page.getByRole('link', { name: 'Open the participation plan' }).click();
	await page.locator('#p8-activity').selectOption('workshop');
	await page.locator('#p8-audience').selectOption('both');
	await page.locator('#p8-description').fill('Consultation workshops about the club closing');
	await page.getByRole('button', { name: /Add to step 8/ }).click();
	await expect(page.locator('#step-8')).toContainText('Consultation workshops about the club closing');

	await page.goto(`${base}/decommission`);
	await expect(page.locator('.checklist')).not.toContainText('To do');
	await fillDecommissioning();
	const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
	await page.getByLabel('Date notice is given to the provider').fill(yesterday);
	await page.getByRole('button', { name: 'Start decommissioning' }).click();
	await expect(page.getByText('The provider notice date can’t be in the past.').first()).toBeVisible();
	await expect(page.getByLabel('No longer value for money')).toBeChecked();
	await page.getByLabel('Date notice is given to the provider').fill(noticeDefault);
	await page.getByRole('button', { name: 'Start decommissioning' }).click();
	await expect(page.getByText('Decommissioning started.')).toBeVisible();
	await expect(page.locator('#decommissioning-reasons li')).toHaveText(['Better alternatives exist', 'No longer value for money']);

	await page.goto(base);
	await expect(page.getByText('Being decommissioned').first()).toBeVisible();
	// The decision and the equality assessment are in the project's evidence.
	await expect(page.getByText('Approved by Senior leadership team on').first()).toBeVisible();
	await expect(page.getByText(/Equality assessment: in progress, review by 3 March 2027/).first()).toBeVisible();
});

test('an admin changes the approval bands; new routes follow, recorded decisions keep theirs', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	// £5,000,000 a year for 36 months: £15,000,000, above anything else the tests use.
	const base = await createProject(page, `Regional short breaks ${Date.now().toString(36)}`, '5000000', '36');
	await page.goto(`${base}/approvals`);
	await expect(page.locator('#approval-route')).toHaveText('Total value £15,000,000: the board must approve.');
	await page.getByLabel('What was decided').fill('Approve the commissioning plan');
	await page.getByRole('button', { name: 'Record decision' }).click();
	await expect(page.getByText('Decision recorded.')).toBeVisible();

	await signInAs(page, DEMO.admin);
	await page.goto('/staff/settings');
	await expect(page.getByRole('heading', { name: 'Approval bands', level: 2 })).toBeVisible();
	await page.getByRole('link', { name: 'Change the approval bands' }).click();
	await expect(page.getByRole('heading', { name: 'Approval bands', level: 1 })).toBeVisible();
	// A gap is refused, with what was typed kept.
	await band(page, 'Up to (£) (band 4)').fill('10000000');
	await band(page, 'From (£) (new band)').fill('20000000');
	await band(page, 'Approved by (new band)').fill('Full council');
	await page.getByRole('button', { name: 'Save approval bands' }).click();
	await expect(page.getByText('Band 5 must start where band 4 ends.')).toBeVisible();
	await expect(band(page, 'Approved by (band 5)')).toHaveValue('Full council');
	await band(page, 'From (£) (band 5)').fill('10000000');
	await page.getByRole('button', { name: 'Save approval bands' }).click();
	await expect(page.getByText('Approval bands saved.')).toBeVisible();
	await expect(page.getByRole('row', { name: /Full council/ })).toContainText('£10,000,000');

	await signInAs(page, DEMO.officer);
	await page.goto(`${base}/approvals`);
	await expect(page.locator('#approval-route')).toHaveText('Total value £15,000,000: the full council must approve.');
	await expect(page.locator('.log .required')).toHaveText('The board (total value £15,000,000)');

	// Put the Achieving for Children bands back for everyone else.
	await signInAs(page, DEMO.admin);
	await page.goto('/staff/settings/bands');
	await page.getByLabel('Remove band 5').check();
	await band(page, 'Up to (£) (band 4)').fill('');
	await page.getByRole('button', { name: 'Save approval bands' }).click();
	await expect(page.getByText('Approval bands saved.')).toBeVisible();
	await expect(page.locator('table tbody tr')).toHaveCount(4);
	await expect(page.getByRole('row', { name: /The board/ })).toContainText('no limit');
});

test('governance forms refuse malformed, oversized and unknown input, changing nothing', async ({ page }) => {
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const base = await createProject(page, `Hostile input ${Date.now().toString(36)}`, '40000', '12');

	const decisions: Record<string, string>[] = [
		{ decidedOn: 'yesterday', decision: 'D', decidedBy: 'B', step: '' },
		{ decidedOn: '2026-02-30', decision: 'D', decidedBy: 'B', step: '' },
		{ decidedOn: '2099-01-01', decision: 'D', decidedBy: 'B', step: '' },
		{ decidedOn: '2026-01-10', decision: '', decidedBy: 'B', step: '' },
		{ decidedOn: '2026-01-10', decision: LONG, decidedBy: 'B', step: '' },
		{ decidedOn: '2026-01-10', decision: 'D', decidedBy: LONG, step: '' },
		{ decidedOn: '2026-01-10', decision: 'D', decidedBy: 'B', step: '9' },
		{ decidedOn: '2026-01-10', decision: 'D', decidedBy: 'B', step: 'one' },
		{ decidedOn: '2026-01-10', decision: 'D', decidedBy: 'B', step: '', notes: LONG },
		{ decidedOn: '2026-01-10', decision: 'D\u0000', decidedBy: 'B', step: '' },
		{}
	];
	for (const fields of decisions) await expect4xx(await postForm(page.request, `${base}/approvals?/record`, fields), `record ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(page, `${base}/approvals?/record`, 'decision'), 'file as decision');

	const assessment: Record<string, string>[] = [
		{ status: 'done' },
		{ status: 'in_progress', reviewDate: 'soon' },
		{ status: 'in_progress', reviewDate: '2026-13-01' },
		{ status: 'complete', reviewDate: '' },
		{ status: 'in_progress', summary: LONG },
		{ status: 'in_progress', 'findings-age': LONG },
		{ status: 'in_progress', 'gaps-sexual_orientation': 'a\u0000b' }
	];
	for (const fields of assessment) await expect4xx(await postForm(page.request, `${base}/equality?/save`, fields), `save ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(page, `${base}/equality?/save`, 'status'), 'file as status');
	const actions: Record<string, string>[] = [
		{ issue: '', action: 'A', lead: 'L' },
		{ issue: 'I', action: LONG, lead: 'L' },
		{ issue: 'I', action: 'A', lead: LONG },
		{ issue: 'I', action: 'A', lead: 'L', dueDate: '31/12/2026' },
		{}
	];
	for (const fields of actions) await expect4xx(await postForm(page.request, `${base}/equality?/addAction`, fields), `addAction ${JSON.stringify(fields).slice(0, 80)}`);
	for (const actionId of ['', UNKNOWN_ID, '<script>', LONG]) await expect4xx(await postForm(page.request, `${base}/equality?/removeAction`, { actionId }), `removeAction ${actionId.slice(0, 20)}`);

	const later = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
	const good = { explanation: 'Why', consultationPlan: 'How', providerNoticeDate: later };
	const decommissioning: Record<string, string>[] = [
		{ ...good },
		{ ...good, reasons: 'bored' },
		{ ...good, reasons: 'missed_targets', providerNoticeDate: '2020-01-01' },
		{ ...good, reasons: 'missed_targets', providerNoticeDate: 'next spring' },
		{ ...good, reasons: 'missed_targets', explanation: LONG },
		{ ...good, reasons: 'missed_targets', consultationPlan: '' },
		// Valid on its face, but this project has no equality assessment or consultation planned.
		{ ...good, reasons: 'missed_targets' }
	];
	for (const fields of decommissioning) await expect4xx(await postForm(page.request, `${base}/decommission?/start`, fields), `start ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(page, `${base}/decommission?/start`, 'reasons'), 'file as reasons');

	// Unknown and malformed project ids are 404 for every page and action.
	for (const id of [UNKNOWN_ID, 'not-an-id', "1' or '1'='1"]) {
		const project = `/staff/projects/${encodeURIComponent(id)}`;
		for (const path of ['approvals', 'equality', 'decommission']) expect((await page.request.get(`${project}/${path}`)).status(), `${id} ${path}`).toBe(404);
		const posts: [string, Record<string, string>][] = [
			['approvals?/record', { decidedOn: '2026-01-10', decision: 'D', decidedBy: 'B', step: '' }],
			['equality?/save', { status: 'in_progress' }],
			['equality?/addAction', { issue: 'I', action: 'A', lead: 'L' }],
			['equality?/removeAction', { actionId: UNKNOWN_ID }],
			['decommission?/start', { ...good, reasons: 'missed_targets' }]
		];
		for (const [path, fields] of posts) expect((await postForm(page.request, `${project}/${path}`, fields)).status(), `${id} ${path}`).toBe(404);
	}

	// Nothing was written.
	await page.goto(`${base}/approvals`);
	await expect(page.getByText('No decisions recorded yet.')).toBeVisible();
	await page.goto(`${base}/equality`);
	await expect(page.locator('#equality-status')).toHaveText('Not started');
	await expect(page.getByText('No actions yet.')).toBeVisible();
	await page.goto(`${base}/decommission`);
	await expect(page.getByRole('button', { name: 'Start decommissioning' })).toBeVisible();
	await page.goto(base);
	await expect(page.getByText('Active').first()).toBeVisible();

	// A champion may read the approval route and equality assessment, not change them.
	await signInAs(page, DEMO.champion);
	await page.goto(`${base}/equality`);
	await expect(page.getByRole('button', { name: 'Save equality assessment' })).toHaveCount(0);
	await page.goto(`${base}/approvals`);
	await expect(page.getByRole('button', { name: 'Record decision' })).toHaveCount(0);
	expect((await postForm(page.request, `${base}/approvals?/record`, { decidedOn: '2026-01-10', decision: 'D', decidedBy: 'B', step: '' })).status()).toBe(403);
	expect((await page.request.get(`${base}/decommission`, { maxRedirects: 0 })).status()).toBe(403);
	expect((await page.request.get('/staff/settings/bands', { maxRedirects: 0 })).status()).toBe(403);
	expect((await postForm(page.request, '/staff/settings/bands', { 'from-0': '0', 'to-0': '', 'approver-0': 'Anyone' })).status()).toBe(403);

	// The admin's approval bands: gaps, wrong starts, junk and oversized values change nothing.
	await signInAs(page, DEMO.admin);
	await page.goto('/staff/settings');
	const bandsBefore = await page.locator('table tbody').innerText();
	const afc = { 'from-0': '0', 'to-0': '500', 'approver-0': 'Line manager', 'from-1': '500', 'to-1': '', 'approver-1': 'Head of service' };
	const bands: Record<string, string>[] = [
		{},
		{ ...afc, 'from-0': '100' },
		{ ...afc, 'from-1': '600' },
		{ ...afc, 'to-1': '1000' },
		{ ...afc, 'from-1': 'lots' },
		{ ...afc, 'to-0': '-5' },
		{ ...afc, 'approver-1': '' },
		{ ...afc, 'approver-1': LONG },
		{ ...afc, 'to-0': '99999999999999999', 'from-1': '99999999999999999' },
		{ ...afc, 'remove-0': 'on', 'remove-1': 'on' },
		{ ...afc, 'approver-0': 'A\u0000' }
	];
	for (const fields of bands) await expect4xx(await postForm(page.request, '/staff/settings/bands', fields), `bands ${JSON.stringify(fields).slice(0, 80)}`);
	await expect4xx(await postFile(page, '/staff/settings/bands', 'from-0'), 'file as a band');
	await page.reload();
	expect(await page.locator('table tbody').innerText()).toBe(bandsBefore);
	// An officer can't change the bands.
	await signInAs(page, DEMO.officer);
	expect((await postForm(page.request, '/staff/settings/bands', afc)).status()).toBe(403);
});
