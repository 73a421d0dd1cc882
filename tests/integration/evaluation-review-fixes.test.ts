// Fixes from the independent review of tender evaluation (issue 5): once the evaluation is
// finalised nothing may change the result; a scoring member can't race the close; hostile text
// (NUL) is refused by the domain, not only by the forms.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { recordConsent, withdrawConsent } from '../../src/lib/server/auth/consent';
import { users } from '../../src/lib/server/auth/schema';
import { newId } from '../../src/lib/server/db/ids';
import { addBid, assignLabels, prepareAnonymised, releaseBid } from '../../src/lib/server/evaluation/bids';
import { closeScoring, finaliseEvaluation, reopenScoring } from '../../src/lib/server/evaluation/lifecycle';
import { bidScoringPage, myPanels, panelPage, scoringFormCriteria } from '../../src/lib/server/evaluation/member-pages';
import { moderate, removeModeration } from '../../src/lib/server/evaluation/moderation';
import { addMember, createPanel, decideInterest, panelCandidates, removeMember, updatePanel } from '../../src/lib/server/evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../../src/lib/server/evaluation/membership';
import { clearSlot, setSlot } from '../../src/lib/server/evaluation/presentation-slots';
import { memberPresentations, presentationsPage } from '../../src/lib/server/evaluation/presentations';
import { panelMembers, panels, tenders } from '../../src/lib/server/evaluation/schema';
import { evaluate } from '../../src/lib/server/evaluation/scoring';
import { myScores, panelScoresFor, saveBidScores, saveScore, submitScores } from '../../src/lib/server/evaluation/scores';
import { evaluationInput } from '../../src/lib/server/evaluation/evaluation-input';
import { percent } from '../../src/lib/components/panel/stage';
import { ROUNDING_NOTE, summaryCsv, type AssessmentSummary } from '../../src/lib/server/evaluation/summaries';
import { updateScale } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection, removeCriterion } from '../../src/lib/server/evaluation/scoring-system';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { evaluationCounts, panelTender, ready, type PanelTender } from '../helpers/panel-tender';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let projectId: string;
let officer: Person;
let champion: Person;
let sam: Person;
let ash: Person;
let bea: Person;
let cal: Person;
let dev: Person;

/** A refusal with a plain message that leaves scores, members, slots, questions and the audit log as they were. */
async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await evaluationCounts(db);
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await evaluationCounts(db)).toEqual(before);
	return err;
}

const young = (name: string, age = 17) => quickUser(db, org, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(age) });

async function memberId(panelId: string, userId: string): Promise<string> {
	const [row] = await db
		.select({ id: panelMembers.id })
		.from(panelMembers)
		.where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, userId)));
	return row.id;
}

/** Scores every bid of the tender on the member's panel and submits. */
async function scoreEverything(s: PanelTender, who: Person, panelId: string, score: string) {
	const criteria = panelId === s.youngPanel ? [s.y1, s.y2] : [s.q1];
	for (const bidId of s.bidIds)
		await saveBidScores(
			db,
			who,
			panelId,
			bidId,
			criteria.map((criterionId) => ({ criterionId, score, comment: '' })),
			true
		);
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db, 'Northfield Council');
	officer = await quickUser(db, org, ['officer']);
	champion = await quickUser(db, org, ['champion'], { displayName: 'Chloe Champion' });
	sam = await quickUser(db, org, ['officer'], { displayName: 'Sam Staffer' });
	ash = await young('Ash');
	bea = await young('Bea');
	cal = await young('Cal');
	dev = await young('Dev');
	projectId = await quickProject(db, officer);
}, 60_000);
afterAll(async () => t?.close());

describe('after finalising, nothing changes the result', () => {
	let s: PanelTender;
	let result: () => Promise<unknown>;

	beforeAll(async () => {
		s = await panelTender(db, officer, projectId, [ash, bea, cal], [sam]);
		for (const who of [ash, bea, cal]) await ready(db, who, s.youngPanel);
		await ready(db, sam, s.qualityPanel);
		await scoreEverything(s, ash, s.youngPanel, '4');
		await scoreEverything(s, bea, s.youngPanel, '2');
		await scoreEverything(s, cal, s.youngPanel, '0');
		await scoreEverything(s, sam, s.qualityPanel, '3');
		// Cal declares an interest after scoring: the 0s stop counting while an officer decides.
		await declareInterests(db, cal, s.youngPanel, { hasInterest: true, details: 'I think I know who wrote Bid A.' });
		await closeScoring(db, officer, s.tenderId);
		await finaliseEvaluation(db, officer, s.tenderId);
		result = async () => evaluate(await evaluationInput(db, org, s.tenderId));
	}, 60_000);

	async function unchanged(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
		const before = await result();
		await refused(run, message, field);
		expect(await result()).toEqual(before);
	}

	it('a member can’t declare an interest (and so drop their scores) once the evaluation is finalised or awarded', async () => {
		for (const status of ['finalised', 'awarded'] as const) {
			await db.update(tenders).set({ status }).where(eq(tenders.id, s.tenderId));
			await unchanged(() => declareInterests(db, ash, s.youngPanel, { hasInterest: true, details: 'I know a bidder.' }), /evaluation is finished.*talk to your participation champion/);
			await unchanged(() => declareInterests(db, bea, s.youngPanel, { hasInterest: false, details: '' }), /evaluation is finished/);
		}
		await db.update(tenders).set({ status: 'finalised' }).where(eq(tenders.id, s.tenderId));
	});

	it('an officer can’t decide a waiting interest, take anyone off, add anyone or change a panel', async () => {
		const calSeat = await memberId(s.youngPanel, cal.id);
		await unchanged(() => decideInterest(db, officer, calSeat, { decision: 'stays', note: 'Fine after all.' }), 'Panels can’t change once the evaluation is finalised.');
		await unchanged(() => decideInterest(db, officer, calSeat, { decision: 'removed', note: 'Off.' }), 'Panels can’t change once the evaluation is finalised.');
		const ashSeat = await memberId(s.youngPanel, ash.id);
		await unchanged(() => removeMember(db, officer, ashSeat), 'Panels can’t change once the evaluation is finalised.');
		await unchanged(() => addMember(db, officer, s.youngPanel, dev.id), 'Panels can’t change once the evaluation is finalised.');
		await unchanged(() => updatePanel(db, officer, s.youngPanel, { quorum: '3', opensAt: '', closesAt: '' }), 'Panels can’t change once the evaluation is finalised.');
		await unchanged(() => createPanel(db, officer, s.tenderId, s.young, { quorum: '1', opensAt: '', closesAt: '' }), 'Panels can’t change once the evaluation is finalised.');
	});

	it('no score can be saved or submitted, and no moderation set or removed', async () => {
		await unchanged(() => saveScore(db, ash, s.youngPanel, { bidId: s.bidIds[0], criterionId: s.y1, score: 1, comment: '' }), /Scoring has finished/);
		await unchanged(() => submitScores(db, ash, s.youngPanel, s.bidIds[0]), /Scoring has finished/);
		await unchanged(() => saveBidScores(db, ash, s.youngPanel, s.bidIds[0], [{ criterionId: s.y1, score: '1', comment: '' }], true), /Scoring has finished/);
		await unchanged(() => moderate(db, officer, s.tenderId, { bidId: s.bidIds[0], criterionId: s.q1, score: '5', rationale: 'Late change.' }), /only after scoring has closed/);
		await unchanged(() => removeModeration(db, officer, s.tenderId, { bidId: s.bidIds[0], criterionId: s.q1 }), /./);
		await unchanged(() => reopenScoring(db, officer, s.tenderId), /isn’t possible now/);
	});

	it('no bid, answer, letter, scale, section or criterion can change either', async () => {
		const bid = { bidderName: 'Late Bidder Ltd', contactName: '', contactEmail: '', contactPhone: '', price: '1', answers: {} };
		await unchanged(() => addBid(db, officer, s.tenderId, bid), /can’t change|no more can be added/);
		await unchanged(() => assignLabels(db, officer, s.tenderId), /can’t change/);
		await unchanged(() => prepareAnonymised(db, officer, s.bidIds[0], s.y1, 'Changed after the award.'), /can’t change/);
		await unchanged(() => releaseBid(db, officer, s.bidIds[0]), /./);
		await unchanged(() => updateScale(db, officer, s.tenderId, 0, 4, ['None', 'Poor', 'Fair', 'Good', 'Great']), /can’t change/);
		await unchanged(() => addSection(db, officer, s.tenderId, { name: 'Extra', about: '', audience: 'staff' }), /can’t change/);
		await unchanged(() => addCriterion(db, officer, s.tenderId, { sectionId: s.young, title: 'Extra', guidance: '', weight: '1', price: false, presentation: false }), /can’t change/);
		await unchanged(() => removeCriterion(db, officer, s.tenderId, s.y2), /can’t change/);
	});
});

describe('a score can’t slip in while scoring closes', () => {
	it('a save waiting on the tender sees the close and is refused', async () => {
		const s = await panelTender(db, officer, projectId, [ash], [sam]);
		await ready(db, ash, s.youngPanel);
		let locked!: () => void;
		const holding = new Promise<void>((resolve) => (locked = resolve));
		// An officer's close holds the tender while a member's save arrives.
		const closing = db.transaction(async (tx) => {
			await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.id, s.tenderId)).for('update');
			locked();
			await new Promise((r) => setTimeout(r, 300));
			await tx.update(tenders).set({ status: 'moderating' }).where(eq(tenders.id, s.tenderId));
		});
		await holding;
		const before = await evaluationCounts(db);
		const saving = expectInputError(saveScore(db, ash, s.youngPanel, { bidId: s.bidIds[0], criterionId: s.y1, score: 3, comment: '' }));
		await closing;
		expect((await saving).message).toMatch(/Scoring has finished/);
		expect(await evaluationCounts(db)).toEqual(before);
	});

	it('a declaration waiting on the tender sees the finalise and is refused', async () => {
		const s = await panelTender(db, officer, projectId, [bea], [sam]);
		await acceptConfidentiality(db, bea, s.youngPanel);
		await db.update(tenders).set({ status: 'moderating' }).where(eq(tenders.id, s.tenderId));
		let locked!: () => void;
		const holding = new Promise<void>((resolve) => (locked = resolve));
		const finalising = db.transaction(async (tx) => {
			await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.id, s.tenderId)).for('update');
			locked();
			await new Promise((r) => setTimeout(r, 300));
			await tx.update(tenders).set({ status: 'finalised' }).where(eq(tenders.id, s.tenderId));
		});
		await holding;
		const before = await evaluationCounts(db);
		const declaring = expectInputError(declareInterests(db, bea, s.youngPanel, { hasInterest: true, details: 'I know them.' }));
		await finalising;
		expect((await declaring).message).toMatch(/evaluation is finished/);
		expect(await evaluationCounts(db)).toEqual(before);
	});
});

describe('NUL characters are refused by the domain', () => {
	it('in a score’s comment and in a declared interest, with nothing changed', async () => {
		const s = await panelTender(db, officer, projectId, [cal, dev], [sam]);
		await ready(db, cal, s.youngPanel);
		await acceptConfidentiality(db, dev, s.youngPanel);
		await refused(() => saveScore(db, cal, s.youngPanel, { bidId: s.bidIds[0], criterionId: s.y1, score: 3, comment: 'Good\u0000' }), /can’t accept/, 'comment');
		await refused(() => saveBidScores(db, cal, s.youngPanel, s.bidIds[0], [{ criterionId: s.y1, score: '3', comment: 'Go\u0000od' }], false), /can’t accept/, `comment-${s.y1}`);
		await refused(() => declareInterests(db, dev, s.youngPanel, { hasInterest: true, details: 'My aunt\u0000' }), /can’t accept/, 'details');
		expect((await auditFor(db, 'panel.interests_declared')).filter((a) => a.targetId === s.youngPanel)).toHaveLength(1);
		const [devSeat] = await db.select({ status: panelMembers.status }).from(panelMembers).where(eq(panelMembers.id, await memberId(s.youngPanel, dev.id)));
		expect(devSeat.status).toBe('invited');
		expect(await db.select({ id: panels.id }).from(panels).where(eq(panels.id, s.youngPanel))).toHaveLength(1);
	});
});

const CONSENT = 'We need a parent’s or carer’s consent on record before you can carry on scoring. Please talk to your participation champion.';

describe('a member who may no longer take part', () => {
	it('withdrawn parental consent stops scoring at the next save, and every member page holds back the bids', async () => {
		const mia = await young('Mia', 14);
		const consentId = await recordConsent(db, champion, mia.id, { givenBy: 'Ann', relationship: 'Mother', givenOn: '2026-01-10', method: 'paper form' });
		const s = await panelTender(db, officer, projectId, [mia], [sam]);
		await ready(db, mia, s.youngPanel);
		await saveScore(db, mia, s.youngPanel, { bidId: s.bidIds[0], criterionId: s.y1, score: 3, comment: 'Fun.' });
		expect((await bidScoringPage(db, mia, s.youngPanel, s.bidIds[0])).questions[0].score).toBe(3);

		await withdrawConsent(db, champion, mia.id, consentId);
		await refused(() => saveScore(db, mia, s.youngPanel, { bidId: s.bidIds[0], criterionId: s.y1, score: 5, comment: 'Changed.' }), CONSENT);
		await refused(() => saveBidScores(db, mia, s.youngPanel, s.bidIds[0], [{ criterionId: s.y1, score: '5', comment: '' }, { criterionId: s.y2, score: '4', comment: '' }], true), CONSENT);
		await refused(() => submitScores(db, mia, s.youngPanel, s.bidIds[0]), CONSENT);
		await refused(() => bidScoringPage(db, mia, s.youngPanel, s.bidIds[0]), CONSENT);
		await refused(() => scoringFormCriteria(db, mia, s.youngPanel), CONSENT);
		await refused(() => myScores(db, mia, s.youngPanel), CONSENT);
		await refused(() => panelScoresFor(db, mia, s.youngPanel, s.bidIds[0]), CONSENT);
		await refused(() => memberPresentations(db, mia, s.youngPanel), CONSENT);
		const page = await panelPage(db, mia, s.youngPanel);
		expect(page).toMatchObject({ stage: 'on_hold', hold: CONSENT, tookPart: false, bids: [], hasPresentations: false });
		expect((await myPanels(db, mia)).find((p) => p.panelId === s.youngPanel)).toMatchObject({ stage: 'on_hold', bids: 0, submitted: 0 });

		// With consent on record again, she carries on where she left off.
		await recordConsent(db, champion, mia.id, { givenBy: 'Ann', relationship: 'Mother', givenOn: '2026-02-10', method: 'paper form' });
		expect((await bidScoringPage(db, mia, s.youngPanel, s.bidIds[0])).questions[0]).toMatchObject({ score: 3, comment: 'Fun.' });
		expect((await panelPage(db, mia, s.youngPanel)).stage).toBe('scoring');
	});

	it('an account switched off can’t score', async () => {
		const eli = await young('Eli');
		const s = await panelTender(db, officer, projectId, [eli], [sam]);
		await ready(db, eli, s.youngPanel);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, eli.id));
		await refused(() => saveScore(db, eli, s.youngPanel, { bidId: s.bidIds[0], criterionId: s.y1, score: 3, comment: '' }), /account is switched off/);
		await refused(() => memberPresentations(db, eli, s.youngPanel), /account is switched off/);
		expect((await panelPage(db, eli, s.youngPanel)).stage).toBe('on_hold');
	});
});

describe('staff panels are for people who may see bids', () => {
	it('only officers can be added; a champion is listed as unavailable with the reason, and refused', async () => {
		const s = await panelTender(db, officer, projectId, [], []);
		const { available, unavailable } = await panelCandidates(db, org, s.qualityPanel);
		expect(available.map((p) => p.userId)).toContain(sam.id);
		expect(available.map((p) => p.userId)).not.toContain(champion.id);
		expect(unavailable).toContainEqual({ userId: champion.id, displayName: 'Chloe Champion', reason: expect.stringMatching(/only officers/i) });
		await refused(() => addMember(db, officer, s.qualityPanel, champion.id), /only officers/i, 'userId');
		await addMember(db, officer, s.qualityPanel, sam.id);
	});

	it('a champion put on a staff panel before this rule can’t read or score its bids', async () => {
		const s = await panelTender(db, officer, projectId, [], []);
		// As addMember allowed before: straight into the table.
		await db.insert(panelMembers).values({ id: newId(), panelId: s.qualityPanel, userId: champion.id });
		await acceptConfidentiality(db, champion, s.qualityPanel);
		await declareInterests(db, champion, s.qualityPanel, { hasInterest: false, details: '' });
		await refused(() => bidScoringPage(db, champion, s.qualityPanel, s.bidIds[0]), /only officers/i);
		await refused(() => saveScore(db, champion, s.qualityPanel, { bidId: s.bidIds[0], criterionId: s.q1, score: 3, comment: '' }), /only officers/i);
		expect((await panelPage(db, champion, s.qualityPanel)).bids).toEqual([]);
	});
});

describe('presentation places never point to a bidder', () => {
	it('a place with any bidder’s name, contact, web domain, email or phone is refused and nothing stored; rooms and plain meeting links are fine', async () => {
		const s = await panelTender(db, officer, projectId, [], []);
		const [a, b] = s.bidIds; // Quillanby Adventure Trust Ltd (hermione@quillanby-adventure.org.uk) and Xanthorpe Youth Partnership CIC
		const at = { startsAt: '2027-02-01T10:00' };
		for (const place of [
			'https://quillanby-adventure.zoom.us/j/123456',
			'Quillanby Adventure offices, floor 2',
			'Ask for Hermione at reception',
			'Dial in: 01632 960311',
			'hermione@quillanby-adventure.org.uk',
			'Email someone@example.org for the room',
			// Another bidder's name in A's place tells the panel who is bidding too.
			'Xanthorpe Youth Partnership, Unit 4'
		])
			await refused(() => setSlot(db, officer, s.tenderId, a, { ...at, place }), /would tell the panel who a bidder is/, 'place');
		expect((await presentationsPage(db, org, s.tenderId)).bids.every((bid) => bid.slot === null)).toBe(true);

		await setSlot(db, officer, s.tenderId, a, { ...at, place: 'Civic Centre, room 4' });
		await setSlot(db, officer, s.tenderId, b, { ...at, place: 'https://teams.example/l/meetup-join/19abc' });
		// Moving an existing slot to a place that names the bidder is refused too, keeping the old one.
		await refused(() => setSlot(db, officer, s.tenderId, a, { ...at, place: 'https://www.quillanby-adventure.org.uk/meet' }), /would tell the panel who a bidder is/, 'place');
		expect((await presentationsPage(db, org, s.tenderId)).bids.find((bid) => bid.bidId === a)!.slot).toMatchObject({ place: 'Civic Centre, room 4' });
		await clearSlot(db, officer, s.tenderId, b);
	});
});

describe('small things the review found', () => {
	it('a quorum can’t change once scoring has closed (reopen scoring first); a change is audited with the old and new values', async () => {
		const s = await panelTender(db, officer, projectId, [], []);
		const window = { opensAt: '2027-01-04T09:00', closesAt: '2027-01-18T17:00' };
		expect(await updatePanel(db, officer, s.youngPanel, { quorum: '2', ...window })).toBe(true);
		const [entry] = (await auditFor(db, 'panel.changed')).filter((a) => a.targetId === s.youngPanel);
		expect(entry.detail).toEqual({
			quorumFrom: 1,
			quorum: 2,
			opensAtFrom: expect.any(String),
			opensAt: '2027-01-04T09:00:00.000Z',
			closesAtFrom: expect.any(String),
			closesAt: '2027-01-18T17:00:00.000Z'
		});
		await closeScoring(db, officer, s.tenderId);
		await refused(() => updatePanel(db, officer, s.youngPanel, { quorum: '1', ...window }), /Reopen scoring first/, 'quorum');
		// The window may still move while moderating (it only matters once scoring reopens).
		expect(await updatePanel(db, officer, s.youngPanel, { quorum: '2', opensAt: window.opensAt, closesAt: '2027-01-25T17:00' })).toBe(true);
		await reopenScoring(db, officer, s.tenderId);
		expect(await updatePanel(db, officer, s.youngPanel, { quorum: '1', ...window })).toBe(true);
	});

	it('weights show up to two decimals, without trailing zeros', () => {
		expect([15, 12.25, 12.5, 33.33, 0.05, 100].map(percent)).toEqual(['15%', '12.25%', '12.5%', '33.33%', '0.05%', '100%']);
	});

	it('the assessment summary CSV says points are rounded for display and the total is worked out first', () => {
		const summary: AssessmentSummary = {
			tender: { id: 't', title: 'Short breaks', reference: 'R/1', scaleMin: 0, scaleMax: 5 },
			bid: { id: 'b', label: 'A', bidderName: 'Acorn Play', pricePence: 100 },
			rows: [],
			total: '33.33',
			rank: 1,
			bidCount: 1,
			winner: { label: 'A', total: '33.33', isThisBid: true },
			decidedOn: '2026-03-01'
		};
		expect(ROUNDING_NOTE).toMatch(/rounded to 2 decimal places.*total is worked out before rounding/i);
		expect(summaryCsv(summary)).toContain(ROUNDING_NOTE);
	});
});
