// A report racing a change to its programme: a checklist reset, a visit cancelled, a shopper taken
// off. Postgres only: PGlite runs one statement at a time, so nothing can interleave there. Two
// kinds of test: a transaction in the test holds the programme's row (as every such change does)
// while a report is sent, so the order is certain; and the real functions sent at the same moment,
// many times, where either order is fine but never a report missing ratings, stored on a cancelled
// visit or by someone taken off it, and never an error the phone would see as a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { InputError } from '../../src/lib/server/forms';
import { DEFAULT_CHECKLIST } from '../../src/lib/monitoring/labels';
import { CHECKLIST_LOCKED, resetChecklist } from '../../src/lib/server/mystery-shopping/checklist';
import { submitReport, type ReportOutcome } from '../../src/lib/server/mystery-shopping/reports';
import { cancelVisit, removeShopper } from '../../src/lib/server/mystery-shopping/visits';
import { checklistItems, reportRatings, shoppingProgrammes, shoppingReports, shoppingVisits, visitShoppers } from '../../src/lib/server/mystery-shopping/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { birthMonthYearsAgo, quickUser, rows } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
const NOW = new Date('2026-03-15T12:00:00Z');
const ROUNDS = 8;

describe.runIf(!!process.env.TEST_DATABASE_URL)('a report racing a change to its programme (Postgres)', () => {
	let t: TestDatabase;
	let db: Db;
	let champion: Person;
	let jay: Person;
	let mia: Person;
	let contractId: string;
	let keyCounter = 0;
	const key = () => `race-key-${(++keyCounter).toString().padStart(10, '0')}`;

	const reportFor = (itemIds: string[]) => ({
		visitedOn: '2026-03-10',
		ratings: Object.fromEntries(itemIds.map((id) => [id, { rating: 4, comment: '' }])),
		wentWell: 'They smiled.',
		couldBeBetter: '',
		otherComments: ''
	});

	/** The outcome, or what was thrown (which the endpoint would turn into a 500). */
	const settle = (p: Promise<ReportOutcome>) => p.then((o) => o as ReportOutcome | { outcome: 'threw'; error: unknown }, (error: unknown) => ({ outcome: 'threw' as const, error }));
	const send = (actor: Person, visitId: string, itemIds: string[]) => settle(submitReport(db, { actor, visitId, idempotencyKey: key(), report: reportFor(itemIds), now: NOW }));
	/** null when the change went through, the InputError's message when refused; anything else is thrown on. */
	const tried = (p: Promise<unknown>) =>
		p.then(
			() => null,
			(e: unknown) => {
				if (e instanceof InputError) return e.message;
				throw e;
			}
		);

	async function waitUntilSomeoneWaitsOnALock() {
		for (let i = 0; i < 400; i++) {
			const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
			if (Number(row.n) > 0) return;
			await new Promise((r) => setTimeout(r, 25));
		}
		throw new Error('The report never waited for the programme’s lock.');
	}

	/** Holds the programme's row as a checklist edit, cancel or removal does, sends a report, makes the change, commits. */
	async function changeWhileSending(programmeId: string, sending: () => ReturnType<typeof send>, change: (tx: Db) => Promise<unknown>) {
		let pending!: ReturnType<typeof send>;
		await db.transaction(async (tx) => {
			await tx.select({ id: shoppingProgrammes.id }).from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId)).for('update');
			pending = sending();
			await waitUntilSomeoneWaitsOnALock();
			await change(tx);
		});
		return pending;
	}

	const reportsOn = (visitId: string) => db.select().from(shoppingReports).where(eq(shoppingReports.visitId, visitId));
	const ratingsOf = (reportId: string) => db.select().from(reportRatings).where(eq(reportRatings.reportId, reportId));
	const itemsOf = async (programmeId: string) => (await db.select({ id: checklistItems.id }).from(checklistItems).where(eq(checklistItems.programmeId, programmeId))).map((r) => r.id);

	beforeAll(async () => {
		t = await createTestDatabase();
		db = t.db;
		const org = await makeOrganisation(db);
		champion = await quickUser(db, org, ['champion']);
		jay = await quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(17, NOW) });
		mia = await quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(18, NOW) });
		contractId = await quickContract(db, champion, await quickProject(db, champion, 'Races'));
	});

	afterAll(async () => {
		await t?.close();
	});

	describe('with the change holding the programme first', () => {
		it('a checklist reset: the report is checked against the new checklist, so it is refused and nothing is stored', async () => {
			const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
			const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
			const outcome = await changeWhileSending(
				programmeId,
				() => send(jay, visitId, itemIds),
				async (tx) => {
					await tx.delete(checklistItems).where(eq(checklistItems.programmeId, programmeId));
					await tx.insert(checklistItems).values(DEFAULT_CHECKLIST.map((item, position) => ({ id: newId(), programmeId, position, ...item })));
				}
			);
			expect(outcome).toMatchObject({ outcome: 'invalid' });
			expect(await reportsOn(visitId)).toHaveLength(0);
		});

		it('a cancel: the report is refused as cancelled', async () => {
			const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
			const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
			const outcome = await changeWhileSending(
				programmeId,
				() => send(jay, visitId, itemIds),
				(tx) => tx.update(shoppingVisits).set({ status: 'cancelled' }).where(eq(shoppingVisits.id, visitId))
			);
			expect(outcome).toMatchObject({ outcome: 'cancelled' });
			expect(await reportsOn(visitId)).toHaveLength(0);
		});

		it('a shopper taken off: their report is refused as not their visit', async () => {
			const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
			const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
			const outcome = await changeWhileSending(
				programmeId,
				() => send(jay, visitId, itemIds),
				(tx) => tx.delete(visitShoppers).where(and(eq(visitShoppers.visitId, visitId), eq(visitShoppers.userId, jay.id)))
			);
			expect(outcome).toMatchObject({ outcome: 'not_found' });
			expect(await reportsOn(visitId)).toHaveLength(0);
		});

		it('a window moved: the report is checked against the new window', async () => {
			const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
			const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
			const outcome = await changeWhileSending(
				programmeId,
				() => send(jay, visitId, itemIds),
				(tx) => tx.update(shoppingVisits).set({ windowFrom: '2026-03-12', windowTo: '2026-03-31' }).where(eq(shoppingVisits.id, visitId))
			);
			expect(outcome).toMatchObject({ outcome: 'invalid', errors: { visitedOn: expect.any(String) } });
			expect(await reportsOn(visitId)).toHaveLength(0);
		});
	});

	it('reports don’t wait for each other: one is stored while another holds the programme FOR SHARE', async () => {
		const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
		const visitId = await quickVisit(db, champion, programmeId, [jay.id, mia.id]);
		await db.transaction(async (tx) => {
			await tx.select({ id: shoppingProgrammes.id }).from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId)).for('share');
			expect(await send(jay, visitId, itemIds)).toMatchObject({ outcome: 'stored' });
		});
		expect(await send(mia, visitId, itemIds)).toMatchObject({ outcome: 'stored' });
	});

	describe('sent at the same moment as the real change, many times', () => {
		it('a checklist reset and a first report: the reset is refused, or the report is; never a report missing ratings', async () => {
			for (let round = 0; round < ROUNDS; round++) {
				const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
				const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
				const [outcome, reset] = await Promise.all([send(jay, visitId, itemIds), tried(resetChecklist(db, champion, programmeId, NOW))]);
				if (reset === null) {
					expect(outcome, `round ${round}`).toMatchObject({ outcome: 'invalid' });
					expect(await reportsOn(visitId)).toHaveLength(0);
				} else {
					expect(reset).toBe(CHECKLIST_LOCKED);
					expect(outcome, `round ${round}`).toMatchObject({ outcome: 'stored' });
					const [report] = await reportsOn(visitId);
					expect((await ratingsOf(report.id)).map((r) => r.itemId).sort()).toEqual([...itemIds].sort());
					expect((await itemsOf(programmeId)).sort()).toEqual([...itemIds].sort());
				}
			}
		});

		it('a cancel and a report: the cancel is refused, or the report is', async () => {
			const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
			for (let round = 0; round < ROUNDS; round++) {
				const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
				const [outcome, cancel] = await Promise.all([send(jay, visitId, itemIds), tried(cancelVisit(db, champion, visitId, NOW))]);
				const [visit] = await db.select().from(shoppingVisits).where(eq(shoppingVisits.id, visitId));
				if (cancel === null) {
					expect(outcome, `round ${round}`).toMatchObject({ outcome: 'cancelled' });
					expect(visit.status).toBe('cancelled');
					expect(await reportsOn(visitId)).toHaveLength(0);
				} else {
					expect(cancel).toContain('already sent a report');
					expect(outcome, `round ${round}`).toMatchObject({ outcome: 'stored' });
					expect(visit.status).toBe('planned');
				}
			}
		});

		it('taking a shopper off and their report: the removal is refused, or the report is', async () => {
			const { programmeId, itemIds } = await quickProgramme(db, champion, contractId);
			for (let round = 0; round < ROUNDS; round++) {
				const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
				const [outcome, removal] = await Promise.all([send(jay, visitId, itemIds), tried(removeShopper(db, champion, visitId, jay.id))]);
				const going = await db.select().from(visitShoppers).where(eq(visitShoppers.visitId, visitId));
				if (removal === null) {
					expect(outcome, `round ${round}`).toMatchObject({ outcome: 'not_found' });
					expect(going).toHaveLength(0);
					expect(await reportsOn(visitId)).toHaveLength(0);
				} else {
					expect(removal).toContain('already sent a report');
					expect(outcome, `round ${round}`).toMatchObject({ outcome: 'stored' });
					expect(going).toHaveLength(1);
				}
			}
		});
	});
});
