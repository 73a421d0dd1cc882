import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { finaliseEvaluation, reopenScoring, closeScoring } from '../../src/lib/server/evaluation/lifecycle';
import { moderate, removeModeration } from '../../src/lib/server/evaluation/moderation';
import { moderationView } from '../../src/lib/server/evaluation/results-pages';
import { moderations, tenders } from '../../src/lib/server/evaluation/schema';
import { saveScore, submitScores } from '../../src/lib/server/evaluation/scores';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';
import { buildFixture, COMMENTS, MEMBER_NAMES, type Fixture } from './moderation-fixture';

let t: TestDatabase;
let db: Db;
let orgA: string;
let f: Fixture;
let other: Fixture;
let outsider: Awaited<ReturnType<typeof quickUser>>;

async function snapshot() {
	const [counts] = await rows<{ m: number; a: number }>(db, 'select (select count(*)::int from moderations) as m, (select count(*)::int from audit_log) as a');
	const all = await db.select().from(moderations);
	const statuses = await db.select({ id: tenders.id, status: tenders.status }).from(tenders);
	return { counts, all, statuses };
}

/** A refusal with a clear message that leaves moderations, statuses and the audit log as they were. */
async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await snapshot();
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	const lead = await quickUser(db, orgA, ['officer']);
	const project = await quickProject(db, lead);
	f = await buildFixture(db, orgA, project, 'RBC/2026/300');
	other = await buildFixture(db, orgA, project, 'RBC/2026/301');
	outsider = await quickUser(db, orgB, ['officer']);
});
afterAll(async () => t?.close());

describe('the moderation view', () => {
	it('shows every active member’s submitted score and comment, numbered within the panel, never names or drafts', async () => {
		const view = await moderationView(db, orgA, f.tenderId);
		expect(view.tender).toMatchObject({ status: 'moderating', statusLabel: 'Moderating', scaleMin: 0, scaleMax: 5 });
		expect(view.tender.descriptors[4]).toEqual({ score: 4, label: 'Good' });
		const quality = view.sections[0];
		const xq1 = quality.criteria[0].cells.find((c) => c.bidId === f.bids.x)!;
		expect(xq1.scores).toEqual([
			{ member: 'Member 1', score: 5, descriptor: 'Excellent', comment: COMMENTS.s1x },
			{ member: 'Member 2', score: 1, descriptor: 'Very poor', comment: COMMENTS.s2x }
		]);
		expect(xq1.mean).toBe(3);
		// 5 − 1 = 4 points apart, more than 40% of the 0-5 scale (2 points): flagged.
		expect(xq1.spread).toEqual({ lowest: 1, highest: 5, flagged: true });
		expect(xq1.moderation).toBeNull();
		expect(view.flagged).toEqual([{ bidId: f.bids.x, criterionId: f.criteria.q1, label: xq1.label, criterion: 'A question worth 30', moderated: false }]);
		// 3 and 2 are 1 apart: not flagged. Exactly 2 apart (Z's Q2 4 and 5 is 1; Y1 for Y is 5,5,4) is never flagged either.
		expect(quality.criteria[1].cells.find((c) => c.bidId === f.bids.y)!.spread).toEqual({ lowest: 2, highest: 3, flagged: false });

		const parents = view.sections[2];
		expect(parents.panelName).toBe('Parents’ panel');
		expect(parents.participant).toBe(true);
		// Priscilla (removed) and Peter's draft for Z are not there; Z's parents' section is short.
		const zp1 = parents.criteria[0].cells.find((c) => c.bidId === f.bids.z)!;
		expect(zp1.scores).toEqual([{ member: 'Member 1', score: 3, descriptor: 'Acceptable', comment: null }]);
		expect(parents.criteria[0].cells.find((c) => c.bidId === f.bids.x)!.scores.map((s) => s.score)).toEqual([4, 4]);
		expect(parents.bids.find((b) => b.bidId === f.bids.z)).toMatchObject({ scorers: 1, belowQuorum: true });
		expect(view.drafts).toBe(1);
		expect(view.sections[3]).toMatchObject({ name: 'Price', priceOnly: true, weight: 25 });
		expect(view.finalisable).toBe(false);
		expect(view.blockers).toEqual([expect.stringMatching(/^[ABC]: What parents think has 1 of the 2 scores it needs\.$/)]);

		const json = JSON.stringify(view);
		for (const p of Object.values(f.people)) expect(json).not.toContain(p.id);
		for (const name of MEMBER_NAMES) expect(json).not.toContain(name);
		expect(MEMBER_NAMES).toHaveLength(8);
		expect(json).not.toMatch(/Draft: not sure yet|Xylophone|Yarrow|Zephyr|sister/);
	});

	it('belongs to the tender’s organisation only', async () => {
		await expect(moderationView(db, outsider.organisationId, f.tenderId)).rejects.toThrow('That tender does not exist.');
	});
});

describe('moderating a score', () => {
	const good = () => ({ bidId: f.bids.x, criterionId: f.criteria.q1, score: '4', rationale: 'The panel agreed the plan is good but staffing is thin.' });

	it('refuses hostile input with a clear message and changes nothing', async () => {
		for (const score of ['6', '-1', '4.5', 'four', '', ' ', '1e1', '0x3'])
			await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), score }), /^Choose (a whole-number score from 0 to 5|the moderated score)\./, 'score');
		await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), rationale: '   ' }), 'Please enter the reason for the moderated score.', 'rationale');
		await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), rationale: 'x'.repeat(2001) }), 'The reason for the moderated score can be at most 2000 characters.', 'rationale');
		await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), criterionId: f.criteria.price }), /Price is worked out from the bids’ prices/, 'criterionId');
		await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), bidId: other.bids.x }), 'Choose a bid of this tender.', 'bidId');
		await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), criterionId: other.criteria.q1 }), 'Choose a criterion of this tender.', 'criterionId');
		for (const bidId of ['', 'short', 'ZZZZZZZZZZZZZZZZ', `${f.bids.x}x`, 'aaaaaaaaaaaaaaa\u0000'])
			await refused(() => moderate(db, f.officer, f.tenderId, { ...good(), bidId }), 'Choose a bid of this tender.', 'bidId');
		await refused(() => moderate(db, outsider, f.tenderId, good()), 'That tender does not exist.');
		await refused(() => moderate(db, f.officer, 'aaaaaaaaaaaaaaaa', good()), 'That tender does not exist.');
	});

	it('keeps the members’ scores, counts the moderated one instead of the mean, and audits it', async () => {
		await moderate(db, f.officer, f.tenderId, good());
		let cell = (await moderationView(db, orgA, f.tenderId)).sections[0].criteria[0].cells.find((c) => c.bidId === f.bids.x)!;
		expect(cell.scores.map((s) => s.score)).toEqual([5, 1]);
		expect(cell).toMatchObject({ mean: 3, used: 4, moderation: { score: 4, descriptor: 'Good', rationale: good().rationale, by: 'Olive Officer' } });
		// Changing it keeps one row, and the audit records the previous score (ids and numbers only).
		await moderate(db, f.officer, f.tenderId, { ...good(), score: 3, rationale: '  Agreed again: acceptable.  ' });
		cell = (await moderationView(db, orgA, f.tenderId)).sections[0].criteria[0].cells.find((c) => c.bidId === f.bids.x)!;
		expect(cell.moderation).toMatchObject({ score: 3, rationale: 'Agreed again: acceptable.' });
		expect(await db.select().from(moderations).where(eq(moderations.bidId, f.bids.x))).toHaveLength(1);
		const audit = (await auditFor(db, 'score.moderated')).filter((a) => a.targetId === f.tenderId);
		expect(audit.map((a) => a.detail)).toEqual([
			{ bidId: f.bids.x, criterionId: f.criteria.q1, score: 4, previousScore: null },
			{ bidId: f.bids.x, criterionId: f.criteria.q1, score: 3, previousScore: 4 }
		]);
		expect(JSON.stringify(audit)).not.toMatch(/Agreed|staffing/);
		expect((await moderationView(db, orgA, f.tenderId)).flagged[0].moderated).toBe(true);
	});

	it('removes a moderated score, back to the mean, with an audit entry; refuses what there is nothing to remove', async () => {
		await refused(() => removeModeration(db, f.officer, f.tenderId, { bidId: f.bids.y, criterionId: f.criteria.q1 }), 'That score hasn’t been moderated, so there is nothing to remove.');
		await refused(() => removeModeration(db, outsider, f.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1 }), 'That tender does not exist.');
		await refused(() => removeModeration(db, f.officer, other.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1 }), /nothing to remove/);
		await refused(() => removeModeration(db, f.officer, f.tenderId, { bidId: 'nope', criterionId: f.criteria.q1 }), 'Choose a bid of this tender.', 'bidId');
		await removeModeration(db, f.officer, f.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1 });
		const cell = (await moderationView(db, orgA, f.tenderId)).sections[0].criteria[0].cells.find((c) => c.bidId === f.bids.x)!;
		expect(cell).toMatchObject({ moderation: null, mean: 3, used: 3 });
		expect(cell.scores.map((s) => s.score)).toEqual([5, 1]);
		const [entry] = (await auditFor(db, 'moderation.removed')).filter((a) => a.targetId === f.tenderId);
		expect(entry).toMatchObject({ actorId: f.officer.id, detail: { bidId: f.bids.x, criterionId: f.criteria.q1, score: 3 } });
	});

	it('is allowed only while moderating; finalising waits for every quorum', async () => {
		await moderate(db, f.officer, f.tenderId, good());
		await refused(() => finaliseEvaluation(db, f.officer, f.tenderId), /^Not yet: [ABC]: What parents think has 1 of the 2 scores it needs\.$/);
		// Reopen: the panels can score again, moderation can't happen meanwhile, and the moderated score is kept.
		await reopenScoring(db, f.officer, f.tenderId);
		await refused(() => moderate(db, f.officer, f.tenderId, good()), /only after scoring has closed/);
		await refused(() => removeModeration(db, f.officer, f.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1 }), /only after scoring has closed/);
		await saveScore(db, f.people.p2, f.panels.parents, { bidId: f.bids.z, criterionId: f.criteria.p1, score: 2 });
		await submitScores(db, f.people.p2, f.panels.parents, f.bids.z);
		await closeScoring(db, f.officer, f.tenderId);
		const view = await moderationView(db, orgA, f.tenderId);
		expect(view).toMatchObject({ drafts: 0, blockers: [], finalisable: true });
		expect(view.sections[0].criteria[0].cells.find((c) => c.bidId === f.bids.x)!.moderation?.score).toBe(4);
		await finaliseEvaluation(db, f.officer, f.tenderId);
		await refused(() => moderate(db, f.officer, f.tenderId, good()), /only after scoring has closed and before the evaluation is finalised/);
		await refused(() => removeModeration(db, f.officer, f.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1 }), /before the evaluation is finalised/);
		await refused(() => reopenScoring(db, f.officer, f.tenderId), /at “Evaluation finalised”/);
	});
});
