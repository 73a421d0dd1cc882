import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, postForm, test } from './fixtures';
import { criterionIds, LOT1, LOT2, panelOf, RIVERSIDE, scoringLinks, signedIn, tenderBids, tenderIds, withDatabase } from './panel-ids';

// Every id a panel member sends, swapped for one that isn't theirs: another member's panel,
// another panel's bid, criterion or section, another tender, a closed window, a score off the
// scale. Each is refused with a clear message and changes nothing (checked in the database when
// the run has Postgres). Rows other specs change meanwhile (jay's Bid A, the Riverside question
// list) are left out of the snapshots.

test.describe.configure({ mode: 'serial' });

interface Ids {
	youth: string;
	staffPanel: string;
	lot1Youth: string;
	lot2Youth: string;
	bids: Record<string, string>;
	lot1Bids: Record<string, string>;
	lot2Bids: Record<string, string>;
	youthCriteria: string[];
	staffCriteria: string[];
	lot2Tender: string;
	riversideTender: string;
}

let jay: APIRequestContext;
let officer: APIRequestContext;
let champion: APIRequestContext;
let ids: Ids;

test.beforeAll(async ({ playwright }) => {
	jay = await signedIn(playwright, 'jay');
	officer = await signedIn(playwright, 'officer');
	champion = await signedIn(playwright, 'champion');
	const youth = await panelOf(jay, RIVERSIDE);
	const staffPanel = await panelOf(officer, RIVERSIDE, 'Running the club');
	const tenders = await tenderIds(officer);
	const bids = await scoringLinks(jay, youth);
	const staffBids = await scoringLinks(officer, staffPanel);
	ids = {
		youth,
		staffPanel,
		lot1Youth: await panelOf(jay, LOT1),
		lot2Youth: await panelOf(jay, LOT2),
		bids,
		lot1Bids: await tenderBids(officer, tenders[LOT1]),
		lot2Bids: await tenderBids(officer, tenders[LOT2]),
		youthCriteria: await criterionIds(jay, youth, bids.C),
		staffCriteria: await criterionIds(officer, staffPanel, staffBids.C),
		lot2Tender: tenders[LOT2],
		riversideTender: tenders[RIVERSIDE]
	};
	expect(ids.youthCriteria).toHaveLength(2);
	expect(ids.staffCriteria).toHaveLength(2);
	expect(Object.keys(ids.lot1Bids)).toHaveLength(4);
});

test.afterAll(async () => {
	await Promise.all([jay?.dispose(), officer?.dispose(), champion?.dispose()]);
});

/** Jay's and the officer's scores and places (but not jay's Bid A, which panel-scoring submits), and lot 2's presentations. */
async function snapshot() {
	return withDatabase(async (sql) => ({
		scores: await sql`select s.id, s.bid_id, s.criterion_id, s.score, s.comment, s.submitted_at, s.updated_at from panel_scores s join panel_members m on m.id = s.panel_member_id
			join users u on u.id = m.user_id where u.username in ('jay', 'officer') and s.bid_id <> ${ids.bids.A} order by s.id`,
		members: await sql`select m.id, m.status, m.confidentiality_accepted_at, m.declared_at, m.interest from panel_members m join users u on u.id = m.user_id where u.username in ('jay', 'officer') order by m.id`,
		lot2: await sql`select q.id, q.position, q.question from panel_questions q join panels p on p.id = q.panel_id where p.tender_id = ${ids.lot2Tender} order by q.id`,
		lot2Slots: await sql`select pr.id, pr.starts_at, pr.place from presentations pr join bids b on b.id = pr.bid_id where b.tender_id = ${ids.lot2Tender} order by pr.id`,
		riversideQuestionText: await sql`select q.id, q.question from panel_questions q join panels p on p.id = q.panel_id where p.tender_id = ${ids.riversideTender} and q.question like 'What happens if%' order by q.id`
	}));
}

/** A refusal: 4xx (or a friendly page), the plain message shown, and nothing changed. */
async function refused(label: string, run: () => Promise<APIResponse>, message: string | RegExp, status: number | number[] = 400) {
	const before = await snapshot();
	const response = await run();
	const body = await response.text();
	// use:enhance gets an action's failure as JSON with HTTP 200: its own status is inside.
	let code = response.status();
	if (code === 200 && (response.headers()['content-type'] ?? '').includes('application/json')) code = (JSON.parse(body) as { status?: number }).status ?? code;
	expect([status].flat(), `${label}: ${code} ${body.slice(0, 300)}`).toContain(code);
	expect(body, label).toMatch(message);
	expect(body, `${label}: no internals`).not.toMatch(/node_modules|\bat \S+ \(|\.svelte-kit\//);
	expect(await snapshot(), `${label}: nothing changed`).toEqual(before);
}

const scores = (criteria: string[], score: string, comment = '') => Object.fromEntries(criteria.flatMap((c) => [[`score-${c}`, score], [`comment-${c}`, comment]]));
const enhanced = { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } };

test('another panel’s pages and another member’s scores are out of reach', async () => {
	const { staffPanel, bids, staffCriteria } = ids;
	// The staff panel jay isn't on: its page, its bids, its presentations are "not found".
	await refused('staff panel page', () => jay.get(`/panels/${staffPanel}`), /We couldn’t find that/, 404);
	await refused('staff panel scoring page', () => jay.get(`/panels/${staffPanel}/bids/${bids.B}`), /We couldn’t find that/, 404);
	await refused('staff panel presentations', () => jay.get(`/panels/${staffPanel}/presentations`), /We couldn’t find that/, 404);
	// The officer's drafts on that panel can't be written through it (the snapshot holds them). A plain
	// POST's refusal is shown on the page, whose load then finds no such panel for jay: a 404 either way.
	await refused('save on the staff panel', () => postForm(jay, `/panels/${staffPanel}/bids/${bids.B}?/save`, scores(staffCriteria, '0', 'overwritten')), /You are not on that panel|We couldn’t find that/, [400, 404]);
	await refused('submit on the staff panel (enhanced)', () => postForm(jay, `/panels/${staffPanel}/bids/${bids.B}?/submit`, scores(staffCriteria, '0'), enhanced), /You are not on that panel|We couldn’t find that/, [400, 404]);
	await refused('accept on the staff panel', () => postForm(jay, `/panels/${staffPanel}?/accept`, {}), /You are not on that panel|We couldn’t find that/, [400, 404]);
	await refused('declare on the staff panel', () => postForm(jay, `/panels/${staffPanel}?/declare`, { hasInterest: 'yes', details: 'pause the officer' }), /You are not on that panel|We couldn’t find that/, [400, 404]);
	// Jay's own scoring page shows only his own draft, never the officer's or the other members'.
	const own = await (await jay.get(`/panels/${ids.youth}/bids/${bids.B}`)).text();
	expect(own).not.toContain('overwritten');
	// A panel id that is really a bid id, or made up.
	await refused('a bid id as a panel id', () => jay.get(`/panels/${bids.B}`), /We couldn’t find that/, 404);
	await refused('a made-up panel', () => postForm(jay, `/panels/zzzzzzzzzzzzzzzz/bids/${bids.B}?/save`, scores(ids.youthCriteria, '3')), /You are not on that panel|We couldn’t find that/, [400, 404]);
	await refused('a malformed bid id', () => jay.get(`/panels/${ids.youth}/bids/B`), /We couldn’t find that/, 404);
});

test('another section’s criteria, another tender’s bids and scores off the scale are refused', async () => {
	const { youth, bids, staffCriteria, youthCriteria, lot1Bids } = ids;
	// Staff criteria posted to the young people's panel: not its questions, so nothing to save.
	await refused('staff criteria on the youth panel', () => postForm(jay, `/panels/${youth}/bids/${bids.C}?/save`, scores(staffCriteria, '5')), /Choose a score for at least one question/);
	await refused('staff criteria on submit', () => postForm(jay, `/panels/${youth}/bids/${bids.C}?/submit`, scores(staffCriteria, '5')), /Choose a score for this question before submitting/);
	// Another tender's bid through this panel.
	await refused('lot 1 bid via Riverside (page)', () => jay.get(`/panels/${youth}/bids/${lot1Bids.A}`), /That bid is not one your panel scores/, 200);
	await refused('lot 1 bid via Riverside (save)', () => postForm(jay, `/panels/${youth}/bids/${lot1Bids.A}?/save`, scores(youthCriteria, '3')), /That bid is not one your panel scores/);
	await refused('made-up bid', () => postForm(jay, `/panels/${youth}/bids/zzzzzzzzzzzzzzzz?/save`, scores(youthCriteria, '3')), /That bid is not one your panel scores/);
	// Off the scale, not a whole number, not a number.
	for (const bad of ['6', '-1', '2.5', '1e1', 'four', '99999'])
		await refused(`score ${bad}`, () => postForm(jay, `/panels/${youth}/bids/${bids.C}?/save`, scores(youthCriteria, bad)), /Choose a whole-number score from 0 to 5|Choose one of the scores shown/);
	await refused('a comment with no score', () => postForm(jay, `/panels/${youth}/bids/${bids.C}?/save`, scores(youthCriteria, '', 'why')), /Choose a score for this question to keep your comment/);
});

test('after the window closes nothing can be scored, on any tender', async () => {
	for (const [label, panel, bid] of [
		['lot 2', ids.lot2Youth, ids.lot2Bids.A],
		['lot 1', ids.lot1Youth, ids.lot1Bids.B]
	] as const) {
		await refused(`${label} scoring page`, () => jay.get(`/panels/${panel}/bids/${bid}`), /You can’t score this right now[\s\S]*Scoring has finished/, 200);
		await refused(`${label} save`, () => postForm(jay, `/panels/${panel}/bids/${bid}?/save`, scores(ids.youthCriteria, '3')), /Scoring has finished/);
		await refused(`${label} submit (enhanced)`, () => postForm(jay, `/panels/${panel}/bids/${bid}?/submit`, scores(ids.youthCriteria, '3'), enhanced), /Scoring has finished/);
		await refused(`${label} presentations page still readable, not writable`, () => jay.get(`/panels/${panel}/presentations`), /Presentations/, 200);
	}
	// Lot 2's panel can't be used to score a Riverside bid either.
	await refused('Riverside bid via lot 2', () => postForm(jay, `/panels/${ids.lot2Youth}/bids/${ids.bids.C}?/save`, scores(ids.youthCriteria, '3')), /Scoring has finished|not one your panel scores/);
});

test('submitted scores are final', async () => {
	const { youth, bids, youthCriteria } = ids;
	const saved = await postForm(jay, `/panels/${youth}/bids/${bids.B}?/submit`, scores(youthCriteria, '3', 'Good ideas'));
	expect(saved.status()).toBe(303);
	await refused('changing a submitted score', () => postForm(jay, `/panels/${youth}/bids/${bids.B}?/save`, scores(youthCriteria, '0')), /submitted scores are final/);
	await refused('submitting twice', () => postForm(jay, `/panels/${youth}/bids/${bids.B}?/submit`, scores(youthCriteria, '5')), /submitted scores are final/);
	await withDatabase(async (sql) => {
		const rows = await sql`select s.score, s.comment from panel_scores s join panel_members m on m.id = s.panel_member_id join users u on u.id = m.user_id where u.username = 'jay' and s.bid_id = ${bids.B}`;
		expect(rows.map((r) => [r.score, r.comment])).toEqual([
			[3, 'Good ideas'],
			[3, 'Good ideas']
		]);
	});
});

test('on the staff presentations page every id must be this tender’s', async () => {
	const { lot2Tender, bids, youth } = ids;
	const base = `/staff/tenders/${lot2Tender}/presentations`;
	const lot2Panel = /name="panelId" value="([a-z2-7]{16})"/.exec(await (await champion.get(base)).text())![1];
	const riversideQuestion = /name="questionIds" value="([a-z2-7]{16})"/.exec(await (await champion.get(`/staff/tenders/${ids.riversideTender}/presentations`)).text())![1];
	// Slots are set by officers only (a champion gets 403: route-guards, hostile-panel).
	await refused('slot for another tender’s bid', () => postForm(officer, `${base}?/slot`, { bidId: bids.C, startsAt: '2027-01-10T10:00', place: 'Room 1' }), /this tender’s bids/);
	await refused('clear another tender’s slot', () => postForm(officer, `${base}?/clear`, { bidId: bids.A }), /this tender’s bids/);
	await refused('question on another tender’s panel', () => postForm(champion, `${base}?/addQuestion`, { panelId: youth, question: 'Sneaky' }), /That panel does not exist/);
	await refused('edit another tender’s question', () => postForm(champion, `${base}?/editQuestion`, { panelId: lot2Panel, questionId: riversideQuestion, question: 'Changed' }), /isn’t on this panel’s list/);
	await refused('remove another tender’s question', () => postForm(champion, `${base}?/removeQuestion`, { panelId: lot2Panel, questionId: riversideQuestion }), /isn’t on this panel’s list/);
	await refused('move another tender’s question', () => postForm(champion, `${base}?/moveQuestion`, { panelId: lot2Panel, questionId: riversideQuestion, direction: 'up' }), /isn’t on this panel’s list/);
	await refused('a tender that isn’t there', () => champion.get('/staff/tenders/zzzzzzzzzzzzzzzz/presentations'), /We couldn’t find that/, 404);
	// A member can't reach the staff page at all.
	await refused('jay on the staff page', () => jay.get(base), /not part of your account/, 403);
	await refused('jay posting to it', () => postForm(jay, `${base}?/addQuestion`, { panelId: lot2Panel, question: 'Mine' }), /not part of your account/, 403);
});
