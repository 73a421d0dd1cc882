import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/audit/schema';
import { createStaffAccount } from '../../src/lib/server/auth/accounts';
import {
	createJoinInvitation,
	createResetCode,
	joinSchema,
	listJoinInvitations,
	redeemJoinInvitation,
	redeemResetCode,
	withdrawInvitation
} from '../../src/lib/server/auth/invitations';
import { invitations, userRoles, users } from '../../src/lib/server/auth/schema';
import { createSession, generateSessionToken, sessionIdFromToken, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { InputError } from '../../src/lib/server/forms';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { allCounts, auditFor, birthMonthYearsAgo, expectInputError, quickUser, rows, SHARED_PASSWORD, sessionsOf, sha256Hex } from '../helpers/fixtures-integration';

type Actor = { id: string; organisationId: string };
let t: TestDatabase;
let db: Db;
let orgA: string;
let orgB: string;
let championA: Actor;
let adminA: Actor;
let championB: Actor;
const GOOD = 'violet-kettle-orbit-72';

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	orgB = await makeOrganisation(db, 'Southbank Council');
	championA = await quickUser(db, orgA, ['champion'], { username: 'champ.a' });
	adminA = await quickUser(db, orgA, ['admin']);
	championB = await quickUser(db, orgB, ['champion']);
});
afterAll(async () => {
	await t?.close();
});

const invite = (actor: Actor = championA, now?: Date) =>
	createJoinInvitation(db, actor, { role: 'young_person', label: 'Tuesday forum', birthMonth: birthMonthYearsAgo(13) }, now);
const invitationRow = async (id: string) => (await db.select().from(invitations).where(eq(invitations.id, id)))[0];

describe('join invitations', () => {
	it('returns the code once and stores only its hash', async () => {
		const { id, code } = await invite();
		expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
		const bare = code.replace('-', '');
		const row = await invitationRow(id);
		expect(row.codeHash).toBe(sha256Hex(bare));
		const dump = JSON.stringify(await rows(db, 'select * from invitations'));
		expect(dump).not.toContain(code);
		expect(dump).not.toContain(bare);
		expect(JSON.stringify(await db.select().from(auditLog))).not.toContain(bare);
		expect((await auditFor(db, 'invitation.created')).some((a) => a.targetId === id)).toBe(true);
	});

	it('redeems: creates the participant with the role and birth month, signs in, spends the code, audits', async () => {
		const { id, code } = await invite();
		const before = await allCounts(db);
		const typedCode = ` ${code.toLowerCase().replace('-', ' ')} `;
		const joined = await redeemJoinInvitation(db, typedCode, { displayName: 'Sam', username: 'sam-river-13', password: GOOD });
		const [user] = await db.select().from(users).where(eq(users.id, joined.userId));
		expect(user).toMatchObject({ organisationId: orgA, username: 'sam-river-13', birthMonth: birthMonthYearsAgo(13) });
		expect(user.passwordHash).not.toContain(GOOD);
		expect((await db.select().from(userRoles).where(eq(userRoles.userId, user.id))).map((r) => r.role)).toEqual(['young_person']);
		expect((await sessionsOf(db, user.id)).map((s) => s.id)).toEqual([sessionIdFromToken(joined.token)]);
		expect((await validateSessionToken(db, joined.token))!.user.roles).toEqual(['young_person']);
		const row = await invitationRow(id);
		expect(row.usedAt).not.toBeNull();
		expect(row.usedBy).toBe(user.id);
		expect((await auditFor(db, 'invitation.used')).filter((a) => a.targetId === id)).toMatchObject([{ actorId: user.id }]);
		const after = await allCounts(db);
		expect(after.users - before.users).toBe(1);
		expect(after.sessions - before.sessions).toBe(1);

		// Used once: the same code never works again, and nothing more is written.
		await expectInputError(redeemJoinInvitation(db, code, { displayName: 'Sam 2', username: 'sam-again-14', password: GOOD }));
		expect(await allCounts(db)).toEqual(after);
	});

	it('two concurrent redemptions of one code produce exactly one account', async () => {
		const { id, code } = await invite();
		const before = await allCounts(db);
		const results = await Promise.allSettled([
			redeemJoinInvitation(db, code, { displayName: 'Racer one', username: 'racer-one', password: GOOD }),
			redeemJoinInvitation(db, code, { displayName: 'Racer two', username: 'racer-two', password: GOOD })
		]);
		const won = results.filter((r) => r.status === 'fulfilled');
		const lost = results.filter((r) => r.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(1);
		expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(InputError);
		const after = await allCounts(db);
		expect(after.users - before.users).toBe(1);
		expect(after.user_roles - before.user_roles).toBe(1);
		expect(after.sessions - before.sessions).toBe(1);
		expect((await invitationRow(id)).usedBy).toBe((won[0] as PromiseFulfilledResult<{ userId: string }>).value.userId);
	});

	it('two concurrent joins with one username on different codes produce one account', async () => {
		const [a, b] = [await invite(), await invite()];
		const before = await allCounts(db);
		const results = await Promise.allSettled([
			redeemJoinInvitation(db, a.code, { displayName: 'Twin', username: 'same-name-7', password: GOOD }),
			redeemJoinInvitation(db, b.code, { displayName: 'Twin', username: 'same-name-7', password: GOOD })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(lost.reason).toBeInstanceOf(InputError);
		expect((lost.reason as InputError).field).toBe('username');
		expect((await allCounts(db)).users - before.users).toBe(1);
	});

	it('refuses expired and withdrawn codes', async () => {
		const old = await invite(championA, new Date(Date.now() - 20 * 86_400_000));
		const withdrawn = await invite();
		await withdrawInvitation(db, championA, withdrawn.id);
		const before = await allCounts(db);
		for (const code of [old.code, withdrawn.code]) {
			await expectInputError(redeemJoinInvitation(db, code, { displayName: 'Late', username: 'late-comer-1', password: GOOD }));
		}
		expect(await allCounts(db)).toEqual(before);
	});

	it('refuses weak passwords and bad or taken usernames, writing nothing', async () => {
		const { id, code } = await invite();
		const before = await allCounts(db);
		const cases: [{ displayName: string; username: string; password: string }, string][] = [
			[{ displayName: 'Kim', username: 'kim-weak-1', password: 'password123' }, 'password'],
			[{ displayName: 'Kim', username: 'kim-weak-1', password: 'short' }, 'password'],
			[{ displayName: 'Kim', username: 'skyline-otter', password: 'Skyline-Otter-blue-99' }, 'password'],
			[{ displayName: 'Kim', username: 'kim-weak-1', password: 'Northfield Council 2024!' }, 'password'],
			[{ displayName: 'Kim', username: 'champ.a', password: GOOD }, 'username']
		];
		for (const [input, field] of cases) await expectInputError(redeemJoinInvitation(db, code, input), field);
		expect(await allCounts(db)).toEqual(before);
		expect((await invitationRow(id)).usedAt).toBeNull();

		// Username format is checked by the join form's schema before the domain function runs.
		for (const bad of ['Bad Name!', 'ab', '-dash-first', 'x'.repeat(41), 'emoji-😀']) {
			const parsed = v.safeParse(joinSchema, { displayName: 'Kim', username: bad, password: GOOD });
			expect(parsed.success, bad).toBe(false);
		}
		expect(await allCounts(db)).toEqual(before);
	});
});

describe('reset codes', () => {
	it('change the password, end older sessions, and only the newest code works', async () => {
		const person = await quickUser(db, orgA, ['parent_carer'], { username: 'riley.reset', displayName: 'Riley' });
		const oldTokens = [generateSessionToken(), generateSessionToken()];
		for (const token of oldTokens) await createSession(db, token, person.id);
		const first = await createResetCode(db, championA, person.id);
		const second = await createResetCode(db, championA, person.id);
		expect((await invitationRow(first.id)).revokedAt).not.toBeNull();
		const dump = JSON.stringify(await rows(db, 'select * from invitations'));
		expect(dump).not.toContain(second.code.replace('-', ''));

		await expectInputError(redeemResetCode(db, first.code, 'amber-window-river-31'));
		const newPassword = 'amber-window-river-31';
		const done = await redeemResetCode(db, second.code, newPassword);
		expect(done.userId).toBe(person.id);
		expect((await sessionsOf(db, person.id)).map((s) => s.id)).toEqual([sessionIdFromToken(done.token)]);
		for (const token of oldTokens) expect(await validateSessionToken(db, token)).toBeNull();
		expect((await invitationRow(second.id)).usedAt).not.toBeNull();
		expect((await auditFor(db, 'password.reset')).some((a) => a.targetId === person.id)).toBe(true);

		await expectInputError(redeemResetCode(db, second.code, 'another-fresh-phrase-9'));
		expect(await signIn(db, { username: 'riley.reset', password: SHARED_PASSWORD, address: '192.0.2.40' })).toEqual({ ok: false, reason: 'invalid' });
		expect((await signIn(db, { username: 'riley.reset', password: newPassword, address: '192.0.2.40' })).ok).toBe(true);
	});

	it('refuse a weak new password without spending the code', async () => {
		const person = await quickUser(db, orgA, ['young_person'], { username: 'wes.weak' });
		const { id, code } = await createResetCode(db, championA, person.id);
		await expectInputError(redeemResetCode(db, code, 'iloveyou1'), 'password');
		await expectInputError(redeemResetCode(db, code, 'wes.weak.password'), 'password');
		expect((await invitationRow(id)).usedAt).toBeNull();
	});

	it('let a new staff member set a password and sign in', async () => {
		const id = await createStaffAccount(db, adminA, { displayName: 'Nadia New', username: 'nadia.new', roles: ['officer'] });
		expect((await auditFor(db, 'user.created')).some((a) => a.targetId === id)).toBe(true);
		expect(await sessionsOf(db, id)).toHaveLength(0);
		const { code } = await createResetCode(db, adminA, id);
		const password = 'lilac-harbour-stone-58';
		await redeemResetCode(db, code, password);
		const result = await signIn(db, { username: 'nadia.new', password, address: '192.0.2.41' });
		expect(result).toMatchObject({ ok: true, userId: id, roles: ['officer'] });
	});
});

describe('withdrawing and other organisations', () => {
	it('withdraws an invitation once only', async () => {
		const { id, code } = await invite();
		await withdrawInvitation(db, championA, id);
		expect((await invitationRow(id)).revokedAt).not.toBeNull();
		expect((await auditFor(db, 'invitation.withdrawn')).filter((a) => a.targetId === id)).toHaveLength(1);
		await expectInputError(withdrawInvitation(db, championA, id));
		expect((await listJoinInvitations(db, orgA)).find((i) => i.id === id)?.status).toBe('withdrawn');
		await expectInputError(redeemJoinInvitation(db, code, { displayName: 'W', username: 'withdrawn-1', password: GOOD }));
	});

	it('refuses to withdraw a used invitation', async () => {
		const { id, code } = await invite();
		await redeemJoinInvitation(db, code, { displayName: 'Uma', username: 'uma-used-3', password: GOOD });
		await expectInputError(withdrawInvitation(db, championA, id));
		expect((await invitationRow(id)).revokedAt).toBeNull();
	});

	it('an actor from another organisation can’t withdraw, list, or make reset codes for org A', async () => {
		const { id, code } = await invite();
		const personA = await quickUser(db, orgA, ['young_person']);
		const before = await allCounts(db);
		await expectInputError(withdrawInvitation(db, championB, id));
		await expectInputError(createResetCode(db, championB, personA.id));
		await expectInputError(createResetCode(db, championB, adminA.id));
		expect(await allCounts(db)).toEqual(before);
		expect((await invitationRow(id)).revokedAt).toBeNull();
		expect((await listJoinInvitations(db, orgB)).some((i) => i.id === id)).toBe(false);
		// The code still works for the person it was meant for.
		const joined = await redeemJoinInvitation(db, code, { displayName: 'Ola', username: 'ola-still-ok', password: GOOD });
		expect((await db.select().from(users).where(eq(users.id, joined.userId)))[0].organisationId).toBe(orgA);
	});
});
