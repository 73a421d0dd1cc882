import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { recordConsent, withdrawConsent } from '../../src/lib/server/auth/consent';
import { myVisits, ownReportAnswers, visitBrief, visitsNeedingReport, type VisitBrief } from '../../src/lib/server/mystery-shopping/my-visits';
import { REPORT_BODY_MAX_BYTES, reportScope } from '../../src/lib/server/mystery-shopping/report-input';
import { MAX_CHECKLIST_ITEMS } from '../../src/lib/server/mystery-shopping/checklist';
import { REPORT_TEXT_MAX } from '../../src/lib/monitoring/visit-report';
import { newId } from '../../src/lib/server/db/ids';
import { users } from '../../src/lib/server/auth/schema';
import { submitReport, type ReportSubmission } from '../../src/lib/server/mystery-shopping/reports';
import { approveReport, programmeReports, reportForReview, returnReport } from '../../src/lib/server/mystery-shopping/review';
import { checklistItems, reportRatings, shoppingProgrammes, shoppingReports, shoppingVisits } from '../../src/lib/server/mystery-shopping/schema';
import { contributions } from '../../src/lib/server/participation/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let champion: Person;
let jay: Person;
let mia: Person;
let leo: Person;
let projectId: string;
let programmeId: string;
let itemIds: string[];
let otherOrg: { champion: Person; shopper: Person; visitId: string; programmeId: string };

const NOW = new Date('2026-03-15T12:00:00Z');
let keyCounter = 0;
const key = () => `report-key-${(++keyCounter).toString().padStart(8, '0')}`;

function goodReport(over: Record<string, unknown> = {}) {
	return {
		visitedOn: '2026-03-10',
		ratings: Object.fromEntries(itemIds.map((id, i) => [id, { rating: i === 2 ? 'not_seen' : (i % 5) + 1, comment: i === 0 ? 'Easy to find.' : '' }])),
		wentWell: 'The receptionist spoke to us, not just the adult.',
		couldBeBetter: 'The leaflets were hard to read.',
		otherComments: '',
		...over
	};
}

const send = (visitId: string, over: Partial<ReportSubmission> = {}) =>
	submitReport(db, { actor: jay, visitId, idempotencyKey: key(), report: goodReport(), now: NOW, ...over });

/** allCounts plus this area's tables: "nothing changed" means none of these move. */
async function counts() {
	const c = await allCounts(db);
	for (const table of ['shopping_reports', 'report_ratings', 'contributions']) {
		const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from ${table}`);
		c[table] = Number(row.n);
	}
	return c;
}

const reportsOf = (visitId: string) => db.select().from(shoppingReports).where(eq(shoppingReports.visitId, visitId));

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db);
	champion = await quickUser(db, org, ['champion']);
	const officer = await quickUser(db, org, ['officer']);
	jay = await quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(17, NOW), displayName: 'Jay Patel' });
	mia = await quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(14, NOW), displayName: 'Mia Jones' });
	leo = await quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(13, NOW), displayName: 'Leo' });
	await recordConsent(db, champion, mia.id, { givenBy: 'A parent', relationship: 'mother', givenOn: '2026-01-05', method: 'paper form' }, NOW);
	projectId = await quickProject(db, officer, 'Youth mental health');
	const contractId = await quickContract(db, officer, projectId);
	({ programmeId, itemIds } = await quickProgramme(db, champion, contractId, { hoursPerVisit: 2.5 }));

	const org2 = await makeOrganisation(db, 'Other Council');
	const champion2 = await quickUser(db, org2, ['champion']);
	const shopper2 = await quickUser(db, org2, ['young_person'], { birthMonth: birthMonthYearsAgo(18, NOW) });
	const project2 = await quickProject(db, champion2, 'Elsewhere');
	const contract2 = await quickContract(db, champion2, project2);
	const p2 = await quickProgramme(db, champion2, contract2);
	otherOrg = { champion: champion2, shopper: shopper2, programmeId: p2.programmeId, visitId: await quickVisit(db, champion2, p2.programmeId, [shopper2.id]) };
});

afterAll(async () => {
	await t?.close();
});

describe('sending a report', () => {
	it('stores a report once for the same key sent twice, and refuses a second report with a new key', async () => {
		const visitId = await quickVisit(db, champion, programmeId, [jay.id, mia.id]);
		const k = key();
		const first = await send(visitId, { idempotencyKey: k, scope: reportScope(jay.id, visitId) });
		expect(first.outcome).toBe('stored');
		const again = await send(visitId, { idempotencyKey: k });
		expect(again).toEqual({ outcome: 'already_received', reportId: (first as { reportId: string }).reportId });
		const before = await counts();
		const other = await send(visitId);
		expect(other.outcome).toBe('already_sent');
		expect(await counts()).toEqual(before);

		const [report] = await reportsOf(visitId);
		expect(report).toMatchObject({ shopperId: jay.id, visitedOn: '2026-03-10', status: 'submitted', idempotencyKey: k, couldBeBetter: 'The leaflets were hard to read.' });
		const ratings = await db.select().from(reportRatings).where(eq(reportRatings.reportId, report.id));
		expect(ratings).toHaveLength(itemIds.length);
		expect(ratings.find((r) => r.itemId === itemIds[2])!.rating).toBeNull();
		expect(ratings.find((r) => r.itemId === itemIds[0])).toMatchObject({ rating: 1, comment: 'Easy to find.' });
		const audit = (await auditFor(db, 'shopping_report.submitted')).find((a) => a.targetId === report.id)!;
		expect(audit.detail).toEqual({ visitId });

		// Mia's report on the same visit is her own.
		expect((await send(visitId, { actor: mia })).outcome).toBe('stored');
		expect(await reportsOf(visitId)).toHaveLength(2);
	});

	it('two sends racing with different keys store one report; the other is told it was already sent', async () => {
		const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
		const results = await Promise.all([send(visitId), send(visitId), send(visitId)]);
		expect(results.map((r) => r.outcome).sort()).toEqual(['already_sent', 'already_sent', 'stored']);
		expect(await reportsOf(visitId)).toHaveLength(1);
		const same = key();
		const replays = await Promise.all([send(visitId, { idempotencyKey: same, actor: mia })]);
		expect(replays[0].outcome).toBe('not_found');
	});

	it('the same key racing is stored once and received for the rest', async () => {
		const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
		const k = key();
		const results = await Promise.all([send(visitId, { idempotencyKey: k }), send(visitId, { idempotencyKey: k })]);
		expect(results.map((r) => r.outcome).sort()).toEqual(['already_received', 'stored']);
		expect(await reportsOf(visitId)).toHaveLength(1);
	});

	it('refuses visits not assigned, cancelled visits, other organisations, other people’s scope and withdrawn consent, changing nothing', async () => {
		const mine = await quickVisit(db, champion, programmeId, [mia.id]);
		const notMine = await quickVisit(db, champion, programmeId, [mia.id]);
		const cancelled = await quickVisit(db, champion, programmeId, [jay.id], { status: 'cancelled' });
		const leos = await quickVisit(db, champion, programmeId, [leo.id]);
		const before = await counts();
		expect(await send(notMine)).toMatchObject({ outcome: 'not_found', message: 'We couldn’t find that visit in your visits, so nothing was sent.' });
		expect(await send(cancelled)).toMatchObject({ outcome: 'cancelled' });
		expect(await send(otherOrg.visitId)).toMatchObject({ outcome: 'not_found' });
		expect(await send(otherOrg.visitId, { actor: otherOrg.champion })).toMatchObject({ outcome: 'not_for_you' });
		expect(await send(mine, { actor: null })).toMatchObject({ outcome: 'sign_in' });
		expect(await send(mine, { actor: mia, scope: reportScope(jay.id, mine) })).toMatchObject({ outcome: 'other_person' });
		expect(await send(mine, { actor: mia, idempotencyKey: 'short' })).toMatchObject({ outcome: 'bad_key' });
		expect(await send(leos, { actor: leo })).toMatchObject({ outcome: 'not_allowed', message: expect.stringContaining('consent') });
		expect(await counts()).toEqual(before);

		// Mia's consent is withdrawn after she was assigned: her report is refused, her brief says why.
		const [consent] = await rows<{ id: string }>(db, `select id from consents where user_id = '${mia.id}' and withdrawn_at is null`);
		await withdrawConsent(db, champion, mia.id, consent.id, NOW);
		try {
			const withdrawn = await counts();
			expect(await send(mine, { actor: mia })).toMatchObject({ outcome: 'not_allowed' });
			expect(await counts()).toEqual(withdrawn);
			// Only the reason: no scenarios, supervisor, partners or checklist while she can't go.
			expect(await visitBrief(db, mia, mine, NOW)).toEqual({ visitId: mine, hold: expect.stringContaining('consent') });
		} finally {
			await recordConsent(db, champion, mia.id, { givenBy: 'A parent', relationship: 'mother', givenOn: '2026-03-14', method: 'paper form' }, NOW);
		}
		expect((await send(mine, { actor: mia })).outcome).toBe('stored');
	});

	it('refuses bad reports field by field, changing nothing', async () => {
		const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
		const rated = (rating: unknown) => goodReport({ ratings: { ...goodReport().ratings, [itemIds[0]]: { rating, comment: '' } } });
		const field = `rating-${itemIds[0]}`;
		const cases: [string, unknown, string][] = [
			['rating 0', rated(0), field],
			['rating 6', rated(6), field],
			['rating "abc"', rated('abc'), field],
			['rating "3" as text', rated('3'), field],
			['rating 2.5', rated(2.5), field],
			['no rating', rated(undefined), field],
			['unknown item', goodReport({ ratings: { ...goodReport().ratings, zzzzzzzzzzzzzzzz: { rating: 3, comment: '' } } }), 'form'],
			['an item missing', goodReport({ ratings: Object.fromEntries(itemIds.slice(1).map((id) => [id, { rating: 3, comment: '' }])) }), field],
			['comment too long', goodReport({ ratings: { ...goodReport().ratings, [itemIds[0]]: { rating: 3, comment: 'x'.repeat(2001) } } }), `comment-${itemIds[0]}`],
			['went well too long', goodReport({ wentWell: 'x'.repeat(2001) }), 'wentWell'],
			['NUL', goodReport({ couldBeBetter: 'a\u0000b' }), 'couldBeBetter'],
			['NUL in a comment', goodReport({ ratings: { ...goodReport().ratings, [itemIds[1]]: { rating: 3, comment: '\u0000' } } }), `comment-${itemIds[1]}`],
			['lone surrogate', goodReport({ otherComments: 'a\ud800' }), 'otherComments'],
			['words as an object', goodReport({ wentWell: { $ne: 1 } }), 'wentWell'],
			['no date', goodReport({ visitedOn: '' }), 'visitedOn'],
			['not a date', goodReport({ visitedOn: '2026-02-30' }), 'visitedOn'],
			['before the window', goodReport({ visitedOn: '2026-02-28' }), 'visitedOn'],
			['in the future', goodReport({ visitedOn: '2026-03-20' }), 'visitedOn'],
			['an extra field', goodReport({ photo: 'data:image/png;base64,AAAA' }), 'form'],
			['a location', goodReport({ ratings: { ...goodReport().ratings, [itemIds[0]]: { rating: 3, comment: '', lat: 51.5 } } }), 'form'],
			['ratings as a list', goodReport({ ratings: [3, 3] }), 'form'],
			['report as a list', [1, 2], 'form'],
			['report as text', 'hello', 'form']
		];
		const before = await counts();
		for (const [label, report, where] of cases) {
			const outcome = await send(visitId, { report });
			expect(outcome.outcome, label).toBe('invalid');
			expect(Object.keys((outcome as { errors: Record<string, string> }).errors), label).toContain(where);
		}
		expect(await counts()).toEqual(before);
		const outcome = await send(visitId, { report: rated(6) });
		expect((outcome as { errors: Record<string, string> }).errors[field]).toBe('Please pick a number from 1 to 5, or “I didn’t see this”.');
		expect((await send(visitId, { report: goodReport({ visitedOn: '2026-03-15' }) })).outcome).toBe('stored');
	});

	it('takes the longest report the rules allow, and that report fits the endpoint’s body cap', async () => {
		const { programmeId: longId, itemIds: ids } = await quickProgramme(db, champion, await quickContract(db, champion, projectId));
		for (let position = ids.length; position < MAX_CHECKLIST_ITEMS; position++) {
			const id = newId();
			await db.insert(checklistItems).values({ id, programmeId: longId, position, theme: 'welcome', question: `Question ${position + 1}?` });
			ids.push(id);
		}
		const visitId = await quickVisit(db, champion, longId, [jay.id]);
		const longest = '中'.repeat(REPORT_TEXT_MAX);
		const report = { visitedOn: '2026-03-10', ratings: Object.fromEntries(ids.map((id) => [id, { rating: 5, comment: longest }])), wentWell: longest, couldBeBetter: longest, otherComments: longest };
		const envelope = JSON.stringify({ idempotencyKey: key(), answers: report, scope: reportScope(jay.id, visitId) });
		expect(Buffer.byteLength(envelope)).toBeLessThanOrEqual(REPORT_BODY_MAX_BYTES);
		expect((await send(visitId, { report })).outcome).toBe('stored');
	});
});

describe('the shopper’s own visits', () => {
	it('lists only their visits, not cancelled ones, by what needs doing', async () => {
		const person = await quickUser(db, org, ['parent_carer'], { birthMonth: birthMonthYearsAgo(40, NOW), displayName: 'Priya Shah' });
		const due = await quickVisit(db, champion, programmeId, [person.id, jay.id]);
		const later = await quickVisit(db, champion, programmeId, [person.id], { windowFrom: '2026-04-01', windowTo: '2026-04-30' });
		await quickVisit(db, champion, programmeId, [person.id], { status: 'cancelled' });
		await quickVisit(db, champion, programmeId, [jay.id]);
		const visits = await myVisits(db, person, NOW);
		expect(visits.map((v) => [v.visitId, v.stage])).toEqual([
			[due, 'to_report'],
			[later, 'upcoming']
		]);
		expect(await visitsNeedingReport(db, person, NOW)).toBe(1);
		const brief = (await visitBrief(db, person, due, NOW)) as VisitBrief;
		expect(brief).toMatchObject({ partners: ['Jay'], supervisor: 'Sam (youth worker)', hold: null, scope: reportScope(person.id, due) });
		expect(brief.scenarios.map((s) => s.script)).toEqual(['Ask at reception how the drop-in works and who it is for.']);
		expect(brief.items.map((i) => i.id)).toEqual(itemIds);
		await expectInputError(visitBrief(db, person, otherOrg.visitId, NOW));
		await expectInputError(visitBrief(db, mia, due, NOW));
	});
	it('while their account is switched off, a visit shows only why: nothing of the brief', async () => {
		const person = await quickUser(db, org, ['parent_carer'], { birthMonth: birthMonthYearsAgo(40, NOW), displayName: 'Sam Okafor' });
		const visitId = await quickVisit(db, champion, programmeId, [person.id, jay.id]);
		expect((await visitBrief(db, person, visitId, NOW)).hold).toBeNull();
		await db.update(users).set({ disabledAt: NOW }).where(eq(users.id, person.id));
		const brief = await visitBrief(db, person, visitId, NOW);
		expect(brief).toEqual({ visitId, hold: expect.stringContaining('switched off') });
		expect(JSON.stringify(brief)).not.toMatch(/Sam \(youth worker\)|Jay|reception|welcom/i);
		await expectInputError(visitBrief(db, person, otherOrg.visitId, NOW));
	});
});

describe('reviewing reports', () => {
	it('returns with a note, takes the changed report again, then approves and credits hours exactly once', async () => {
		const visitId = await quickVisit(db, champion, programmeId, [jay.id]);
		const first = await send(visitId);
		const reportId = (first as { reportId: string }).reportId;
		expect((await programmeReports(db, champion, programmeId, 'waiting')).reports.map((r) => r.id)).toContain(reportId);

		const before = await counts();
		await expectInputError(returnReport(db, champion, reportId, { note: '   ' }, NOW), 'note');
		await expectInputError(returnReport(db, champion, reportId, { note: 'a\u0000' }, NOW), 'note');
		await expectInputError(returnReport(db, champion, reportId, { note: 'x'.repeat(2001) }, NOW), 'note');
		await expectInputError(returnReport(db, otherOrg.champion, reportId, { note: 'Please add more.' }, NOW));
		await expectInputError(approveReport(db, otherOrg.champion, reportId, NOW));
		await expectInputError(reportForReview(db, otherOrg.champion, programmeId, reportId));
		await expectInputError(reportForReview(db, champion, otherOrg.programmeId, reportId));
		await expectInputError(programmeReports(db, champion, otherOrg.programmeId));
		expect(await counts()).toEqual(before);

		await returnReport(db, champion, reportId, { note: 'Please say more about the waiting room.' }, NOW);
		const mine = (await myVisits(db, jay, NOW)).find((v) => v.visitId === visitId)!;
		expect(mine).toMatchObject({ stage: 'returned', reviewNote: 'Please say more about the waiting room.' });
		await expectInputError(approveReport(db, champion, reportId, NOW));
		expect((await ownReportAnswers(db, jay, reportId))?.wentWell).toBe('The receptionist spoke to us, not just the adult.');
		expect(await ownReportAnswers(db, mia, reportId)).toBeNull();

		// Resent with a new key: it replaces the ratings and words, back to waiting for review.
		const changed = goodReport({ couldBeBetter: 'The waiting room had no chairs for us.', ratings: Object.fromEntries(itemIds.map((id) => [id, { rating: 4, comment: '' }])) });
		const again = await send(visitId, { report: changed });
		expect(again).toEqual({ outcome: 'stored', reportId, resent: true });
		const [report] = await reportsOf(visitId);
		expect(report).toMatchObject({ status: 'submitted', couldBeBetter: 'The waiting room had no chairs for us.', reviewNote: 'Please say more about the waiting room.' });
		const ratings = await db.select().from(reportRatings).where(eq(reportRatings.reportId, reportId));
		expect(ratings.map((r) => r.rating)).toEqual(itemIds.map(() => 4));
		expect((await send(visitId)).outcome).toBe('already_sent');

		await approveReport(db, champion, reportId, NOW);
		await expectInputError(approveReport(db, champion, reportId, NOW));
		await expectInputError(returnReport(db, champion, reportId, { note: 'Too late.' }, NOW));
		const credited = await db.select().from(contributions).where(and(eq(contributions.activity, 'mystery_shopping'), eq(contributions.sourceId, reportId)));
		expect(credited).toHaveLength(1);
		expect(credited[0]).toMatchObject({ userId: jay.id, projectId, hours: 2.5, happenedOn: '2026-03-10', description: 'Mystery shopping: Youth counselling service', organisationId: org, creditedBy: champion.id });
		const audit = (await auditFor(db, 'shopping_report.approved')).find((a) => a.targetId === reportId)!;
		expect(audit.detail).toEqual({ visitId, programmeId, contributionId: credited[0].id });
		expect((await myVisits(db, jay, NOW)).find((v) => v.visitId === visitId)!.stage).toBe('approved');
		expect((await send(visitId)).outcome).toBe('already_sent');

		const review = await reportForReview(db, champion, programmeId, reportId);
		expect(review.report).toMatchObject({ shopperName: 'Jay Patel', status: 'approved' });
		expect(review.ratings).toHaveLength(itemIds.length);
	});

	it('two approvals racing credit the hours once', async () => {
		const visitId = await quickVisit(db, champion, programmeId, [mia.id]);
		const { reportId } = (await send(visitId, { actor: mia })) as { reportId: string };
		const results = await Promise.allSettled([approveReport(db, champion, reportId, NOW), approveReport(db, champion, reportId, NOW)]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await db.select().from(contributions).where(eq(contributions.sourceId, reportId))).toHaveLength(1);
	});

	it('a programme’s reports are listed by state, and only in its own organisation', async () => {
		const all = await programmeReports(db, champion, programmeId, 'all');
		expect(all.counts.all).toBe(all.reports.length);
		expect(all.counts.waiting + all.counts.returned + all.counts.approved).toBe(all.counts.all);
		expect((await programmeReports(db, champion, programmeId, 'approved')).reports.every((r) => r.status === 'approved')).toBe(true);
		const [p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(all.programme.title).toBe(p.title);
		const [v] = await db.select({ id: shoppingVisits.id }).from(shoppingVisits).where(eq(shoppingVisits.programmeId, otherOrg.programmeId));
		expect(v.id).toBe(otherOrg.visitId);
	});
});
