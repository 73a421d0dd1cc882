// Monitoring periods, each measure's value and rating, and publishing performance updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { performancePage } from '../../src/lib/server/monitoring/contract-pages';
import { monitoringEvidence } from '../../src/lib/server/monitoring/evidence';
import { createMeasure } from '../../src/lib/server/monitoring/measures';
import { checkResults, createPeriod, removePeriod, ResultErrors, saveResults, updatePeriod, type ResultEntry } from '../../src/lib/server/monitoring/periods';
import { missingMeasures, publishUpdate, saveSummary, unpublishUpdate } from '../../src/lib/server/monitoring/performance-updates';
import { EVIDENCE_SOURCES } from '../../src/lib/server/projects/sources';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { quickContract } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let outsider: Person;
let projectId: string;
let contractId: string;
let otherContractId: string;
let seen: string;
let wait: string;

async function counts(): Promise<Record<string, number>> {
	const out = await allCounts(db);
	for (const table of ['contracts', 'performance_measures', 'monitoring_periods', 'measure_results']) {
		const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from ${table}`);
		out[table] = Number(row.n);
	}
	const [sum] = await rows<{ s: string }>(db, `select coalesce(string_agg(value::text || rating || comment, ',' order by measure_id, period_id), '') as s from measure_results`);
	out.results = sum.s.length;
	return out;
}

const entry = (measureId: string, value: string, rating: string, comment = ''): ResultEntry => ({ measureId, value, rating, comment });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const org = await makeOrganisation(db, 'Northfield Council');
	officer = await quickUser(db, org, ['officer']);
	projectId = await quickProject(db, officer, 'Youth mental health');
	contractId = await quickContract(db, officer, projectId);
	otherContractId = await quickContract(db, officer, projectId, { title: 'Second service' });
	outsider = await quickUser(db, await makeOrganisation(db, 'Southfield Council'), ['officer']);
	seen = (await createMeasure(db, officer, contractId, { name: 'Seen within 4 weeks', unit: '%', baseline: '52', target: '80', higherIsBetter: 'yes' })).id;
	wait = (await createMeasure(db, officer, contractId, { name: 'Average wait', unit: 'days', baseline: '30', target: '14', higherIsBetter: 'no' })).id;
}, 60_000);
afterAll(async () => t?.close());

describe('monitoring periods', () => {
	it('are created within the contract and never overlap', async () => {
		const q1 = await createPeriod(db, officer, contractId, { label: 'April to June 2025', startsOn: '2025-04-01', endsOn: '2025-06-30' });
		await createPeriod(db, officer, contractId, { label: 'July to September 2025', startsOn: '2025-07-01', endsOn: '2025-09-30' });
		const before = await counts();
		const err = await expectInputError(createPeriod(db, officer, contractId, { label: 'Overlapping', startsOn: '2025-06-30', endsOn: '2025-07-15' }), 'startsOn');
		expect(err.message).toMatch(/overlaps “April to June 2025”/);
		await expectInputError(createPeriod(db, officer, contractId, { label: 'Inside', startsOn: '2025-05-01', endsOn: '2025-05-31' }), 'startsOn');
		await expectInputError(createPeriod(db, officer, contractId, { label: 'Backwards', startsOn: '2025-12-31', endsOn: '2025-10-01' }), 'endsOn');
		await expectInputError(createPeriod(db, officer, contractId, { label: 'Too early', startsOn: '2025-01-01', endsOn: '2025-03-31' }), 'startsOn');
		await expectInputError(createPeriod(db, officer, contractId, { label: 'Too late', startsOn: '2028-01-01', endsOn: '2028-06-30' }), 'endsOn');
		await expectInputError(createPeriod(db, officer, contractId, { label: 'Not a day', startsOn: '2025-13-01', endsOn: '2025-12-31' }), 'startsOn');
		await expectInputError(createPeriod(db, officer, contractId, { label: 'x'.repeat(121), startsOn: '2025-10-01', endsOn: '2025-12-31' }), 'label');
		await expectInputError(createPeriod(db, officer, contractId, { label: 'Nul\u0000', startsOn: '2025-10-01', endsOn: '2025-12-31' }), 'label');
		await expectInputError(createPeriod(db, outsider, contractId, { label: 'Theirs', startsOn: '2025-10-01', endsOn: '2025-12-31' }));
		await expectInputError(updatePeriod(db, officer, contractId, q1.id, { label: 'Longer', startsOn: '2025-04-01', endsOn: '2025-07-31' }), 'startsOn');
		await expectInputError(updatePeriod(db, officer, otherContractId, q1.id, { label: 'Wrong contract', startsOn: '2025-04-01', endsOn: '2025-06-30' }));
		expect(await counts()).toEqual(before);
		expect(await updatePeriod(db, officer, contractId, q1.id, { label: 'Q1 2025-26', startsOn: '2025-04-01', endsOn: '2025-06-30' })).toBe(true);
	});
});

describe('values and ratings', () => {
	let periodId: string;

	beforeAll(async () => {
		periodId = (await createPeriod(db, officer, contractId, { label: 'October to December 2025', startsOn: '2025-10-01', endsOn: '2025-12-31' })).id;
	});

	it('are saved for every measure at once and can be corrected', async () => {
		const done = await saveResults(db, officer, contractId, periodId, [entry(seen, '71.5', 'approaching_target', 'Up from 64%.'), entry(wait, '', '', '')]);
		expect(done).toEqual({ saved: 1, cleared: 0, published: false });
		expect(await missingMeasures(db, contractId, periodId)).toEqual([{ id: wait, name: 'Average wait' }]);
		await saveResults(db, officer, contractId, periodId, [entry(seen, '72', 'approaching_target', 'Up from 64%.'), entry(wait, '19', 'approaching_target')]);
		const page = await performancePage(db, officer.organisationId, contractId);
		const period = page.periods.find((p) => p.id === periodId)!;
		expect(period.results[seen]).toEqual({ value: 72, rating: 'approaching_target', comment: 'Up from 64%.' });
		expect(period.missing).toBe(0);
		expect((await auditFor(db, 'performance.results_saved')).filter((a) => a.targetId === periodId)).toHaveLength(2);
	});

	it('refuse non-numbers, unknown ratings, NUL, oversized comments and foreign measures, changing nothing', async () => {
		const before = await counts();
		const bad: [ResultEntry[], string][] = [
			[[entry(seen, 'seventy', 'good')], `value-${seen}`],
			[[entry(seen, '1e3', 'good')], `value-${seen}`],
			[[entry(seen, '70', 'excellent')], `rating-${seen}`],
			[[entry(seen, '70', '')], `rating-${seen}`],
			[[entry(seen, '', 'good')], `value-${seen}`],
			[[entry(seen, '70\u0000', 'good')], `value-${seen}`],
			[[entry(seen, '70', 'good', 'x'.repeat(1001))], `comment-${seen}`],
			[[entry('aaaaaaaaaaaaaaaa', '70', 'good')], 'form'],
			[[entry(seen, '70', 'good'), entry(seen, '71', 'good')], 'form']
		];
		for (const [entries, field] of bad) {
			const err = await expectInputError(saveResults(db, officer, contractId, periodId, entries));
			expect(err).toBeInstanceOf(ResultErrors);
			expect(Object.keys((err as ResultErrors).errors)).toContain(field);
		}
		await expectInputError(saveResults(db, officer, contractId, periodId, []));
		await expectInputError(saveResults(db, outsider, contractId, periodId, [entry(seen, '70', 'good')]));
		await expectInputError(saveResults(db, officer, otherContractId, periodId, [entry(seen, '70', 'good')]));
		expect(await counts()).toEqual(before);
	});

	it('reports every problem in the form at once', () => {
		const names = new Map([[seen, 'Seen'], [wait, 'Wait']]);
		const out = checkResults([entry(seen, 'x', 'good'), entry(wait, '3', 'nope')], names);
		expect(out.ok).toBe(false);
		if (!out.ok) expect(Object.keys(out.errors).sort()).toEqual([`rating-${wait}`, `value-${seen}`].sort());
	});
});

describe('publishing a performance update', () => {
	let periodId: string;

	beforeAll(async () => {
		periodId = (await createPeriod(db, officer, contractId, { label: 'January to March 2026', startsOn: '2026-01-01', endsOn: '2026-03-31' })).id;
		await saveResults(db, officer, contractId, periodId, [entry(seen, '81', 'good'), entry(wait, '', '', '')]);
	});

	it('needs a value for every measure, and says which are missing', async () => {
		const before = await counts();
		const err = await expectInputError(publishUpdate(db, officer, contractId, periodId));
		expect(err.message).toContain('“Average wait”');
		expect(err.message).not.toContain('Seen within');
		expect(await counts()).toEqual(before);
		const empty = await createPeriod(db, officer, otherContractId, { label: 'No measures', startsOn: '2025-04-01', endsOn: '2025-06-30' });
		await expectInputError(publishUpdate(db, officer, otherContractId, empty.id));
	});

	it('publishes with a summary; corrections stay possible and are audited as such', async () => {
		await saveResults(db, officer, contractId, periodId, [entry(seen, '81', 'good'), entry(wait, '16', 'approaching_target')]);
		expect(await saveSummary(db, officer, contractId, periodId, { summary: 'Most young people are now seen within four weeks.' })).toBe(true);
		await expectInputError(saveSummary(db, officer, contractId, periodId, { summary: 's'.repeat(2001) }), 'summary');
		await expectInputError(saveSummary(db, outsider, contractId, periodId, { summary: 'Theirs' }));
		const now = new Date('2026-04-20T09:00:00Z');
		await publishUpdate(db, officer, contractId, periodId, now);
		await expectInputError(publishUpdate(db, officer, contractId, periodId));
		const [row] = await rows<{ published_at: Date | string; published_by: string }>(db, `select published_at, published_by from monitoring_periods where id = '${periodId}'`);
		expect(new Date(row.published_at).toISOString()).toBe(now.toISOString());
		expect(row.published_by).toBe(officer.id);
		expect((await auditFor(db, 'performance.published')).map((a) => a.targetId)).toContain(periodId);

		const corrected = await saveResults(db, officer, contractId, periodId, [entry(seen, '82', 'good', 'Corrected figure.'), entry(wait, '16', 'approaching_target')]);
		expect(corrected.published).toBe(true);
		expect((await auditFor(db, 'performance.published_results_corrected')).map((a) => a.targetId)).toContain(periodId);
		const before = await counts();
		const err = await expectInputError(saveResults(db, officer, contractId, periodId, [entry(seen, '82', 'good'), entry(wait, '', '', '')]));
		expect(err.message).toMatch(/every measure keeps a value/);
		await expectInputError(removePeriod(db, officer, contractId, periodId));
		expect(await counts()).toEqual(before);
	});

	it('unpublishes, then the period can be removed', async () => {
		await expectInputError(unpublishUpdate(db, outsider, contractId, periodId));
		await unpublishUpdate(db, officer, contractId, periodId);
		await expectInputError(unpublishUpdate(db, officer, contractId, periodId));
		expect((await auditFor(db, 'performance.unpublished')).map((a) => a.targetId)).toContain(periodId);
		await removePeriod(db, officer, contractId, periodId);
		expect((await performancePage(db, officer.organisationId, contractId)).periods.some((p) => p.id === periodId)).toBe(false);
	});
});

describe('contract monitoring as project evidence', () => {
	it('gives one step-7 item per period with values, with its ratings in words', async () => {
		expect(EVIDENCE_SOURCES).toContain(monitoringEvidence);
		const items = await monitoringEvidence.list(db, projectId);
		expect(items.every((i) => i.step === 7 && i.kind === 'contract_monitoring')).toBe(true);
		const item = items.find((i) => i.title.includes('October to December 2025'))!;
		expect(item.summary).toBe('2 measures: 2 Approaching target');
		expect(item.href).toMatch(new RegExp(`^/staff/contracts/${contractId}/performance#period-`));
		expect(items.some((i) => i.title.includes('Q1 2025-26'))).toBe(false);
	});
});
