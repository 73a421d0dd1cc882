import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, expect4xx, ORIGIN, postForm, test } from './fixtures';
import { criterionIds, LOT2, panelOf, RIVERSIDE, scoringLinks, signedIn, tenderBids, tenderIds, withDatabase } from './panel-ids';

// Malformed, oversized and NUL input at every panel form (scoring, declaring, and the staff
// presentations page): a 4xx with a plain message, never a 5xx, and nothing changed. Only rows no
// other spec changes are compared (jay's Bid C, jay's places, lot 2's presentations).

test.describe.configure({ mode: 'serial' });

let jay: APIRequestContext;
let champion: APIRequestContext;
let officer: APIRequestContext;
let riverside: string;
let youth: string;
let bidC: string;
let criteria: string[];
let lot2: string;
let lot2Panel: string;

test.beforeAll(async ({ playwright }) => {
	jay = await signedIn(playwright, 'jay');
	champion = await signedIn(playwright, 'champion');
	youth = await panelOf(jay, RIVERSIDE);
	bidC = (await scoringLinks(jay, youth)).C;
	criteria = await criterionIds(jay, youth, bidC);
	expect(criteria).toHaveLength(2);
	officer = await signedIn(playwright, 'officer');
	const tenders = await tenderIds(officer);
	lot2 = tenders[LOT2];
	riverside = tenders[RIVERSIDE];
	lot2Panel = /name="panelId" value="([a-z2-7]{16})"/.exec(await (await champion.get(`/staff/tenders/${lot2}/presentations`)).text())![1];
});

test.afterAll(async () => {
	await Promise.all([jay?.dispose(), champion?.dispose(), officer?.dispose()]);
});

async function snapshot() {
	return withDatabase(async (sql) => ({
		jay: await sql`select s.id, s.score, s.comment, s.submitted_at, s.updated_at from panel_scores s join panel_members m on m.id = s.panel_member_id join users u on u.id = m.user_id
			where u.username = 'jay' and s.bid_id = ${bidC} order by s.id`,
		places: await sql`select m.id, m.status, m.interest, m.declared_at from panel_members m join users u on u.id = m.user_id where u.username = 'jay' order by m.id`,
		lot2: await sql`select q.id, q.position, q.question from panel_questions q join panels p on p.id = q.panel_id where p.tender_id = ${lot2} order by q.id`,
		slots: await sql`select pr.id from presentations pr join bids b on b.id = pr.bid_id where b.tender_id = ${lot2}`
	}));
}

/** Refused with a 4xx and (when given) the plain message; nothing changed. */
async function refused(label: string, run: () => Promise<APIResponse>, message?: RegExp) {
	const before = await snapshot();
	const response = await run();
	const body = await response.text();
	if (response.status() === 200 && (response.headers()['content-type'] ?? '').includes('application/json')) {
		// use:enhance gets an action's failure as JSON with HTTP 200: its own status is inside.
		const status = (JSON.parse(body) as { type?: string; status?: number }).status ?? 200;
		expect(status, `${label}: ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
		expect(status, label).toBeLessThan(500);
	} else await expect4xx(response, label);
	if (message) expect(body, label).toMatch(message);
	expect(await snapshot(), `${label}: nothing changed`).toEqual(before);
}

const field = (c: number) => `score-${criteria[c]}`;
const comment = (c: number) => `comment-${criteria[c]}`;

test('the scoring form refuses malformed, oversized and NUL input', async () => {
	const path = () => `/panels/${youth}/bids/${bidC}?/save`;
	const cases: [string, Record<string, string>, RegExp][] = [
		['NUL in a comment', { [field(0)]: '3', [comment(0)]: 'fine\u0000' }, /can’t accept/],
		['NUL in a score', { [field(0)]: '3\u0000' }, /can’t accept/],
		['a 1,001-character comment', { [field(0)]: '3', [comment(0)]: 'x'.repeat(1001) }, /1000 characters or fewer/],
		['a 100,000-character comment', { [field(0)]: '3', [comment(0)]: 'y'.repeat(100_000) }, /1000 characters or fewer/],
		['a long score', { [field(0)]: '3'.repeat(50) }, /Choose one of the scores shown/],
		['a negative score', { [field(0)]: '-1' }, /whole-number score from 0 to 5/],
		['a hex score', { [field(0)]: '0x3' }, /whole-number score from 0 to 5/],
		['an emoji score', { [field(0)]: '👍' }, /whole-number score from 0 to 5/],
		['SQL in a score', { [field(0)]: "1'; drop table panel_scores; --".slice(0, 3) }, /whole-number score from 0 to 5/],
		['nothing at all', {}, /at least one question/]
	];
	for (const [label, fields, message] of cases) {
		await refused(label, () => postForm(jay, path(), fields), message);
		await refused(`${label} (enhanced)`, () => postForm(jay, path(), fields, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } }), message);
	}
	// A file where a score should be typed.
	await refused(
		'a file as a score',
		() =>
			jay.post(path(), {
				multipart: { [field(0)]: { name: 'score.txt', mimeType: 'text/plain', buffer: Buffer.from('4') } },
				headers: { origin: ORIGIN, accept: 'text/html' },
				maxRedirects: 0
			}),
		/rather than attaching a file/
	);
	// A body that isn't a form, or is cut off, or claims a type it isn't.
	await refused('JSON to a form action', () => jay.post(path(), { data: JSON.stringify({ [field(0)]: 3 }), headers: { 'content-type': 'application/json', origin: ORIGIN }, maxRedirects: 0 }));
	await refused('broken multipart', () => jay.post(path(), { data: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', headers: { 'content-type': 'multipart/form-data; boundary=x', origin: ORIGIN }, maxRedirects: 0 }));
	await refused('from another site', () => postForm(jay, path(), { [field(0)]: '3' }, { origin: 'https://evil.example' }));
	// Ids that can't be ours, in the URL.
	await refused('a bid id with a path in it', () => postForm(jay, `/panels/${youth}/bids/..%2F..%2Fstaff?/save`, { [field(0)]: '3' }));
	await refused('a very long panel id', () => jay.get(`/panels/${'a'.repeat(5000)}`));
	await refused('NUL in the panel id', () => jay.get(`/panels/abc%00def`));
});

test('declaring refuses malformed, oversized and NUL input', async () => {
	const path = `/panels/${youth}?/declare`;
	await refused('no choice', () => postForm(jay, path, {}), /Choose whether you have an interest to declare/);
	await refused('an unknown choice', () => postForm(jay, path, { hasInterest: 'perhaps', details: '' }), /Choose whether you have an interest/);
	await refused('NUL in the details', () => postForm(jay, path, { hasInterest: 'yes', details: 'my aunt\u0000' }), /can’t accept/);
	await refused('2,001 characters of details', () => postForm(jay, path, { hasInterest: 'yes', details: 'z'.repeat(2001) }), /2000 characters or fewer/);
	await refused('yes with no details', () => postForm(jay, path, { hasInterest: 'yes', details: '   ' }), /say what the interest is/);
	await refused('a file as the answer', () =>
		jay.post(path, { multipart: { hasInterest: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('no') } }, headers: { origin: ORIGIN, accept: 'text/html' }, maxRedirects: 0 })
	);
});

test('the staff presentations page refuses malformed, oversized and NUL input', async () => {
	const base = `/staff/tenders/${lot2}/presentations`;
	const cases: [string, string, Record<string, string>, RegExp][] = [
		['slot: no time', 'slot', { bidId: 'zzzzzzzzzzzzzzzz', startsAt: '', place: 'Room 1' }, /Enter when the presentation starts/],
		['slot: a bid id that is not an id', 'slot', { bidId: "x' or '1'='1", startsAt: '2027-01-01T10:00', place: 'Room' }, /Choose a bid from this page/],
		['slot: NUL in the place', 'slot', { bidId: 'zzzzzzzzzzzzzzzz', startsAt: '2027-01-01T10:00', place: 'Room\u00001' }, /can’t accept/],
		['clear: a malformed bid', 'clear', { bidId: '../' }, /Choose a bid from this page/],
		['question: empty', 'addQuestion', { panelId: lot2Panel, question: '   ' }, /Please enter the question/],
		['question: 501 characters', 'addQuestion', { panelId: lot2Panel, question: 'q'.repeat(501) }, /at most 500/],
		['question: NUL', 'addQuestion', { panelId: lot2Panel, question: 'Why\u0000' }, /can’t accept/],
		['question: a malformed panel', 'addQuestion', { panelId: 'PANEL', question: 'Fine' }, /Choose a panel from this page/],
		['edit: a malformed question', 'editQuestion', { panelId: lot2Panel, questionId: '1 or 1=1', question: 'Fine' }, /Choose a question from this page/],
		['move: sideways', 'moveQuestion', { panelId: lot2Panel, questionId: 'zzzzzzzzzzzzzzzz', direction: 'sideways' }, /up or down/],
		['remove: no question', 'removeQuestion', { panelId: lot2Panel }, /Choose a question from this page/]
	];
	// Slots are the officer's to set (a champion gets 403: route-guards); the questions the champion's.
	const as = (action: string) => (action === 'slot' || action === 'clear' ? officer : champion);
	for (const [label, action, fields, message] of cases) await refused(label, () => postForm(as(action), `${base}?/${action}`, fields), message);
	// The datetime as a browser would never send it.
	for (const startsAt of ['2027-13-45T25:61', 'tomorrow at ten', '2027-01-01T10:00:00+99:00', '9'.repeat(500)])
		await refused(`slot: ${startsAt.slice(0, 20)}`, () => postForm(officer, `${base}?/slot`, { bidId: 'zzzzzzzzzzzzzzzz', startsAt, place: 'Room 1' }), /Enter when it starts as a date and time/);
	// Hundreds of ticked questions, and ticked values that aren't ids.
	const many = new URLSearchParams({ bidId: 'zzzzzzzzzzzzzzzz' });
	for (let i = 0; i < 600; i++) many.append('questionIds', 'zzzzzzzzzzzzzzzz');
	await refused('600 questions asked', () =>
		champion.post(`${base}?/asked`, { data: many.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, accept: 'text/html' }, maxRedirects: 0 })
	);
	await refused('a question id that is not an id', () => postForm(champion, `${base}?/asked`, { bidId: 'zzzzzzzzzzzzzzzz', questionIds: '<script>' }));
});

test('a presentation’s place that points to a bidder is refused, and a champion can’t set places at all', async () => {
	const base = `/staff/tenders/${riverside}/presentations`;
	const { A } = await tenderBids(officer, riverside);
	const slotOfA = () => withDatabase((sql) => sql`select id, starts_at, place from presentations where bid_id = ${A}`);
	const before = await slotOfA();
	// Northgate Youth Trust (ali@northgateyouth.example), Canal Street Collective and Bluebell Leisure (Kim Varga) bid for the
	// Riverside contract: whichever letter each has, a place naming one of them, or on its web domain, would tell the panel.
	for (const place of ['https://teams.northgateyouth.example/meet/abc', 'Canal Street Collective, the hall', 'Ask Kim Varga at the door'])
		await refused(`place: ${place}`, () => postForm(officer, `${base}?/slot`, { bidId: A, startsAt: '2027-01-01T10:00', place }), /would tell the panel who a bidder is/);
	for (const action of ['slot', 'clear']) {
		const response = await postForm(champion, `${base}?/${action}`, { bidId: A, startsAt: '2027-01-01T10:00', place: 'Room 1' });
		expect(response.status(), `champion ${action}`).toBe(403);
	}
	expect(await slotOfA(), 'Bid A’s slot is as it was').toEqual(before);
	// The champion still sees the slots and runs the questions, but has no slot form.
	const page = await (await champion.get(base)).text();
	expect(page).toContain('Questions asked at Bid A’s presentation');
	expect(page).not.toContain('action="?/slot"');
	expect(page).not.toContain('action="?/clear"');
});
