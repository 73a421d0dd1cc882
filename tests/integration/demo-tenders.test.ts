import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db);
}, 120_000);
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
		expect(tenders.find((r) => r.reference === 'RBC/SB/2026/014')).toMatchObject({ bids: 4, panels: 4 });
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
});
