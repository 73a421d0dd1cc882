// Changing a tender's scoring system while setting it up: editing and removing sections and
// criteria, when the scoring system freezes, and the hostile input each function must refuse with
// nothing changed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { addBid, prepareAnonymised, releaseBid } from '../../src/lib/server/evaluation/bids';
import { publishScoringSystem } from '../../src/lib/server/evaluation/lifecycle';
import { addMember, createPanel } from '../../src/lib/server/evaluation/panels';
import { panels, tenders } from '../../src/lib/server/evaluation/schema';
import { createTender, updateScale, updateTenderDetails } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection, removeCriterion, removeSection, scoringSystem, updateCriterion, updateSection } from '../../src/lib/server/evaluation/scoring-system';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let officerB: Person;
let projectId: string;
let references = 0;

const criterion = (sectionId: string, weight: string, over: Partial<{ title: string; guidance: string; price: boolean; presentation: boolean }> = {}) => ({
	sectionId,
	title: 'How will children enjoy their breaks?',
	guidance: '',
	weight,
	price: false,
	presentation: false,
	...over
});

async function newTender() {
	references += 1;
	const tender = await createTender(db, officer, projectId, {
		title: 'Short breaks',
		reference: `SET/2026/${references}`,
		publishedOn: '2026-12-01',
		closesOn: '2027-01-20',
		contractValue: '1260000',
		contractMonths: '36'
	});
	const quality = await addSection(db, officer, tender.id, { name: 'Quality', about: 'How well it runs.', audience: 'staff' });
	const young = await addSection(db, officer, tender.id, { name: 'Young people', about: '', audience: 'young_people' });
	const q1 = await addCriterion(db, officer, tender.id, criterion(quality, '45'));
	const price = await addCriterion(db, officer, tender.id, criterion(quality, '40', { title: 'Price', price: true }));
	const y1 = await addCriterion(db, officer, tender.id, criterion(young, '15', { title: 'What makes a good break?' }));
	return { id: tender.id, quality, young, q1, price, y1 };
}

/** Everything set-up changes touch, plus the audit log: "nothing changed" means none of it moves. */
async function snapshot() {
	const [counts] = await rows<Record<string, number>>(
		db,
		`select (select count(*)::int from tender_sections) as s, (select count(*)::int from tender_criteria) as c, (select count(*)::int from panels) as p,
		 (select count(*)::int from audit_log) as a, (select count(*)::int from bid_answers) as ba`
	);
	const sections = await rows(db, 'select id, name, about, audience, position from tender_sections order by id');
	const criteria = await rows(db, 'select id, section_id, title, guidance, weight_hundredths, price, presentation, position from tender_criteria order by id');
	const scales = await rows(db, 'select id, title, reference, published_on, closes_on, contract_value_pence, contract_months, scale_min, scale_max, scale_descriptors from tenders order by id');
	return { counts, sections, criteria, scales };
}

async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await snapshot();
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await snapshot()).toEqual(before);
}

const bidInput = (answers: Record<string, string>) => ({ bidderName: 'Brightwater Trust', contactName: 'Dana Fox', contactEmail: 'dana@brightwater.org.uk', contactPhone: '', price: '98000', answers });

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

describe('changing the details', () => {
	const details = (over: Record<string, string> = {}) => ({
		title: 'Short breaks, lot 1',
		reference: 'SET/DETAILS/1',
		publishedOn: '2026-12-01',
		closesOn: '2027-02-01',
		contractValue: '£1,300,000',
		contractMonths: '48',
		...over
	});

	it('corrects the details while setting up, audited with ids only; the same again changes nothing', async () => {
		const x = await newTender();
		expect(await updateTenderDetails(db, officer, x.id, details())).toBe(true);
		const { tender, warning } = await scoringSystem(db, officer.organisationId, x.id);
		expect(tender).toMatchObject({ title: 'Short breaks, lot 1', reference: 'SET/DETAILS/1', closesOn: '2027-02-01', contractValuePence: 130_000_000, contractMonths: 48 });
		expect(warning).toBeNull();
		const [entry] = (await auditFor(db, 'tender.details_changed')).filter((a) => a.targetId === x.id);
		expect(entry.detail).toBeNull();
		const before = await snapshot();
		expect(await updateTenderDetails(db, officer, x.id, details({ title: ' Short breaks, lot 1 ' }))).toBe(false);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses another tender’s reference, dates out of order, bad values, NUL, another council, and once evaluation starts', async () => {
		const x = await newTender();
		const y = await newTender();
		const yRef = (await scoringSystem(db, officer.organisationId, y.id)).tender.reference;
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: yRef })), 'Another tender already has that reference.', 'reference');
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: 'SET/DETAILS/2', closesOn: '2026-11-30' })), /closing date must come after/, 'closesOn');
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: 'SET/DETAILS/2', title: 'A\u0000B' })), /character in it we can’t accept/, 'title');
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: 'SET/DETAILS/2', contractValue: 'lots' })), /in pounds/, 'contractValue');
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: 'SET/DETAILS/2', contractMonths: '0' })), /at least one month/, 'contractMonths');
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: 'SET/DETAILS/2', publishedOn: '2026-02-30' })), /real date/, 'publishedOn');
		await refused(() => updateTenderDetails(db, officerB, x.id, details({ reference: 'SET/DETAILS/2' })), 'That tender does not exist.');
		await db.update(tenders).set({ status: 'evaluating' }).where(eq(tenders.id, x.id));
		await refused(() => updateTenderDetails(db, officer, x.id, details({ reference: 'SET/DETAILS/2' })), 'The tender’s details can’t change once evaluation has started.');
	});
});

describe('changing sections', () => {
	it('renames a section, changes what it covers and who scores it, audited; the same again changes nothing', async () => {
		const x = await newTender();
		expect(await updateSection(db, officer, x.id, x.young, { name: 'Parents’ view', about: 'What families need.', audience: 'parents' })).toBe(true);
		const system = await scoringSystem(db, officer.organisationId, x.id);
		expect(system.sections.find((s) => s.id === x.young)).toMatchObject({ name: 'Parents’ view', about: 'What families need.', audience: 'parents', weight: 15 });
		expect((await auditFor(db, 'tender.section_changed')).filter((a) => a.detail?.sectionId === x.young)).toHaveLength(1);
		const before = await snapshot();
		expect(await updateSection(db, officer, x.id, x.young, { name: '  Parents’ view ', about: 'What families need.', audience: 'parents' })).toBe(false);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses a participant audience for the price section, and a new audience once its panel has members', async () => {
		const x = await newTender();
		await refused(() => updateSection(db, officer, x.id, x.quality, { name: 'Quality', about: '', audience: 'young_people' }), /stays a staff section/, 'audience');
		const panel = await createPanel(db, officer, x.id, x.young, { quorum: '1', opensAt: '', closesAt: '' });
		const jo = await quickUser(db, officer.organisationId, ['young_person'], { displayName: 'Jo', birthMonth: '2005-01-01' });
		await addMember(db, officer, panel, jo.id);
		await refused(() => updateSection(db, officer, x.id, x.young, { name: 'Young people', about: '', audience: 'parents' }), /panel already has members/, 'audience');
		// Renaming is still fine.
		expect(await updateSection(db, officer, x.id, x.young, { name: 'Young people’s section', about: '', audience: 'young_people' })).toBe(true);
	});

	it('hostile input: empty, oversized, NUL, unknown audience, another tender’s section, another council, a non-id', async () => {
		const x = await newTender();
		const other = await newTender();
		const ok = { name: 'Quality', about: '', audience: 'staff' as const };
		await refused(() => updateSection(db, officer, x.id, x.quality, { ...ok, name: '   ' }), 'Please enter the section’s name.', 'name');
		await refused(() => updateSection(db, officer, x.id, x.quality, { ...ok, name: 'x'.repeat(121) }), /at most 120/, 'name');
		await refused(() => updateSection(db, officer, x.id, x.quality, { ...ok, about: 'x'.repeat(1001) }), /at most 1000/, 'about');
		await refused(() => updateSection(db, officer, x.id, x.quality, { ...ok, name: 'Qual\u0000ity' }), /character in it we can’t accept/, 'name');
		await refused(() => updateSection(db, officer, x.id, x.quality, { ...ok, about: 'a\u0000b' }), /character in it we can’t accept/, 'about');
		await refused(() => updateSection(db, officer, x.id, x.quality, { ...ok, audience: 'pupils' as 'staff' }), 'Choose who scores this section.', 'audience');
		await refused(() => updateSection(db, officer, x.id, other.quality, ok), 'Choose a section of this tender.', 'sectionId');
		await refused(() => updateSection(db, officer, x.id, "1' or '1'='1", ok), 'Choose a section of this tender.', 'sectionId');
		await refused(() => updateSection(db, officerB, x.id, x.quality, ok), 'That tender does not exist.');
		await refused(() => removeSection(db, officerB, x.id, x.quality), 'That tender does not exist.');
		await refused(() => removeSection(db, officer, x.id, other.young), 'Choose a section of this tender.');
		await refused(() => removeSection(db, officer, x.id, 'zzzzzzzzzzzzzzzz'), 'Choose a section of this tender.');
	});

	it('removes a section with its criteria and panel, audited, and numbers what is left 1, 2, 3 again', async () => {
		const x = await newTender();
		const extra = await addSection(db, officer, x.id, { name: 'Parents', about: '', audience: 'parents' });
		const panel = await createPanel(db, officer, x.id, x.young, { quorum: '1', opensAt: '', closesAt: '' });
		await removeSection(db, officer, x.id, x.young);
		const system = await scoringSystem(db, officer.organisationId, x.id);
		expect(system.sections.map((s) => [s.name, s.position])).toEqual([
			['Quality', 1],
			['Parents', 2]
		]);
		expect(system.sections.flatMap((s) => s.criteria.map((c) => c.position))).toEqual([1, 2]);
		expect(system.weightsProblem).toBe('The weights add up to 85, not 100.');
		expect(await db.select().from(panels).where(eq(panels.id, panel))).toEqual([]);
		const [entry] = (await auditFor(db, 'tender.section_removed')).filter((a) => a.targetId === x.id);
		expect(entry.detail).toEqual({ sectionId: x.young, criteria: 1, panelId: panel });
		// A section added afterwards goes at the end.
		const last = await addSection(db, officer, x.id, { name: 'Last', about: '', audience: 'staff' });
		expect((await scoringSystem(db, officer.organisationId, x.id)).sections.map((s) => s.id)).toEqual([x.quality, extra, last]);
	});

	it('won’t remove a section whose questions bids have answered (the bidders’ text would go with it)', async () => {
		const x = await newTender();
		await addBid(db, officer, x.id, bidInput({ [x.y1]: 'We ask the children.' }));
		await refused(() => removeSection(db, officer, x.id, x.young), /Bids have answers to this section’s questions \(1 bid\)/);
		await refused(() => removeCriterion(db, officer, x.id, x.y1), /1 bid has an answer to this question/);
		// A section whose questions nobody answered can go.
		await removeCriterion(db, officer, x.id, x.q1);
	});
});

describe('changing criteria', () => {
	it('changes wording, weight, section and kind, audited; the same again changes nothing', async () => {
		const x = await newTender();
		expect(await updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '40', { title: 'How will you keep children safe?', guidance: 'Safeguarding.', presentation: true }))).toBe(true);
		let system = await scoringSystem(db, officer.organisationId, x.id);
		expect(system.sections[0].criteria[0]).toMatchObject({ title: 'How will you keep children safe?', guidance: 'Safeguarding.', weight: 40, presentation: true });
		expect(system.weightsProblem).toBe('The weights add up to 95, not 100.');
		// Moved to the young people's section, and the weight makes 100 again.
		expect(await updateCriterion(db, officer, x.id, x.q1, criterion(x.young, '45', { title: 'How will you keep children safe?', guidance: 'Safeguarding.' }))).toBe(true);
		system = await scoringSystem(db, officer.organisationId, x.id);
		expect(system.sections.map((s) => s.weight)).toEqual([40, 60]);
		expect(system.weightsProblem).toBeNull();
		const [entry] = (await auditFor(db, 'tender.criterion_changed')).filter((a) => a.detail?.criterionId === x.q1 && a.detail?.sectionId === x.young);
		expect(entry.detail).toMatchObject({ weight: 4500, price: false, presentation: false });
		const before = await snapshot();
		expect(await updateCriterion(db, officer, x.id, x.q1, criterion(x.young, '45.00', { title: 'How will you keep children safe?', guidance: 'Safeguarding.' }))).toBe(false);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses weights past 100, price in a participant section, and making an answered question the price', async () => {
		const x = await newTender();
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '45.01')), 'That would make the weights add up to 100.01; they must add up to exactly 100.', 'weight');
		await refused(() => updateCriterion(db, officer, x.id, x.y1, criterion(x.young, '15', { price: true })), /can’t be in a young people’s or parents’ section/, 'price');
		await refused(() => updateCriterion(db, officer, x.id, x.price, criterion(x.young, '40', { price: true })), /can’t be in a young people’s or parents’ section/, 'price');
		await addBid(db, officer, x.id, bidInput({ [x.q1]: 'Our answer.' }));
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '45', { price: true })), 'Bids have answers to this question, so it can’t become the price question.', 'price');
		// Below 100 is allowed while setting up: the page says plainly what is left to give.
		expect(await updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '5'))).toBe(true);
		expect((await scoringSystem(db, officer.organisationId, x.id)).weightsProblem).toBe('The weights add up to 60, not 100.');
	});

	it('hostile input: bad weights, oversized, NUL, another tender’s criterion or section, another council', async () => {
		const x = await newTender();
		const other = await newTender();
		for (const weight of ['0', '-5', '101', '12.345', 'ten', '', '1e2', '15%'])
			await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, weight)), /weight/i, 'weight');
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '45', { title: '' })), 'Please enter the question for bidders.', 'title');
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '45', { title: 'x'.repeat(501) })), /at most 500/, 'title');
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '45', { guidance: 'x'.repeat(2001) })), /at most 2000/, 'guidance');
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '45', { title: 'a\u0000' })), /character in it we can’t accept/, 'title');
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion('not-an-id', '45')), 'Choose a section.', 'sectionId');
		await refused(() => updateCriterion(db, officer, x.id, x.q1, criterion(other.quality, '45')), 'Choose a section of this tender.', 'sectionId');
		await refused(() => updateCriterion(db, officer, x.id, other.q1, criterion(x.quality, '45')), 'That question isn’t in this tender.', 'criterionId');
		await refused(() => updateCriterion(db, officerB, x.id, x.q1, criterion(x.quality, '45')), 'That tender does not exist.');
		await refused(() => removeCriterion(db, officer, x.id, other.q1), 'That question isn’t in this tender.', 'criterionId');
		await refused(() => removeCriterion(db, officer, x.id, '../../etc/passwd'), 'That question isn’t in this tender.', 'criterionId');
		await refused(() => removeCriterion(db, officerB, x.id, x.q1), 'That tender does not exist.');
	});

	it('removes a criterion, audited, and numbers the rest again', async () => {
		const x = await newTender();
		await removeCriterion(db, officer, x.id, x.q1);
		const system = await scoringSystem(db, officer.organisationId, x.id);
		expect(system.sections.flatMap((s) => s.criteria.map((c) => [c.id, c.position]))).toEqual([
			[x.price, 1],
			[x.y1, 2]
		]);
		expect(system.weightsProblem).toBe('The weights add up to 55, not 100.');
		expect((await auditFor(db, 'tender.criterion_removed')).find((a) => a.detail?.criterionId === x.q1)?.detail).toEqual({ criterionId: x.q1, sectionId: x.quality, weight: 4500 });
		const added = await addCriterion(db, officer, x.id, criterion(x.quality, '45'));
		expect((await scoringSystem(db, officer.organisationId, x.id)).sections[0].criteria.map((c) => [c.id, c.position])).toEqual([
			[x.price, 1],
			[added, 3]
		]);
	});
});

describe('when the scoring system freezes', () => {
	const attempts = (x: Awaited<ReturnType<typeof newTender>>) => [
		() => addSection(db, officer, x.id, { name: 'Late', about: '', audience: 'staff' }),
		() => updateSection(db, officer, x.id, x.quality, { name: 'Renamed', about: '', audience: 'staff' }),
		() => removeSection(db, officer, x.id, x.young),
		() => addCriterion(db, officer, x.id, criterion(x.quality, '1')),
		() => updateCriterion(db, officer, x.id, x.q1, criterion(x.quality, '44')),
		() => removeCriterion(db, officer, x.id, x.q1),
		() => updateScale(db, officer, x.id, 1, 4, ['a', 'b', 'c', 'd'])
	];

	it('once published on the public page, nothing in it can change', async () => {
		const x = await newTender();
		await publishScoringSystem(db, officer, x.id);
		for (const run of attempts(x)) await refused(run, /the scoring system has been published/);
	});

	it('once a bid has gone to the panels, nothing in it can change', async () => {
		const x = await newTender();
		const bid = await addBid(db, officer, x.id, bidInput({ [x.q1]: 'Our answer.', [x.y1]: 'Children plan it.' }));
		await prepareAnonymised(db, officer, bid, x.q1, 'An answer.');
		await prepareAnonymised(db, officer, bid, x.y1, 'Children plan it.');
		await releaseBid(db, officer, bid);
		for (const run of attempts(x)) await refused(run, /bids have already gone to the panels/);
	});

	it('once evaluation has started, nothing in it can change', async () => {
		const x = await newTender();
		await db.update(tenders).set({ status: 'evaluating' }).where(eq(tenders.id, x.id));
		for (const run of attempts(x)) await refused(run, /can’t change once evaluation has started/);
	});

	it('the scale: refuses NUL or blank descriptions and saves nothing when nothing changed', async () => {
		const x = await newTender();
		await refused(() => updateScale(db, officer, x.id, 0, 2, ['None', 'Some\u0000', 'Lots']), /Describe every point/, 'descriptors');
		await refused(() => updateScale(db, officer, x.id, 0, 2, ['None', ' ', 'Lots']), /Describe every point/, 'descriptors');
		await refused(() => updateScale(db, officer, x.id, 0, 2, ['None', 'x'.repeat(81), 'Lots']), /Describe every point/, 'descriptors');
		await refused(() => updateScale(db, officer, x.id, 1.5, 3, ['a', 'b']), /whole numbers/, 'scale');
		await refused(() => updateScale(db, officerB, x.id, 0, 2, ['None', 'Some', 'Lots']), 'That tender does not exist.');
		const before = await snapshot();
		await updateScale(db, officer, x.id, 0, 5, ['No answer', 'Very poor', 'Poor', 'Acceptable', 'Good', 'Excellent']);
		expect(await snapshot()).toEqual(before);
		await updateScale(db, officer, x.id, 1, 3, ['Weak', 'Fine', 'Strong']);
		expect((await scoringSystem(db, officer.organisationId, x.id)).tender).toMatchObject({ scaleMin: 1, scaleMax: 3, scaleDescriptors: ['Weak', 'Fine', 'Strong'] });
	});
});
