import type { APIRequestContext, Page } from '@playwright/test';
import postgres from 'postgres';
import { test, expect, signIn, postForm, DEMO, ORIGIN, expect4xx } from './fixtures';
import { e2eDatabaseUrl } from './visit-setup';

// Malformed, oversized, wrongly typed and out-of-turn input at every sessions form and action,
// staff and participant: each gets a clear 4xx, never a 5xx, and nothing is written (checked in
// the run's database when there is one, otherwise on the pages).

const LONG = 'x'.repeat(10_000);
const run = Math.random().toString(36).slice(2, 7);
const londonDay = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + offset * 86_400_000));

function postFile(request: APIRequestContext, path: string, field: string) {
	return request.post(path, {
		multipart: { [field]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

async function firstProjectId(page: Page): Promise<string> {
	await page.goto('/staff/sessions');
	return (await page.locator('#new-projectId option').first().getAttribute('value'))!;
}

const sessionForm = (projectId: string, title: string, overrides: Record<string, string> = {}) => ({
	projectId,
	step: '2',
	kind: 'workshop',
	title,
	description: '',
	startsAt: `${londonDay(3)}T18:00`,
	endsAt: `${londonDay(3)}T20:00`,
	place: 'Town hall',
	onlineLink: '',
	capacity: '',
	invite: 'participants',
	hoursCredited: '2',
	...overrides
});

/** The session's row and what hangs off it, to show nothing changed. */
async function state(sessionId: string) {
	const url = e2eDatabaseUrl();
	if (!url) return null;
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [s] = await sql`select title, status, code, walk_ins, capacity, summary, starts_at from workshop_sessions where id = ${sessionId}`;
		const [r] = await sql`select count(*)::int as n, count(attended_at)::int as attended from session_registrations where session_id = ${sessionId}`;
		const [a] = await sql`select count(*)::int as n from audit_log where target_id = ${sessionId}`;
		return { s, r, a };
	} finally {
		await sql.end();
	}
}

test('staff session forms and actions refuse bad input, wrong ids and the wrong people', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const projectId = await firstProjectId(page);
	const marker = `hostile-session-${run}`;
	const bad: Record<string, string>[] = [
		sessionForm(projectId, marker, { endsAt: `${londonDay(3)}T17:00` }),
		sessionForm(projectId, marker, { startsAt: 'soon' }),
		sessionForm(projectId, marker, { startsAt: `${londonDay(3)}T25:00` }),
		sessionForm(projectId, marker, { place: '', onlineLink: '' }),
		sessionForm(projectId, marker, { onlineLink: 'javascript:alert(1)' }),
		sessionForm(projectId, marker, { onlineLink: 'http://insecure.example.org' }),
		sessionForm(projectId, marker, { capacity: '0' }),
		sessionForm(projectId, marker, { capacity: '99999999999999999999' }),
		sessionForm(projectId, marker, { hoursCredited: '24.5' }),
		sessionForm(projectId, marker, { hoursCredited: 'NaN' }),
		sessionForm(projectId, marker, { step: '0' }),
		sessionForm(projectId, marker, { kind: "workshop'; drop table workshop_sessions; --" }),
		sessionForm(projectId, marker, { invite: 'everyone' }),
		sessionForm(projectId, marker, { showNicknames: 'true' }),
		sessionForm(projectId, marker + LONG),
		sessionForm(projectId, `${marker}\u0000`),
		sessionForm('zzzzzzzzzzzzzzzz', marker),
		sessionForm('../../etc/passwd', marker),
		{ title: marker }
	];
	for (const fields of bad) await expect4xx(await postForm(page.request, '/staff/sessions', fields), JSON.stringify(fields).slice(0, 100));
	await expect4xx(await postFile(page.request, '/staff/sessions', 'title'), 'file as title');
	await page.goto('/staff/sessions');
	await expect(page.getByText(marker)).toHaveCount(0);

	// A session to attack.
	const created = await postForm(page.request, '/staff/sessions', sessionForm(projectId, `Hostile target ${run}`, { capacity: '2' }));
	expect(created.status()).toBe(303);
	const path = new URL(created.headers()['location'], ORIGIN).pathname;
	const sessionId = path.split('/').pop()!;
	expect(sessionId).toMatch(/^[a-z2-7]{16}$/);

	// Jay signs up, so the capacity can't drop below 1.
	const phone = await browser.newContext();
	const jay = await phone.newPage();
	await signIn(jay, DEMO.jay.username, DEMO.jay.password);
	expect((await postForm(jay.request, `/sessions/${sessionId}?/register`, {})).status()).toBe(303);
	const before = await state(sessionId);

	for (const fields of [
		sessionForm(projectId, `Hostile target ${run}`, { capacity: '0' }),
		sessionForm(projectId, `Hostile target ${run}`, { endsAt: `${londonDay(2)}T10:00` }),
		sessionForm(projectId, ''),
		sessionForm(projectId, `x\u0000`)
	])
		await expect4xx(await postForm(page.request, `${path}/edit`, fields), `edit ${JSON.stringify(fields).slice(0, 80)}`);
	const actions: [string, Record<string, string>][] = [
		['tick', { registrationId: 'zzzzzzzzzzzzzzzz', attended: 'yes' }],
		['tick', { registrationId: LONG, attended: 'yes' }],
		['tick', { registrationId: sessionId, attended: 'maybe' }],
		['tick', {}],
		['walkInsStep', { change: 'sideways' }],
		['walkInsStep', { change: '' }],
		['walkInsSet', { walkIns: '-1' }],
		['walkInsSet', { walkIns: '10001' }],
		['walkInsSet', { walkIns: '1e3' }],
		['walkInsSet', { walkIns: '' }],
		['walkInsSet', { walkIns: `3\u0000` }],
		['walkInsSet', { walkIns: LONG }],
		['reinstate', {}]
	];
	for (const [action, fields] of actions) await expect4xx(await postForm(page.request, `${path}?/${action}`, fields), `${action} ${JSON.stringify(fields).slice(0, 60)}`);
	await expect4xx(await postFile(page.request, `${path}?/walkInsSet`, 'walkIns'), 'file as walk-ins');
	for (const fields of [
		{ summary: '', outputs: '', walkIns: '0' },
		{ summary: LONG + LONG + LONG, outputs: '', walkIns: '0' },
		{ summary: 'ok', outputs: '', walkIns: '-4' },
		{ summary: 'ok\u0000', outputs: '', walkIns: '0' },
		{ summary: 'ok', outputs: LONG + LONG, walkIns: '0' }
	])
		await expect4xx(await postForm(page.request, `${path}/close`, fields), `close ${JSON.stringify(fields).slice(0, 60)}`);
	// Ids that aren't ids, or aren't anyone's, are "not found"; another site's post is refused.
	for (const other of ['zzzzzzzzzzzzzzzz', 'not-an-id', LONG.slice(0, 200)]) {
		await expect4xx(await postForm(page.request, `/staff/sessions/${other}?/start`, {}), `start ${other.slice(0, 20)}`);
		await expect4xx(await postForm(page.request, `/staff/sessions/${other}/close`, { summary: 'x', outputs: '', walkIns: '0' }), `close ${other.slice(0, 20)}`);
		expect((await page.request.get(`/staff/sessions/${other}`)).status()).toBe(404);
	}
	await expect4xx(await postForm(page.request, `${path}?/start`, {}, { origin: 'https://evil.example' }), 'cross-site start');
	// A participant can't reach the staff actions.
	await expect4xx(await postForm(jay.request, `${path}?/walkInsSet`, { walkIns: '9' }), 'participant walk-ins');
	await expect4xx(await postForm(jay.request, `${path}/close`, { summary: 'Mine now', outputs: '', walkIns: '0' }), 'participant close');
	await expect4xx(await postForm(jay.request, '/staff/sessions', sessionForm(projectId, marker)), 'participant create');

	if (before) expect(await state(sessionId)).toEqual(before);
	await page.goto(path);
	await expect(page.getByText('0 walk-ins counted')).toBeVisible();
	await expect(page.getByText('Planned', { exact: true })).toBeVisible();
	await phone.close();
});

test('participant session actions refuse bad codes, ids and out-of-turn requests, plainly', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const staff = await browser.newContext();
	const champion = await staff.newPage();
	await signIn(champion, DEMO.champion.username, DEMO.champion.password);
	const projectId = await firstProjectId(champion);
	const created = await postForm(champion.request, '/staff/sessions', sessionForm(projectId, `Participant target ${run}`));
	const sessionId = new URL(created.headers()['location'], ORIGIN).pathname.split('/').pop()!;
	await staff.close();

	await signIn(page, DEMO.priya.username, DEMO.priya.password);
	const path = `/sessions/${sessionId}`;
	for (const sessionIdField of ['', 'zzzzzzzzzzzzzzzz', LONG, 'x\u0000'])
		await expect4xx(await postForm(page.request, '/sessions?/register', { sessionId: sessionIdField }), `register ${sessionIdField.slice(0, 20)}`);
	await expect4xx(await postForm(page.request, '/sessions?/cancel', { sessionId }), 'cancel when not signed up');
	// Not live and not its day: the code doesn't work yet (whatever is typed).
	for (const code of ['', 'ZZZZZZ', LONG, 'AB\u0000CD', "' or 1=1 --"]) await expect4xx(await postForm(page.request, `${path}?/checkIn`, { code }), `check in ${code.slice(0, 20)}`);
	await expect4xx(await postFile(page.request, `${path}?/checkIn`, 'code'), 'file as code');
	for (const other of ['zzzzzzzzzzzzzzzz', 'nope']) {
		expect((await page.request.get(`/sessions/${other}`)).status()).toBe(404);
		await expect4xx(await postForm(page.request, `/sessions/${other}?/register`, {}), `register at ${other}`);
	}
	await expect4xx(await postForm(page.request, `${path}?/register`, {}, { origin: 'https://evil.example' }), 'cross-site sign-up');
	await page.goto(path);
	await expect(page.getByRole('button', { name: 'Sign me up' })).toBeVisible();

	// Leo (13, no consent on record) may still come: workshops, like surveys, don't wait for consent.
	await page.context().clearCookies();
	await signIn(page, DEMO.leo.username, DEMO.leo.password);
	await page.goto(path);
	await expect(page.getByRole('button', { name: 'Sign me up' })).toBeVisible();
	await expect(page.getByText('consent on record')).toHaveCount(0);
});
