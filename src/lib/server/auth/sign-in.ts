import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { config } from '../config';
import type { Db } from '../db/client';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { userRoles, users, type Role } from './schema';
import { clearFailures, lockKey, recordFailure, retryAfterSeconds, type ThrottleRule } from './throttle';
import { createSession, generateSessionToken } from './sessions';

/** Throttle keys hold hashes, so the table never stores a typed username or an address. */
export function throttleKey(kind: string, value: string): string {
	return `${kind}:${encodeHexLowerCase(sha256(new TextEncoder().encode(value))).slice(0, 32)}`;
}

export function accountRule(): ThrottleRule {
	// 5 free tries, then 30 s, 1, 2, 4, 8 min, capped at 15 min: at most ~13 guesses an hour per account.
	return { kind: 'backoff', free: config.signInAccountFreeFailures, baseSeconds: 30, maxSeconds: 900, resetSeconds: 3600 };
}

export function addressRule(): ThrottleRule {
	return { kind: 'window', max: config.signInIpMaxFailures, windowSeconds: 900 };
}

export type SignInResult =
	| { ok: true; userId: string; organisationId: string; roles: Role[]; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * Checks a username and password under both throttles. The account's throttle row stays locked
 * until the attempt is decided, so parallel guesses queue instead of overtaking the count.
 */
export function signIn(db: Db, input: { username: string; password: string; address: string }, now = new Date()): Promise<SignInResult> {
	return db.transaction((tx) => attemptSignIn(tx, input, now));
}

async function attemptSignIn(db: Db, input: { username: string; password: string; address: string }, now: Date): Promise<SignInResult> {
	const accountKey = throttleKey('signin-account', input.username);
	const addressKey = throttleKey('signin-address', input.address);
	await lockKey(db, accountKey, now);
	const retryAfter = Math.max(await retryAfterSeconds(db, accountKey, now), await retryAfterSeconds(db, addressKey, now));
	const [user] = await db.select().from(users).where(eq(users.username, input.username));
	if (retryAfter > 0) {
		await recordAudit(db, {
			organisationId: user?.organisationId,
			action: 'sign_in.throttled',
			targetType: 'user',
			targetId: user?.id ?? null
		});
		return { ok: false, reason: 'throttled', retryAfter };
	}
	const passwordOk = user
		? await verifyPassword(user.passwordHash, input.password)
		: await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
	if (!user || !passwordOk || user.disabledAt || user.deletedAt) {
		await recordFailure(db, accountKey, accountRule(), now);
		await recordFailure(db, addressKey, addressRule(), now);
		await recordAudit(db, {
			organisationId: user?.organisationId,
			action: 'sign_in.failure',
			targetType: 'user',
			targetId: user?.id ?? null,
			detail: { reason: !user ? 'unknown_username' : user.disabledAt || user.deletedAt ? 'disabled' : 'wrong_password' }
		});
		return { ok: false, reason: 'invalid' };
	}
	await clearFailures(db, accountKey);
	const token = generateSessionToken();
	const session = await createSession(db, token, user.id, now);
	await db.update(users).set({ lastActiveAt: now }).where(eq(users.id, user.id));
	await recordAudit(db, {
		organisationId: user.organisationId,
		actorId: user.id,
		action: 'sign_in.success',
		targetType: 'user',
		targetId: user.id
	});
	const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
	return { ok: true, userId: user.id, organisationId: user.organisationId, roles: roles.map((r) => r.role), token, expiresAt: session.expiresAt };
}
