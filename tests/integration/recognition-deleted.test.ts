// A participant whose account is deleted (the real deletion: asked for, a champion confirms) keeps
// their hours and rewards linked to the scrubbed placeholder: the ledger list leaves them out, their
// own ledger and certificate are "not found" (a 404 on the page), nothing more can be added for
// them, the rewards list and CSV show "Deleted account", and the organisation's totals still count
// their hours and rewards.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { deleteParticipantAccount, requestDeletion } from '../../src/lib/server/my-data/deletion';
import { contributions } from '../../src/lib/server/participation/schema';
import { certificateFor } from '../../src/lib/server/recognition/certificate';
import { addHours, participantLedger } from '../../src/lib/server/recognition/ledger';
import { ledgerPeople, organisationHours } from '../../src/lib/server/recognition/people';
import { giveReward, listRewards, totalsByKind } from '../../src/lib/server/recognition/rewards';
import { rewardsCsv } from '../../src/lib/server/recognition/rewards-export';
import { rewards } from '../../src/lib/server/recognition/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { parseCsv } from '../helpers/csv';
import { birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let champion: Person;
let stays: Person;
let gone: Person;
const NOW = new Date('2026-06-15T12:00:00Z');
const voucher = { kind: 'voucher' as const, description: 'High-street voucher', value: '10', givenOn: '2026-06-01', projectId: '' };

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db, 'Northfield Council');
	champion = await quickUser(db, org, ['champion']);
	const young = (name: string) => quickUser(db, org, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(16) });
	stays = await young('Stella Stays');
	gone = await young('Gordon Gone');
	await addHours(db, champion, stays.id, { description: 'Youth forum', happenedOn: '2026-05-01', hours: '2', projectId: '' }, NOW);
	await addHours(db, champion, gone.id, { description: 'Summer fair stall', happenedOn: '2026-05-02', hours: '3.5', projectId: '' }, NOW);
	await giveReward(db, champion, stays.id, voucher, NOW);
	await giveReward(db, champion, gone.id, { ...voucher, value: '£25', givenOn: '2026-06-02' }, NOW);
	await giveReward(db, champion, gone.id, { ...voucher, kind: 'accreditation', value: '', description: 'AQA Unit Award', givenOn: '2026-06-03' }, NOW);
	await requestDeletion(db, gone, NOW);
	await deleteParticipantAccount(db, champion, gone.id, { now: NOW });
}, 60_000);

afterAll(async () => {
	await t?.close();
});

describe('a deleted participant', () => {
	it('keeps their hours and rewards, on the placeholder', async () => {
		const hours = await db.select({ userId: contributions.userId }).from(contributions).where(eq(contributions.organisationId, org));
		const given = await db.select({ userId: rewards.userId }).from(rewards).where(eq(rewards.organisationId, org));
		expect(hours.filter((h) => h.userId === gone.id)).toHaveLength(1);
		expect(given.filter((g) => g.userId === gone.id)).toHaveLength(2);
		const [placeholder] = await rows<{ display_name: string; deleted_at: Date | null }>(db, `select display_name, deleted_at from users where id = '${gone.id}'`);
		expect(placeholder.display_name).toBe('Deleted account');
		expect(placeholder.deleted_at).not.toBeNull();
	});

	it('is left out of the ledger list; their ledger and certificate are not found and nothing more can be added', async () => {
		const people = await ledgerPeople(db, org);
		expect(people.map((p) => p.id)).toEqual([stays.id]);
		expect(await ledgerPeople(db, org, 'deleted')).toEqual([]);
		await expectInputError(participantLedger(db, org, gone.id));
		await expectInputError(certificateFor(db, org, gone.id, NOW));
		const before = await rows<{ c: number; r: number }>(db, `select (select count(*)::int from contributions) as c, (select count(*)::int from rewards) as r`);
		await expectInputError(addHours(db, champion, gone.id, { description: 'More', happenedOn: '2026-06-01', hours: '1', projectId: '' }, NOW));
		await expectInputError(giveReward(db, champion, gone.id, voucher, NOW));
		expect(await rows(db, `select (select count(*)::int from contributions) as c, (select count(*)::int from rewards) as r`)).toEqual(before);
	});

	it('shows as “Deleted account” in the rewards list and the CSV for finance, never by name, with no link', async () => {
		const list = await listRewards(db, org);
		expect(list.map((r) => [r.givenOn, r.recipient, r.recipientId])).toEqual([
			['2026-06-01', `Stella Stays (${stays.username})`, stays.id],
			['2026-06-02', 'Deleted account', null],
			['2026-06-03', 'Deleted account', null]
		]);
		const csv = rewardsCsv(list);
		expect(csv).not.toContain('Gordon');
		expect(csv).not.toContain('deleted-');
		expect(parseCsv(csv.slice(1)).map((r) => r[5])).toEqual(['Recipient', `Stella Stays (${stays.username})`, 'Deleted account', 'Deleted account']);
	});

	it('still counts in the organisation’s totals of hours and rewards', async () => {
		expect(await organisationHours(db, org)).toEqual({ hours: 5.5, activities: 2 });
		expect(totalsByKind(await listRewards(db, org))).toEqual([
			{ kind: 'voucher', label: 'Voucher', count: 2, valuePence: 3500 },
			{ kind: 'payment', label: 'Payment', count: 0, valuePence: 0 },
			{ kind: 'accreditation', label: 'Accreditation', count: 1, valuePence: 0 }
		]);
		// Another organisation's totals don't include them.
		expect(await organisationHours(db, await makeOrganisation(db, 'Southfield Council'))).toEqual({ hours: 0, activities: 0 });
	});
});
