import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, password as passwordSchema, text } from '../forms';
import { getOrganisation } from '../organisations/organisations';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { users } from './schema';
import { createSession, generateSessionToken, invalidateUserSessions } from './sessions';
import { accountRule, throttleKey } from './sign-in';
import { clearFailures, recordFailure, retryAfterSeconds } from './throttle';

export const profileSchema = v.object({
	displayName: text('the name you’d like us to use', 40),
	email: v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(254, 'That email address is too long.'),
		v.check((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'That doesn’t look like an email address. You can leave it empty.'),
		v.transform((s) => (s === '' ? null : s.toLowerCase()))
	)
});
export type ProfileInput = v.InferOutput<typeof profileSchema>;

export async function getProfile(db: Db, userId: string) {
	const [row] = await db
		.select({ username: users.username, displayName: users.displayName, email: users.email })
		.from(users)
		.where(eq(users.id, userId));
	if (!row) throw new InputError('Your account was not found.');
	return row;
}

export async function updateProfile(db: Db, user: { id: string; organisationId: string }, input: ProfileInput) {
	await db.transaction(async (tx) => {
		// No address, no email copies: clearing it also turns them off (giving one back doesn't turn them on).
		await tx.update(users).set(input.email === null ? { ...input, notifyByEmail: false } : input).where(eq(users.id, user.id));
		await recordAudit(tx, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'user.profile_changed',
			targetType: 'user',
			targetId: user.id,
			detail: { hasEmail: input.email !== null }
		});
	});
}

export const changePasswordSchema = v.object({ currentPassword: passwordSchema, newPassword: passwordSchema });

/** A new password signs the person out everywhere and starts one fresh session here. */
export async function changePassword(db: Db, userId: string, current: string, next: string, now = new Date()) {
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user) throw new InputError('Your account was not found.');
	// A stolen session must not become a way to guess the password: same limits as signing in.
	const key = throttleKey('password-change', userId);
	const wait = await retryAfterSeconds(db, key, now);
	if (wait > 0) throw new InputError(`Too many tries. Please wait ${Math.ceil(wait / 60)} minutes and try again.`, 'currentPassword');
	if (!(await verifyPassword(user.passwordHash, current))) {
		await recordFailure(db, key, accountRule(), now);
		await recordAudit(db, { organisationId: user.organisationId, actorId: userId, action: 'password.change_failed', targetType: 'user', targetId: userId });
		throw new InputError('Your current password isn’t right.', 'currentPassword');
	}
	await clearFailures(db, key);
	const organisation = await getOrganisation(db, user.organisationId);
	const problem = passwordProblem(next, [user.username, user.displayName, organisation.name]);
	if (problem) throw new InputError(problem, 'newPassword');
	const passwordHash = await hashPassword(next);
	const token = generateSessionToken();
	const session = await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId);
		await recordAudit(tx, { organisationId: user.organisationId, actorId: userId, action: 'password.changed', targetType: 'user', targetId: userId });
		return createSession(tx, token, userId, now);
	});
	return { token, expiresAt: session.expiresAt };
}

/** Ends every session of the person, this one included. */
export async function signOutEverywhere(db: Db, user: { id: string; organisationId: string }) {
	await invalidateUserSessions(db, user.id);
	await recordAudit(db, { organisationId: user.organisationId, actorId: user.id, action: 'sign_out.everywhere', targetType: 'user', targetId: user.id });
}
