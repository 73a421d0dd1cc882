// The rules around deleting accounts: one waiting request per person, changing one's mind, who may
// confirm (a champion or admin of the same organisation, never for a staff account), the
// retention review, and two champions confirming at the same moment deleting once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../src/lib/server/auth/schema';
import { newId } from '../../src/lib/server/db/ids';
import { InputError } from '../../src/lib/server/forms';
import { deletionRequests } from '../../src/lib/server/my-data/schema';
import { declineDeletionRequest, deleteParticipantAccount, myPendingDeletion, requestDeletion, retentionCutoff, withdrawDeletionRequest } from '../../src/lib/server/my-data/deletion';
import { deletionTarget, listInactiveAccounts, listPendingDeletions } from '../../src/lib/server/my-data/review';
import { collectMyData } from '../../src/lib/server/my-data/export';
import { organisations } from '../../src/lib/server/organisations/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { allCounts, auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
let org: string;
let otherOrg: string;
type Q = Awaited<ReturnType<typeof quickUser>>;
let champion: Q, admin: Q, officer: Q, otherChampion: Q, morgan: Q;
const NOW = new Date('2026-11-20T12:00:00Z');
const YEARS_AGO = (n: number) => new Date(NOW.getTime() - n * 365 * 86_400_000);

beforeAll(async () => {
	t = await createTestDatabase();
	org = await makeOrganisation(t.db, 'Riverside');
	otherOrg = await makeOrganisation(t.db, 'Elsewhere');
	champion = await quickUser(t.db, org, ['champion']);
	admin = await quickUser(t.db, org, ['admin']);
	officer = await quickUser(t.db, org, ['officer']);
	morgan = await quickUser(t.db, org, ['officer', 'champion']);
	otherChampion = await quickUser(t.db, otherOrg, ['champion']);
}, 60_000);
afterAll(async () => {
	await t?.close();
});

const counts = async () => ({ ...(await allCounts(t.db)), requests: (await rows<{ n: number }>(t.db, 'select count(*)::int as n from deletion_requests'))[0].n, deleted: (await rows<{ n: number }>(t.db, 'select count(*)::int as n from users where deleted_at is not null'))[0].n });
const statusOf = async (id: string) => (await t.db.select().from(deletionRequests).where(eq(deletionRequests.id, id)))[0];

describe('asking', () => {
	it('one waiting request at a time; the person can change their mind; the audit holds ids only', async () => {
		const p = await quickUser(t.db, org, ['young_person'], { displayName: 'Asha Example' });
		const id = await requestDeletion(t.db, p, NOW);
		expect((await myPendingDeletion(t.db, p.id))?.id).toBe(id);
		const before = await counts();
		await expectInputError(requestDeletion(t.db, p, NOW));
		expect(await counts()).toEqual(before);
		await withdrawDeletionRequest(t.db, p, NOW);
		expect(await statusOf(id)).toMatchObject({ status: 'withdrawn', decidedBy: p.id });
		expect((await collectMyData(t.db, p, NOW)).deletionRequests).toEqual([expect.objectContaining({ status: 'withdrawn', outcome: 'You changed your mind' })]);
		await expectInputError(withdrawDeletionRequest(t.db, p, NOW));
		// Asking again after changing one's mind is fine.
		const again = await requestDeletion(t.db, p, NOW);
		expect(again).not.toBe(id);
		const audit = (await auditFor(t.db, 'account_deletion.requested')).filter((a) => a.actorId === p.id);
		expect(audit).toHaveLength(2);
		expect(JSON.stringify(audit)).not.toContain('Asha');
	});

	it('staff can’t ask here', async () => {
		const before = await counts();
		await expectInputError(requestDeletion(t.db, champion, NOW));
		await expectInputError(requestDeletion(t.db, morgan, NOW));
		expect(await counts()).toEqual(before);
	});

	it('two taps at once make one request', async () => {
		const p = await quickUser(t.db, org, ['parent_carer']);
		const results = await Promise.allSettled([requestDeletion(t.db, p, NOW), requestDeletion(t.db, p, NOW), requestDeletion(t.db, p, NOW)]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect((await rows<{ n: number }>(t.db, `select count(*)::int as n from deletion_requests where user_id = '${p.id}'`))[0].n).toBe(1);
	});
});

describe('confirming', () => {
	it('a champion or admin of the same organisation confirms; an officer or another organisation can’t', async () => {
		const p = await quickUser(t.db, org, ['young_person']);
		await requestDeletion(t.db, p, NOW);
		const before = await counts();
		await expectInputError(deleteParticipantAccount(t.db, officer, p.id, { now: NOW }));
		await expectInputError(declineDeletionRequest(t.db, officer, p.id, NOW));
		const err = await expectInputError(deleteParticipantAccount(t.db, otherChampion, p.id, { now: NOW }));
		expect(err.message).toMatch(/does not exist/);
		await expectInputError(declineDeletionRequest(t.db, otherChampion, p.id, NOW));
		await expectInputError(deletionTarget(t.db, otherOrg, p.id));
		expect((await listPendingDeletions(t.db, otherOrg)).map((r) => r.userId)).not.toContain(p.id);
		expect(await counts()).toEqual(before);
		await deleteParticipantAccount(t.db, admin, p.id, { now: NOW });
		expect((await t.db.select().from(users).where(eq(users.id, p.id)))[0].deletedAt).toEqual(NOW);
	});

	it('only a waiting request can be confirmed; turning one down keeps the account', async () => {
		const p = await quickUser(t.db, org, ['young_person'], { displayName: 'Ben Example' });
		const before = await counts();
		await expectInputError(deleteParticipantAccount(t.db, champion, p.id, { now: NOW }));
		expect(await counts()).toEqual(before);
		const id = await requestDeletion(t.db, p, NOW);
		await declineDeletionRequest(t.db, champion, p.id, NOW);
		// 'declined', not 'withdrawn': the person didn't change their mind, a champion turned it down.
		expect(await statusOf(id)).toMatchObject({ status: 'declined', decidedBy: champion.id });
		expect((await collectMyData(t.db, p, NOW)).deletionRequests).toEqual([expect.objectContaining({ status: 'declined', outcome: 'A champion turned this request down' })]);
		await expectInputError(declineDeletionRequest(t.db, champion, p.id, NOW));
		await expectInputError(deleteParticipantAccount(t.db, champion, p.id, { now: NOW }));
		expect((await t.db.select().from(users).where(eq(users.id, p.id)))[0]).toMatchObject({ displayName: 'Ben Example', deletedAt: null });
	});

	it('never deletes a staff account, even with a request row', async () => {
		await t.db.insert(deletionRequests).values({ id: newId(), organisationId: org, userId: morgan.id, origin: 'participant', status: 'pending' });
		await t.db.update(users).set({ lastActiveAt: YEARS_AGO(5) }).where(eq(users.id, officer.id));
		const before = await counts();
		const err = await expectInputError(deleteParticipantAccount(t.db, champion, morgan.id, { now: NOW }));
		expect(err.message).toMatch(/Staff/);
		await expectInputError(deleteParticipantAccount(t.db, champion, officer.id, { origin: 'retention', now: NOW }));
		await expectInputError(deleteParticipantAccount(t.db, champion, champion.id, { origin: 'retention', now: NOW }));
		expect(await counts()).toEqual(before);
		await t.db.delete(deletionRequests).where(eq(deletionRequests.userId, morgan.id));
	});

	it('two champions confirming at the same moment delete once', async () => {
		const p = await quickUser(t.db, org, ['young_person']);
		const requestId = await requestDeletion(t.db, p, NOW);
		const results = await Promise.allSettled([
			deleteParticipantAccount(t.db, champion, p.id, { now: NOW }),
			deleteParticipantAccount(t.db, admin, p.id, { now: NOW }),
			deleteParticipantAccount(t.db, morgan, p.id, { now: NOW })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect((r.reason as Error).message).toMatch(/already been deleted|no request waiting/);
		expect((await auditFor(t.db, 'account.deleted')).filter((a) => a.targetId === p.id)).toHaveLength(1);
		expect((await rows(t.db, `select status from deletion_requests where user_id = '${p.id}'`))).toEqual([{ status: 'confirmed' }]);
		expect((await statusOf(requestId)).status).toBe('confirmed');
	});
});

describe('the retention review', () => {
	it('lists participant accounts unused for longer than the period, and deletes them with a confirmed retention request', async () => {
		await t.db.update(organisations).set({ retentionMonths: 24 }).where(eq(organisations.id, org));
		const old = await quickUser(t.db, org, ['parent_carer'], { displayName: 'Old Account' });
		const recent = await quickUser(t.db, org, ['young_person']);
		const otherOld = await quickUser(t.db, otherOrg, ['young_person']);
		await t.db.update(users).set({ lastActiveAt: YEARS_AGO(3) }).where(eq(users.id, old.id));
		await t.db.update(users).set({ lastActiveAt: new Date(retentionCutoff(24, NOW).getTime() + 86_400_000) }).where(eq(users.id, recent.id));
		await t.db.update(users).set({ lastActiveAt: YEARS_AGO(3) }).where(eq(users.id, otherOld.id));
		const review = await listInactiveAccounts(t.db, org, NOW);
		expect(review.retentionMonths).toBe(24);
		const ids = review.accounts.map((a) => a.userId);
		expect(ids).toContain(old.id);
		expect(ids).not.toContain(recent.id);
		expect(ids).not.toContain(otherOld.id);
		expect(ids).not.toContain(officer.id);

		const before = await counts();
		await expectInputError(deleteParticipantAccount(t.db, champion, recent.id, { origin: 'retention', now: NOW }));
		await expectInputError(deleteParticipantAccount(t.db, otherChampion, old.id, { origin: 'retention', now: NOW }));
		await expectInputError(deleteParticipantAccount(t.db, officer, old.id, { origin: 'retention', now: NOW }));
		expect(await counts()).toEqual(before);

		const requestId = await deleteParticipantAccount(t.db, champion, old.id, { origin: 'retention', now: NOW });
		expect(await statusOf(requestId)).toMatchObject({ origin: 'retention', status: 'confirmed', decidedBy: champion.id, userId: old.id });
		expect((await listInactiveAccounts(t.db, org, NOW)).accounts.map((a) => a.userId)).not.toContain(old.id);

		// A shorter period brings the recent account in.
		await t.db.update(organisations).set({ retentionMonths: 1 }).where(eq(organisations.id, org));
		expect((await listInactiveAccounts(t.db, org, NOW)).accounts.map((a) => a.userId)).toContain(recent.id);
	});

	it('a retention deletion of someone who had asked confirms their request', async () => {
		const p = await quickUser(t.db, org, ['young_person']);
		await t.db.update(users).set({ lastActiveAt: YEARS_AGO(5) }).where(eq(users.id, p.id));
		const asked = await requestDeletion(t.db, p, NOW);
		expect(await deleteParticipantAccount(t.db, champion, p.id, { origin: 'retention', now: NOW })).toBe(asked);
		expect((await rows(t.db, `select status, origin from deletion_requests where user_id = '${p.id}'`))).toEqual([{ status: 'confirmed', origin: 'participant' }]);
	});

	it('the person asking at the same moment as a champion deletes them for retention: no error beyond a plain message, deleted once, no request left waiting', async () => {
		for (let round = 0; round < 4; round++) {
			const p = await quickUser(t.db, org, ['young_person']);
			await t.db.update(users).set({ lastActiveAt: YEARS_AGO(5) }).where(eq(users.id, p.id));
			const [asked, deleted] = await Promise.allSettled([requestDeletion(t.db, p, NOW), deleteParticipantAccount(t.db, champion, p.id, { origin: 'retention', now: NOW })]);
			expect(deleted.status, 'the retention deletion always goes through').toBe('fulfilled');
			// Either they asked first (and the champion confirmed their request) or the account was already gone.
			if (asked.status === 'rejected') expect(asked.reason).toBeInstanceOf(InputError);
			const requests = await rows<{ status: string; origin: string }>(t.db, `select status, origin from deletion_requests where user_id = '${p.id}'`);
			expect(requests).toHaveLength(1);
			expect(requests[0].status).toBe('confirmed');
			expect(requests[0].origin).toBe(asked.status === 'fulfilled' ? 'participant' : 'retention');
			expect((await t.db.select().from(users).where(eq(users.id, p.id)))[0].deletedAt).toEqual(NOW);
			expect((await auditFor(t.db, 'account.deleted')).filter((a) => a.targetId === p.id)).toHaveLength(1);
		}
	});

	it('a retention request is written already confirmed, so it never holds the one waiting place', async () => {
		const p = await quickUser(t.db, org, ['parent_carer']);
		await t.db.update(users).set({ lastActiveAt: YEARS_AGO(5) }).where(eq(users.id, p.id));
		const id = await deleteParticipantAccount(t.db, champion, p.id, { origin: 'retention', now: NOW });
		expect(await statusOf(id)).toMatchObject({ origin: 'retention', status: 'confirmed', decidedBy: champion.id, decidedAt: NOW, requestedAt: NOW });
		// Asking after being deleted (an old tab) is refused plainly, and nothing is added.
		const before = await counts();
		await expectInputError(requestDeletion(t.db, p, NOW));
		expect(await counts()).toEqual(before);
	});
});
