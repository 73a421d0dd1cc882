import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { createTender, shortTenderWarning, updateScale } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection, scoringSystem } from '../../src/lib/server/evaluation/scoring-system';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickProject } from '../helpers/projects';
import { auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let officerB: Person;
let projectId: string;

const tenderInput = (over: Record<string, string> = {}) => ({
	title: 'Short breaks for disabled children',
	reference: 'RBC/2026/014',
	publishedOn: '2026-12-01',
	closesOn: '2027-01-20',
	contractValue: '1,260,000',
	contractMonths: '36',
	...over
});
const criterion = (sectionId: string, weight: string, over: Partial<{ title: string; price: boolean; presentation: boolean }> = {}) => ({
	sectionId,
	title: 'How will you make sure children enjoy their breaks?',
	guidance: '',
	weight,
	price: false,
	presentation: false,
	...over
});

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	officerB = await quickUser(db, orgB, ['officer']);
	projectId = await quickProject(db, officer);
});
afterAll(async () => t?.close());

describe('setting up a tender', () => {
	it('creates a tender with the default 0-5 scale, audited, and warns when bidders get under 40 days', async () => {
		const tender = await createTender(db, officer, projectId, tenderInput());
		expect(tender).toMatchObject({ status: 'setup', scaleMin: 0, scaleMax: 5, contractValuePence: 126_000_000, contractMonths: 36 });
		expect(tender.scaleDescriptors).toEqual(['No answer', 'Very poor', 'Poor', 'Acceptable', 'Good', 'Excellent']);
		expect((await auditFor(db, 'tender.created')).some((a) => a.targetId === tender.id)).toBe(true);
		expect(shortTenderWarning('2026-12-01', '2027-01-20')).toBeNull();
		expect(shortTenderWarning('2026-12-01', '2026-12-31')).toBe('Bidders get only 30 days between publication and closing; 40 or more is usual.');
	});

	it('refuses a clashing reference, dates out of order, bad money, and another council’s project', async () => {
		await expectInputError(createTender(db, officer, projectId, tenderInput()), 'reference');
		await expectInputError(createTender(db, officer, projectId, tenderInput({ reference: 'X1', closesOn: '2026-11-01' })), 'closesOn');
		await expectInputError(createTender(db, officer, projectId, tenderInput({ reference: 'X2', contractValue: 'lots' })), 'contractValue');
		await expectInputError(createTender(db, officer, projectId, tenderInput({ reference: 'X3', contractMonths: '0' })), 'contractMonths');
		await expect(createTender(db, officerB, projectId, tenderInput({ reference: 'X4' }))).rejects.toThrow('That project does not exist.');
	});

	it('builds sections and criteria whose weights must add up to exactly 100', async () => {
		const tender = await createTender(db, officer, projectId, tenderInput({ reference: 'RBC/2026/015' }));
		const quality = await addSection(db, officer, tender.id, { name: 'Quality', about: '', audience: 'staff' });
		const young = await addSection(db, officer, tender.id, { name: 'Young people’s section', about: 'What a good break feels like.', audience: 'young_people' });
		const price = await addSection(db, officer, tender.id, { name: 'Price', about: '', audience: 'staff' });
		await addCriterion(db, officer, tender.id, criterion(quality, '45'));
		await addCriterion(db, officer, tender.id, criterion(young, '15'));
		let system = await scoringSystem(db, officer.organisationId, tender.id);
		expect(system.weightsProblem).toBe('The weights add up to 60, not 100.');
		// Price can't be scored by a participant panel, and nothing may take the total past 100.
		await expectInputError(addCriterion(db, officer, tender.id, criterion(young, '10', { price: true })), 'price');
		await expectInputError(addCriterion(db, officer, tender.id, criterion(price, '40.01', { price: true })), 'weight');
		await expectInputError(addCriterion(db, officer, tender.id, criterion(price, '12.345')), 'weight');
		await addCriterion(db, officer, tender.id, criterion(price, '40', { price: true }));
		system = await scoringSystem(db, officer.organisationId, tender.id);
		expect(system.weightsProblem).toBeNull();
		expect(system.sections.map((s) => [s.name, s.audience, s.weight])).toEqual([
			['Quality', 'staff', 45],
			['Young people’s section', 'young_people', 15],
			['Price', 'staff', 40]
		]);
		// Another council can't see or change it.
		await expect(scoringSystem(db, officerB.organisationId, tender.id)).rejects.toThrow('That tender does not exist.');
		await expect(addSection(db, officerB, tender.id, { name: 'Sneaky', about: '', audience: 'staff' })).rejects.toThrow('That tender does not exist.');
	});

	it('the scale can be changed while setting up, with a description for every point', async () => {
		const tender = await createTender(db, officer, projectId, tenderInput({ reference: 'RBC/2026/016' }));
		await updateScale(db, officer, tender.id, 0, 3, ['None', 'Weak', 'Fine', 'Strong']);
		expect((await scoringSystem(db, officer.organisationId, tender.id)).tender).toMatchObject({ scaleMin: 0, scaleMax: 3, scaleDescriptors: ['None', 'Weak', 'Fine', 'Strong'] });
		await expectInputError(updateScale(db, officer, tender.id, 0, 5, ['Too', 'few']), 'descriptors');
		await expectInputError(updateScale(db, officer, tender.id, 3, 2, []), 'scale');
		await expectInputError(updateScale(db, officer, tender.id, 0, 11, Array(12).fill('x')), 'scale');
	});
});
