// Population shares: saved per breakdown, replacing what was there; every bad input refused with a
// plain message and nothing written; another organisation's shares untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPopulationShares, savePopulationShares, type PopulationInput } from '../../src/lib/server/reach/population';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

let t: TestDatabase;
let officer: { id: string; organisationId: string };
let otherOfficer: { id: string; organisationId: string };
beforeAll(async () => {
	t = await createTestDatabase();
	officer = await quickUser(t.db, await makeOrganisation(t.db), ['officer']);
	otherOfficer = await quickUser(t.db, await makeOrganisation(t.db, 'Elsewhere'), ['officer']);
}, 120_000);
afterAll(async () => {
	await t?.close();
});

const sex = (female: string, male: string, source = 'Census 2021'): PopulationInput => ({ dimension: 'sex', groups: ['female', 'male'], percents: [female, male], source });

describe('population shares', () => {
	it('saves a breakdown, replaces it on the next save, and removes a group left empty', async () => {
		await savePopulationShares(t.db, otherOfficer, sex('50', '50'));
		expect(await savePopulationShares(t.db, officer, sex('48.5', '51.25'))).toBe(2);
		let shares = await listPopulationShares(t.db, officer.organisationId);
		expect([...shares.get('sex')!.entries()]).toEqual([
			['female', { percent: 48.5, source: 'Census 2021' }],
			['male', { percent: 51.25, source: 'Census 2021' }]
		]);
		expect(await savePopulationShares(t.db, officer, sex(' 49 ', '', '  '))).toBe(1);
		shares = await listPopulationShares(t.db, officer.organisationId);
		expect([...shares.get('sex')!.entries()]).toEqual([['female', { percent: 49, source: null }]]);
		// Up to 100.5 in all is allowed (published tables round).
		expect(await savePopulationShares(t.db, officer, sex('50.25', '50.25'))).toBe(2);
		expect((await listPopulationShares(t.db, otherOfficer.organisationId)).get('sex')!.get('female')!.percent).toBe(50);
		const audits = await auditFor(t.db, 'reach.population_saved');
		expect(audits.filter((a) => a.actorId === officer.id).map((a) => a.detail)).toEqual([
			{ dimension: 'sex', groups: 2 },
			{ dimension: 'sex', groups: 1 },
			{ dimension: 'sex', groups: 2 }
		]);
	});

	const hostile: [string, PopulationInput, string | undefined][] = [
		['over 100', sex('101', '0'), 'percent-0'],
		['negative', sex('-1', '50'), 'percent-0'],
		['three decimals', sex('12.345', '50'), 'percent-0'],
		['exponent', sex('1e2', '0'), 'percent-0'],
		['words', sex('half', '50'), 'percent-0'],
		['100.01', sex('100.01', ''), 'percent-0'],
		['oversized number', sex('0'.repeat(5000) + '1', '50'), 'percent-0'],
		['NUL in a share', sex('4\u00008', '50'), 'percent-0'],
		['lone surrogate in a share', sex('48\ud800', '50'), 'percent-0'],
		['NUL in the source', sex('48', '52', 'Census\u0000'), 'source'],
		['lone surrogate in the source', sex('48', '52', 'Census \udfff'), 'source'],
		['oversized source', sex('48', '52', 'x'.repeat(301)), 'source'],
		['adds up to over 100.5', sex('60', '40.51'), 'form'],
		['unknown breakdown', { ...sex('48', '52'), dimension: 'favourite_colour' }, 'form'],
		['NUL breakdown', { ...sex('48', '52'), dimension: 'sex\u0000' }, 'form'],
		['group not in the breakdown', { dimension: 'sex', groups: ['female', 'robot'], percents: ['48', '52'], source: '' }, 'form'],
		['"Not known" is not a group', { dimension: 'sex', groups: ['unknown'], percents: ['10'], source: '' }, 'form'],
		['a group twice', { dimension: 'sex', groups: ['female', 'female'], percents: ['48', '52'], source: '' }, 'form'],
		['arrays that don’t match', { dimension: 'sex', groups: ['female', 'male'], percents: ['48'], source: '' }, 'form'],
		['too many groups', { dimension: 'sex', groups: ['female', 'male', 'female'], percents: ['1', '1', '1'], source: '' }, 'form'],
		['an area no survey offers', { dimension: 'area', groups: ['Atlantis'], percents: ['10'], source: '' }, 'form']
	];
	for (const [name, input, field] of hostile)
		it(`refuses ${name}, writing nothing`, async () => {
			const before = await allCounts(t.db);
			const snapshot = await rows(t.db, 'select organisation_id, dimension, group_key, percent, source from population_shares order by organisation_id, dimension, group_key');
			await expectInputError(savePopulationShares(t.db, officer, input), field);
			expect(await allCounts(t.db)).toEqual(before);
			expect(await rows(t.db, 'select organisation_id, dimension, group_key, percent, source from population_shares order by organisation_id, dimension, group_key')).toEqual(snapshot);
		});
});
