// Recognition: panel hours credited once per member on their first submitted scores (never for
// drafts, never for staff panels), each participant's ledger and its totals, and the hours a
// champion adds and removes, with hostile input refused and nothing changed.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonToday } from '../../src/lib/dates';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { updatePanel } from '../../src/lib/server/evaluation/panels';
import { panelMembers } from '../../src/lib/server/evaluation/schema';
import { saveBidScores } from '../../src/lib/server/evaluation/scores';
import { contributions } from '../../src/lib/server/participation/schema';
import { addHours, participantLedger, removeHours } from '../../src/lib/server/recognition/ledger';
import { creditSubmittedPanels } from '../../src/lib/server/recognition/panel-hours';
import { ledgerPeople } from '../../src/lib/server/recognition/people';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { BIDDERS, panelTender, ready, type PanelTender } from '../helpers/panel-tender';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let otherOrg: string;
let projectId: string;
let otherProject: string;
let officer: Person;
let champion: Person;
let otherChampion: Person;
let sam: Person;

const young = (name: string, organisationId = org) => quickUser(db, organisationId, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(17) });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db, 'Northfield Council');
	otherOrg = await makeOrganisation(db, 'Southfield Council');
	officer = await quickUser(db, org, ['officer']);
	champion = await quickUser(db, org, ['champion'], { displayName: 'Chloe Champion' });
	otherChampion = await quickUser(db, otherOrg, ['champion']);
	sam = await quickUser(db, org, ['officer'], { displayName: 'Sam Staffer' });
	projectId = await quickProject(db, officer, 'Youth clubs');
	otherProject = await quickProject(db, { id: (await quickUser(db, otherOrg, ['officer'])).id, organisationId: otherOrg }, 'Elsewhere');
}, 60_000);

afterAll(async () => {
	await t?.close();
});

const panelRows = (userId: string) => db.select().from(contributions).where(and(eq(contributions.userId, userId), eq(contributions.activity, 'panel')));

async function memberId(panelId: string, userId: string) {
	const [row] = await db.select({ id: panelMembers.id }).from(panelMembers).where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, userId)));
	return row.id;
}

function score(s: PanelTender, who: Person, bidId: string, submit: boolean, panelId = s.youngPanel) {
	const criteria = panelId === s.youngPanel ? [s.y1, s.y2] : [s.q1];
	return saveBidScores(db, who, panelId, bidId, criteria.map((criterionId) => ({ criterionId, score: '3', comment: '' })), submit);
}

async function counts() {
	const [row] = await rows<Record<string, number>>(
		db,
		`select (select count(*)::int from contributions) as contributions, (select coalesce(sum(hours), 0)::float from contributions) as hours, (select count(*)::int from audit_log) as audit`
	);
	return row;
}

/** A refusal on the field given that leaves the ledger and the audit log as they were. */
async function refused(run: () => Promise<unknown>, field?: string, message?: RegExp) {
	const before = await counts();
	const err = await expectInputError(run(), field);
	if (message) expect(err.message).toMatch(message);
	expect(await counts()).toEqual(before);
}

describe('panel hours', () => {
	it('credits a young member once, on their first submission, at the panel’s hours; drafts and staff panels earn nothing', async () => {
		const ash = await young('Ash');
		const s = await panelTender(db, officer, projectId, [ash], [sam]);
		await ready(db, ash, s.youngPanel);
		await ready(db, sam, s.qualityPanel);
		await score(s, ash, s.bidIds[0], false);
		expect(await panelRows(ash.id)).toEqual([]);
		await score(s, ash, s.bidIds[0], true);
		const [row, ...more] = await panelRows(ash.id);
		expect(more).toEqual([]);
		expect(row).toMatchObject({
			organisationId: org,
			projectId,
			activity: 'panel',
			sourceId: await memberId(s.youngPanel, ash.id),
			hours: 3,
			happenedOn: londonToday(),
			creditedBy: null
		});
		expect(row.description).toMatch(/^Tender panel: Youth work \d+ \(What young people think\)$/);
		for (const b of BIDDERS) expect(row.description).not.toContain(b.bidderName.split(' ')[0]);
		// Another bid: still once.
		await score(s, ash, s.bidIds[1], true);
		expect(await panelRows(ash.id)).toHaveLength(1);
		const [audit] = (await auditFor(db, 'scores.submitted')).filter((a) => a.detail?.bidId === s.bidIds[0] && a.actorId === ash.id);
		expect(audit.detail?.contributionId).toBe(row.id);
		// A staff panel: scoring is their job.
		await score(s, sam, s.bidIds[0], true, s.qualityPanel);
		expect(await db.select().from(contributions).where(eq(contributions.userId, sam.id))).toEqual([]);
		// Catching up finds nothing left to credit.
		expect(await creditSubmittedPanels(db, org)).toBe(0);
	});

	it('uses the hours panel setup chose (0 for none), and refuses hours outside 0 to 24', async () => {
		const bea = await young('Bea');
		const cal = await young('Cal');
		const s = await panelTender(db, officer, projectId, [bea], []);
		const window = { quorum: '1', opensAt: new Date(Date.now() - 3_600_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString() };
		for (const bad of ['25', '-1', 'three', '1e1', '2.555', '24.01'])
			await expectInputError(updatePanel(db, officer, s.youngPanel, { ...window, creditedHours: bad }), 'creditedHours');
		expect(await updatePanel(db, officer, s.youngPanel, { ...window, creditedHours: '2.5' })).toBe(true);
		const [changed] = (await auditFor(db, 'panel.changed')).filter((a) => a.targetId === s.youngPanel);
		expect(changed.detail).toMatchObject({ creditedHoursFrom: 3, creditedHours: 2.5 });
		// Blank keeps what it was.
		expect(await updatePanel(db, officer, s.youngPanel, { ...window, creditedHours: '' })).toBe(false);
		await ready(db, bea, s.youngPanel);
		await score(s, bea, s.bidIds[0], true);
		expect((await panelRows(bea.id)).map((r) => r.hours)).toEqual([2.5]);

		const none = await panelTender(db, officer, projectId, [cal], []);
		await updatePanel(db, officer, none.youngPanel, { ...window, creditedHours: '0' });
		await ready(db, cal, none.youngPanel);
		await score(none, cal, none.bidIds[0], true);
		expect(await panelRows(cal.id)).toEqual([]);
	});

	it('two submissions at the same moment credit once', async () => {
		const dev = await young('Dev');
		const s = await panelTender(db, officer, projectId, [dev], []);
		await ready(db, dev, s.youngPanel);
		const results = await Promise.allSettled([score(s, dev, s.bidIds[0], true), score(s, dev, s.bidIds[1], true), score(s, dev, s.bidIds[2], true)]);
		expect(results.filter((r) => r.status === 'fulfilled').length).toBe(3);
		expect(await panelRows(dev.id)).toHaveLength(1);
		// And the same bid twice at once: one submits, the other is told it's final; still one row.
		const eve = await young('Eve');
		const e = await panelTender(db, officer, projectId, [eve], []);
		await ready(db, eve, e.youngPanel);
		const same = await Promise.allSettled([score(e, eve, e.bidIds[0], true), score(e, eve, e.bidIds[0], true)]);
		expect(same.filter((r) => r.status === 'fulfilled').length).toBe(1);
		expect(await panelRows(eve.id)).toHaveLength(1);
	});
});

describe('the ledger', () => {
	it('lists the organisation’s participants with total hours and activities, searchable; not staff, deleted accounts or other organisations', async () => {
		const fin = await young('Finley Ledger');
		const gone = await young('Gone Ledger');
		await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
		await young('Elsewhere Ledger', otherOrg);
		await addHours(db, champion, fin.id, { description: 'Youth forum stall', happenedOn: '2026-01-10', hours: '2.25', projectId: '' });
		await addHours(db, champion, fin.id, { description: 'Interview panel', happenedOn: '2026-01-12', hours: '1', projectId });
		const people = await ledgerPeople(db, org, 'ledger');
		expect(people.map((p) => [p.displayName, p.hours, p.activities])).toEqual([['Finley Ledger', 3.25, 2]]);
		const all = await ledgerPeople(db, org);
		expect(all.some((p) => p.id === champion.id || p.id === sam.id)).toBe(false);
		expect(await ledgerPeople(db, org, '%')).toEqual([]);
		await expectInputError(participantLedger(db, org, gone.id));
		await expectInputError(participantLedger(db, org, sam.id));
		await expectInputError(participantLedger(db, otherOrg, fin.id));
	});

	it('shows each row with its project and who added it, and totals by activity', async () => {
		const gil = await young('Gil');
		const s = await panelTender(db, officer, projectId, [gil], []);
		await ready(db, gil, s.youngPanel);
		await score(s, gil, s.bidIds[0], true);
		await addHours(db, champion, gil.id, { description: 'Helped at the fair', happenedOn: '2026-02-01', hours: '1.5', projectId });
		const ledger = await participantLedger(db, org, gil.id);
		expect(ledger.totalHours).toBe(4.5);
		expect(ledger.byActivity).toEqual([
			{ activity: 'panel', count: 1, hours: 3 },
			{ activity: 'other', count: 1, hours: 1.5 }
		]);
		const other = ledger.entries.find((e) => e.activity === 'other')!;
		expect(other).toMatchObject({ description: 'Helped at the fair', projectTitle: 'Youth clubs', happenedOn: '2026-02-01', hours: 1.5, addedBy: 'Chloe Champion', removable: true });
		expect(ledger.entries.find((e) => e.activity === 'panel')).toMatchObject({ addedBy: 'Added automatically', removable: false, projectTitle: 'Youth clubs' });
	});

	it('adds hours only within the rules; anything else is refused and nothing changes', async () => {
		const hal = await young('Hal');
		const now = new Date('2026-06-15T12:00:00Z');
		const ok = { description: 'Stall at the fair', happenedOn: '2026-06-15', hours: '0.25', projectId: '' };
		const id = await addHours(db, champion, hal.id, ok, now);
		const [row] = await db.select().from(contributions).where(eq(contributions.id, id));
		expect(row).toMatchObject({ activity: 'other', hours: 0.25, creditedBy: champion.id, userId: hal.id, organisationId: org });
		const [audit] = (await auditFor(db, 'contribution.added')).filter((a) => a.detail?.contributionId === id);
		expect(JSON.stringify(audit.detail)).not.toContain('Stall');
		for (const [over, field] of [
			[{ hours: '0.2' }, 'hours'],
			[{ hours: '24.5' }, 'hours'],
			[{ hours: '-1' }, 'hours'],
			[{ hours: '1e1' }, 'hours'],
			[{ hours: '' }, 'hours'],
			[{ hours: '2\u0000' }, 'hours'],
			[{ happenedOn: '2026-06-16' }, 'happenedOn'],
			[{ happenedOn: '2026-02-30' }, 'happenedOn'],
			[{ happenedOn: '1999-12-31' }, 'happenedOn'],
			[{ description: '' }, 'description'],
			[{ description: 'a'.repeat(201) }, 'description'],
			[{ description: 'Fair\u0000' }, 'description'],
			[{ description: 'Fair \ud800' }, 'description'],
			[{ projectId: otherProject }, 'projectId'],
			[{ projectId: 'not-an-id' }, 'projectId']
		] as const)
			await refused(() => addHours(db, champion, hal.id, { ...ok, ...over }, now), field);
		// Someone who isn't this organisation's participant, or a champion of another organisation.
		await refused(() => addHours(db, champion, sam.id, ok, now));
		await refused(() => addHours(db, otherChampion, hal.id, ok, now));
		await refused(() => addHours(db, champion, 'zzzzzzzzzzzzzzzz', ok, now));
	});

	it('removes only hours a champion added, on this person’s record, in this organisation', async () => {
		const ivy = await young('Ivy');
		const jo = await young('Jo');
		const s = await panelTender(db, officer, projectId, [ivy], []);
		await ready(db, ivy, s.youngPanel);
		await score(s, ivy, s.bidIds[0], true);
		const added = await addHours(db, champion, ivy.id, { description: 'Fair', happenedOn: '2026-03-01', hours: '2', projectId: '' });
		const [panel] = await panelRows(ivy.id);
		await refused(() => removeHours(db, champion, ivy.id, panel.id), undefined, /can’t be removed/);
		await refused(() => removeHours(db, champion, jo.id, added));
		await refused(() => removeHours(db, otherChampion, ivy.id, added));
		await refused(() => removeHours(db, champion, ivy.id, 'bad'));
		await removeHours(db, champion, ivy.id, added);
		expect((await participantLedger(db, org, ivy.id)).entries.map((e) => e.activity)).toEqual(['panel']);
		expect((await auditFor(db, 'contribution.removed')).some((a) => a.detail?.contributionId === added && a.targetId === ivy.id)).toBe(true);
	});
});
