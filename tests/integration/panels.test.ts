import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/lib/server/auth/consent';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { addMember, createPanel, decideInterest, parseWindowTime } from '../../src/lib/server/evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../../src/lib/server/evaluation/membership';
import { bids, moderations, panelMembers, tenders } from '../../src/lib/server/evaluation/schema';
import { evaluate } from '../../src/lib/server/evaluation/scoring';
import { evaluationInput } from '../../src/lib/server/evaluation/evaluation-input';
import { myScores, panelScoresFor, saveScore, submitScores } from '../../src/lib/server/evaluation/scores';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickProject } from '../helpers/projects';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let officer: Person;
let officerB: Person;
let projectId: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const window = () => ({ opensAt: new Date(Date.now() - HOUR).toISOString(), closesAt: new Date(Date.now() + 7 * DAY).toISOString() });
const later = () => new Date(Date.now() + 8 * DAY);

const person = (roles: Person['roles'], displayName: string, age?: number, org = orgA) =>
	quickUser(db, org, roles, { displayName, birthMonth: age === undefined ? null : birthMonthYearsAgo(age) });

async function counts() {
	const [row] = await rows<{ s: number; a: number; m: number }>(
		db,
		'select (select count(*)::int from panel_scores) as s, (select count(*)::int from audit_log) as a, (select count(*)::int from panel_members) as m'
	);
	return row;
}

/** A refusal that leaves scores, members and the audit log exactly as they were. */
async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await counts();
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await counts()).toEqual(before);
}

async function newTender(reference: string, sections: { name: string; audience: 'staff' | 'young_people' | 'parents'; criteria: { weight: string; price?: boolean }[] }[]) {
	const tender = await createTender(db, officer, projectId, {
		title: 'Short breaks',
		reference,
		publishedOn: '2026-12-01',
		closesOn: '2027-01-20',
		contractValue: '1,260,000',
		contractMonths: '36'
	});
	const ids: { section: string; criteria: string[] }[] = [];
	for (const s of sections) {
		const section = await addSection(db, officer, tender.id, { name: s.name, about: '', audience: s.audience });
		const criteria = [];
		for (const c of s.criteria)
			criteria.push(await addCriterion(db, officer, tender.id, { sectionId: section, title: 'A question', guidance: '', weight: c.weight, price: !!c.price, presentation: false }));
		ids.push({ section, criteria });
	}
	return { id: tender.id, sections: ids };
}

async function addBid(tenderId: string, label: string, pricePence: number | null, released = true) {
	const id = newId();
	await db.insert(bids).values({ id, tenderId, label, pricePence, releasedAt: released ? new Date() : null });
	return id;
}

const startEvaluating = (tenderId: string) => db.update(tenders).set({ status: 'evaluating' }).where(eq(tenders.id, tenderId));

async function ready(user: Person, panelId: string) {
	await acceptConfidentiality(db, user, panelId);
	expect(await declareInterests(db, user, panelId, { hasInterest: false, details: '' })).toBe('active');
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	officerB = await quickUser(db, orgB, ['officer']);
	projectId = await quickProject(db, officer);
});
afterAll(async () => t?.close());

describe('panels, members, declarations and scoring', () => {
	let tender: Awaited<ReturnType<typeof newTender>>;
	let youngPanel: string;
	let parentsPanel: string;
	let qualityPanel: string;
	let leo: Person;
	let maya: Person;
	let zara: Person;
	let bidA: string;
	let bidB: string;
	let bidC: string;
	let otherBid: string;
	let y1: string;
	let y2: string;

	beforeAll(async () => {
		tender = await newTender('RBC/2026/100', [
			{ name: 'Quality', audience: 'staff', criteria: [{ weight: '40' }, { weight: '35', price: true }] },
			{ name: 'Young people', audience: 'young_people', criteria: [{ weight: '10' }, { weight: '5' }] },
			{ name: 'Parents', audience: 'parents', criteria: [{ weight: '10' }] }
		]);
		[y1, y2] = tender.sections[1].criteria;
		bidA = await addBid(tender.id, 'A', 10_000_000);
		bidB = await addBid(tender.id, 'B', 9_000_000);
		bidC = await addBid(tender.id, 'C', 9_500_000, false);
		const other = await newTender('RBC/2026/101', [{ name: 'All', audience: 'staff', criteria: [{ weight: '100' }] }]);
		otherBid = await addBid(other.id, 'A', 1_000);
	});

	it('creates one panel per section, with a sane quorum and window, audited', async () => {
		youngPanel = await createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '2', ...window() });
		parentsPanel = await createPanel(db, officer, tender.id, tender.sections[2].section, { quorum: '1', opensAt: '', closesAt: '' });
		qualityPanel = await createPanel(db, officer, tender.id, tender.sections[0].section, { quorum: '1', ...window() });
		expect((await auditFor(db, 'panel.created')).map((a) => a.targetId)).toEqual(expect.arrayContaining([youngPanel, parentsPanel, qualityPanel]));
		await refused(() => createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '2', opensAt: '', closesAt: '' }), 'This section already has a panel.', 'sectionId');
		await refused(() => createPanel(db, officer, tender.id, 'nosuchsection', { quorum: '2', opensAt: '', closesAt: '' }), 'Choose a section of this tender.');
		await expectInputError(createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '0', opensAt: '', closesAt: '' }), 'quorum');
		await expectInputError(createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '51', opensAt: '', closesAt: '' }), 'quorum');
		await expectInputError(createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '2', opensAt: 'soon', closesAt: '' }), 'opensAt');
		await expectInputError(createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '2', opensAt: '2026-09-14T18:00', closesAt: '2026-09-14T17:00' }), 'closesAt');
		await refused(() => createPanel(db, officerB, tender.id, tender.sections[1].section, { quorum: '2', opensAt: '', closesAt: '' }), 'That tender does not exist.');
		// A window typed into a form is UK time: 18:00 in July is 17:00 UTC, in December 18:00 UTC.
		expect(parseWindowTime('2026-07-01T18:00')?.toISOString()).toBe('2026-07-01T17:00:00.000Z');
		expect(parseWindowTime('2026-12-01T18:00')?.toISOString()).toBe('2026-12-01T18:00:00.000Z');
		expect(parseWindowTime('2026-02-30T18:00')).toBeNull();
	});

	it('a young person under the consent age joins only with a parent’s consent on record', async () => {
		leo = await person(['young_person'], 'Leo', 13);
		await refused(() => addMember(db, officer, youngPanel, leo.id), 'Leo needs a parent’s consent on record before joining a panel.', 'userId');
		const champion = await quickUser(db, orgA, ['champion']);
		await recordConsent(db, champion, leo.id, { givenBy: 'Ann Smith', relationship: 'Mother', givenOn: '2026-01-10', method: 'paper form' });
		const memberId = await addMember(db, officer, youngPanel, leo.id);
		expect((await auditFor(db, 'panel.member_added')).some((a) => a.targetId === youngPanel && a.detail?.memberId === memberId)).toBe(true);
		await refused(() => addMember(db, officer, youngPanel, leo.id), 'Leo is already on this panel.');
		maya = await person(['young_person'], 'Maya', 17);
		zara = await person(['young_person'], 'Zara', 18);
		await addMember(db, officer, youngPanel, maya.id);
		await addMember(db, officer, youngPanel, zara.id);
	});

	it('a participant panel takes only participants of its kind; a staff panel only staff; only this organisation', async () => {
		const sam = await person(['parent_carer'], 'Sam');
		await refused(() => addMember(db, officer, youngPanel, sam.id), 'Sam is a parent or carer; this panel is for young people.');
		await refused(() => addMember(db, officer, parentsPanel, leo.id), 'Leo is a young person; this panel is for parents and carers.');
		await refused(() => addMember(db, officer, youngPanel, officer.id), /is staff; a young people’s panel is for participants only/);
		await refused(() => addMember(db, officer, qualityPanel, sam.id), 'This section is scored by staff, and Sam is a participant.');
		await addMember(db, officer, parentsPanel, sam.id);
		await addMember(db, officer, qualityPanel, officer.id);
		const elsewhere = await person(['young_person'], 'Kim', 17, officerB.organisationId);
		await refused(() => addMember(db, officer, youngPanel, elsewhere.id), 'Choose someone from your organisation.');
		await refused(() => addMember(db, officerB, youngPanel, elsewhere.id), 'That panel does not exist.');
	});

	it('members accept confidentiality, then declare; an interest waits for an officer, who keeps or removes them', async () => {
		await refused(() => declareInterests(db, maya, youngPanel, { hasInterest: false, details: '' }), 'Please accept the confidentiality statement first.');
		await ready(leo, youngPanel);
		await acceptConfidentiality(db, maya, youngPanel);
		await expectInputError(declareInterests(db, maya, youngPanel, { hasInterest: true, details: '  ' }), 'details');
		expect(await declareInterests(db, maya, youngPanel, { hasInterest: true, details: 'My aunt runs Sunnyside Care.' })).toBe('interest_declared');
		await startEvaluating(tender.id);
		// Until an officer decides, Maya sees and scores nothing, and can't take it back herself.
		await refused(() => saveScore(db, maya, youngPanel, { bidId: bidA, criterionId: y1, score: 3 }), /officer needs to decide about the interest/);
		await refused(() => myScores(db, maya, youngPanel), /officer needs to decide/);
		await refused(() => declareInterests(db, maya, youngPanel, { hasInterest: false, details: '' }), /An officer is looking at the interest/);
		const [mayaSeat] = await db.select().from(panelMembers).where(eq(panelMembers.userId, maya.id));
		await refused(() => decideInterest(db, officerB, mayaSeat.id, { decision: 'stays', note: 'Distant link.' }), 'That panel member does not exist.');
		await decideInterest(db, officer, mayaSeat.id, { decision: 'stays', note: 'Her aunt left the company last year.' });
		await refused(() => decideInterest(db, officer, mayaSeat.id, { decision: 'removed', note: 'Again' }), 'There is no declared interest waiting for a decision.');
		// Zara declares an interest and is removed.
		await acceptConfidentiality(db, zara, youngPanel);
		await declareInterests(db, zara, youngPanel, { hasInterest: true, details: 'I volunteer at Sunnyside Care.' });
		const [zaraSeat] = await db.select().from(panelMembers).where(eq(panelMembers.userId, zara.id));
		await decideInterest(db, officer, zaraSeat.id, { decision: 'removed', note: 'Close working link.' });
		await refused(() => saveScore(db, zara, youngPanel, { bidId: bidA, criterionId: y1, score: 3 }), 'You are no longer on this panel.');
		const [after] = await db.select().from(panelMembers).where(eq(panelMembers.id, zaraSeat.id));
		expect(after).toMatchObject({ status: 'removed', decision: 'removed', decidedBy: officer.id, interest: 'I volunteer at Sunnyside Care.' });
		// Everything is in the audit log, by ids, and never what was declared.
		const audit = [...(await auditFor(db, 'panel.interests_declared')), ...(await auditFor(db, 'panel.interest_decided')), ...(await auditFor(db, 'panel.confidentiality_accepted'))];
		expect(audit.length).toBeGreaterThanOrEqual(7);
		expect(JSON.stringify(audit)).not.toMatch(/Sunnyside|volunteer|Close working|left the company/i);
	});

	it('refuses scores outside the window, for unreleased or other bids, other sections, price, and off the scale', async () => {
		const score = (over: Partial<{ bidId: string; criterionId: string; score: number | string }>) => ({ bidId: bidA, criterionId: y1, score: 3, ...over });
		await refused(() => saveScore(db, leo, youngPanel, score({}), later()), /^Scoring closed on /);
		await refused(() => saveScore(db, leo, youngPanel, score({}), new Date(Date.now() - DAY)), /^Scoring opens on /);
		await refused(() => saveScore(db, leo, youngPanel, score({ bidId: bidC })), 'Bid C hasn’t been released to your panel yet.', 'bidId');
		await refused(() => saveScore(db, leo, youngPanel, score({ bidId: otherBid })), 'That bid is not one your panel scores.', 'bidId');
		await refused(() => saveScore(db, leo, youngPanel, score({ criterionId: tender.sections[0].criteria[0] })), 'That question isn’t one your panel scores.', 'criterionId');
		await ready(officer, qualityPanel);
		await refused(() => saveScore(db, officer, qualityPanel, score({ criterionId: tender.sections[0].criteria[1] })), 'That question isn’t one your panel scores.', 'criterionId');
		for (const bad of [6, -1, 2.5, '3.5', 'four', ''])
			await refused(() => saveScore(db, leo, youngPanel, score({ score: bad })), 'Choose a whole-number score from 0 to 5.', 'score');
		await expectInputError(saveScore(db, leo, youngPanel, { ...score({}), comment: 'x'.repeat(1001) }), 'comment');
		// Another panel's id, or another council's member: not theirs.
		await refused(() => saveScore(db, leo, parentsPanel, score({ criterionId: tender.sections[2].criteria[0] })), 'You are not on that panel.');
		const kim = await person(['young_person'], 'Kim', 17, officerB.organisationId);
		await refused(() => saveScore(db, { id: kim.id, organisationId: officerB.organisationId }, youngPanel, score({})), 'You are not on that panel.');
		await refused(() => panelScoresFor(db, leo, parentsPanel, bidA), 'You are not on that panel.');
		await refused(() => panelScoresFor(db, leo, youngPanel, otherBid), 'That bid is not one your panel scores.');
	});

	it('drafts are private and uncounted; submitting needs every question, is final, and unlocks the others’ scores', async () => {
		await saveScore(db, leo, youngPanel, { bidId: bidA, criterionId: y1, score: 2, comment: 'Thin.' });
		await saveScore(db, leo, youngPanel, { bidId: bidA, criterionId: y1, score: '4', comment: 'Lots of choice.' });
		expect(await myScores(db, leo, youngPanel)).toEqual([{ bidId: bidA, label: 'A', criterionId: y1, score: 4, comment: 'Lots of choice.', submittedAt: null }]);
		await refused(() => submitScores(db, leo, youngPanel, bidA), 'Score every question before submitting: you’ve scored 1 of 2.');
		// Maya sees nothing of Leo's draft, even before submitting her own.
		expect(await panelScoresFor(db, maya, youngPanel, bidA)).toEqual({ bidId: bidA, label: 'A', ownSubmitted: false, scores: [] });
		expect((await evaluationInput(db, orgA, tender.id)).scores).toEqual([]);
		await saveScore(db, leo, youngPanel, { bidId: bidA, criterionId: y2, score: 3 });
		expect(await submitScores(db, leo, youngPanel, bidA)).toBe(2);
		expect((await auditFor(db, 'scores.submitted')).some((a) => a.detail?.bidId === bidA && a.detail?.count === 2)).toBe(true);
		await refused(() => saveScore(db, leo, youngPanel, { bidId: bidA, criterionId: y1, score: 5 }), 'You’ve submitted your scores for Bid A; submitted scores are final.');
		await refused(() => submitScores(db, leo, youngPanel, bidA), 'You’ve already submitted your scores for Bid A; submitted scores are final.');
		// Leo has submitted: he sees his own, but not Maya's drafts.
		await saveScore(db, maya, youngPanel, { bidId: bidA, criterionId: y1, score: 5 });
		await saveScore(db, maya, youngPanel, { bidId: bidA, criterionId: y2, score: 1, comment: 'Hard to read.' });
		expect((await panelScoresFor(db, leo, youngPanel, bidA)).scores.map((s) => [s.mine, s.score])).toEqual([
			[true, 4],
			[true, 3]
		]);
		expect(await panelScoresFor(db, maya, youngPanel, bidA)).toMatchObject({ ownSubmitted: false, scores: [] });
		await submitScores(db, maya, youngPanel, bidA);
		const seen = await panelScoresFor(db, leo, youngPanel, bidA);
		expect(seen.scores.map((s) => [s.criterionId === y1 ? 'y1' : 'y2', s.mine, s.scorer, s.score])).toEqual([
			['y1', true, 0, 4],
			['y1', false, 1, 5],
			['y2', true, 0, 3],
			['y2', false, 1, 1]
		]);
		expect(JSON.stringify(seen)).not.toMatch(new RegExp(`${maya.id}|Maya`));
		// Bid B: Leo hasn't submitted, so sees nothing yet; the submitted scores now count.
		expect((await panelScoresFor(db, leo, youngPanel, bidB)).scores).toEqual([]);
		const input = await evaluationInput(db, orgA, tender.id);
		expect(input.scores).toHaveLength(4);
		expect(input.scores.every((s) => s.submitted && s.bidId === bidA)).toBe(true);
		// After the window closes nothing can be read or changed.
		await refused(() => myScores(db, leo, youngPanel, later()), /^Scoring closed on /);
		await refused(() => submitScores(db, maya, youngPanel, bidB, later()), /^Scoring closed on /);
	});
});

describe('evaluationInput', () => {
	it('feeds evaluate() the submitted scores of active members, quorum and moderation: a hand-worked case', async () => {
		// Quality 60 (staff panel, quorum 1), Young people 20 (quorum 2), Price 20 (no panel). Scale 0-5.
		const tender = await newTender('RBC/2026/200', [
			{ name: 'Quality', audience: 'staff', criteria: [{ weight: '60' }] },
			{ name: 'Young people', audience: 'young_people', criteria: [{ weight: '20' }] },
			{ name: 'Price', audience: 'staff', criteria: [{ weight: '20', price: true }] }
		]);
		const [[q], [y]] = tender.sections.map((s) => s.criteria);
		await refused(() => createPanel(db, officer, tender.id, tender.sections[2].section, { quorum: '1', opensAt: '', closesAt: '' }), /scored from the bids’ prices/);
		const quality = await createPanel(db, officer, tender.id, tender.sections[0].section, { quorum: '1', opensAt: '', closesAt: '' });
		const young = await createPanel(db, officer, tender.id, tender.sections[1].section, { quorum: '2', opensAt: '', closesAt: '' });
		const a = await addBid(tender.id, 'A', 10_000_000);
		const b = await addBid(tender.id, 'B', 8_000_000);
		const ys = [await person(['young_person'], 'Ana', 17), await person(['young_person'], 'Ben', 17), await person(['young_person'], 'Cat', 17)];
		for (const p of ys) await addMember(db, officer, young, p.id);
		const lead = await quickUser(db, orgA, ['officer']);
		await addMember(db, officer, quality, lead.id);
		for (const p of [...ys, lead]) await ready(p, p === lead ? quality : young);
		await startEvaluating(tender.id);
		const scoreAndSubmit = async (p: Person, panel: string, bid: string, criterionId: string, score: number) => {
			await saveScore(db, p, panel, { bidId: bid, criterionId, score });
			await submitScores(db, p, panel, bid);
		};
		await scoreAndSubmit(lead, quality, a, q, 4);
		await scoreAndSubmit(lead, quality, b, q, 4);
		await scoreAndSubmit(ys[0], young, a, y, 4);
		await scoreAndSubmit(ys[1], young, a, y, 5);
		await scoreAndSubmit(ys[0], young, b, y, 2);
		await scoreAndSubmit(ys[1], young, b, y, 3);
		// Cat submits a 0 for A, then declares an interest and is removed: her score no longer counts.
		await scoreAndSubmit(ys[2], young, a, y, 0);
		await saveScore(db, ys[2], young, { bidId: b, criterionId: y, score: 0 });
		await declareInterests(db, ys[2], young, { hasInterest: true, details: 'I know a bidder.' });
		const [cat] = await db.select().from(panelMembers).where(eq(panelMembers.userId, ys[2].id));
		await decideInterest(db, officer, cat.id, { decision: 'removed', note: 'Knows a bidder.' });
		// An officer moderates A's young people's score from the mean 4.5 to 4.
		await db.insert(moderations).values({ id: newId(), bidId: a, criterionId: y, score: 4, rationale: 'Agreed at moderation.', moderatedBy: officer.id });

		const input = await evaluationInput(db, orgA, tender.id);
		expect(input.scale).toEqual({ min: 0, max: 5 });
		expect(input.sections.map((s) => [s.name, s.participant, s.quorum])).toEqual([
			['Quality', false, 1],
			['Young people', true, 2],
			['Price', false, 0]
		]);
		expect(input.criteria.map((c) => [c.weight, c.price])).toEqual([
			[60, false],
			[20, false],
			[20, true]
		]);
		expect(input.scores).toHaveLength(6);
		const result = evaluate(input);
		// A: quality 4/5 x 60 = 48; young (moderated) 4/5 x 20 = 16; price 80k/100k x 20 = 16: 80, or 64 without.
		// B: quality 48; young mean 2.5/5 x 20 = 10; price 20: 78, or 68 without. Participants change the order.
		const round = (n: number) => Math.round(n * 1000) / 1000;
		expect(result.bids.map((r) => [r.label, round(r.total), round(r.totalWithoutParticipants), r.rank, r.rankWithoutParticipants])).toEqual([
			['A', 80, 64, 1, 2],
			['B', 78, 68, 2, 1]
		]);
		expect(result).toMatchObject({ finalisable: true, blockers: [], participantsChangedRanking: true });
		await expect(evaluationInput(db, officerB.organisationId, tender.id)).rejects.toThrow('That tender does not exist.');
	});
});
