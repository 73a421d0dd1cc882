import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { recordAward } from '../../src/lib/server/evaluation/award';
import { assessmentSummaries, assessmentSummary, exportSummaryCsv, saveExplanations, summaryCsv } from '../../src/lib/server/evaluation/summaries';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { parseCsv } from '../helpers/csv';
import { quickProject } from '../helpers/projects';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { awardFixture, awardInput, BIDDERS, NOW, type AwardFixture } from './award-fixture';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let officerB: Person;
let f: AwardFixture;
let other: AwardFixture;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	officerB = await quickUser(db, orgB, ['officer']);
	const projectId = await quickProject(db, officer);
	f = await awardFixture(db, officer, projectId, 'SU/1');
	other = await awardFixture(db, officer, projectId, 'SU/2');
}, 60_000);
afterAll(async () => t?.close());

const explanations = async (bidId: string) =>
	rows<{ criterion_id: string; explanation: string | null }>(db, `select criterion_id, explanation from bid_answers where bid_id = '${bidId}' order by criterion_id`);

describe('assessment summaries', () => {
	it('are ready only once the award is recorded', async () => {
		await expectInputError(assessmentSummaries(db, officer.organisationId, f.tenderId));
		await expectInputError(assessmentSummary(db, officer.organisationId, f.tenderId, f.bids.x));
		const before = await explanations(f.bids.x);
		await expectInputError(saveExplanations(db, officer, f.tenderId, f.bids.x, { [f.criteria.q1]: 'Too early.' }));
		expect(await explanations(f.bids.x)).toEqual(before);
		await recordAward(db, officer, f.tenderId, awardInput(f.bids.x), NOW);
	});

	it('add up, criterion by criterion, to each bid’s total, with the winner’s points beside them (worked by hand)', async () => {
		const list = await assessmentSummaries(db, officer.organisationId, f.tenderId);
		expect(list.bids.map((b) => [b.bidderName, b.total, b.rank, b.winner])).toEqual([
			[BIDDERS.x.bidderName, '79', 1, true],
			[BIDDERS.y.bidderName, '73', 2, false],
			[BIDDERS.z.bidderName, '48.2', 3, false]
		]);

		const x = await assessmentSummary(db, officer.organisationId, f.tenderId, f.bids.x);
		expect(x.rows.map((r) => [r.section, r.weight, r.score, r.moderated, r.points, r.winnerPoints])).toEqual([
			['Quality', 40, '4', true, '32', '32'],
			['Quality', 20, '4', false, '16', '16'],
			['What young people think', 10, '3.5', false, '7', '7'],
			['Price', 30, '', false, '24', '24']
		]);
		expect(x).toMatchObject({ total: '79', rank: 1, bidCount: 3, winner: { total: '79', isThisBid: true }, decidedOn: '2026-03-10' });
		expect(x.rows[3]).toMatchObject({ automatic: true, explanation: 'Lowest price £80,000 ÷ your price £100,000 × 30 = 24 points.' });

		const y = await assessmentSummary(db, officer.organisationId, f.tenderId, f.bids.y);
		expect(y.rows.map((r) => [r.score, r.points, r.winnerPoints])).toEqual([
			['3', '24', '32'],
			['2.5', '10', '16'],
			['4.5', '9', '7'],
			['', '30', '24']
		]);
		expect(y).toMatchObject({ total: '73', rank: 2, winner: { label: x.bid.label, total: '79', isThisBid: false } });
		expect(y.rows[3].explanation).toBe('Yours was the lowest price (£80,000), so it scored the full 30 points.');

		const z = await assessmentSummary(db, officer.organisationId, f.tenderId, f.bids.z);
		expect(z.rows.map((r) => r.points)).toEqual(['16', '10', '3', '19.2']);
		expect(z).toMatchObject({ total: '48.2', rank: 3 });
		expect(z.rows[3].explanation).toBe('Lowest price £80,000 ÷ your price £125,000 × 30 = 19.2 points.');
		// Each total is the sum of its rows.
		for (const s of [x, y, z]) expect(s.rows.reduce((sum, r) => sum + Number(r.points), 0)).toBeCloseTo(Number(s.total), 2);
	});

	it('keep the officer’s explanations; price explains itself', async () => {
		const saved = await saveExplanations(db, officer, f.tenderId, f.bids.y, {
			[f.criteria.q1]: '  A sound plan, with few examples.  ',
			[f.criteria.y1]: '=HYPERLINK("http://evil.example","Click")'
		});
		expect(saved).toBe(2);
		const y = await assessmentSummary(db, officer.organisationId, f.tenderId, f.bids.y);
		expect(y.rows.map((r) => r.explanation.slice(0, 20))).toEqual(['A sound plan, with f', '', '=HYPERLINK("http://e', 'Yours was the lowest']);
		// An empty explanation clears it; the bidder's own answer is untouched.
		await saveExplanations(db, officer, f.tenderId, f.bids.y, { [f.criteria.q1]: '' });
		const [answer] = await rows<{ answer_text: string; explanation: string | null }>(
			db,
			`select answer_text, explanation from bid_answers where bid_id = '${f.bids.y}' and criterion_id = '${f.criteria.q1}'`
		);
		expect(answer).toEqual({ answer_text: `${BIDDERS.y.bidderName} plans with each child.`, explanation: null });
		await saveExplanations(db, officer, f.tenderId, f.bids.y, { [f.criteria.q1]: 'A sound plan, with few examples.' });
		const entries = (await auditFor(db, 'bid.explanations_saved')).filter((a) => a.targetId === f.bids.y);
		expect(entries.length).toBe(3);
		expect(JSON.stringify(entries)).not.toContain('sound plan');
	});

	it('refuse hostile explanations, changing nothing', async () => {
		const before = await explanations(f.bids.y);
		const cases: [() => Promise<unknown>, string?][] = [
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, { [f.criteria.q1]: 'x'.repeat(2001) }), `explanation-${f.criteria.q1}`],
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, { [f.criteria.q1]: 'Fine\u0000' }), `explanation-${f.criteria.q1}`],
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, { [f.criteria.price]: 'Cheap.' }), `explanation-${f.criteria.price}`],
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, { [other.criteria.q1]: 'Another tender’s criterion.' })],
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, { 'not-an-id': 'What?' })],
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, { [f.criteria.q1]: 'OK', [f.criteria.q2]: 'x'.repeat(2001) }), `explanation-${f.criteria.q2}`],
			[() => saveExplanations(db, officer, f.tenderId, other.bids.y, { [f.criteria.q1]: 'Another tender’s bid.' })],
			[() => saveExplanations(db, officer, other.tenderId, other.bids.y, { [other.criteria.q1]: 'Not awarded yet.' })],
			[() => saveExplanations(db, officer, f.tenderId, f.bids.y, Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, 'x'])))]
		];
		for (const [work, field] of cases) await expectInputError(work(), field);
		await expect(saveExplanations(db, officerB, f.tenderId, f.bids.y, { [f.criteria.q1]: 'Other council.' })).rejects.toThrow('That tender does not exist.');
		await expect(assessmentSummary(db, officerB.organisationId, f.tenderId, f.bids.y)).rejects.toThrow('That tender does not exist.');
		await expect(assessmentSummary(db, officer.organisationId, f.tenderId, other.bids.y)).rejects.toThrow('That bid does not exist.');
		expect(await explanations(f.bids.y)).toEqual(before);
		expect((await explanations(other.bids.y)).every((e) => e.explanation === null)).toBe(true);
	});

	it('CSV has the page’s rows and numbers, with formulas defused, and the export is audited', async () => {
		const y = await assessmentSummary(db, officer.organisationId, f.tenderId, f.bids.y);
		const csv = parseCsv(summaryCsv(y));
		expect(csv[0]).toEqual(['Assessment summary', y.tender.title]);
		expect(csv.find((r) => r[0] === 'Bidder')).toEqual(['Bidder', BIDDERS.y.bidderName]);
		expect(csv.find((r) => r[0] === 'Total points (out of 100)')?.[1]).toBe('73');
		expect(csv.find((r) => r[0] === 'Rank')?.[1]).toBe('2 of 3');
		const header = csv.findIndex((r) => r[0] === 'Section');
		const table = csv.slice(header + 1, header + 1 + y.rows.length);
		expect(table.map((r) => r.slice(0, 6))).toEqual(y.rows.map((r) => [r.section, r.title, String(r.weight), r.price ? 'Price' : r.score, r.points, r.winnerPoints]));
		expect(table[0][6]).toBe('A sound plan, with few examples.');
		expect(table[2][6]).toBe(`'=HYPERLINK("http://evil.example","Click")`);
		expect(csv[header + 1 + y.rows.length]).toEqual(['Total', '', '100', '', '73', '79', '']);

		const { csv: text, fileName } = await exportSummaryCsv(db, officer, f.tenderId, f.bids.y);
		expect(fileName).toBe(`assessment-summary-su-1-bid-${y.bid.label.toLowerCase()}.csv`);
		expect(text).toBe(summaryCsv(y));
		expect((await auditFor(db, 'summary.exported')).filter((a) => a.targetId === f.bids.y)).toHaveLength(1);
	});
});
