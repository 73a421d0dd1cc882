// Contracts and their performance measures: entered by hand or from a published award, the
// monitoring schedule, KPIs, and bad input refused with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { publishAward, recordAward } from '../../src/lib/server/evaluation/award';
import { contractOverview, listContracts, measuresPage, projectContractsPage } from '../../src/lib/server/monitoring/contract-pages';
import { createContract, createContractFromAward, publishedAwardsOf, updateContract, type ContractInput } from '../../src/lib/server/monitoring/contracts';
import { createMeasure, listMeasures, moveMeasure, removeMeasure, updateMeasure, type MeasureInput } from '../../src/lib/server/monitoring/measures';
import { createPeriod, saveResults } from '../../src/lib/server/monitoring/periods';
import { publishUpdate } from '../../src/lib/server/monitoring/performance-updates';
import { addMonths, defaultFirstReview, ratingSummary, reviewDates, suggestRating } from '../../src/lib/server/monitoring/schedule';
import { londonDay, londonShortDate, londonToday } from '../../src/lib/dates';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';
import { awardFixture, awardInput, BIDDERS, NOW } from './award-fixture';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let outsider: Person;
let projectId: string;
let otherProjectId: string;

const input = (over: Partial<ContractInput> = {}): ContractInput => ({
	title: 'Youth mental health support',
	provider: 'Riverside Minds CIC',
	startsOn: '2025-04-01',
	endsOn: '2028-03-31',
	value: '900,000',
	service: 'existing',
	firstReviewOn: '',
	reviewEveryMonths: '',
	...over
});
const measure = (over: Partial<MeasureInput> = {}): MeasureInput => ({ name: 'Seen within 4 weeks', unit: '%', baseline: '52', target: '80', higherIsBetter: 'yes', ...over });

/** Every table, with the monitoring ones: "nothing changed" means none of these move. */
async function counts(): Promise<Record<string, number>> {
	const out = await allCounts(db);
	for (const table of ['contracts', 'performance_measures', 'monitoring_periods', 'measure_results']) {
		const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from ${table}`);
		out[table] = Number(row.n);
	}
	return out;
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const org = await makeOrganisation(db, 'Northfield Council');
	officer = await quickUser(db, org, ['officer']);
	projectId = await quickProject(db, officer, 'Youth mental health');
	const otherOrg = await makeOrganisation(db, 'Southfield Council');
	outsider = await quickUser(db, otherOrg, ['officer']);
	otherProjectId = await quickProject(db, outsider, 'Southfield short breaks');
}, 60_000);
afterAll(async () => t?.close());

describe('the monitoring schedule', () => {
	it('takes today and a timestamp’s day in England, not UTC', () => {
		const lateBst = new Date('2026-05-31T23:30:00Z'); // 00:30 on 1 June, summer time
		expect(londonToday(lateBst)).toBe('2026-06-01');
		expect(londonDay(lateBst.toISOString())).toBe('2026-06-01');
		expect(londonShortDate(lateBst.toISOString())).toBe('1 Jun 2026');
		expect(londonToday(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
		expect(londonShortDate(null)).toBe('');
	});

	it('adds months, keeping the day or the last day of a short month', () => {
		expect(addMonths('2025-04-01', 6)).toBe('2025-10-01');
		expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
		expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
	});

	it('first reviews a new service after 6 months and an existing one after 12', () => {
		expect(defaultFirstReview('2025-04-01', true)).toBe('2025-10-01');
		expect(defaultFirstReview('2025-04-01', false)).toBe('2026-04-01');
	});

	it('lists review dates until the end, marking past and next', () => {
		expect(reviewDates('2025-10-01', 12, '2028-03-31', '2026-11-15')).toEqual([
			{ on: '2025-10-01', past: true, next: false },
			{ on: '2026-10-01', past: true, next: false },
			{ on: '2027-10-01', past: false, next: true }
		]);
	});

	it('suggests a rating from value, baseline and target, both ways round', () => {
		expect(suggestRating(80, 52, 80, true)).toBe('good');
		expect(suggestRating(70, 52, 80, true)).toBe('approaching_target');
		expect(suggestRating(55, 52, 80, true)).toBe('requires_improvement');
		expect(suggestRating(40, 52, 80, true)).toBe('inadequate');
		expect(suggestRating(10, 30, 14, false)).toBe('good');
		expect(suggestRating(20, 30, 14, false)).toBe('approaching_target');
		expect(suggestRating(35, 30, 14, false)).toBe('inadequate');
		expect(ratingSummary(['good', 'requires_improvement', 'good'])).toBe('3 measures: 2 Good, 1 Requires improvement');
	});
});

describe('a contract entered for an existing service', () => {
	it('is created with the default schedule and audited with ids only', async () => {
		const c = await createContract(db, officer, projectId, input());
		expect(c).toMatchObject({ valuePence: 90_000_000, newService: false, firstReviewOn: '2026-04-01', reviewEveryMonths: 12, tenderId: null, organisationId: officer.organisationId });
		const [audit] = (await auditFor(db, 'contract.created')).filter((a) => a.targetId === c.id);
		expect(audit.detail).toEqual({ projectId });
		expect(JSON.stringify(audit)).not.toContain('Riverside');
	});

	it('takes a new service’s first review 6 months in, and an edited schedule', async () => {
		const c = await createContract(db, officer, projectId, input({ service: 'new' }));
		expect(c.firstReviewOn).toBe('2025-10-01');
		const d = await createContract(db, officer, projectId, input({ firstReviewOn: '2025-07-01', reviewEveryMonths: '6' }));
		expect([d.firstReviewOn, d.reviewEveryMonths]).toEqual(['2025-07-01', 6]);
		expect(await updateContract(db, officer, d.id, input({ firstReviewOn: '2025-07-01', reviewEveryMonths: '6' }))).toBe(false);
		expect(await updateContract(db, officer, d.id, input({ provider: 'Riverside Minds', firstReviewOn: '2025-09-01', reviewEveryMonths: '3' }))).toBe(true);
		const page = await contractOverview(db, officer.organisationId, d.id, new Date('2025-10-15T00:00:00Z'));
		expect(page.contract.provider).toBe('Riverside Minds');
		expect(page.schedule.slice(0, 3)).toEqual([
			{ on: '2025-09-01', past: true, next: false },
			{ on: '2025-12-01', past: false, next: true },
			{ on: '2026-03-01', past: false, next: false }
		]);
		// 00:30 on 2 September, summer time (still 1 September in UTC): the 1 September review is past.
		const lateBst = await contractOverview(db, officer.organisationId, d.id, new Date('2025-09-01T23:30:00Z'));
		expect(lateBst.schedule[0]).toEqual({ on: '2025-09-01', past: true, next: false });
	});

	it('refuses bad input with a clear message and changes nothing', async () => {
		const before = await counts();
		const cases: [Partial<ContractInput>, string][] = [
			[{ endsOn: '2025-03-01' }, 'endsOn'],
			[{ endsOn: '2025-04-01' }, 'endsOn'],
			[{ startsOn: '2025-02-30' }, 'startsOn'],
			[{ title: 'x'.repeat(201) }, 'title'],
			[{ title: 'Bad\u0000name' }, 'title'],
			[{ provider: '   ' }, 'provider'],
			[{ value: 'lots' }, 'value'],
			[{ value: '0' }, 'value'],
			[{ service: 'maybe' }, 'service'],
			[{ firstReviewOn: '2025-03-01' }, 'firstReviewOn'],
			[{ firstReviewOn: '2029-01-01' }, 'firstReviewOn'],
			[{ reviewEveryMonths: '0' }, 'reviewEveryMonths'],
			[{ reviewEveryMonths: '61' }, 'reviewEveryMonths'],
			[{ reviewEveryMonths: 'yearly' }, 'reviewEveryMonths']
		];
		for (const [over, field] of cases) await expectInputError(createContract(db, officer, projectId, input(over)), field);
		await expectInputError(createContract(db, officer, otherProjectId, input()));
		await expectInputError(createContract(db, officer, 'aaaaaaaaaaaaaaaa', input()));
		const mine = await quickContract(db, officer, projectId);
		const afterFixture = await counts();
		await expectInputError(updateContract(db, outsider, mine, input()));
		await expectInputError(updateContract(db, officer, mine, input({ endsOn: '2024-01-01' })), 'endsOn');
		expect(await counts()).toEqual(afterFixture);
		expect(afterFixture.contracts).toBe(before.contracts + 1);
	});

	it('can’t be shortened so a monitoring period or a mystery-shopping programme falls outside it', async () => {
		const id = (await createContract(db, officer, projectId, input({ title: 'Shortened service' }))).id;
		await createPeriod(db, officer, id, { label: 'Last quarter', startsOn: '2028-01-01', endsOn: '2028-03-31' });
		const before = await counts();
		const late = await expectInputError(updateContract(db, officer, id, input({ title: 'Shortened service', endsOn: '2027-12-31' })), 'endsOn');
		expect(late.message).toBe('The monitoring period “Last quarter” (1 Jan 2028 to 31 Mar 2028) would fall outside those dates. Change or remove that period first.');
		await quickProgramme(db, officer, id, { title: 'Spring inspectors', startsOn: '2025-04-01', endsOn: '2025-06-30' });
		const early = await expectInputError(updateContract(db, officer, id, input({ title: 'Shortened service', startsOn: '2025-05-01' })), 'startsOn');
		expect(early.message).toBe('The mystery-shopping programme “Spring inspectors” (1 Apr 2025 to 30 Jun 2025) would fall outside those dates. Change that programme’s dates first.');
		expect((await rows<{ starts_on: string; ends_on: string }>(db, `select starts_on::text, ends_on::text from contracts where id = '${id}'`))[0]).toEqual({ starts_on: '2025-04-01', ends_on: '2028-03-31' });
		const after = await counts();
		expect(after.contracts).toBe(before.contracts);
		// Still inside, or longer: fine.
		expect(await updateContract(db, officer, id, input({ title: 'Shortened service', startsOn: '2025-04-01', endsOn: '2028-06-30' }))).toBe(true);
		expect(await updateContract(db, officer, id, input({ title: 'Shortened service', endsOn: '2028-03-31' }))).toBe(true);
	});

	it('is listed for the organisation only, with the next review and latest ratings', async () => {
		const id = await quickContract(db, officer, projectId, { title: 'Listed service' });
		const [m] = [await createMeasure(db, officer, id, measure())];
		const p = await createPeriod(db, officer, id, { label: 'First half 2026', startsOn: '2026-01-01', endsOn: '2026-06-30' });
		await saveResults(db, officer, id, p.id, [{ measureId: m.id, value: '60', rating: 'requires_improvement', comment: '' }]);
		const list = await listContracts(db, officer.organisationId, undefined, new Date('2026-07-01T00:00:00Z'));
		const row = list.find((r) => r.id === id)!;
		expect(row).toMatchObject({ nextReview: '2026-10-01', latest: { period: 'First half 2026', summary: '1 measure: 1 Requires improvement', published: false } });
		expect(await listContracts(db, outsider.organisationId)).toEqual([]);
		await expectInputError(contractOverview(db, outsider.organisationId, id));
	});

	it('lists its mystery-shopping programmes on the overview', async () => {
		const id = await quickContract(db, officer, projectId, { title: 'Shopped service' });
		await quickProgramme(db, officer, id, { title: 'Young inspectors spring' });
		const page = await contractOverview(db, officer.organisationId, id);
		expect(page.programmes.map((p) => p.title)).toEqual(['Young inspectors spring']);
	});
});

describe('a contract from the award', () => {
	let tenderId: string;
	let xBid: string;

	beforeAll(async () => {
		const f = await awardFixture(db, officer, projectId, 'RBC/MH/2026/001');
		tenderId = f.tenderId;
		xBid = f.bids.x;
		await recordAward(db, officer, tenderId, awardInput(xBid), NOW);
	}, 60_000);

	it('is refused while the award is unpublished: the winner is still confidential', async () => {
		const before = await counts();
		const err = await expectInputError(createContractFromAward(db, officer, projectId, { tenderId, service: 'new' }), 'tenderId');
		expect(err.message).toMatch(/isn’t published/);
		expect((await projectContractsPage(db, officer.organisationId, projectId)).awards).toEqual([]);
		expect(await counts()).toEqual(before);
	});

	it('takes the winner, value and dates from the published award, once per tender', async () => {
		await publishAward(db, officer, tenderId, NOW);
		const page = await projectContractsPage(db, officer.organisationId, projectId);
		expect(page.awards).toEqual([expect.objectContaining({ tenderId, winner: BIDDERS.x.bidderName, valuePence: 10_000_000 })]);
		const c = await createContractFromAward(db, officer, projectId, { tenderId, service: 'new' });
		expect(c).toMatchObject({ tenderId, provider: BIDDERS.x.bidderName, valuePence: 10_000_000, startsOn: '2026-04-01', endsOn: '2029-03-31', newService: true, firstReviewOn: '2026-10-01' });
		await expectInputError(createContractFromAward(db, officer, projectId, { tenderId, service: 'new' }), 'tenderId');
		expect((await projectContractsPage(db, officer.organisationId, projectId)).awards).toEqual([]);
		expect((await publishedAwardsOf(db, officer.organisationId, projectId))[0].contractId).toBe(c.id);
	});

	it('refuses another organisation’s tender, another project’s, and bad ids', async () => {
		const before = await counts();
		await expectInputError(createContractFromAward(db, outsider, otherProjectId, { tenderId, service: 'new' }), 'tenderId');
		await expectInputError(createContractFromAward(db, outsider, projectId, { tenderId, service: 'new' }));
		await expectInputError(createContractFromAward(db, officer, projectId, { tenderId: 'not-an-id', service: 'new' }), 'tenderId');
		await expectInputError(createContractFromAward(db, officer, projectId, { tenderId, service: 'both' }), 'service');
		expect(await counts()).toEqual(before);
	});
});

describe('performance measures (KPIs)', () => {
	let contractId: string;

	beforeAll(async () => {
		contractId = await quickContract(db, officer, projectId, { title: 'Measured service' });
	});

	it('are added, edited and reordered', async () => {
		const a = await createMeasure(db, officer, contractId, measure());
		const b = await createMeasure(db, officer, contractId, measure({ name: 'Average wait', unit: 'days', baseline: '30', target: '14', higherIsBetter: 'no' }));
		expect(b).toMatchObject({ position: 1, baseline: 30, target: 14, higherIsBetter: false });
		expect(await updateMeasure(db, officer, contractId, a.id, measure({ target: '85.5' }))).toBe(true);
		expect(await updateMeasure(db, officer, contractId, a.id, measure({ target: '85.5' }))).toBe(false);
		expect(await moveMeasure(db, officer, contractId, b.id, 'up')).toBe(true);
		expect(await moveMeasure(db, officer, contractId, b.id, 'up')).toBe(false);
		expect((await listMeasures(db, contractId)).map((m) => [m.name, m.target])).toEqual([
			['Average wait', 14],
			['Seen within 4 weeks', 85.5]
		]);
	});

	it('refuse bad input, other organisations and wrong contracts, changing nothing', async () => {
		const [m] = await listMeasures(db, contractId);
		const other = await quickContract(db, officer, projectId, { title: 'Another' });
		const before = await counts();
		const cases: [Partial<MeasureInput>, string][] = [
			[{ name: '' }, 'name'],
			[{ name: 'n'.repeat(201) }, 'name'],
			[{ unit: 'u'.repeat(41) }, 'unit'],
			[{ unit: '%\u0000' }, 'unit'],
			[{ baseline: 'fifty' }, 'baseline'],
			[{ target: '1e5' }, 'target'],
			[{ target: '12.345' }, 'target'],
			[{ target: '9999999999999' }, 'target'],
			[{ higherIsBetter: 'sometimes' }, 'higherIsBetter'],
			[{ target: '40' }, 'target'],
			[{ higherIsBetter: 'no' }, 'target']
		];
		for (const [over, field] of cases) await expectInputError(createMeasure(db, officer, contractId, measure(over)), field);
		await expectInputError(createMeasure(db, outsider, contractId, measure()));
		await expectInputError(updateMeasure(db, outsider, contractId, m.id, measure()));
		await expectInputError(updateMeasure(db, officer, other, m.id, measure()));
		await expectInputError(moveMeasure(db, officer, contractId, m.id, 'sideways' as 'up'));
		await expectInputError(removeMeasure(db, outsider, contractId, m.id));
		await expectInputError(removeMeasure(db, officer, other, m.id));
		expect(await counts()).toEqual(before);
	});

	it('can’t be removed once part of a published update; can before', async () => {
		const c = await quickContract(db, officer, projectId, { title: 'Published service' });
		const kept = await createMeasure(db, officer, c, measure());
		const spare = await createMeasure(db, officer, c, measure({ name: 'Spare' }));
		const p = await createPeriod(db, officer, c, { label: 'Q1', startsOn: '2025-04-01', endsOn: '2025-06-30' });
		await saveResults(db, officer, c, p.id, [
			{ measureId: kept.id, value: '70', rating: 'approaching_target', comment: '' },
			{ measureId: spare.id, value: '60', rating: 'requires_improvement', comment: '' }
		]);
		await publishUpdate(db, officer, c, p.id);
		expect((await measuresPage(db, officer.organisationId, c)).measures.map((m) => m.published)).toEqual([true, true]);
		const err = await expectInputError(removeMeasure(db, officer, c, spare.id));
		expect(err.message).toMatch(/published performance update/);
		const fresh = await createMeasure(db, officer, c, measure({ name: 'Fresh' }));
		await removeMeasure(db, officer, c, fresh.id);
		expect((await listMeasures(db, c)).map((m) => m.name)).toEqual(['Seen within 4 weeks', 'Spare']);
		expect((await auditFor(db, 'measure.removed')).some((a) => a.targetId === fresh.id)).toBe(true);
	});
});
