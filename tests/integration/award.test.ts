import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { awardPage, getAward, publishAward, recordAward, thankPanels } from '../../src/lib/server/evaluation/award';
import { approvalBands } from '../../src/lib/server/organisations/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickProject } from '../helpers/projects';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { awardFixture, awardInput, BIDDERS, NOW, type AwardFixture } from './award-fixture';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let officerB: Person;
let projectId: string;
let f: AwardFixture;
let other: AwardFixture;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	officerB = await quickUser(db, orgB, ['officer']);
	projectId = await quickProject(db, officer);
	f = await awardFixture(db, officer, projectId, 'AW/1');
	other = await awardFixture(db, officer, projectId, 'AW/2', 'moderating');
}, 60_000);
afterAll(async () => t?.close());

/** Everything an award could change, to prove a refusal changed nothing. */
async function snapshot(tenderId: string) {
	const [tender] = await rows(db, `select status, scoring_published_at, updated_at from tenders where id = '${tenderId}'`);
	const award = await rows(db, `select * from awards where tender_id = '${tenderId}'`);
	const panels = await rows(db, `select thanks_message, thanked_at from panels where tender_id = '${tenderId}' order by id`);
	const [audit] = await rows<{ n: number }>(db, `select count(*)::int as n from audit_log where target_id = '${tenderId}'`);
	return { tender, award, panels, audit: audit.n };
}

describe('recording the award', () => {
	it('is refused before the evaluation is finalised, changing nothing', async () => {
		const before = await snapshot(other.tenderId);
		await expectInputError(recordAward(db, officer, other.tenderId, awardInput(other.bids.x), NOW));
		await expectInputError(publishAward(db, officer, other.tenderId, NOW));
		await expectInputError(thankPanels(db, officer, other.tenderId, { message: 'Thanks!' }, NOW));
		expect(await snapshot(other.tenderId)).toEqual(before);
	});

	it('refuses hostile input with a plain message on the right field, changing nothing', async () => {
		const before = await snapshot(f.tenderId);
		const cases: [Record<string, string>, string][] = [
			[{ winningBidId: other.bids.x }, 'winningBidId'], // another tender's bid
			[{ winningBidId: 'not-an-id' }, 'winningBidId'],
			[{ winningBidId: 'zzzzzzzzzzzzzzzz' }, 'winningBidId'],
			[{ value: 'lots' }, 'value'],
			[{ value: '0' }, 'value'],
			[{ value: '-5' }, 'value'],
			[{ value: '99999999999' }, 'value'],
			[{ startsOn: '2029-03-31', endsOn: '2026-04-01' }, 'endsOn'],
			[{ endsOn: '2026-04-01' }, 'endsOn'],
			[{ startsOn: '2026-03-01' }, 'startsOn'], // before the decision
			[{ startsOn: '2026-02-30' }, 'startsOn'],
			[{ decidedOn: '2026-03-16' }, 'decidedOn'], // the future (NOW is 15 March)
			[{ decidedOn: '2026-02-19' }, 'decidedOn'], // before bids closed
			[{ decidedOn: '' }, 'decidedOn'],
			[{ approved: '' }, 'approved'],
			[{ approved: 'no' }, 'approved'],
			[{ rationale: '' }, 'rationale'],
			[{ rationale: 'x'.repeat(4001) }, 'rationale'],
			[{ rationale: 'Best bid\u0000' }, 'rationale'],
			[{ winningBidId: f.bids.y, rationale: 'Cheaper.' }, 'rationale'] // not top-ranked, no real reason
		];
		for (const [over, field] of cases) {
			const err = await expectInputError(recordAward(db, officer, f.tenderId, awardInput(f.bids.x, over), NOW), field);
			expect(err.message.length, JSON.stringify(over)).toBeGreaterThan(10);
		}
		await expect(recordAward(db, officerB, f.tenderId, awardInput(f.bids.x), NOW)).rejects.toThrow('That tender does not exist.');
		await expect(recordAward(db, officer, f.tenderId, { ...awardInput(f.bids.x), value: 'x'.repeat(100_000) }, NOW)).rejects.toThrow();
		expect(await snapshot(f.tenderId)).toEqual(before);
	});

	it('refuses a value no approval band covers', async () => {
		const bands = await db.select().from(approvalBands).where(eq(approvalBands.organisationId, officer.organisationId));
		const open = bands.find((b) => b.toPence === null)!;
		await db.delete(approvalBands).where(eq(approvalBands.id, open.id));
		try {
			const before = await snapshot(f.tenderId);
			const err = await expectInputError(recordAward(db, officer, f.tenderId, awardInput(f.bids.x, { value: '600,000' }), NOW), 'value');
			expect(err.message).toContain('No approval band covers £600,000');
			expect(await snapshot(f.tenderId)).toEqual(before);
		} finally {
			await db.insert(approvalBands).values(open);
		}
	});

	it('records the top-ranked bid with the approver the bands give for its value, audited by ids only', async () => {
		await recordAward(db, officer, f.tenderId, awardInput(f.bids.x), NOW);
		const award = await getAward(db, officer.organisationId, f.tenderId);
		expect(award).toMatchObject({
			winningBidId: f.bids.x,
			winnerName: BIDDERS.x.bidderName,
			valuePence: 10_000_000,
			startsOn: '2026-04-01',
			endsOn: '2029-03-31',
			decidedOn: '2026-03-10',
			// £100,000 falls in £500 to under £500,000.01: the senior leadership team.
			approvedBy: 'Senior leadership team',
			publishedAt: null
		});
		const [tender] = await rows<{ status: string }>(db, `select status from tenders where id = '${f.tenderId}'`);
		expect(tender.status).toBe('awarded');
		const [entry] = (await auditFor(db, 'award.recorded')).filter((a) => a.targetId === f.tenderId);
		expect(entry.detail).toEqual({ winningBidId: f.bids.x, valuePence: 10_000_000, topRanked: true });
		const page = await awardPage(db, officer.organisationId, f.tenderId);
		expect(page.ranking.map((r) => [r.label, Math.round(r.total * 100) / 100, r.rank])).toEqual(
			[
				[page.ranking.find((r) => r.bidId === f.bids.x)!.label, 79, 1],
				[page.ranking.find((r) => r.bidId === f.bids.y)!.label, 73, 2],
				[page.ranking.find((r) => r.bidId === f.bids.z)!.label, 48.2, 3]
			]
		);
		expect(page).toMatchObject({ canRecord: true, canPublish: true, canThank: false });
	});

	it('can change the decision until it is published; another bid needs a reason that says why', async () => {
		const why = 'Bid X cannot start on time; Y was a close second and can start in April as planned.';
		await recordAward(db, officer, f.tenderId, awardInput(f.bids.y, { rationale: why, value: '80000' }), NOW);
		let award = await getAward(db, officer.organisationId, f.tenderId);
		expect(award).toMatchObject({ winningBidId: f.bids.y, valuePence: 8_000_000, rationale: why });
		const [changed] = (await auditFor(db, 'award.changed')).filter((a) => a.targetId === f.tenderId);
		expect(changed.detail).toMatchObject({ winningBidId: f.bids.y, topRanked: false });
		// Nothing in the audit log names a bidder or repeats the reason.
		const audit = JSON.stringify(await rows(db, `select * from audit_log where target_id = '${f.tenderId}'`));
		for (const b of Object.values(BIDDERS)) expect(audit).not.toContain(b.bidderName);
		expect(audit).not.toContain('close second');
		await recordAward(db, officer, f.tenderId, awardInput(f.bids.x), NOW);
		award = await getAward(db, officer.organisationId, f.tenderId);
		expect(award?.winningBidId).toBe(f.bids.x);
	});
});

describe('publishing the award and thanking the panels', () => {
	it('thanks nobody before the award is published, and refuses other organisations', async () => {
		const before = await snapshot(f.tenderId);
		await expectInputError(thankPanels(db, officer, f.tenderId, { message: 'Thank you all!' }, NOW));
		await expect(publishAward(db, officerB, f.tenderId, NOW)).rejects.toThrow('That tender does not exist.');
		await expect(thankPanels(db, officerB, f.tenderId, { message: 'Thank you all!' }, NOW)).rejects.toThrow('That tender does not exist.');
		expect(await snapshot(f.tenderId)).toEqual(before);
	});

	it('publishes once (with the scoring system), then the decision can’t change', async () => {
		await publishAward(db, officer, f.tenderId, NOW);
		const award = await getAward(db, officer.organisationId, f.tenderId);
		expect(award?.publishedAt?.toISOString()).toBe(NOW.toISOString());
		const [tender] = await rows<{ scoring_published_at: Date | string }>(db, `select scoring_published_at from tenders where id = '${f.tenderId}'`);
		expect(tender.scoring_published_at).not.toBeNull();
		expect((await auditFor(db, 'award.published')).filter((a) => a.targetId === f.tenderId)).toHaveLength(1);
		const before = await snapshot(f.tenderId);
		await expectInputError(publishAward(db, officer, f.tenderId, NOW));
		const err = await expectInputError(recordAward(db, officer, f.tenderId, awardInput(f.bids.x, { value: '90000' }), NOW));
		expect(err.message).toBe('The award is published, so it can’t change now.');
		expect(await snapshot(f.tenderId)).toEqual(before);
		expect(await awardPage(db, officer.organisationId, f.tenderId)).toMatchObject({ canRecord: false, canPublish: false, canThank: true });
	});

	it('then thanks every panel of the tender with the message; hostile messages change nothing', async () => {
		const before = await snapshot(f.tenderId);
		await expectInputError(thankPanels(db, officer, f.tenderId, { message: '' }, NOW), 'message');
		await expectInputError(thankPanels(db, officer, f.tenderId, { message: 'x'.repeat(2001) }, NOW), 'message');
		await expectInputError(thankPanels(db, officer, f.tenderId, { message: 'Thanks\u0000' }, NOW), 'message');
		expect(await snapshot(f.tenderId)).toEqual(before);
		expect(await thankPanels(db, officer, f.tenderId, { message: '  Thank you for your scores!  ' }, NOW)).toBe(2);
		const panels = await rows<{ thanks_message: string; thanked_at: unknown }>(db, `select thanks_message, thanked_at from panels where tender_id = '${f.tenderId}'`);
		expect(panels.map((p) => p.thanks_message)).toEqual(['Thank you for your scores!', 'Thank you for your scores!']);
		expect(panels.every((p) => p.thanked_at)).toBe(true);
		// Another tender's panels are untouched.
		const untouched = await rows<{ thanked_at: unknown }>(db, `select thanked_at from panels where tender_id = '${other.tenderId}'`);
		expect(untouched.every((p) => p.thanked_at === null)).toBe(true);
		const [entry] = (await auditFor(db, 'panels.thanked')).filter((a) => a.targetId === f.tenderId);
		expect(entry.detail).toEqual({ panels: 2 });
	});

	it('publishing needs a recorded award', async () => {
		const fresh = await awardFixture(db, officer, projectId, 'AW/3');
		const before = await snapshot(fresh.tenderId);
		const err = await expectInputError(publishAward(db, officer, fresh.tenderId, NOW));
		expect(err.message).toBe('Record the award before publishing it.');
		expect(await snapshot(fresh.tenderId)).toEqual(before);
	});
});
