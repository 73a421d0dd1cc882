import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { evaluate } from '../../src/lib/server/evaluation/scoring';
import { evaluationInput } from '../../src/lib/server/evaluation/evaluation-input';
import { publicProject } from '../../src/lib/server/publishing/portal';
import { auditFor, rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db);
}, 180_000);
afterAll(async () => {
	await t?.close();
});

describe('demo tenders', () => {
	it('seeds three tenders at different stages, with released bids and panels', async () => {
		const tenders = await rows<{ reference: string; status: string; bids: number; panels: number }>(
			t.db,
			`select t.reference, t.status, (select count(*)::int from bids b where b.tender_id = t.id and b.released_at is not null) as bids,
			 (select count(*)::int from panels p where p.tender_id = t.id) as panels from tenders t order by t.reference`
		);
		expect(tenders.map((r) => r.reference)).toEqual(['RBC/SB/2026/014', 'RBC/SB/2026/015', 'RBC/YC/2026/031']);
		expect(tenders.find((r) => r.reference === 'RBC/SB/2026/014')).toMatchObject({ status: 'awarded', bids: 4, panels: 4 });
		expect(tenders.find((r) => r.reference === 'RBC/SB/2026/015')).toMatchObject({ status: 'moderating' });
		expect(tenders.find((r) => r.reference === 'RBC/YC/2026/031')).toMatchObject({ status: 'evaluating', bids: 3 });
	});

	it('gives the lot 1 panels submitted scores from every member', async () => {
		const [row] = await rows<{ n: number }>(
			t.db,
			`select count(*)::int as n from panel_scores s join bids b on b.id = s.bid_id join tenders t on t.id = b.tender_id
			 where t.reference = 'RBC/SB/2026/014' and s.submitted_at is not null`
		);
		// 4 bids x (2 quality + 2 young people + 1 parents + 1 social value criteria) x 2 members each.
		expect(row.n).toBe(4 * 6 * 2);
	});

	it('takes lot 1 through one moderation, finalising and a published award of the top-ranked bid, with explanations and thanks', async () => {
		const [tender] = await rows<{ id: string; organisation_id: string; scoring_published_at: string | null }>(
			t.db,
			`select id, organisation_id, scoring_published_at from tenders where reference = 'RBC/SB/2026/014'`
		);
		const moderated = await rows<{ rationale: string }>(t.db, `select m.rationale from moderations m join bids b on b.id = m.bid_id where b.tender_id = '${tender.id}'`);
		expect(moderated).toHaveLength(1);
		expect(moderated[0].rationale.length).toBeGreaterThan(20);
		const [award] = await rows<{ winning_bid_id: string; value_pence: number; approved_by: string; published_at: string | null; starts_on: string; ends_on: string }>(
			t.db,
			`select winning_bid_id, value_pence::int as value_pence, approved_by, published_at, starts_on::text, ends_on::text from awards where tender_id = '${tender.id}'`
		);
		const result = evaluate(await evaluationInput(t.db, tender.organisation_id, tender.id));
		const top = result.bids.filter((b) => b.rank === 1).map((b) => b.bidId);
		expect(top).toContain(award.winning_bid_id);
		expect(award.published_at).not.toBeNull();
		expect(tender.scoring_published_at).not.toBeNull();
		// £1,190,000 is over £500,000: the board approves under the demo's bands.
		expect(award).toMatchObject({ value_pence: 119_000_000, approved_by: 'The board' });
		expect(award.starts_on < award.ends_on).toBe(true);
		const [{ n: explained }] = await rows<{ n: number }>(
			t.db,
			`select count(*)::int as n from bid_answers a join bids b on b.id = a.bid_id where b.tender_id = '${tender.id}' and a.explanation is not null`
		);
		expect(explained).toBe(4 * 6);
		const panels = await rows<{ thanked_at: string | null; thanks_message: string | null }>(t.db, `select thanked_at, thanks_message from panels where tender_id = '${tender.id}'`);
		expect(panels).toHaveLength(4);
		expect(panels.every((p) => p.thanked_at && p.thanks_message)).toBe(true);
		for (const action of ['score.moderated', 'tender.evaluation_finalised', 'award.recorded', 'award.published', 'panels.thanked'])
			expect((await auditFor(t.db, action)).some((a) => a.targetId === tender.id), action).toBe(true);
	});

	it('shows lot 1’s scoring system and winner on the public page, and no other bidder of any tender', async () => {
		const project = await publicProject(t.db, 'short-breaks-for-disabled-children');
		const lot1 = project!.tenders.find((x) => x.reference === 'RBC/SB/2026/014')!;
		expect(lot1.award?.winner).toBe('Brightside Play Ltd');
		expect(lot1.sections.map((s) => [s.weight, s.scoredBy])).toEqual([
			[35, null],
			[15, 'Scored by young people'],
			[10, 'Scored by parents and carers'],
			[10, null],
			[30, null]
		]);
		const lot2 = project!.tenders.find((x) => x.reference === 'RBC/SB/2026/015')!;
		expect(lot2.award).toBeNull();
		const text = JSON.stringify(project);
		const names = await rows<{ bidder_name: string }>(t.db, `select bidder_name from bid_identities`);
		for (const { bidder_name } of names) if (bidder_name !== 'Brightside Play Ltd') expect(text).not.toContain(bidder_name);
	});
});
