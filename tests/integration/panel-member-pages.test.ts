import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { bidScoringPage, isMember, myPanels, panelPage, scoringFormCriteria } from '../../src/lib/server/evaluation/member-pages';
import { declareInterests } from '../../src/lib/server/evaluation/membership';
import { awards, panelMembers, panels, tenders } from '../../src/lib/server/evaluation/schema';
import { saveBidScores, type BidScoreEntry } from '../../src/lib/server/evaluation/scores';
import { projects } from '../../src/lib/server/projects/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { evaluationCounts, panelTender, ready, SECRETS, type PanelTender } from '../helpers/panel-tender';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let morgan: Person;
let ash: Person;
let bea: Person;
let cal: Person;
let outsider: Person;
let otherOrgYoung: Person;
let projectId: string;
let s: PanelTender;
let other: PanelTender;
const DAY = 86_400_000;

const young = (org: string, name: string) => quickUser(db, org, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(17) });

/** A refusal that leaves scores, members, slots, questions and the audit log exactly as they were. */
async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await evaluationCounts(db);
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await evaluationCounts(db)).toEqual(before);
}

function expectNoIdentity(value: unknown) {
	const text = JSON.stringify(value);
	for (const secret of SECRETS) expect(text.toLowerCase(), secret).not.toContain(secret.toLowerCase());
}

const entries = (pairs: [string, string, string?][]): BidScoreEntry[] => pairs.map(([criterionId, score, comment]) => ({ criterionId, score, comment: comment ?? '' }));

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const org = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, org, ['officer']);
	morgan = await quickUser(db, org, ['officer', 'champion']);
	ash = await young(org, 'Ash');
	bea = await young(org, 'Bea');
	cal = await young(org, 'Cal');
	outsider = await young(org, 'Outsider');
	otherOrgYoung = await young(orgB, 'Other org');
	projectId = await quickProject(db, officer);
	s = await panelTender(db, officer, projectId, [ash, bea, cal], [officer, morgan]);
	other = await panelTender(db, officer, projectId, [ash], [officer]);
}, 60_000);
afterAll(async () => t?.close());

describe('a member’s panels and panel page', () => {
	it('lists only the person’s own panels, with what the section is worth and what to do next', async () => {
		const list = await myPanels(db, ash);
		expect(list).toHaveLength(2);
		const mine = list.find((p) => p.panelId === s.youngPanel)!;
		expect(mine).toMatchObject({ sectionName: 'What young people think', weight: 15, stage: 'confidentiality', bids: 0, submitted: 0, awardPublished: false });
		expect(mine.closes).toMatch(/ at \d\d:\d\d$/);
		expect(await myPanels(db, outsider)).toEqual([]);
		expect(await myPanels(db, otherOrgYoung)).toEqual([]);
		const staff = await myPanels(db, officer);
		expect(staff.map((p) => p.sectionName)).toEqual(['Running the club', 'Running the club']);
		expect(staff[0].weight).toBe(45);
		expectNoIdentity(list);
	});

	it('walks through confidentiality, declaring, then scoring; bids appear only once the member is active', async () => {
		let page = await panelPage(db, ash, s.youngPanel);
		expect(page.stage).toBe('confidentiality');
		expect(page.bids).toEqual([]);
		expect(page.panel).toMatchObject({ weight: 15, sectionName: 'What young people think', about: 'Would young people go?' });
		expect(page.panel.criteria).toEqual([
			{ title: 'What will young people do at the club?', weight: 10, presentation: false },
			{ title: 'Presentation: why would young people come?', weight: 5, presentation: true }
		]);
		await ready(db, ash, s.youngPanel);
		page = await panelPage(db, ash, s.youngPanel);
		expect(page.stage).toBe('scoring');
		expect(page.bids.map((b) => b.label)).toEqual(['A', 'B', 'C']);
		expect(page.bids.every((b) => b.progress === 'not_started')).toBe(true);
		expect(page.hasPresentations).toBe(true);
		expect(page.outcome).toBeNull();
		expectNoIdentity(page);
		// Someone not on the panel, or from another organisation, finds nothing.
		await expectInputError(panelPage(db, outsider, s.youngPanel));
		await expectInputError(panelPage(db, otherOrgYoung, s.youngPanel));
		expect(await isMember(db, outsider, s.youngPanel)).toBe(false);
		expect(await isMember(db, ash, s.youngPanel)).toBe(true);
	});

	it('a declared interest pauses the member: no bids, no scoring page, nothing saved', async () => {
		await ready(db, cal, s.youngPanel);
		expect(await declareInterests(db, cal, s.youngPanel, { hasInterest: true, details: 'My cousin runs a youth club.' })).toBe('interest_declared');
		const page = await panelPage(db, cal, s.youngPanel);
		expect(page.stage).toBe('paused');
		expect(page.bids).toEqual([]);
		await refused(() => bidScoringPage(db, cal, s.youngPanel, s.bidIds[0]), /officer needs to decide/);
		await refused(() => saveBidScores(db, cal, s.youngPanel, s.bidIds[0], entries([[s.y1, '3']]), false), /officer needs to decide/);
		expect((await myPanels(db, cal))[0].stage).toBe('paused');
	});
});

describe('scoring a bid', () => {
	it('shows the anonymised answers, the scale by descriptor, and nothing that identifies a bidder', async () => {
		const page = await bidScoringPage(db, ash, s.youngPanel, s.bidIds[0]);
		expect(page.scale.map((x) => `${x.value} ${x.descriptor}`)).toEqual(['0 No answer', '1 Very poor', '2 Poor', '3 Acceptable', '4 Good', '5 Excellent'].map((d) => expect.stringMatching(new RegExp(`^${d}$`, 'i'))));
		expect(page.questions.map((q) => [q.title, q.presentation, q.answer])).toEqual([
			['What will young people do at the club?', false, 'Young people choose activities each month.\nThere is a youth forum.'],
			['Presentation: why would young people come?', true, null]
		]);
		expect(page.weight).toBe(15);
		expect(page.submitted).toBe(false);
		expectNoIdentity(page);
		expect(await scoringFormCriteria(db, ash, s.youngPanel)).toEqual([s.y1, s.y2]);
	});

	it('saves a draft of whatever is scored, and refuses bad input without changing anything', async () => {
		const [bidA] = s.bidIds;
		expect(await saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '4', 'Lots to do'], [s.y2, '']]), false)).toBe(1);
		let page = await bidScoringPage(db, ash, s.youngPanel, bidA);
		expect(page.questions.map((q) => [q.score, q.comment])).toEqual([
			[4, 'Lots to do'],
			[null, '']
		]);
		expect((await panelPage(db, ash, s.youngPanel)).bids.find((b) => b.bidId === bidA)!.progress).toBe('draft');

		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '6']]), false), 'Choose a whole-number score from 0 to 5.', `score-${s.y1}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '-1']]), false), /from 0 to 5/, `score-${s.y1}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '2.5']]), false), /whole-number/, `score-${s.y1}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, 'four']]), false), /whole-number/, `score-${s.y1}`);
		for (const odd of ['0x3', '3e0', '+3', '3.', ' 0b11 ', 'Infinity'])
			await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, odd]]), false), /whole-number/, `score-${s.y1}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '1'], [s.y2, '', 'a comment with no score']]), false), /Choose a score for this question to keep your comment/, `score-${s.y2}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '3', 'x'.repeat(1001)]]), false), /at most 1000/, `comment-${s.y1}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '3'], [s.y1, '2']]), false), /only one score/);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, ''], [s.y2, '']]), false), /at least one question/);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, [], false), /at least one question/);
		// Another panel's criterion, another tender's bid, a made-up bid: refused, nothing saved.
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.q1, '3']]), false), /isn’t one your panel scores/, `score-${s.q1}`);
		await refused(() => saveBidScores(db, ash, s.youngPanel, other.bidIds[0], entries([[s.y1, '3']]), false), /not one your panel scores/, 'bidId');
		await refused(() => saveBidScores(db, ash, s.youngPanel, newId(), entries([[s.y1, '3']]), false), /not one your panel scores/, 'bidId');
		// Submitting needs every question scored; the partial draft stays as it was.
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '4'], [s.y2, '']]), true), /before submitting/, `score-${s.y2}`);
		page = await bidScoringPage(db, ash, s.youngPanel, bidA);
		expect(page.questions[0]).toMatchObject({ score: 4, comment: 'Lots to do' });
	});

	it('shows the others’ scores only after submitting, anonymously, and submitted scores are final', async () => {
		const [bidA] = s.bidIds;
		await ready(db, bea, s.youngPanel);
		await saveBidScores(db, bea, s.youngPanel, bidA, entries([[s.y1, '2', 'Not much for older teens'], [s.y2, '3']]), true);
		// Ash hasn't submitted: sees no one else's scores yet.
		let page = await bidScoringPage(db, ash, s.youngPanel, bidA);
		expect(page.questions.every((q) => q.others.length === 0)).toBe(true);
		expect(await saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '5', 'Lots to do'], [s.y2, '4']]), true)).toBe(2);
		expect((await auditFor(db, 'scores.submitted')).some((a) => (a.detail as Record<string, unknown>).bidId === bidA)).toBe(true);
		page = await bidScoringPage(db, ash, s.youngPanel, bidA);
		expect(page.submitted).toBe(true);
		expect(page.questions[0].others).toEqual([{ scorer: 1, score: 2, comment: 'Not much for older teens' }]);
		expect(JSON.stringify(page)).not.toContain(bea.id);
		expect((await panelPage(db, ash, s.youngPanel)).bids.find((b) => b.bidId === bidA)!.progress).toBe('submitted');
		expect((await myPanels(db, ash)).find((p) => p.panelId === s.youngPanel)).toMatchObject({ bids: 3, submitted: 1 });
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '1']]), false), /submitted scores are final/);
		await refused(() => saveBidScores(db, ash, s.youngPanel, bidA, entries([[s.y1, '1'], [s.y2, '1']]), true), /submitted scores are final/);
		expectNoIdentity(page);
	});

	it('refuses everything once the window has closed, and outside its own panel', async () => {
		const later = new Date(Date.now() + 8 * DAY);
		await refused(() => bidScoringPage(db, ash, s.youngPanel, s.bidIds[1], later), /Scoring closed on/);
		await refused(() => saveBidScores(db, ash, s.youngPanel, s.bidIds[1], entries([[s.y1, '3']]), false, later), /Scoring closed on/);
		expect((await panelPage(db, ash, s.youngPanel, later)).stage).toBe('closed');
		// Ash isn't on the quality panel; the other organisation's member isn't on any.
		await refused(() => bidScoringPage(db, ash, s.qualityPanel, s.bidIds[1]), 'You are not on that panel.');
		await refused(() => saveBidScores(db, otherOrgYoung, s.youngPanel, s.bidIds[1], entries([[s.y1, '3']]), false), 'You are not on that panel.');
		// Someone else's panel membership id is not a panel id.
		const [row] = await db.select({ id: panelMembers.id }).from(panelMembers).where(eq(panelMembers.userId, bea.id));
		await refused(() => saveBidScores(db, ash, row.id, s.bidIds[1], entries([[s.y1, '3']]), false), 'You are not on that panel.');
	});

	it('an unreleased bid or a tender still being set up gives a plain refusal', async () => {
		const draft = await panelTender(db, officer, projectId, [ash], [officer], { open: false });
		await ready(db, ash, draft.youngPanel);
		expect((await panelPage(db, ash, draft.youngPanel)).stage).toBe('not_open');
		await refused(() => bidScoringPage(db, ash, draft.youngPanel, draft.bidIds[0]), /hasn’t opened/);
	});
});

describe('after the award is published', () => {
	it('shows the decision’s dates, the thanks and the public page, never which letter won', async () => {
		await db.update(tenders).set({ status: 'awarded' }).where(eq(tenders.id, s.tenderId));
		await db.insert(awards).values({
			tenderId: s.tenderId,
			winningBidId: s.bidIds[2],
			valuePence: 54_000_000,
			startsOn: '2027-04-01',
			endsOn: '2030-03-31',
			decidedOn: '2027-02-10',
			approvedBy: 'Senior leadership team',
			rationale: 'Highest total.'
		});
		expect((await panelPage(db, ash, s.youngPanel)).outcome).toBeNull();
		await db.update(awards).set({ publishedAt: new Date() }).where(eq(awards.tenderId, s.tenderId));
		await db.update(panels).set({ thanksMessage: 'Thank you, your scores made a difference.', thankedAt: new Date() }).where(eq(panels.id, s.youngPanel));
		let page = await panelPage(db, ash, s.youngPanel);
		expect(page.stage).toBe('closed');
		expect(page.outcome).toEqual({ startsOn: '2027-04-01', endsOn: '2030-03-31', thanks: 'Thank you, your scores made a difference.', publicHref: null });
		await db.update(projects).set({ publishedAt: new Date() }).where(eq(projects.id, projectId));
		page = await panelPage(db, ash, s.youngPanel);
		expect(page.outcome?.publicHref).toMatch(/^\/projects\/[a-z0-9-]+$/);
		expect(JSON.stringify(page)).not.toMatch(/winning|Highest total|Senior leadership/);
		expectNoIdentity(page);
		expect((await myPanels(db, ash)).find((p) => p.panelId === s.youngPanel)).toMatchObject({ stage: 'closed', awardPublished: true });
	});
});
