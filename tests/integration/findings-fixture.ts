// The findings tests' council: one contract's programme with five visits in two quarters, eight
// approved reports (and two not approved), a second contract's programme, and an officer of
// another council. Shared by findings.test.ts and findings-summary.test.ts.
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { reportRatings, shoppingReports } from '../../src/lib/server/mystery-shopping/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickUser } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

export type Person = Awaited<ReturnType<typeof quickUser>>;

export interface FindingsWorld {
	t: TestDatabase;
	db: Db;
	org: string;
	officer: Person;
	outsider: Person;
	projectId: string;
	contractId: string;
	programmeId: string;
	itemIds: string[];
	shoppers: Record<string, Person>;
}

/** Ratings in the default checklist's order: first contact, welcome, accessibility, information, environment, overall, recommend. */
type Ratings = (number | null)[];
async function report(
	w: { db: Db; officer: Person; itemIds: string[] },
	visitId: string,
	shopper: Person,
	visitedOn: string,
	ratings: Ratings,
	options: { status?: 'submitted' | 'approved' | 'returned'; items?: string[]; comments?: Record<number, string>; wentWell?: string; couldBeBetter?: string; otherComments?: string } = {}
) {
	const id = newId();
	await w.db.insert(shoppingReports).values({
		id,
		visitId,
		shopperId: shopper.id,
		idempotencyKey: newId(),
		visitedOn,
		wentWell: options.wentWell ?? '',
		couldBeBetter: options.couldBeBetter ?? '',
		otherComments: options.otherComments ?? '',
		status: options.status ?? 'approved',
		reviewedAt: options.status === 'submitted' ? null : new Date(),
		reviewedBy: options.status === 'submitted' ? null : w.officer.id
	});
	const items = options.items ?? w.itemIds;
	await w.db.insert(reportRatings).values(ratings.map((rating, i) => ({ reportId: id, itemId: items[i], rating, comment: options.comments?.[i] ?? '' })));
	return id;
}

export const R: Record<string, Ratings> = {
	r1: [4, 5, 3, 4, 4, 4, 5],
	r2: [3, 5, 3, 4, 4, 4, 4],
	r3: [4, 4, 2, 5, 4, 4, 4],
	r4: [5, 5, 3, 4, 4, 5, 5],
	r5: [4, 5, null, 4, 4, 4, 4],
	r6: [3, 4, 3, 3, 4, 4, 4],
	r7: [2, 4, 3, 3, 4, 3, 3],
	r8: [3, 4, 2, 4, 4, 3, 4]
};
export const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export async function seedFindingsWorld(): Promise<FindingsWorld> {
	const t = await createTestDatabase();
	const db = t.db;
	const org = await makeOrganisation(db, 'Findings Council');
	const officer = await quickUser(db, org, ['officer']);
	const shoppers: Record<string, Person> = {};
	const people: [string, string, string][] = [
		['aisha', 'Aisha', 'aisha-y'],
		['ben', 'Ben Carter', 'bcarter'],
		['tom', 'Tom', 'tom-k'],
		['chris', 'Chris Park', 'chris_p'],
		['dana', 'Dana', 'dana1'],
		['eli', 'Eli', 'eli2'],
		['zed', 'Zed', 'zed-q']
	];
	for (const [key, displayName, username] of people) shoppers[key] = await quickUser(db, org, ['young_person'], { displayName, username });
	const projectId = await quickProject(db, officer, 'Youth counselling');
	const contractId = await quickContract(db, officer, projectId);
	const { programmeId, itemIds } = await quickProgramme(db, officer, contractId);
	const w = { db, officer, itemIds };
	const { aisha, ben, tom, chris, dana, eli, zed } = shoppers;
	const v1 = await quickVisit(db, officer, programmeId, [aisha.id, ben.id], { windowFrom: '2026-01-15', windowTo: '2026-01-31' });
	const v2 = await quickVisit(db, officer, programmeId, [tom.id, chris.id], { windowFrom: '2026-02-01', windowTo: '2026-02-28' });
	const v3 = await quickVisit(db, officer, programmeId, [dana.id, eli.id], { windowFrom: '2026-03-01', windowTo: '2026-03-31' });
	const v4 = await quickVisit(db, officer, programmeId, [aisha.id, tom.id, zed.id], { windowFrom: '2026-05-01', windowTo: '2026-05-31' });
	const v5 = await quickVisit(db, officer, programmeId, [ben.id, chris.id], { windowFrom: '2026-06-01', windowTo: '2026-06-30' });
	await report(w, v1, aisha, '2026-01-20', R.r1, { comments: { 1: 'They spoke to Ben and me, not just the youth worker.' }, wentWell: 'The receptionist smiled at AISHA straight away.' });
	await report(w, v1, ben, '2026-01-20', R.r2, { comments: { 1: 'Friendly, and Ben Carter got a leaflet too.' }, couldBeBetter: 'The sign outside is hard to see.' });
	await report(w, v2, tom, '2026-02-14', R.r3, { couldBeBetter: 'Tomorrow’s sessions were not on the board.', otherComments: 'chris_p thought the music was too loud.' });
	await report(w, v2, chris, '2026-02-14', R.r4, { wentWell: 'Zed said the chairs were comfy.' });
	await report(w, v3, dana, '2026-03-10', R.r5, { comments: { 2: 'We didn’t try the lift.' } });
	await report(w, v3, eli, '2026-03-10', R.r6, { otherComments: '=HYPERLINK("http://x") was written on the board.' });
	await report(w, v4, aisha, '2026-05-05', R.r7, { couldBeBetter: 'Nobody explained what happens next.' });
	await report(w, v4, tom, '2026-05-05', R.r8);
	// Not approved: never counted, however they rate.
	await report(w, v5, ben, '2026-06-03', [1, 1, 1, 1, 1, 1, 1], { status: 'submitted', wentWell: 'SUBMITTED-ONLY comment' });
	await report(w, v5, chris, '2026-06-03', [1, 1, 1, 1, 1, 1, 1], { status: 'returned', wentWell: 'RETURNED-ONLY comment' });
	// Another contract of the same council: its reports belong to its own findings.
	const otherContract = await quickContract(db, officer, projectId, { title: 'Another service' });
	const other = await quickProgramme(db, officer, otherContract, { title: 'Other service checks' });
	const v6 = await quickVisit(db, officer, other.programmeId, [dana.id], { windowFrom: '2026-04-01', windowTo: '2026-04-30' });
	await report(w, v6, dana, '2026-04-10', [1, 1, 1, 1, 1, 1, 1], { items: other.itemIds, wentWell: 'OTHER-CONTRACT comment' });

	const otherOrg = await makeOrganisation(db, 'Elsewhere Council');
	const outsider = await quickUser(db, otherOrg, ['officer']);
	return { t, db, org, officer, outsider, projectId, contractId, programmeId, itemIds, shoppers };
}
