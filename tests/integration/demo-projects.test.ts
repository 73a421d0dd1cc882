import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db);
}, 180_000);
afterAll(async () => {
	await t?.close();
});

describe('demo projects', () => {
	it('seeds the three projects the issue names, published, at the right steps', async () => {
		const projects = await rows<{ slug: string; status: string; step: number }>(
			t.db,
			`select p.slug, p.status, s.step from projects p join project_steps s on s.project_id = p.id and s.status = 'in_progress'
			 where p.published_at is not null order by p.slug`
		);
		expect(projects).toEqual([
			{ slug: 'riverside-youth-club-contract', status: 'decommissioning', step: 8 },
			{ slug: 'short-breaks-for-disabled-children', status: 'active', step: 5 },
			{ slug: 'youth-mental-health-support', status: 'active', step: 2 }
		]);
	});

	it('gives each project steps, plans, an equality assessment and published you-said-we-did', async () => {
		const counts = await rows<{ slug: string; steps: number; plans: number; equality: number; said: number }>(
			t.db,
			`select p.slug,
				(select count(*)::int from project_steps s where s.project_id = p.id) as steps,
				(select count(*)::int from participation_plans pp where pp.project_id = p.id) as plans,
				(select count(*)::int from equality_assessments e where e.project_id = p.id) as equality,
				(select count(*)::int from you_said_we_did y where y.project_id = p.id and y.published_at is not null) as said
			 from projects p order by p.slug`
		);
		for (const c of counts) {
			expect(c.steps).toBe(8);
			expect(c.plans).toBeGreaterThan(0);
			expect(c.equality).toBe(1);
			expect(c.said).toBeGreaterThan(0);
		}
		const [decommissioning] = await rows<{ n: number }>(t.db, 'select count(*)::int as n from decommissionings');
		expect(decommissioning.n).toBe(1);
	});
});
