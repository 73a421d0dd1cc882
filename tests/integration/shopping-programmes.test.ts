// Mystery-shopping programmes, their scenarios and checklists: creating and editing within the
// contract's dates, the announced window, the treatment/medication rule for scenarios, and the
// checklist locking once a report exists. Every refusal leaves the database as it was.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST } from '../../src/lib/monitoring/labels';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import {
	CHECKLIST_LOCKED,
	addChecklistItem,
	checklistOf,
	moveChecklistItem,
	removeChecklistItem,
	resetChecklist,
	updateChecklistItem
} from '../../src/lib/server/mystery-shopping/checklist';
import { checklistPage, programmePage, programmesPage } from '../../src/lib/server/mystery-shopping/programme-pages';
import { createProgramme, programmeDefaults, updateProgramme, type ProgrammeInput } from '../../src/lib/server/mystery-shopping/programmes';
import { addScenario, moveScenario, removeScenario, treatmentWord, updateScenario } from '../../src/lib/server/mystery-shopping/scenarios';
import { shoppingProgrammes, shoppingReports, shoppingScenarios } from '../../src/lib/server/mystery-shopping/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { quickContract, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let champion: Person;
let championB: Person;
let contractId: string;
let contractB: string;

const input = (overrides: Partial<ProgrammeInput> = {}): ProgrammeInput => ({
	title: 'Young inspectors 2026',
	purpose: 'Find out how welcoming the drop-in is.',
	contactKind: 'visit',
	announced: 'no',
	announcedFrom: '',
	announcedTo: '',
	startsOn: '2026-01-01',
	endsOn: '2026-12-31',
	hoursPerVisit: '2',
	...overrides
});
const scenario = (overrides: Record<string, string> = {}) => ({ title: 'Asking about the drop-in', script: 'Ask at reception how the drop-in works.', noTreatment: 'yes', ...overrides });

/** A refusal with this message (and field) that changes nothing at all. */
async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await allCounts(db);
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await allCounts(db)).toEqual(before);
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	champion = await quickUser(db, orgA, ['champion']);
	championB = await quickUser(db, orgB, ['champion']);
	contractId = await quickContract(db, champion, await quickProject(db, champion));
	contractB = await quickContract(db, championB, await quickProject(db, championB));
});
afterAll(async () => t?.close());

describe('programmes', () => {
	it('starts a new programme today in England (not the UTC day), within the contract', () => {
		const contract = { startsOn: '2025-04-01', endsOn: '2028-03-31' };
		// 00:30 on 1 June in summer time is still 31 May in UTC.
		expect(programmeDefaults(contract, new Date('2026-05-31T23:30:00Z')).startsOn).toBe('2026-06-01');
		expect(programmeDefaults(contract, new Date('2026-01-15T23:30:00Z')).startsOn).toBe('2026-01-15');
		expect(programmeDefaults(contract, new Date('2024-06-01T12:00:00Z'))).toMatchObject({ startsOn: '2025-04-01', endsOn: '2028-03-31' });
	});

	it('creates a programme with the default checklist, audited with ids only', async () => {
		const id = await createProgramme(db, champion, contractId, input());
		const [row] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, id));
		expect(row).toMatchObject({ contractId, announced: false, announcedFrom: null, hoursPerVisit: 2, organisationId: champion.organisationId });
		const items = await checklistOf(db, id);
		expect(items.map((i) => i.question)).toEqual(DEFAULT_CHECKLIST.map((i) => i.question));
		const [audit] = (await auditFor(db, 'shopping_programme.created')).filter((a) => a.targetId === id);
		expect(audit.detail).toEqual({ contractId, announced: false, contactKind: 'visit' });
		expect(JSON.stringify(audit)).not.toContain('Young inspectors');
		const page = await programmesPage(db, champion.organisationId);
		expect(page.programmes.find((p) => p.id === id)).toMatchObject({ provider: 'Riverside Minds CIC', planned: 0, waiting: 0 });
		expect(page.contracts.map((c) => c.id)).toEqual([contractId]);
	});

	it('keeps the announced window only for announced programmes, inside the programme', async () => {
		const id = await createProgramme(db, champion, contractId, input({ announced: 'yes', announcedFrom: '2026-03-01', announcedTo: '2026-03-31', hoursPerVisit: '1.5' }));
		const [row] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, id));
		expect(row).toMatchObject({ announced: true, announcedFrom: '2026-03-01', announcedTo: '2026-03-31', hoursPerVisit: 1.5 });
		const anon = await createProgramme(db, champion, contractId, input({ announcedFrom: '2026-03-01', announcedTo: '2026-03-31' }));
		const [a] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, anon));
		expect(a).toMatchObject({ announced: false, announcedFrom: null, announcedTo: null });
	});

	it('refuses bad input, other organisations’ contracts and dates out of order, changing nothing', async () => {
		await refused(() => createProgramme(db, champion, contractId, input({ announced: 'yes' })), /first day of the window/, 'announcedFrom');
		await refused(() => createProgramme(db, champion, contractId, input({ announced: 'yes', announcedFrom: '2026-03-01' })), /last day of the window/, 'announcedTo');
		await refused(() => createProgramme(db, champion, contractId, input({ announced: 'yes', announcedFrom: '2026-04-01', announcedTo: '2026-03-01' })), /on or after its first day/, 'announcedTo');
		await refused(() => createProgramme(db, champion, contractId, input({ announced: 'yes', announcedFrom: '2025-12-01', announcedTo: '2026-03-01' })), /within the programme’s dates/);
		await refused(() => createProgramme(db, champion, contractId, input({ startsOn: '2026-06-01', endsOn: '2026-05-01' })), /on or after the start date/, 'endsOn');
		await refused(() => createProgramme(db, champion, contractId, input({ startsOn: '2024-06-01' })), /within the contract’s dates/, 'startsOn');
		await refused(() => createProgramme(db, champion, contractId, input({ endsOn: '2026-02-30' })), /real date/, 'endsOn');
		await refused(() => createProgramme(db, champion, contractId, input({ title: 'Bad\u0000title' })), /character in it we can’t accept/, 'title');
		await refused(() => createProgramme(db, champion, contractId, input({ purpose: 'x'.repeat(2001) })), /at most 2000/, 'purpose');
		await refused(() => createProgramme(db, champion, contractId, input({ title: '   ' })), /Please enter a title/, 'title');
		await refused(() => createProgramme(db, champion, contractId, input({ contactKind: 'carrier pigeon' as 'visit' })), /how the shoppers make contact/, 'contactKind');
		await refused(() => createProgramme(db, champion, contractId, input({ hoursPerVisit: '25' })), /at most 24/, 'hoursPerVisit');
		await refused(() => createProgramme(db, champion, contractId, input({ hoursPerVisit: '-1' })), /as a number/, 'hoursPerVisit');
		await refused(() => createProgramme(db, champion, contractB, input()), /does not exist/);
		await refused(() => createProgramme(db, champion, 'not-an-id', input()), /does not exist/);
	});

	it('edits the details; refuses dates that would leave visits outside, and other organisations', async () => {
		const id = await createProgramme(db, champion, contractId, input());
		expect(await updateProgramme(db, champion, id, input())).toBe(false);
		expect(await updateProgramme(db, champion, id, input({ title: 'Spring visits', contactKind: 'phone' }))).toBe(true);
		const [row] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, id));
		expect(row).toMatchObject({ title: 'Spring visits', contactKind: 'phone' });
		expect((await auditFor(db, 'shopping_programme.updated')).some((a) => a.targetId === id)).toBe(true);
		await quickVisit(db, champion, id, [], { windowFrom: '2026-05-01', windowTo: '2026-05-10' });
		await refused(() => updateProgramme(db, champion, id, input({ endsOn: '2026-04-30' })), /Some visits fall outside those dates/, 'startsOn');
		await refused(() => updateProgramme(db, championB, id, input({ title: 'Taken over' })), /does not exist/);
		await refused(() => updateProgramme(db, champion, id, input({ announced: 'yes' })), /first day of the window/);
		const page = await programmePage(db, champion.organisationId, id);
		expect(page.counts.planned).toBe(1);
		await expectInputError(programmePage(db, championB.organisationId, id));
	});
});

describe('scenarios', () => {
	let programmeId: string;
	beforeAll(async () => {
		programmeId = await createProgramme(db, champion, contractId, input({ title: 'Scenario tests' }));
	});

	it('adds, edits, reorders and removes scenarios, audited', async () => {
		const a = await addScenario(db, champion, programmeId, scenario());
		const b = await addScenario(db, champion, programmeId, scenario({ title: 'Phoning to ask about waiting times', script: 'Phone and ask how long the wait is to be seen.' }));
		expect(await updateScenario(db, champion, programmeId, a, scenario())).toBe(false);
		expect(await updateScenario(db, champion, programmeId, a, scenario({ title: 'Asking at reception' }))).toBe(true);
		await moveScenario(db, champion, programmeId, b, 'up');
		let page = await programmePage(db, champion.organisationId, programmeId);
		expect(page.scenarios.map((s) => s.id)).toEqual([b, a]);
		await refused(() => moveScenario(db, champion, programmeId, b, 'up'), /already first/);
		await refused(() => moveScenario(db, champion, programmeId, a, 'down'), /already last/);
		await removeScenario(db, champion, programmeId, b);
		page = await programmePage(db, champion.organisationId, programmeId);
		expect(page.scenarios.map((s) => s.title)).toEqual(['Asking at reception']);
		for (const action of ['added', 'updated', 'moved', 'removed']) expect((await auditFor(db, `shopping_scenario.${action}`)).length).toBeGreaterThan(0);
	});

	it('refuses scenarios about treatment or medication, and unconfirmed ones', async () => {
		expect(treatmentWord('Ask for a repeat Prescription')).toBe('Prescription');
		expect(treatmentWord('Book a therapy  session')).toBe('therapy  session');
		expect(treatmentWord('Ask how long the wait is to be seen')).toBeNull();
		expect(treatmentWord('Ask what the treatments are called')).toBe('treatments');
		await refused(() => addScenario(db, champion, programmeId, scenario({ script: 'Ask the GP for medication for anxiety.' })), /never patients.*“medication”/, 'script');
		await refused(() => addScenario(db, champion, programmeId, scenario({ title: 'Get counselling' })), /never patients/, 'title');
		await refused(() => addScenario(db, champion, programmeId, scenario({ noTreatment: '' })), /Please confirm/, 'noTreatment');
		await refused(() => addScenario(db, champion, programmeId, scenario({ script: 'a\u0000b' })), /character in it/, 'script');
		await refused(() => addScenario(db, champion, programmeId, scenario({ script: 'x'.repeat(2001) })), /at most 2000/, 'script');
		const [s] = await db.select().from(shoppingScenarios).where(eq(shoppingScenarios.programmeId, programmeId));
		await refused(() => updateScenario(db, champion, programmeId, s.id, scenario({ script: 'Book a therapy session.' })), /never patients/, 'script');
	});

	it('refuses other organisations and scenarios of another programme', async () => {
		const other = await createProgramme(db, champion, contractId, input({ title: 'Other' }));
		const otherScenario = await addScenario(db, champion, other, scenario());
		await refused(() => addScenario(db, championB, programmeId, scenario()), /does not exist/);
		await refused(() => updateScenario(db, champion, programmeId, otherScenario, scenario({ title: 'Moved' })), /isn’t part of this programme/);
		await refused(() => removeScenario(db, champion, programmeId, otherScenario), /isn’t part of this programme/);
		await refused(() => removeScenario(db, championB, other, otherScenario), /does not exist/);
	});
});

describe('checklist', () => {
	let programmeId: string;
	beforeAll(async () => {
		programmeId = await createProgramme(db, champion, contractId, input({ title: 'Checklist tests' }));
	});

	it('adds, edits, reorders, removes and resets questions', async () => {
		const added = await addChecklistItem(db, champion, programmeId, { theme: 'other', question: 'Was there somewhere quiet to wait?', hint: '' });
		let items = await checklistOf(db, programmeId);
		expect(items.at(-1)?.id).toBe(added);
		expect(await updateChecklistItem(db, champion, programmeId, added, { theme: 'environment', question: 'Was there somewhere quiet to wait?', hint: 'A room or a corner.' })).toBe(true);
		expect(await updateChecklistItem(db, champion, programmeId, added, { theme: 'environment', question: 'Was there somewhere quiet to wait?', hint: 'A room or a corner.' })).toBe(false);
		await moveChecklistItem(db, champion, programmeId, added, 'up');
		items = await checklistOf(db, programmeId);
		expect(items.at(-2)?.id).toBe(added);
		await removeChecklistItem(db, champion, programmeId, items[0].id);
		expect((await checklistOf(db, programmeId)).length).toBe(DEFAULT_CHECKLIST.length);
		await resetChecklist(db, champion, programmeId);
		items = await checklistOf(db, programmeId);
		expect(items.map((i) => i.question)).toEqual(DEFAULT_CHECKLIST.map((i) => i.question));
		expect((await checklistPage(db, champion.organisationId, programmeId)).locked).toBe(false);
	});

	it('refuses bad items, other organisations and other programmes’ items', async () => {
		const [first] = await checklistOf(db, programmeId);
		const other = await createProgramme(db, champion, contractId, input({ title: 'Other checklist' }));
		const [otherItem] = await checklistOf(db, other);
		await refused(() => addChecklistItem(db, champion, programmeId, { theme: 'weather' as 'other', question: 'Was it sunny?', hint: '' }), /Choose a theme/, 'theme');
		await refused(() => addChecklistItem(db, champion, programmeId, { theme: 'other', question: '', hint: '' }), /Please enter the question/, 'question');
		await refused(() => addChecklistItem(db, champion, programmeId, { theme: 'other', question: 'q'.repeat(301), hint: '' }), /at most 300/, 'question');
		await refused(() => addChecklistItem(db, champion, programmeId, { theme: 'other', question: 'ok', hint: 'a\u0000' }), /character in it/, 'hint');
		await refused(() => addChecklistItem(db, championB, programmeId, { theme: 'other', question: 'Was it sunny?', hint: '' }), /does not exist/);
		await refused(() => updateChecklistItem(db, champion, programmeId, otherItem.id, { theme: 'other', question: 'Moved', hint: '' }), /isn’t on this programme’s checklist/);
		await refused(() => moveChecklistItem(db, champion, programmeId, first.id, 'up'), /already first/);
		const single = await createProgramme(db, champion, contractId, input({ title: 'One question' }));
		const all = await checklistOf(db, single);
		for (const item of all.slice(1)) await removeChecklistItem(db, champion, single, item.id);
		await refused(() => removeChecklistItem(db, champion, single, all[0].id), /at least one question/);
	});

	it('locks once a report on any visit exists', async () => {
		const shopper = await quickUser(db, champion.organisationId, ['young_person']);
		const visitId = await quickVisit(db, champion, programmeId, [shopper.id]);
		await db.insert(shoppingReports).values({ id: newId(), visitId, shopperId: shopper.id, idempotencyKey: newId(), visitedOn: '2026-03-05' });
		const [first, second] = await checklistOf(db, programmeId);
		expect((await checklistPage(db, champion.organisationId, programmeId)).locked).toBe(true);
		await refused(() => addChecklistItem(db, champion, programmeId, { theme: 'other', question: 'Late question', hint: '' }), CHECKLIST_LOCKED);
		await refused(() => updateChecklistItem(db, champion, programmeId, first.id, { theme: 'other', question: 'Changed', hint: '' }), CHECKLIST_LOCKED);
		await refused(() => moveChecklistItem(db, champion, programmeId, second.id, 'up'), CHECKLIST_LOCKED);
		await refused(() => removeChecklistItem(db, champion, programmeId, first.id), CHECKLIST_LOCKED);
		await refused(() => resetChecklist(db, champion, programmeId), CHECKLIST_LOCKED);
		// Scenarios and details stay editable.
		expect(await updateProgramme(db, champion, programmeId, input({ title: 'Checklist tests', purpose: 'Still editable.' }))).toBe(true);
		// Dates that would leave the report outside are refused.
		await refused(() => updateProgramme(db, champion, programmeId, input({ title: 'Checklist tests', purpose: 'Still editable.', startsOn: '2026-03-10' })), /outside those dates/);
	});
});
