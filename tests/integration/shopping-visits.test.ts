// Mystery-shopping visits and shoppers: dates within the programme, scenarios of the programme,
// who may be assigned (active participants; under the consent age only with consent on record),
// removing shoppers and cancelling visits only before reports arrive. Refusals change nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/lib/server/auth/consent';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { shoppingReports, shoppingVisits, visitShoppers } from '../../src/lib/server/mystery-shopping/schema';
import { visitPage, visitsPage } from '../../src/lib/server/mystery-shopping/visit-pages';
import { assignShopper, cancelVisit, createVisit, reinstateVisit, removeShopper, updateVisit, type VisitInput } from '../../src/lib/server/mystery-shopping/visits';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, birthMonthYearsAgo, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let champion: Person;
let championB: Person;
let programmeId: string;
let scenarioId: string;
let otherProgramme: { programmeId: string; scenarioId: string };
let programmeB: string;

const visit = (overrides: Partial<VisitInput> = {}): VisitInput => ({ windowFrom: '2026-03-01', windowTo: '2026-03-14', scenarioId: '', supervisor: 'Sam, youth worker', ...overrides });
const person = (roles: Person['roles'], displayName: string, age?: number, org = orgA) =>
	quickUser(db, org, roles, { displayName, birthMonth: age === undefined ? null : birthMonthYearsAgo(age) });

async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await allCounts(db);
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await allCounts(db)).toEqual(before);
}

const shoppersOn = async (visitId: string) => (await db.select().from(visitShoppers).where(eq(visitShoppers.visitId, visitId))).map((s) => s.userId).sort();

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	champion = await quickUser(db, orgA, ['champion']);
	championB = await quickUser(db, orgB, ['champion']);
	const contractId = await quickContract(db, champion, await quickProject(db, champion));
	({ programmeId, scenarioId } = await quickProgramme(db, champion, contractId));
	otherProgramme = await quickProgramme(db, champion, contractId, { title: 'Another' });
	programmeB = (await quickProgramme(db, championB, await quickContract(db, championB, await quickProject(db, championB)))).programmeId;
});
afterAll(async () => t?.close());

describe('visits', () => {
	it('creates and edits visits within the programme, audited', async () => {
		const id = await createVisit(db, champion, programmeId, visit({ scenarioId }));
		const [row] = await db.select().from(shoppingVisits).where(eq(shoppingVisits.id, id));
		expect(row).toMatchObject({ programmeId, scenarioId, status: 'planned', supervisor: 'Sam, youth worker' });
		expect(await updateVisit(db, champion, id, visit({ scenarioId }))).toBe(false);
		expect(await updateVisit(db, champion, id, visit({ supervisor: 'Alex, youth worker' }))).toBe(true);
		const [after] = await db.select().from(shoppingVisits).where(eq(shoppingVisits.id, id));
		expect(after).toMatchObject({ scenarioId: null, supervisor: 'Alex, youth worker' });
		const created = (await auditFor(db, 'shopping_visit.created')).find((a) => a.targetId === id);
		expect(created?.detail).toEqual({ programmeId, scenarioId });
		expect(JSON.stringify(await auditFor(db, 'shopping_visit.updated'))).not.toContain('Alex');
		const page = await visitsPage(db, orgA, programmeId);
		expect(page.visits.find((v) => v.id === id)).toMatchObject({ shoppers: 0, sent: 0, status: 'planned' });
	});

	it('refuses dates out of order or outside the programme, other scenarios, bad text and other organisations', async () => {
		await refused(() => createVisit(db, champion, programmeId, visit({ windowFrom: '2026-03-20', windowTo: '2026-03-10' })), /on or after the first day/, 'windowTo');
		await refused(() => createVisit(db, champion, programmeId, visit({ windowFrom: '2025-12-20' })), /within the programme’s dates/, 'windowFrom');
		await refused(() => createVisit(db, champion, programmeId, visit({ windowTo: '2027-01-02' })), /within the programme’s dates/, 'windowFrom');
		await refused(() => createVisit(db, champion, programmeId, visit({ windowFrom: '2026-13-01' })), /real date/, 'windowFrom');
		await refused(() => createVisit(db, champion, programmeId, visit({ scenarioId: otherProgramme.scenarioId })), /this programme’s scenarios/, 'scenarioId');
		await refused(() => createVisit(db, champion, programmeId, visit({ scenarioId: 'nope' })), /this programme’s scenarios/, 'scenarioId');
		await refused(() => createVisit(db, champion, programmeId, visit({ supervisor: '' })), /supervising adult/, 'supervisor');
		await refused(() => createVisit(db, champion, programmeId, visit({ supervisor: 'Sam\u0000' })), /character in it/, 'supervisor');
		await refused(() => createVisit(db, champion, programmeId, visit({ supervisor: 'S'.repeat(201) })), /at most 200/, 'supervisor');
		await refused(() => createVisit(db, championB, programmeId, visit()), /does not exist/);
		await refused(() => createVisit(db, champion, programmeB, visit()), /does not exist/);
		const id = await quickVisit(db, champion, programmeId, []);
		await refused(() => updateVisit(db, championB, id, visit()), /does not exist/);
		await refused(() => cancelVisit(db, championB, id), /does not exist/);
		await expectInputError(visitPage(db, orgA, otherProgramme.programmeId, id));
	});
});

describe('shoppers', () => {
	let visitId: string;
	let jay: Person;
	let mia: Person;
	let leo: Person;
	let parent: Person;

	beforeAll(async () => {
		visitId = await quickVisit(db, champion, programmeId, []);
		jay = await person(['young_person'], 'Jay', 17);
		mia = await person(['young_person'], 'Mia', 14);
		leo = await person(['young_person'], 'Leo', 13);
		parent = await person(['parent_carer'], 'Priya');
	});

	it('lists who can go and who can’t yet with the reason', async () => {
		await person(['officer'], 'Olive Officer');
		const off = await person(['young_person'], 'Zed', 17);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, off.id));
		await person(['young_person'], 'Other org', 17, (await makeOrganisation(db, 'Elsewhere')));
		const page = await visitPage(db, orgA, programmeId, visitId);
		expect(page.candidates.available.map((c) => c.displayName)).toEqual(['Jay', 'Priya']);
		expect(page.candidates.unavailable).toEqual(
			expect.arrayContaining([
				{ userId: mia.id, displayName: 'Mia', reason: 'Mia needs a parent’s or carer’s consent on record before going on a visit.' },
				{ userId: leo.id, displayName: 'Leo', reason: 'Leo needs a parent’s or carer’s consent on record before going on a visit.' },
				{ userId: off.id, displayName: 'Zed', reason: 'Zed’s account is switched off.' }
			])
		);
		expect(JSON.stringify(page.candidates)).not.toContain('Olive');
		expect(JSON.stringify(page.candidates)).not.toContain('Other org');
	});

	it('applies the consent rule: 14 without consent refused, with consent allowed, 17 allowed', async () => {
		await refused(() => assignShopper(db, champion, visitId, mia.id), /needs a parent’s or carer’s consent/, 'userId');
		await recordConsent(db, champion, mia.id, { givenBy: 'Ana', relationship: 'Mother', givenOn: '2026-01-10', method: 'paper form' });
		await assignShopper(db, champion, visitId, mia.id);
		await assignShopper(db, champion, visitId, jay.id);
		expect(await shoppersOn(visitId)).toEqual([jay.id, mia.id].sort());
		const assigned = await auditFor(db, 'shopping_visit.shopper_assigned');
		expect(assigned.filter((a) => a.targetId === visitId).map((a) => a.detail)).toEqual(expect.arrayContaining([{ userId: jay.id }, { userId: mia.id }]));
		await refused(() => assignShopper(db, champion, visitId, jay.id), /already going/, 'userId');
		await refused(() => assignShopper(db, champion, visitId, leo.id), /consent on record/, 'userId');
	});

	it('refuses staff, switched-off accounts, other organisations’ people and bad ids', async () => {
		const officer = await person(['officer'], 'Staff person');
		const off = await person(['young_person'], 'Switched off', 17);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, off.id));
		const elsewhere = await person(['young_person'], 'Elsewhere', 17, championB.organisationId);
		await refused(() => assignShopper(db, champion, visitId, officer.id), /is staff/, 'userId');
		await refused(() => assignShopper(db, champion, visitId, champion.id), /is staff/, 'userId');
		await refused(() => assignShopper(db, champion, visitId, off.id), /switched off/, 'userId');
		await refused(() => assignShopper(db, champion, visitId, elsewhere.id), /your organisation’s participants/, 'userId');
		await refused(() => assignShopper(db, champion, visitId, 'x'), /your organisation’s participants/, 'userId');
		await refused(() => assignShopper(db, championB, visitId, jay.id), /does not exist/);
		await refused(() => removeShopper(db, championB, visitId, jay.id), /does not exist/);
	});

	it('allows up to four shoppers', async () => {
		const big = await quickVisit(db, champion, programmeId, []);
		const four = [jay, mia, parent, await person(['young_person'], 'Kai', 18)];
		for (const p of four) await assignShopper(db, champion, big, p.id);
		const fifth = await person(['young_person'], 'Fifth', 18);
		await refused(() => assignShopper(db, champion, big, fifth.id), /at most 4 shoppers/, 'userId');
		expect((await visitPage(db, orgA, programmeId, big)).full).toBe(true);
	});

	it('removes shoppers and cancels visits only before reports arrive', async () => {
		await assignShopper(db, champion, visitId, parent.id);
		await removeShopper(db, champion, visitId, parent.id);
		expect(await shoppersOn(visitId)).toEqual([jay.id, mia.id].sort());
		await refused(() => removeShopper(db, champion, visitId, parent.id), /aren’t going/, 'userId');
		const reportId = newId();
		await db.insert(shoppingReports).values({ id: reportId, visitId, shopperId: jay.id, idempotencyKey: newId(), visitedOn: '2026-03-05' });
		await refused(() => removeShopper(db, champion, visitId, jay.id), /already sent a report/, 'userId');
		await refused(() => cancelVisit(db, champion, visitId), /can’t be cancelled/);
		await refused(() => updateVisit(db, champion, visitId, visit({ windowFrom: '2026-03-10', windowTo: '2026-03-20' })), /report already sent/, 'windowFrom');
		await removeShopper(db, champion, visitId, mia.id);
		const page = await visitPage(db, orgA, programmeId, visitId);
		expect(page.shoppers).toEqual([{ userId: jay.id, displayName: 'Jay', reportId, statusLabel: 'Sent: waiting for review', canRemove: false }]);
		expect(page.canCancel).toBe(false);
		expect((await visitsPage(db, orgA, programmeId)).visits.find((v) => v.id === visitId)).toMatchObject({ shoppers: 1, sent: 1, approved: 0 });
	});

	it('cancels and reinstates a visit without reports; nobody is added to a cancelled visit', async () => {
		const id = await quickVisit(db, champion, programmeId, [jay.id]);
		await cancelVisit(db, champion, id);
		await refused(() => cancelVisit(db, champion, id), /already cancelled/);
		await refused(() => assignShopper(db, champion, id, mia.id), /cancelled/, 'userId');
		expect((await visitPage(db, orgA, programmeId, id)).candidates.available).toEqual([]);
		await reinstateVisit(db, champion, id);
		await refused(() => reinstateVisit(db, champion, id), /already planned/);
		expect((await auditFor(db, 'shopping_visit.cancelled')).some((a) => a.targetId === id)).toBe(true);
	});
});
