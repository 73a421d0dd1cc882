// The set-up pages' reads and the functions added for them: who can join a panel (and why not),
// taking a member off, changing a panel, starting an anonymised answer from the bidder's own,
// and what each read shows (bidder identity to officers only, declared interests only when asked).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent } from '../../src/lib/server/auth/consent';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { addBid, copyOriginalAnswer, prepareAnonymised, releaseBid } from '../../src/lib/server/evaluation/bids';
import { addMember, createPanel, panelCandidates, removeMember, updatePanel } from '../../src/lib/server/evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../../src/lib/server/evaluation/membership';
import { panelMembers, panels, panelScores, tenders } from '../../src/lib/server/evaluation/schema';
import { evaluationInput } from '../../src/lib/server/evaluation/evaluation-input';
import { saveScore, submitScores } from '../../src/lib/server/evaluation/scores';
import { bidDetail, bidOfTender, bidsPage, listTenders, memberTender, panelsPage, panelTender, tenderLinks, tenderOverview, windowInput } from '../../src/lib/server/evaluation/setup-pages';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let officer: Person;
let champion: Person;
let officerB: Person;
let projectId: string;
let otherProjectId: string;

let tenderId: string;
let quality: string;
let young: string;
let q1: string;
let y1: string;
let bidId: string;
let youngPanel: string;
let staffPanel: string;
let otherTenderId: string;
let otherPanel: string;

async function counts() {
	const [row] = await rows<Record<string, number>>(
		db,
		`select (select count(*)::int from panel_members) as m, (select count(*)::int from panels) as p, (select count(*)::int from audit_log) as a,
		 (select count(*)::int from bid_answers where anonymised_text is not null) as an,
		 (select string_agg(status, ',' order by id) from panel_members) as statuses,
		 (select string_agg(quorum::text || coalesce(opens_at::text, '-') || coalesce(closes_at::text, '-'), ',' order by id) from panels) as windows`
	);
	return row;
}

async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await counts();
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await counts()).toEqual(before);
}

const person = (roles: Person['roles'], displayName: string, age?: number, org = orgA) =>
	quickUser(db, org, roles, { displayName, birthMonth: age === undefined ? null : birthMonthYearsAgo(age) });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer'], { displayName: 'Owen Officer' });
	champion = await quickUser(db, orgA, ['champion'], { displayName: 'Chloe Champion' });
	officerB = await quickUser(db, orgB, ['officer']);
	projectId = await quickProject(db, officer, 'Short breaks');
	otherProjectId = await quickProject(db, officer, 'Youth work');

	const tender = await createTender(db, officer, projectId, {
		title: 'Short breaks lot 1',
		reference: 'PG/2026/1',
		publishedOn: '2026-12-01',
		closesOn: '2026-12-20',
		contractValue: '1260000',
		contractMonths: '36'
	});
	tenderId = tender.id;
	quality = await addSection(db, officer, tenderId, { name: 'Quality', about: '', audience: 'staff' });
	young = await addSection(db, officer, tenderId, { name: 'Young people', about: '', audience: 'young_people' });
	q1 = await addCriterion(db, officer, tenderId, { sectionId: quality, title: 'Safety', guidance: '', weight: '60', price: false, presentation: false });
	await addCriterion(db, officer, tenderId, { sectionId: quality, title: 'Price', guidance: '', weight: '25', price: true, presentation: false });
	y1 = await addCriterion(db, officer, tenderId, { sectionId: young, title: 'A good break', guidance: '', weight: '15', price: false, presentation: true });
	bidId = await addBid(db, officer, tenderId, {
		bidderName: 'Brightwater Youth Trust Ltd',
		contactName: 'Dana Fox',
		contactEmail: 'dana@brightwater.org.uk',
		contactPhone: '0161 496 0000',
		price: '98,500',
		answers: { [q1]: 'Brightwater trains every worker. Call Dana on 0161 496 0000.', [y1]: 'Children choose.' }
	});
	youngPanel = await createPanel(db, officer, tenderId, young, { quorum: '2', opensAt: '2026-07-01T18:00', closesAt: '2026-12-01T09:30' });
	staffPanel = await createPanel(db, officer, tenderId, quality, { quorum: '1', opensAt: '', closesAt: '' });

	const other = await createTender(db, officer, otherProjectId, { title: 'Youth work', reference: 'PG/2026/2', publishedOn: '', closesOn: '', contractValue: '100', contractMonths: '12' });
	otherTenderId = other.id;
	const otherSection = await addSection(db, officer, otherTenderId, { name: 'All', about: '', audience: 'staff' });
	otherPanel = await createPanel(db, officer, otherTenderId, otherSection, { quorum: '1', opensAt: '', closesAt: '' });
});
afterAll(async () => t?.close());

describe('who can join a panel', () => {
	it('lists only the people the panel is for, and says plainly why some can’t join yet', async () => {
		const jay = await person(['young_person'], 'Jay', 17);
		const leo = await person(['young_person'], 'Leo', 13);
		const mia = await person(['young_person'], 'Mia', 14);
		await recordConsent(db, champion, mia.id, { givenBy: 'Ann', relationship: 'Mother', givenOn: '2026-01-10', method: 'paper form' });
		const off = await person(['young_person'], 'Sol', 19);
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, off.id));
		await person(['parent_carer'], 'Priya');
		await person(['young_person'], 'Kim', 17, officerB.organisationId);

		const forYoung = await panelCandidates(db, orgA, youngPanel);
		expect(forYoung.available.map((p) => p.displayName)).toEqual(['Jay', 'Mia']);
		expect(forYoung.unavailable).toEqual([
			{ userId: leo.id, displayName: 'Leo', reason: 'Leo needs a parent’s consent on record before joining a panel.' },
			{ userId: off.id, displayName: 'Sol', reason: 'Sol’s account is switched off.' }
		]);
		const forStaff = await panelCandidates(db, orgA, staffPanel);
		// A staff panel reads every anonymised answer: only officers, who may see bids, sit on one.
		expect(forStaff.available.map((p) => p.displayName)).toEqual(['Owen Officer']);
		expect(forStaff.unavailable).toEqual([{ userId: champion.id, displayName: 'Chloe Champion', reason: 'Chloe Champion can’t see bids: only officers sit on a staff panel.' }]);

		// Whoever is on the panel drops off the list; adding those who can't is refused by the domain too.
		await addMember(db, officer, youngPanel, jay.id);
		expect((await panelCandidates(db, orgA, youngPanel)).available.map((p) => p.displayName)).toEqual(['Mia']);
		await refused(() => addMember(db, officer, youngPanel, leo.id), /needs a parent’s consent/, 'userId');
		await refused(() => addMember(db, officer, youngPanel, off.id), /switched off/, 'userId');
		await expect(panelCandidates(db, officerB.organisationId, youngPanel)).rejects.toThrow('That panel does not exist.');
	});
});

describe('taking a member off a panel', () => {
	it('marks them removed, audited with ids only; their submitted scores stop counting', async () => {
		const ria = await person(['young_person'], 'Ria', 17);
		const memberId = await addMember(db, champion, youngPanel, ria.id);
		await acceptConfidentiality(db, ria, youngPanel);
		await declareInterests(db, ria, youngPanel, { hasInterest: false, details: '' });
		// Score while evaluating, with the window open (a panel of its own, so the dates above don't matter).
		await db.update(panels).set({ opensAt: null, closesAt: null }).where(eq(panels.id, youngPanel));
		await prepareAnonymised(db, officer, bidId, q1, 'We train every worker.');
		await prepareAnonymised(db, officer, bidId, y1, 'Children choose.');
		await releaseBid(db, officer, bidId);
		await db.update(tenders).set({ status: 'evaluating' }).where(eq(tenders.id, tenderId));
		await saveScore(db, ria, youngPanel, { bidId, criterionId: y1, score: 4 });
		await submitScores(db, ria, youngPanel, bidId);
		expect((await evaluationInput(db, orgA, tenderId)).scores.filter((s) => s.memberId === memberId)).toHaveLength(1);

		await removeMember(db, champion, memberId);
		const [row] = await db.select().from(panelMembers).where(eq(panelMembers.id, memberId));
		expect(row.status).toBe('removed');
		expect((await evaluationInput(db, orgA, tenderId)).scores.filter((s) => s.memberId === memberId)).toHaveLength(0);
		// The scores themselves are kept, for the record.
		expect(await db.select().from(panelScores).where(eq(panelScores.panelMemberId, memberId))).toHaveLength(1);
		const [entry] = (await auditFor(db, 'panel.member_removed')).filter((a) => a.detail?.memberId === memberId);
		expect(entry).toMatchObject({ actorId: champion.id, targetId: youngPanel, detail: { memberId, from: 'active' } });
		expect(JSON.stringify(entry.detail)).not.toContain('Ria');

		await refused(() => removeMember(db, officer, memberId), 'They are already off this panel.', 'memberId');
		await db.update(tenders).set({ status: 'setup' }).where(eq(tenders.id, tenderId));
	});

	it('hostile ids: another council, not an id, unknown; refused once the evaluation is finalised', async () => {
		const zed = await person(['young_person'], 'Zed', 18);
		const memberId = await addMember(db, officer, youngPanel, zed.id);
		await refused(() => removeMember(db, officerB, memberId), 'That panel member does not exist.', 'memberId');
		await refused(() => removeMember(db, officer, "x' or 1=1 --"), 'That panel member does not exist.', 'memberId');
		await refused(() => removeMember(db, officer, 'zzzzzzzzzzzzzzzz'), 'That panel member does not exist.', 'memberId');
		await db.update(tenders).set({ status: 'finalised' }).where(eq(tenders.id, tenderId));
		await refused(() => removeMember(db, officer, memberId), 'Panels can’t change once the evaluation is finalised.');
		await db.update(tenders).set({ status: 'setup' }).where(eq(tenders.id, tenderId));
	});
});

describe('changing a panel', () => {
	it('changes the quorum and window (typed in UK time), audited; the same again changes nothing', async () => {
		expect(await updatePanel(db, officer, staffPanel, { quorum: '2', opensAt: '2026-07-01T18:00', closesAt: '2026-12-01T09:30' })).toBe(true);
		const [row] = await db.select().from(panels).where(eq(panels.id, staffPanel));
		expect(row.quorum).toBe(2);
		expect(row.opensAt?.toISOString()).toBe('2026-07-01T17:00:00.000Z');
		expect(row.closesAt?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
		expect(windowInput(row.opensAt)).toBe('2026-07-01T18:00');
		expect(windowInput(row.closesAt)).toBe('2026-12-01T09:30');
		expect((await auditFor(db, 'panel.changed')).filter((a) => a.targetId === staffPanel)).toHaveLength(1);
		const before = await counts();
		expect(await updatePanel(db, officer, staffPanel, { quorum: '2', opensAt: '2026-07-01T18:00', closesAt: '2026-12-01T09:30' })).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('hostile input: quorum out of range, nonsense times, closing before opening, other councils and non-ids', async () => {
		const ok = { quorum: '2', opensAt: '', closesAt: '' };
		for (const quorum of ['0', '51', '-1', 'two', '', '1.5']) await refused(() => updatePanel(db, officer, staffPanel, { ...ok, quorum }), /quorum|score/i, 'quorum');
		for (const opensAt of ['tomorrow', '2026-02-30T10:00', '2026-09-14 18:00', '2026-09-14T25:00', '\u0000']) await refused(() => updatePanel(db, officer, staffPanel, { ...ok, opensAt }), /when scoring opens/, 'opensAt');
		await refused(() => updatePanel(db, officer, staffPanel, { ...ok, opensAt: '2026-09-14T18:00', closesAt: '2026-09-14T17:59' }), 'Scoring must close after it opens.', 'closesAt');
		await refused(() => updatePanel(db, officerB, staffPanel, ok), 'That panel does not exist.');
		await refused(() => updatePanel(db, officer, 'not an id', ok), 'That panel does not exist.');
	});
});

describe('starting an anonymised answer from the bidder’s own', () => {
	it('copies the original in (its traces then show), only where there is one and nothing prepared yet', async () => {
		const bid = await addBid(db, officer, otherTenderId, { bidderName: 'Acorn Play CIC', contactName: '', contactEmail: '', contactPhone: '', price: '', answers: {} });
		const section = (await rows<{ id: string }>(db, `select id from tender_sections where tender_id = '${otherTenderId}'`))[0].id;
		const c = await addCriterion(db, officer, otherTenderId, { sectionId: section, title: 'Q', guidance: '', weight: '50', price: false, presentation: false });
		await refused(() => copyOriginalAnswer(db, officer, bid, c), 'The bidder didn’t answer this question, so there is nothing to copy.', 'anonymisedText');

		const fresh = await createTender(db, officer, projectId, { title: 'Copy', reference: 'PG/2026/3', publishedOn: '', closesOn: '', contractValue: '100', contractMonths: '12' });
		const s = await addSection(db, officer, fresh.id, { name: 'All', about: '', audience: 'staff' });
		const q = await addCriterion(db, officer, fresh.id, { sectionId: s, title: 'Q', guidance: '', weight: '100', price: false, presentation: false });
		const b = await addBid(db, officer, fresh.id, { bidderName: 'Acorn Play CIC', contactName: '', contactEmail: '', contactPhone: '', price: '', answers: { [q]: 'At Acorn Play we listen.' } });
		await refused(() => copyOriginalAnswer(db, officerB, b, q), 'The bidder didn’t answer this question, so there is nothing to copy.');
		await refused(() => copyOriginalAnswer(db, officer, b, 'nope'), /nothing to copy/);
		await copyOriginalAnswer(db, officer, b, q);
		const detail = await bidDetail(db, orgA, fresh.id, b);
		expect(detail.items[0]).toMatchObject({ original: 'At Acorn Play we listen.', anonymisedText: 'At Acorn Play we listen.' });
		expect(detail.items[0].segments).toEqual([
			{ text: 'At ', kind: null },
			{ text: 'Acorn Play', kind: 'bidder name' },
			{ text: ' we listen.', kind: null }
		]);
		expect(detail.ready).toBe(false);
		await refused(() => copyOriginalAnswer(db, officer, b, q), 'This answer already has an anonymised version; edit that instead.', 'anonymisedText');
		await refused(() => releaseBid(db, officer, b), /can’t go to the panels yet: remove what identifies the bidder/);
	});
});

describe('what the pages read', () => {
	it('lists the organisation’s tenders (or one project’s), never another council’s', async () => {
		expect((await listTenders(db, orgA)).map((t) => t.reference)).toEqual(expect.arrayContaining(['PG/2026/1', 'PG/2026/2']));
		expect((await listTenders(db, orgA, otherProjectId)).map((t) => [t.reference, t.projectTitle, t.statusLabel])).toEqual([['PG/2026/2', 'Youth work', 'Setting up']]);
		expect(await listTenders(db, officerB.organisationId)).toEqual([]);
		expect(await listTenders(db, officerB.organisationId, projectId)).toEqual([]);
	});

	it('the overview: weights and their total, the short-tender warning, panels and what stops evaluation opening', async () => {
		const o = await tenderOverview(db, orgA, tenderId);
		expect(o.totalWeight).toBe(100);
		expect(o.weightsProblem).toBeNull();
		expect(o.warning).toBe('Bidders get only 19 days between publication and closing; 40 or more is usual.');
		expect(o.sections.map((s) => [s.name, s.audience, s.weight, s.priceOnly, s.panel?.quorum])).toEqual([
			['Quality', 'staff', 85, false, 2],
			['Young people', 'young_people', 15, false, 2]
		]);
		expect(o.hasPresentation).toBe(true);
		expect(o.bids).toEqual({ count: 1, released: 1 });
		expect(o.openingProblems).toEqual([]);
		await expect(tenderOverview(db, officerB.organisationId, tenderId)).rejects.toThrow('That tender does not exist.');
	});

	it('links: bids only for officers; moderation and results once scoring starts; award and summaries once finalised', () => {
		const officerMay = { manage: true, panels: true };
		const championMay = { manage: false, panels: true };
		expect(tenderLinks('setup', officerMay, true)).toEqual({ bids: true, panels: true, presentations: true, moderation: false, results: false, award: false, summaries: false });
		expect(tenderLinks('setup', championMay, false)).toEqual({ bids: false, panels: true, presentations: false, moderation: false, results: false, award: false, summaries: false });
		expect(tenderLinks('moderating', officerMay, false)).toMatchObject({ moderation: true, results: true, award: false });
		expect(tenderLinks('finalised', championMay, true)).toEqual({ bids: false, panels: true, presentations: true, moderation: false, results: false, award: false, summaries: false });
		expect(tenderLinks('awarded', officerMay, false)).toMatchObject({ moderation: true, results: true, award: true, summaries: true });
	});

	it('bids: identity for officers’ pages, only this tender’s bids, nothing for another council', async () => {
		const page = await bidsPage(db, orgA, tenderId);
		expect(page.bids).toEqual([{ id: bidId, label: 'A', bidderName: 'Brightwater Youth Trust Ltd', contactName: 'Dana Fox', pricePence: 9_850_000, released: true }]);
		expect(page.criteria.map((c) => c.id)).toEqual([q1, y1]);
		expect(page.canAdd).toBe(false);
		expect(await bidOfTender(db, orgA, tenderId, bidId)).toBe(bidId);
		await expect(bidOfTender(db, orgA, otherTenderId, bidId)).rejects.toThrow('That bid does not exist.');
		await expect(bidOfTender(db, officerB.organisationId, tenderId, bidId)).rejects.toThrow('That bid does not exist.');
		await expect(bidDetail(db, orgA, otherTenderId, bidId)).rejects.toThrow('That bid does not exist.');
		await expect(bidsPage(db, officerB.organisationId, tenderId)).rejects.toThrow('That tender does not exist.');
	});

	it('panels: declared interests only when asked for (officers), members’ progress in words', async () => {
		const kai = await person(['young_person'], 'Kai', 16);
		const memberId = await addMember(db, officer, youngPanel, kai.id);
		await acceptConfidentiality(db, kai, youngPanel);
		await declareInterests(db, kai, youngPanel, { hasInterest: true, details: 'My cousin works at Brightwater.' });
		const noor = await person(['young_person'], 'Noor', 16);
		await addMember(db, officer, youngPanel, noor.id);
		await acceptConfidentiality(db, noor, youngPanel);
		const ada = await person(['young_person'], 'Ada', 16);
		await addMember(db, officer, youngPanel, ada.id);
		await acceptConfidentiality(db, ada, youngPanel);
		await declareInterests(db, ada, youngPanel, { hasInterest: false, details: '' });
		const forOfficer = await panelsPage(db, orgA, tenderId, true);
		const forChampion = await panelsPage(db, orgA, tenderId, false);
		const find = (page: typeof forOfficer) => page.sections.find((s) => s.id === young)!.panel!.members.find((m) => m.id === memberId)!;
		expect(find(forOfficer)).toMatchObject({ displayName: 'Kai', statusLabel: 'Interest declared: waiting for an officer’s decision', interest: 'My cousin works at Brightwater.' });
		expect(find(forChampion)).toMatchObject({ displayName: 'Kai', interest: null, decision: null, decisionNote: null });
		expect(JSON.stringify(forChampion)).not.toContain('cousin');
		expect(forOfficer.sections.find((s) => s.id === young)!.panel!.members.map((m) => m.statusLabel)).toEqual(
			expect.arrayContaining([
				'Active: can score',
				'Removed from the panel',
				'Invited: hasn’t accepted the confidentiality statement yet',
				'Confidentiality accepted: hasn’t declared interests yet'
			])
		);
		expect(await memberTender(db, orgA, memberId)).toBe(tenderId);
		await expect(memberTender(db, officerB.organisationId, memberId)).rejects.toThrow('That panel member does not exist.');
		expect(await panelTender(db, orgA, otherPanel)).toBe(otherTenderId);
		await expect(panelTender(db, officerB.organisationId, youngPanel)).rejects.toThrow('That panel does not exist.');
		await expect(panelsPage(db, officerB.organisationId, tenderId, true)).rejects.toThrow('That tender does not exist.');
	});
});
