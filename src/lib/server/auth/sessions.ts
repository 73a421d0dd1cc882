import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lt, ne, or } from 'drizzle-orm';
import { config } from '../config';
import type { Db } from '../db/client';
import { sessions, userRoles, users, type Role } from './schema';

const HOUR = 60 * 60 * 1000;

export interface SessionUser {
	id: string;
	organisationId: string;
	username: string;
	displayName: string;
	roles: Role[];
}

/** 160 random bits from the platform CSPRNG (ASVS 7.2.3). The token is only ever in the cookie. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, token: string, userId: string, now = new Date()) {
	const absoluteExpiresAt = new Date(now.getTime() + config.sessionAbsoluteHours * HOUR);
	const idle = new Date(now.getTime() + config.sessionIdleHours * HOUR);
	const session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: idle < absoluteExpiresAt ? idle : absoluteExpiresAt,
		absoluteExpiresAt,
		createdAt: now
	};
	await db.insert(sessions).values(session);
	return session;
}

export interface ValidatedSession {
	/** `slid`: the expiry moved forward, so the cookie needs the new one. */
	session: { id: string; expiresAt: Date; slid: boolean };
	user: SessionUser;
}

/**
 * Looks the token up, ends it if expired (idle or absolute) or if the account is disabled, and
 * slides the idle expiry forward at most once an hour so reads stay cheap.
 */
export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<ValidatedSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = sessionIdFromToken(token);
	const rows = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, id));
	const row = rows[0];
	if (!row) return null;
	const { session, user } = row;
	if (user.disabledAt || user.deletedAt || now >= session.expiresAt || now >= session.absoluteExpiresAt) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	let expiresAt = session.expiresAt;
	const slid = new Date(Math.min(now.getTime() + config.sessionIdleHours * HOUR, session.absoluteExpiresAt.getTime()));
	if (slid.getTime() - expiresAt.getTime() >= HOUR) {
		expiresAt = slid;
		await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
		await db.update(users).set({ lastActiveAt: now }).where(eq(users.id, user.id));
	}
	const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
	return {
		session: { id, expiresAt, slid: expiresAt !== session.expiresAt },
		user: {
			id: user.id,
			organisationId: user.organisationId,
			username: user.username,
			displayName: user.displayName,
			roles: roles.map((r) => r.role).sort()
		}
	};
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a person, optionally keeping the one in use ("sign out everywhere else"). */
export async function invalidateUserSessions(db: Db, userId: string, keepSessionId?: string): Promise<void> {
	await db
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}

/** Removes expired rows; safe to call from any process at any time. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
	await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)));
}
