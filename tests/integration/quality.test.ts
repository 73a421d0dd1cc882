// The participation quality view (Lundy model) and its public headline counts: what each count is,
// the toggle (audited, organisation-scoped), the public page and JSON showing the four counts only
// when published, and accessible formats on plan items (validated).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPlanItem, listPlanItems } from '../../src/lib/server/projects/plans';
import { participationPlans, projects, youSaidWeDid } from '../../src/lib/server/projects/schema';
import { publicProject } from '../../src/lib/server/publishing/portal';
import { projectQuality, setQualityPublished } from '../../src/lib/server/reach/quality';
import { newId } from '../../src/lib/server/db/ids';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

let t: TestDatabase;
let officer: { id: string; organisationId: string };
let stranger: { id: string; organisationId: string };
let projectId: string;
let slug: string;
beforeAll(async () => {
	t = await createTestDatabase();
	officer = await quickUser(t.db, await makeOrganisation(t.db), ['officer']);
	stranger = await quickUser(t.db, await makeOrganisation(t.db, 'Elsewhere'), ['officer']);
	projectId = await quickProject(t.db, officer, 'Youth centres');
	await addPlanItem(t.db, officer, projectId, { step: 2, activity: 'survey', audience: 'young_people', description: null, formats: ['easy_read', 'online'] });
	await addPlanItem(t.db, officer, projectId, { step: 2, activity: 'workshop', audience: 'both', description: null, formats: ['online', 'evening_weekend'] });
	await addPlanItem(t.db, officer, projectId, { step: 5, activity: 'panel', audience: 'young_people', description: null });
	const entry = (status: 'considering' | 'changed' | 'not_changed', decidedOn: string | null) => ({ id: newId(), projectId, activity: 'survey' as const, source: 'Survey', youSaid: 'x', weDid: 'y', status, decidedOn });
	await t.db.insert(youSaidWeDid).values([entry('considering', null), entry('changed', '2026-05-01'), entry('changed', null), entry('not_changed', '2026-05-02')]);
	const [row] = await t.db.update(projects).set({ publishedAt: new Date() }).where(eq(projects.id, projectId)).returning({ slug: projects.slug });
	slug = row.slug;
}, 120_000);
afterAll(async () => {
	await t?.close();
});

describe('quality view', () => {
	it('counts space, voice, audience and influence', async () => {
		const q = await projectQuality(t.db, officer.organisationId, projectId);
		expect(q.space).toEqual({ steps: [2, 5], planned: 2, of: 8 });
		expect(q.voice.formats).toEqual(['easy_read', 'online', 'evening_weekend']);
		expect(q.voice.takingPart).toEqual({ suppressed: false, value: 0, display: '0' });
		// Answered: changed (twice) and not changed; still considering: 1. Influence: changed with a date.
		expect(q.audience).toEqual({ responded: 3, of: 4 });
		expect(q.influence).toEqual({ changed: 1, of: 4 });
		expect(q.published).toBe(false);
	});

	it('shows nothing publicly until published, then the four headline counts only, and stops again', async () => {
		expect((await publicProject(t.db, slug))!.quality).toBeNull();
		await setQualityPublished(t.db, officer, projectId, true);
		expect((await publicProject(t.db, slug))!.quality).toEqual({
			stepsWithInvolvement: 2,
			formatsOffered: 3,
			peopleTakingPart: 0,
			peopleTakingPartDisplay: '0',
			inputResponded: 3,
			inputTotal: 4,
			changesMade: 1
		});
		await setQualityPublished(t.db, officer, projectId, false);
		expect((await publicProject(t.db, slug))!.quality).toBeNull();
		expect((await auditFor(t.db, 'project.quality_published')).map((a) => [a.actorId, a.targetId])).toEqual([[officer.id, projectId]]);
		expect(await auditFor(t.db, 'project.quality_unpublished')).toHaveLength(1);
	});

	it('is not found for another organisation, and changes nothing', async () => {
		const before = await allCounts(t.db);
		await expectInputError(setQualityPublished(t.db, stranger, projectId, true));
		await expectInputError(projectQuality(t.db, stranger.organisationId, projectId));
		expect(await allCounts(t.db)).toEqual(before);
		const [row] = await t.db.select({ on: projects.qualityPublished }).from(projects).where(eq(projects.id, projectId));
		expect(row.on).toBe(false);
	});
});

describe('accessible formats on plan items', () => {
	it('are listed with the plan', async () => {
		const items = await listPlanItems(t.db, officer.organisationId, projectId);
		expect(items.map((i) => i.formats)).toEqual([['easy_read', 'online'], ['online', 'evening_weekend'], []]);
	});

	for (const [name, formats] of [
		['an unknown format', ['easy_read', 'telepathy']],
		['a format twice', ['bsl', 'bsl']],
		['NUL', ['bsl\u0000']],
		['not text', [42]],
		['too many', Array(11).fill('bsl')]
	] as const)
		it(`refuses ${name}, writing nothing`, async () => {
			const before = await allCounts(t.db);
			const plans = await t.db.select().from(participationPlans);
			await expectInputError(addPlanItem(t.db, officer, projectId, { step: 3, activity: 'survey', audience: 'both', description: null, formats: formats as never }));
			expect(await allCounts(t.db)).toEqual(before);
			expect(await t.db.select().from(participationPlans)).toEqual(plans);
		});
});
