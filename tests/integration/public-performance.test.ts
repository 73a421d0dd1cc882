// How a service is doing, on the public project page, in the open data and the feed: only
// published performance updates and published mystery-shopping summaries; never an unpublished
// period's values, a shopper's name or a report's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { createMeasure, removeMeasure } from '../../src/lib/server/monitoring/measures';
import { createPeriod, saveResults } from '../../src/lib/server/monitoring/periods';
import { publishUpdate, saveSummary, unpublishUpdate } from '../../src/lib/server/monitoring/performance-updates';
import { contractAnchor } from '../../src/lib/server/monitoring/public';
import { shoppingProgrammes, shoppingReports } from '../../src/lib/server/mystery-shopping/schema';
import { atomFeed, withLinks } from '../../src/lib/server/publishing/open-data';
import { feedEntries, publicProject, publicProjectPreview } from '../../src/lib/server/publishing/portal';
import { publishProject, withdrawProject } from '../../src/lib/server/publishing/publish';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickUser, rows } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';
import { eq } from 'drizzle-orm';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let shopper: Person;
let projectId: string;
let slug: string;
let contractId: string;
let quiet: string;
let published: string;
let draft: string;
let measures: string[];

const NOW = new Date('2026-05-01T10:00:00Z');
const SHOPPER_NAME = 'Zebedee Quillfeather';
const REPORT_WORDS = 'The receptionist ignored us for ten minutes';

async function everythingPublic(): Promise<string> {
	const [project, feed] = await Promise.all([publicProject(db, slug), feedEntries(db)]);
	return JSON.stringify(withLinks(project!, 'https://example.org')) + atomFeed(feed, 'https://example.org');
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const org = await makeOrganisation(db, 'Northfield Council');
	officer = await quickUser(db, org, ['officer']);
	shopper = await quickUser(db, org, ['young_person'], { displayName: SHOPPER_NAME });
	projectId = await quickProject(db, officer, 'Youth mental health');
	[{ slug }] = await rows<{ slug: string }>(db, `select slug from projects where id = '${projectId}'`);
	await publishProject(db, officer, projectId, NOW);
	contractId = await quickContract(db, officer, projectId);
	quiet = await quickContract(db, officer, projectId, { title: 'Quiet service', provider: 'Hushed Help Ltd' });
	measures = [
		(await createMeasure(db, officer, contractId, { name: 'Seen within 4 weeks', unit: '%', baseline: '52', target: '80', higherIsBetter: 'yes' })).id,
		(await createMeasure(db, officer, contractId, { name: 'Average wait', unit: 'days', baseline: '30', target: '14', higherIsBetter: 'no' })).id
	];
	published = (await createPeriod(db, officer, contractId, { label: 'April to June 2025', startsOn: '2025-04-01', endsOn: '2025-06-30' })).id;
	draft = (await createPeriod(db, officer, contractId, { label: 'July to September 2025', startsOn: '2025-07-01', endsOn: '2025-09-30' })).id;
	await saveResults(db, officer, contractId, published, [
		{ measureId: measures[0], value: '64', rating: 'approaching_target', comment: 'Better than the baseline.' },
		{ measureId: measures[1], value: '24', rating: 'requires_improvement', comment: '' }
	]);
	await saveResults(db, officer, contractId, draft, [
		{ measureId: measures[0], value: '77.77', rating: 'good', comment: 'Draft comment not yet public.' },
		{ measureId: measures[1], value: '18.5', rating: 'approaching_target', comment: '' }
	]);
	await saveSummary(db, officer, contractId, draft, { summary: 'Draft summary not yet public.' });
}, 60_000);
afterAll(async () => t?.close());

describe('performance on the public project page', () => {
	it('shows nothing while no update is published', async () => {
		expect((await publicProject(db, slug))!.performance).toEqual([]);
		expect((await feedEntries(db)).some((e) => e.title.startsWith('Performance update'))).toBe(false);
	});

	it('shows a published update: provider, dates, measures with baseline, target and ratings in words', async () => {
		await saveSummary(db, officer, contractId, published, { summary: 'More young people are seen quickly.' });
		await publishUpdate(db, officer, contractId, published, NOW);
		const { performance } = (await publicProject(db, slug))!;
		expect(performance).toHaveLength(1);
		expect(performance[0]).toEqual({
			anchor: contractAnchor(contractId),
			title: 'Youth counselling service',
			provider: 'Riverside Minds CIC',
			startsOn: '2025-04-01',
			endsOn: '2028-03-31',
			valuePence: 90_000_000,
			measures: [
				{
					name: 'Seen within 4 weeks',
					unit: '%',
					baseline: 52,
					target: 80,
					higherIsBetter: true,
					results: [{ period: 'April to June 2025', periodEndsOn: '2025-06-30', value: 64, rating: 'approaching_target', ratingLabel: 'Approaching target', comment: 'Better than the baseline.' }]
				},
				{
					name: 'Average wait',
					unit: 'days',
					baseline: 30,
					target: 14,
					higherIsBetter: false,
					results: [{ period: 'April to June 2025', periodEndsOn: '2025-06-30', value: 24, rating: 'requires_improvement', ratingLabel: 'Requires improvement', comment: '' }]
				}
			],
			updates: [{ period: 'April to June 2025', startsOn: '2025-04-01', endsOn: '2025-06-30', summary: 'More young people are seen quickly.', publishedAt: NOW.toISOString() }],
			mysteryShopping: []
		});
	});

	it('leaves out a measure added after the update was published: no name, unit, baseline or target', async () => {
		const late = (await createMeasure(db, officer, contractId, { name: 'Zanzibar referrals', unit: 'quokkas', baseline: '4321', target: '8765', higherIsBetter: 'yes' })).id;
		await saveResults(db, officer, contractId, draft, [{ measureId: late, value: '5000', rating: 'good', comment: '' }]);
		const { performance } = (await publicProject(db, slug))!;
		expect(performance[0].measures.map((m) => m.name)).toEqual(['Seen within 4 weeks', 'Average wait']);
		const text = await everythingPublic();
		for (const secret of ['Zanzibar', 'quokkas', '4321', '8765']) expect(text).not.toContain(secret);
		await removeMeasure(db, officer, contractId, late);
	});

	it('never carries an unpublished period’s values, comment or summary, nor a contract with nothing published', async () => {
		const text = await everythingPublic();
		for (const secret of ['77.77', 'Draft comment', 'Draft summary', 'July to September 2025', 'Hushed Help', 'Quiet service']) expect(text).not.toContain(secret);
	});

	it('puts each published update in the feed, pointing at the contract on the project page', async () => {
		const entry = (await feedEntries(db)).find((e) => e.title.startsWith('Performance update'))!;
		expect(entry).toMatchObject({
			path: `/projects/${slug}#${contractAnchor(contractId)}`,
			title: 'Performance update: Youth counselling service (April to June 2025)',
			summary: 'Riverside Minds CIC. 2 measures: 1 Approaching target, 1 Requires improvement. More young people are seen quickly.',
			published: NOW.toISOString()
		});
	});

	it('shows a published mystery-shopping summary, never a shopper or a report', async () => {
		await createMeasure(db, officer, quiet, { name: 'Hushed callbacks', unit: 'calls', baseline: '1', target: '2', higherIsBetter: 'yes' });
		const { programmeId, itemIds } = await quickProgramme(db, officer, quiet, { title: 'Young inspectors 2026' });
		const visitId = await quickVisit(db, officer, programmeId, [shopper.id]);
		await db.insert(shoppingReports).values({
			id: newId(),
			visitId,
			shopperId: shopper.id,
			idempotencyKey: newId(),
			visitedOn: '2026-03-10',
			wentWell: REPORT_WORDS,
			couldBeBetter: REPORT_WORDS,
			otherComments: REPORT_WORDS,
			status: 'approved'
		});
		expect(itemIds.length).toBeGreaterThan(0);
		await db.update(shoppingProgrammes).set({ publicSummary: 'Young inspectors visited 6 times and rated the welcome highly.' }).where(eq(shoppingProgrammes.id, programmeId));
		expect((await publicProject(db, slug))!.performance.map((c) => c.title)).toEqual(['Youth counselling service']);
		await db.update(shoppingProgrammes).set({ publicSummaryPublishedAt: NOW }).where(eq(shoppingProgrammes.id, programmeId));
		const { performance } = (await publicProject(db, slug))!;
		const shopped = performance.find((c) => c.title === 'Quiet service')!;
		expect(shopped).toMatchObject({ provider: 'Hushed Help Ltd', measures: [], updates: [], mysteryShopping: [{ title: 'Young inspectors 2026', summary: 'Young inspectors visited 6 times and rated the welcome highly.', publishedAt: NOW.toISOString() }] });
		const text = await everythingPublic();
		for (const secret of [SHOPPER_NAME, shopper.username, REPORT_WORDS, 'Sam (youth worker)', 'Hushed callbacks']) expect(text).not.toContain(secret);
	});

	it('goes when the update is unpublished or the project withdrawn; the staff preview matches', async () => {
		const preview = await publicProjectPreview(db, officer.organisationId, projectId);
		expect(preview.performance).toEqual((await publicProject(db, slug))!.performance);
		await unpublishUpdate(db, officer, contractId, published);
		expect((await publicProject(db, slug))!.performance.map((c) => c.title)).toEqual(['Quiet service']);
		expect((await feedEntries(db)).some((e) => e.title.startsWith('Performance update'))).toBe(false);
		await publishUpdate(db, officer, contractId, published, NOW);
		await withdrawProject(db, officer, projectId);
		expect(await publicProject(db, slug)).toBeNull();
		expect((await feedEntries(db)).some((e) => e.title.startsWith('Performance update'))).toBe(false);
	});
});
