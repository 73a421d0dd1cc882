// Rewards (money typed as people type it, the rules for each kind, dates, organisation scoping),
// the rewards list and CSV for finance (formula guard, deleted recipients) and the certificate.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonToday } from '../../src/lib/dates';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { certificateFor, MAX_ACCREDITATIONS, MAX_LINES } from '../../src/lib/server/recognition/certificate';
import { parseHours, parsePounds } from '../../src/lib/server/recognition/fields';
import { addHours, participantLedger } from '../../src/lib/server/recognition/ledger';
import { giveReward, listRewards, readRewardFilter, rewardsFor, totalsByKind } from '../../src/lib/server/recognition/rewards';
import { rewardsCsv } from '../../src/lib/server/recognition/rewards-export';
import { rewards } from '../../src/lib/server/recognition/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { parseCsv } from '../helpers/csv';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let otherOrg: string;
let projectId: string;
let otherProject: string;
let champion: Person;
let otherChampion: Person;
let officer: Person;

const young = (name: string, organisationId = org) => quickUser(db, organisationId, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(16) });
const NOW = new Date('2026-06-15T12:00:00Z');
const voucher = { kind: 'voucher' as const, description: 'High-street voucher', value: '£10.50', givenOn: '2026-06-01', projectId: '' };

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db, 'Northfield Council');
	otherOrg = await makeOrganisation(db, 'Southfield Council');
	officer = await quickUser(db, org, ['officer']);
	champion = await quickUser(db, org, ['champion']);
	otherChampion = await quickUser(db, otherOrg, ['champion']);
	projectId = await quickProject(db, officer, 'Short breaks');
	otherProject = await quickProject(db, { id: (await quickUser(db, otherOrg, ['officer'])).id, organisationId: otherOrg }, 'Elsewhere');
}, 60_000);

afterAll(async () => {
	await t?.close();
});

async function counts() {
	const [row] = await rows<Record<string, number>>(db, `select (select count(*)::int from rewards) as rewards, (select count(*)::int from audit_log) as audit`);
	return row;
}

async function refused(run: () => Promise<unknown>, field?: string) {
	const before = await counts();
	await expectInputError(run(), field);
	expect(await counts()).toEqual(before);
}

describe('money and hours as typed', () => {
	it('reads pounds with or without £, commas and pence; refuses anything else', () => {
		expect(parsePounds('£10.50')).toBe(1050);
		expect(parsePounds('10')).toBe(1000);
		expect(parsePounds(' £ 7.5 ')).toBe(750);
		expect(parsePounds('1,250')).toBe(125000);
		expect(parsePounds('1,000,000.00')).toBe(100_000_000);
		expect(parsePounds('0')).toBe(0);
		for (const bad of ['-5', '£-5', '10.505', '1e3', '0x10', '10,00', '', '£', 'ten', '10.5.5', '+10', '1 000', '99999999999'])
			expect(parsePounds(bad), bad).toBeNull();
		expect(parseHours('2.5')).toBe(2.5);
		expect(parseHours('.25')).toBe(0.25);
		for (const bad of ['-1', '1e1', '2.555', '', 'two', '1,5']) expect(parseHours(bad), bad).toBeNull();
	});
});

describe('giving rewards', () => {
	it('records a voucher, a payment and an accreditation, in pence, audited with ids only', async () => {
		const ada = await young('Ada');
		const id = await giveReward(db, champion, ada.id, { ...voucher, projectId }, NOW);
		await giveReward(db, champion, ada.id, { ...voucher, kind: 'payment', value: '10', description: 'For her time' }, NOW);
		await giveReward(db, champion, ada.id, { ...voucher, kind: 'accreditation', value: '', description: 'AQA Unit Award' }, NOW);
		await giveReward(db, champion, ada.id, { ...voucher, kind: 'accreditation', value: '£35', description: 'Level 1 award (fee paid)' }, NOW);
		const [row] = await db.select().from(rewards).where(eq(rewards.id, id));
		expect(row).toMatchObject({ organisationId: org, userId: ada.id, projectId, kind: 'voucher', valuePence: 1050, givenOn: '2026-06-01', recordedBy: champion.id });
		const mine = await rewardsFor(db, org, ada.id);
		expect(mine.map((r) => [r.kind, r.valuePence])).toEqual(
			expect.arrayContaining([
				['voucher', 1050],
				['payment', 1000],
				['accreditation', null],
				['accreditation', 3500]
			])
		);
		const [audit] = (await auditFor(db, 'reward.given')).filter((a) => a.detail?.rewardId === id);
		expect(audit.detail).toEqual({ rewardId: id, kind: 'voucher', valuePence: 1050, projectId });
	});

	it('refuses bad values, kinds, dates, text, and other organisations’ people and projects; nothing changes', async () => {
		const bo = await young('Bo');
		const elsewhere = await young('Elsewhere', otherOrg);
		for (const [over, field] of [
			[{ value: '-5' }, 'value'],
			[{ value: '£1,000,000.01' }, 'value'],
			[{ value: '99999999999' }, 'value'],
			[{ value: '1e3' }, 'value'],
			[{ value: '10\u0000' }, 'value'],
			[{ value: '' }, 'value'],
			[{ kind: 'payment', value: '' }, 'value'],
			[{ kind: 'gift' }, 'kind'],
			[{ givenOn: '2026-06-16' }, 'givenOn'],
			[{ givenOn: '2026-13-01' }, 'givenOn'],
			[{ givenOn: '' }, 'givenOn'],
			[{ description: '' }, 'description'],
			[{ description: 'x'.repeat(201) }, 'description'],
			[{ description: 'Voucher\u0000' }, 'description'],
			[{ description: '\udc00 voucher' }, 'description'],
			[{ projectId: otherProject }, 'projectId'],
			[{ projectId: '../etc' }, 'projectId']
		] as const)
			await refused(() => giveReward(db, champion, bo.id, { ...voucher, ...over } as typeof voucher, NOW), field);
		await refused(() => giveReward(db, champion, elsewhere.id, voucher, NOW));
		await refused(() => giveReward(db, otherChampion, bo.id, voucher, NOW));
		await refused(() => giveReward(db, champion, officer.id, voucher, NOW));
		const gone = await young('Gone');
		await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
		await refused(() => giveReward(db, champion, gone.id, voucher, NOW));
	});
});

describe('the rewards list and CSV for finance', () => {
	it('lists the organisation’s rewards oldest first, filtered by date, with totals by kind', async () => {
		const cy = await young('Cy Finance');
		await giveReward(db, champion, cy.id, { ...voucher, givenOn: '2025-04-01', value: '20' }, NOW);
		await giveReward(db, champion, cy.id, { ...voucher, givenOn: '2025-05-01', value: '5.25' }, NOW);
		const elsewhere = await young('Other place', otherOrg);
		await giveReward(db, otherChampion, elsewhere.id, { ...voucher, givenOn: '2025-04-15' }, NOW);
		const april = await listRewards(db, org, { from: '2025-04-01', to: '2025-04-30' });
		expect(april.map((r) => [r.givenOn, r.valuePence, r.recipient])).toEqual([['2025-04-01', 2000, `Cy Finance (${cy.username})`]]);
		const spring = await listRewards(db, org, { from: '2025-04-01', to: '2025-05-31' });
		expect(totalsByKind(spring)).toEqual([
			{ kind: 'voucher', label: 'Voucher', count: 2, valuePence: 2525 },
			{ kind: 'payment', label: 'Payment', count: 0, valuePence: 0 },
			{ kind: 'accreditation', label: 'Accreditation', count: 0, valuePence: 0 }
		]);
		expect((await listRewards(db, org)).some((r) => r.recipient.startsWith('Other place'))).toBe(false);
	});

	it('reads the date filter, refusing what isn’t a real date or a backwards range', () => {
		const read = (q: string) => readRewardFilter(new URLSearchParams(q));
		expect(read('')).toEqual({ filter: { from: null, to: null }, error: null });
		expect(read('from=2026-01-01&to=2026-03-31')).toEqual({ filter: { from: '2026-01-01', to: '2026-03-31' }, error: null });
		expect(read('to=2026-03-31').filter).toEqual({ from: null, to: '2026-03-31' });
		for (const bad of ['from=2026-02-30', 'to=tomorrow', 'from=2026-01-01%00', 'from=1999-01-01', 'from=2026-05-01&to=2026-04-01', `from=${'9'.repeat(500)}`])
			expect(read(bad).error, bad).toMatch(/date/);
	});

	it('writes dates, kinds, values in pounds, projects and recipients; formulas are guarded and deleted people are “Deleted account”', async () => {
		const dee = await young('Dee CSV');
		const eli = await young('=Eli');
		await giveReward(db, champion, dee.id, { ...voucher, givenOn: '2024-01-02', value: '£1,234.5', description: '=HYPERLINK("http://evil.example","click")', projectId }, NOW);
		await giveReward(db, champion, eli.id, { ...voucher, givenOn: '2024-01-03', kind: 'accreditation', value: '', description: '+SUM(1,2)' }, NOW);
		const gone = await young('Gone CSV');
		const goneReward = await giveReward(db, champion, gone.id, { ...voucher, givenOn: '2024-01-04', value: '7' }, NOW);
		const cleared = await young('Cleared CSV');
		const clearedReward = await giveReward(db, champion, cleared.id, { ...voucher, givenOn: '2024-01-05', value: '8' }, NOW);
		await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
		await db.update(rewards).set({ userId: null }).where(eq(rewards.id, clearedReward));
		const csv = rewardsCsv(await listRewards(db, org, { from: '2024-01-01', to: '2024-01-31' }));
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const table = parseCsv(csv.slice(1));
		expect(table).toEqual([
			['Date', 'Kind', 'Description', 'Value (£)', 'Project', 'Recipient'],
			['2024-01-02', 'Voucher', `'=HYPERLINK("http://evil.example","click")`, '1234.50', 'Short breaks', `Dee CSV (${dee.username})`],
			['2024-01-03', 'Accreditation', "'+SUM(1,2)", '', '', `'=Eli (${eli.username})`],
			['2024-01-04', 'Voucher', 'High-street voucher', '7.00', '', 'Deleted account'],
			['2024-01-05', 'Voucher', 'High-street voucher', '8.00', '', 'Deleted account']
		]);
		expect(csv).not.toContain('Gone CSV');
		expect(goneReward).toBeTruthy();
	});
});

describe('the certificate', () => {
	it('names the person and organisation, groups what they did with dates, totals the hours and lists only accreditations', async () => {
		const fay = await young('Fay Certificate');
		await addHours(db, champion, fay.id, { description: 'Youth forum', happenedOn: '2026-01-10', hours: '2', projectId: '' }, NOW);
		await addHours(db, champion, fay.id, { description: 'Youth forum', happenedOn: '2026-03-10', hours: '2.5', projectId: '' }, NOW);
		await addHours(db, champion, fay.id, { description: 'Summer fair stall', happenedOn: '2026-05-01', hours: '3', projectId }, NOW);
		await giveReward(db, champion, fay.id, { ...voucher, description: 'Voucher: not on the certificate' }, NOW);
		await giveReward(db, champion, fay.id, { ...voucher, kind: 'accreditation', value: '', description: 'AQA Unit Award', givenOn: '2026-05-20' }, NOW);
		const c = await certificateFor(db, org, fay.id, NOW);
		expect(c).toMatchObject({
			displayName: 'Fay Certificate',
			organisation: 'Northfield Council',
			totalHours: 7.5,
			activities: 3,
			firstOn: '2026-01-10',
			lastOn: '2026-05-01',
			issuedOn: londonToday(NOW),
			accreditations: [{ description: 'AQA Unit Award', givenOn: '2026-05-20' }],
			earlier: { activities: 0, hours: 0 },
			moreAccreditations: 0
		});
		expect(c.groups).toEqual([
			{
				activity: 'other',
				label: 'Other volunteering',
				lines: [
					{ description: 'Summer fair stall', times: 1, firstOn: '2026-05-01', lastOn: '2026-05-01', hours: 3 },
					{ description: 'Youth forum', times: 2, firstOn: '2026-01-10', lastOn: '2026-03-10', hours: 4.5 }
				]
			}
		]);
		await expectInputError(certificateFor(db, otherOrg, fay.id, NOW));
		await expectInputError(certificateFor(db, org, champion.id, NOW));
	});

	it('sums up past its line limit so it stays on one page, and says so when there is nothing yet', async () => {
		const gus = await young('Gus');
		for (let i = 0; i < MAX_LINES + 3; i++)
			await addHours(db, champion, gus.id, { description: `Event ${String(i).padStart(2, '0')}`, happenedOn: '2026-02-01', hours: '1', projectId: '' }, NOW);
		const c = await certificateFor(db, org, gus.id, NOW);
		expect(c.groups[0].lines).toHaveLength(MAX_LINES);
		expect(c.earlier).toEqual({ activities: 3, hours: 3 });
		expect(c.totalHours).toBe(MAX_LINES + 3);
		const hal = await young('Hal');
		expect(await certificateFor(db, org, hal.id, NOW)).toMatchObject({ totalHours: 0, activities: 0, groups: [], firstOn: null, earlier: { activities: 0, hours: 0 } });
	});

	it('keeps the most recent lines and sums up the earliest, with hours that still add up to the ledger', async () => {
		const ida = await young('Ida Busy');
		// 20 different days of volunteering (1 hour each, one 2.5), from January, and one activity done
		// twice: early and again most recently, so its line counts as recent.
		for (let i = 0; i < 20; i++) {
			const day = `2026-0${1 + Math.floor(i / 5)}-${String(1 + (i % 5) * 5).padStart(2, '0')}`;
			await addHours(db, champion, ida.id, { description: `Day ${String(i).padStart(2, '0')}`, happenedOn: day, hours: i === 3 ? '2.5' : '1', projectId: '' }, NOW);
		}
		await addHours(db, champion, ida.id, { description: 'Youth forum', happenedOn: '2026-01-02', hours: '2', projectId: '' }, NOW);
		await addHours(db, champion, ida.id, { description: 'Youth forum', happenedOn: '2026-06-10', hours: '2', projectId: '' }, NOW);
		const c = await certificateFor(db, org, ida.id, NOW);
		const lines = c.groups.flatMap((g) => g.lines);
		expect(lines).toHaveLength(MAX_LINES);
		// Newest first: the forum (June) then days 19 down to 7; days 0 to 6 (7 activities, 8.5 hours) are summed up.
		expect(lines.map((l) => l.description)).toEqual(['Youth forum', ...Array.from({ length: 13 }, (_, i) => `Day ${String(19 - i).padStart(2, '0')}`)]);
		expect(lines[0]).toMatchObject({ times: 2, firstOn: '2026-01-02', lastOn: '2026-06-10', hours: 4 });
		expect(c.earlier).toEqual({ activities: 7, hours: 8.5 });
		const ledger = await participantLedger(db, org, ida.id);
		expect(c.totalHours).toBe(ledger.totalHours);
		expect(c.totalHours).toBe(25.5);
		expect(c.activities).toBe(ledger.entries.length);
		expect(lines.reduce((a, l) => a + l.hours, 0) + c.earlier.hours).toBe(c.totalHours);
		expect(lines.reduce((a, l) => a + l.times, 0) + c.earlier.activities).toBe(c.activities);
		expect(c).toMatchObject({ firstOn: '2026-01-01', lastOn: '2026-06-10' });
	});

	it('lists the most recent accreditations and says how many more there are', async () => {
		const jo = await young('Jo Accredited');
		for (let i = 1; i <= MAX_ACCREDITATIONS + 2; i++)
			await giveReward(db, champion, jo.id, { ...voucher, kind: 'accreditation', value: '', description: `Unit ${i}`, givenOn: `2026-0${Math.ceil(i / 2)}-${i % 2 ? '05' : '20'}` }, NOW);
		const c = await certificateFor(db, org, jo.id, NOW);
		expect(c.accreditations.map((a) => a.description)).toEqual(['Unit 8', 'Unit 7', 'Unit 6', 'Unit 5', 'Unit 4', 'Unit 3']);
		expect(c.moreAccreditations).toBe(2);
		const kit = await young('Kit Six');
		for (let i = 1; i <= MAX_ACCREDITATIONS; i++) await giveReward(db, champion, kit.id, { ...voucher, kind: 'accreditation', value: '', description: `Unit ${i}` }, NOW);
		expect(await certificateFor(db, org, kit.id, NOW)).toMatchObject({ moreAccreditations: 0 });
		expect((await certificateFor(db, org, kit.id, NOW)).accreditations).toHaveLength(MAX_ACCREDITATIONS);
	});
});
