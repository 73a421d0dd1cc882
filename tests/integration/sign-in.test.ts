import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/audit/schema';
import { setAccountDisabled } from '../../src/lib/server/auth/accounts';
import { throttles } from '../../src/lib/server/auth/schema';
import { sessionIdFromToken, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { signIn, throttleKey } from '../../src/lib/server/auth/sign-in';
import { recordFailure } from '../../src/lib/server/auth/throttle';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { auditFor, quickUser, rows, SHARED_PASSWORD, sessionsOf } from '../helpers/fixtures-integration';

let t: TestDatabase;
let db: Db;
let org: string;
let admin: { id: string; organisationId: string };
/** Every username and address typed in this file, to prove none is stored in clear. */
const typed = new Set<string>();
const savedEnv = { ip: process.env.SIGNIN_IP_MAX_FAILURES, free: process.env.SIGNIN_ACCOUNT_FREE_FAILURES };

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db);
	admin = await quickUser(db, org, ['admin']);
});
afterAll(async () => {
	await t?.close();
});
afterEach(() => {
	for (const [name, value] of [
		['SIGNIN_IP_MAX_FAILURES', savedEnv.ip],
		['SIGNIN_ACCOUNT_FREE_FAILURES', savedEnv.free]
	] as const) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
});

function attempt(username: string, password: string, address: string, now?: Date) {
	typed.add(username);
	typed.add(address);
	return signIn(db, { username, password, address }, now);
}

async function throttleRow(kind: 'signin-account' | 'signin-address', value: string) {
	const [row] = await db.select().from(throttles).where(eq(throttles.key, throttleKey(kind, value)));
	return row;
}

describe('signIn', () => {
	it('signs in with the right password: new session, audit sign_in.success', async () => {
		const user = await quickUser(db, org, ['champion'], { username: 'casey.champion' });
		const first = await attempt('casey.champion', SHARED_PASSWORD, '192.0.2.10');
		expect(first.ok).toBe(true);
		if (!first.ok) return;
		expect(first.userId).toBe(user.id);
		expect(first.roles).toEqual(['champion']);
		expect(first.token).toMatch(/^[a-z2-7]{32}$/);
		const [session] = await sessionsOf(db, user.id);
		expect(session.id).toBe(sessionIdFromToken(first.token));
		expect((await validateSessionToken(db, first.token))!.user.id).toBe(user.id);

		const audit = (await auditFor(db, 'sign_in.success')).filter((a) => a.targetId === user.id);
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: user.id, organisationId: org, targetType: 'user' });

		// A fresh token every time (ASVS 7.2.4).
		const second = await attempt('casey.champion', SHARED_PASSWORD, '192.0.2.10');
		expect(second.ok && second.token).not.toBe(first.token);
		expect(await sessionsOf(db, user.id)).toHaveLength(2);
	});

	it('refuses a wrong password as invalid, audits the failure without the password, and counts it', async () => {
		const user = await quickUser(db, org, ['officer'], { username: 'wren.wrong' });
		const guess = 'not-the-password-guess-42';
		expect(await attempt('wren.wrong', guess, '192.0.2.11')).toEqual({ ok: false, reason: 'invalid' });
		expect(await sessionsOf(db, user.id)).toHaveLength(0);
		const failures = (await auditFor(db, 'sign_in.failure')).filter((a) => a.targetId === user.id);
		expect(failures).toHaveLength(1);
		expect(failures[0].detail).toEqual({ reason: 'wrong_password' });
		expect(JSON.stringify(await db.select().from(auditLog))).not.toContain(guess);
		expect((await throttleRow('signin-account', 'wren.wrong'))?.failures).toBe(1);
		expect((await throttleRow('signin-address', '192.0.2.11'))?.failures).toBe(1);
	});

	it('counts unknown usernames in the throttle too, and never logs what was typed', async () => {
		const result = await attempt('nobody-here-at-all', 'some-typed-secret', '192.0.2.12');
		expect(result).toEqual({ ok: false, reason: 'invalid' });
		expect((await throttleRow('signin-account', 'nobody-here-at-all'))?.failures).toBe(1);
		const audit = (await auditFor(db, 'sign_in.failure')).filter((a) => a.detail?.reason === 'unknown_username');
		expect(audit.length).toBeGreaterThanOrEqual(1);
		expect(audit[0].targetId).toBeNull();
		const everything = JSON.stringify(await db.select().from(auditLog));
		expect(everything).not.toContain('nobody-here-at-all');
		expect(everything).not.toContain('some-typed-secret');
	});

	it('gives an account 5 free failures, blocks for 30 s after the 6th, then lets the right password in and clears the count', async () => {
		const user = await quickUser(db, org, ['officer'], { username: 'bo.backoff' });
		const t0 = new Date(Date.now() + 60_000);
		const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
		for (let i = 1; i <= 5; i++) {
			expect(await attempt('bo.backoff', `wrong-guess-${i}`, '192.0.2.13', at(i))).toEqual({ ok: false, reason: 'invalid' });
		}
		let row = await throttleRow('signin-account', 'bo.backoff');
		expect(row.failures).toBe(5);
		expect(row.blockedUntil).toBeNull();

		// The 6th attempt is still checked; its failure starts the 30 s block.
		expect(await attempt('bo.backoff', 'wrong-guess-6', '192.0.2.13', at(6))).toEqual({ ok: false, reason: 'invalid' });
		row = await throttleRow('signin-account', 'bo.backoff');
		expect(row.failures).toBe(6);
		expect(row.blockedUntil!.getTime()).toBe(at(36).getTime());

		// Blocked: even the right password is refused, from any address, and the attempt is not counted.
		const blocked = await attempt('bo.backoff', SHARED_PASSWORD, '192.0.2.99', at(10));
		expect(blocked.ok).toBe(false);
		expect(blocked).toMatchObject({ reason: 'throttled' });
		if (!blocked.ok && blocked.reason === 'throttled') {
			expect(blocked.retryAfter).toBeGreaterThan(0);
			expect(blocked.retryAfter).toBeLessThanOrEqual(30);
			expect(blocked.retryAfter).toBe(26);
		}
		expect(await sessionsOf(db, user.id)).toHaveLength(0);
		expect((await throttleRow('signin-account', 'bo.backoff')).failures).toBe(6);
		expect((await auditFor(db, 'sign_in.throttled')).some((a) => a.targetId === user.id)).toBe(true);

		// Once the block has passed, the right password works and the account's counter is cleared.
		const later = await attempt('bo.backoff', SHARED_PASSWORD, '192.0.2.13', at(37));
		expect(later.ok).toBe(true);
		expect(await throttleRow('signin-account', 'bo.backoff')).toBeUndefined();
		expect(await sessionsOf(db, user.id)).toHaveLength(1);
	});

	it('blocks an address after SIGNIN_IP_MAX_FAILURES failures across different usernames', async () => {
		process.env.SIGNIN_IP_MAX_FAILURES = '3';
		const user = await quickUser(db, org, ['officer'], { username: 'ada.address' });
		const address = '198.51.100.7';
		for (const name of ['guess-one', 'guess-two', 'ada.address']) {
			expect(await attempt(name, 'wrong-password-here', address)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect((await throttleRow('signin-address', address)).failures).toBe(3);
		const blocked = await attempt('ada.address', SHARED_PASSWORD, address);
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		if (!blocked.ok && blocked.reason === 'throttled') expect(blocked.retryAfter).toBeGreaterThan(0);
		expect(await sessionsOf(db, user.id)).toHaveLength(0);
		// The same person from another address is not affected.
		expect((await attempt('ada.address', SHARED_PASSWORD, '198.51.100.8')).ok).toBe(true);
	});

	it('refuses a disabled account even with the right password', async () => {
		const user = await quickUser(db, org, ['young_person'], { username: 'dee.disabled' });
		await setAccountDisabled(db, admin, user.id, true);
		expect(await attempt('dee.disabled', SHARED_PASSWORD, '192.0.2.14')).toEqual({ ok: false, reason: 'invalid' });
		expect(await sessionsOf(db, user.id)).toHaveLength(0);
		const audit = (await auditFor(db, 'sign_in.failure')).filter((a) => a.targetId === user.id);
		expect(audit.map((a) => a.detail)).toEqual([{ reason: 'disabled' }]);
	});

	it('counts 10 parallel wrong attempts on one account exactly (atomic upsert)', async () => {
		// Raise the free allowance so every attempt reaches the counter: this test is about the count.
		process.env.SIGNIN_ACCOUNT_FREE_FAILURES = '100';
		await quickUser(db, org, ['officer'], { username: 'pat.parallel' });
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) => attempt('pat.parallel', `parallel-wrong-${i}`, `192.0.2.${100 + i}`))
		);
		expect(results.every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
		expect((await throttleRow('signin-account', 'pat.parallel')).failures).toBe(10);
	});

	it('decides parallel guesses on one account one at a time, so they cannot overtake the throttle', async () => {
		await quickUser(db, org, ['officer'], { username: 'quinn.rush' });
		const results = await Promise.all(
			Array.from({ length: 24 }, (_, i) => attempt('quinn.rush', `rushed-wrong-${i}`, `198.51.100.${i + 1}`))
		);
		const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
		const throttled = results.filter((r) => !r.ok && r.reason === 'throttled').length;
		// 5 free failures, and the 6th starts the first wait: never more passwords checked than that.
		expect(checked).toBe(6);
		expect(throttled).toBe(18);
	});

	it('recordFailure counts 20 parallel failures on one key exactly', async () => {
		const key = throttleKey('test', 'parallel-key');
		const rule = { kind: 'window', max: 1000, windowSeconds: 900 } as const;
		await Promise.all(Array.from({ length: 20 }, () => recordFailure(db, key, rule)));
		const [row] = await db.select().from(throttles).where(eq(throttles.key, key));
		expect(row.failures).toBe(20);
	});

	it('keeps only hashed keys in the throttles table', async () => {
		const all = await rows<{ key: string }>(db, 'select * from throttles');
		expect(all.length).toBeGreaterThan(5);
		for (const row of all) expect(row.key).toMatch(/^[a-z-]+:[0-9a-f]{32}$/);
		const dump = JSON.stringify(all).toLowerCase();
		for (const value of typed) expect(dump).not.toContain(value.toLowerCase());
	});
});
