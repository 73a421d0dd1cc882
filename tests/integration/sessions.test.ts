import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { setAccountDisabled } from '../../src/lib/server/auth/accounts';
import { sessions } from '../../src/lib/server/auth/schema';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from '../../src/lib/server/auth/sessions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { quickUser, rows, sessionsOf, sha256Hex } from '../helpers/fixtures-integration';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Defaults from config.ts: 7 days idle, 30 days absolute.
const IDLE = 7 * DAY;
const ABSOLUTE = 30 * DAY;

let t: TestDatabase;
let db: Db;
let org: string;
let admin: { id: string; organisationId: string };

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db);
	admin = await quickUser(db, org, ['admin']);
});
afterAll(async () => {
	await t?.close();
});

async function sessionRow(token: string) {
	const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(token)));
	return row;
}

describe('session tokens', () => {
	it('are 32 base32 characters (160 bits) and never repeat over 1000 draws', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 1000; i++) {
			const token = generateSessionToken();
			expect(token).toMatch(/^[a-z2-7]{32}$/);
			seen.add(token);
		}
		expect(seen.size).toBe(1000);
		expect(32 * 5).toBeGreaterThanOrEqual(128);
	});

	it('are stored only as their SHA-256: the token itself is in no column', async () => {
		const user = await quickUser(db, org, ['officer']);
		const token = generateSessionToken();
		const created = await createSession(db, token, user.id);
		expect(created.id).toBe(sha256Hex(token));
		const all = await rows(db, 'select * from sessions');
		expect(all.length).toBeGreaterThan(0);
		expect(JSON.stringify(all)).not.toContain(token);
		const [row] = await sessionsOf(db, user.id);
		expect(row.id).toBe(sha256Hex(token));
		expect(row.id).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('validateSessionToken', () => {
	it('returns the person with their roles', async () => {
		const user = await quickUser(db, org, ['officer', 'champion'], { displayName: 'Robin Roles' });
		const token = generateSessionToken();
		await createSession(db, token, user.id);
		const result = await validateSessionToken(db, token);
		expect(result).not.toBeNull();
		expect(result!.session.id).toBe(sha256Hex(token));
		expect(result!.user).toEqual({
			id: user.id,
			organisationId: org,
			username: user.username,
			displayName: 'Robin Roles',
			roles: ['champion', 'officer']
		});
	});

	it('returns null for malformed or unknown tokens without a query error', async () => {
		const user = await quickUser(db, org, ['officer']);
		const token = generateSessionToken();
		await createSession(db, token, user.id);
		const before = (await rows(db, 'select id from sessions')).length;
		const bad = [
			'',
			'short',
			token.toUpperCase(),
			token + 'a',
			token.slice(0, 31),
			"' or 1=1 --" + 'a'.repeat(21),
			'\u0000'.repeat(32),
			'é'.repeat(32),
			'a'.repeat(10_000),
			generateSessionToken() // well formed, but no such session
		];
		for (const candidate of bad) await expect(validateSessionToken(db, candidate)).resolves.toBeNull();
		expect((await rows(db, 'select id from sessions')).length).toBe(before);
		expect(await validateSessionToken(db, token)).not.toBeNull();
	});

	it('ends a session idle past expiresAt and deletes its row', async () => {
		const user = await quickUser(db, org, ['officer']);
		const t0 = new Date('2030-01-01T09:00:00Z');
		const token = generateSessionToken();
		const created = await createSession(db, token, user.id, t0);
		expect(created.expiresAt.getTime()).toBe(t0.getTime() + IDLE);
		expect(created.absoluteExpiresAt.getTime()).toBe(t0.getTime() + ABSOLUTE);
		// Used ten minutes in: too soon to slide, so the original idle expiry stands.
		expect(await validateSessionToken(db, token, new Date(t0.getTime() + 10 * 60_000))).not.toBeNull();
		expect((await sessionRow(token)).expiresAt.getTime()).toBe(created.expiresAt.getTime());
		expect(await validateSessionToken(db, token, new Date(created.expiresAt.getTime() + 1000))).toBeNull();
		expect(await sessionRow(token)).toBeUndefined();
	});

	it('treats the exact idle expiry moment as expired', async () => {
		const user = await quickUser(db, org, ['officer']);
		const t0 = new Date('2030-02-01T09:00:00Z');
		const token = generateSessionToken();
		const created = await createSession(db, token, user.id, t0);
		expect(await validateSessionToken(db, token, created.expiresAt)).toBeNull();
		expect(await sessionRow(token)).toBeUndefined();
	});

	it('slides the idle expiry only after an hour and never beyond the absolute expiry', async () => {
		const user = await quickUser(db, org, ['officer']);
		const t0 = new Date('2030-03-01T09:00:00Z');
		const token = generateSessionToken();
		const created = await createSession(db, token, user.id, t0);

		const soon = await validateSessionToken(db, token, new Date(t0.getTime() + 30 * 60_000));
		expect(soon!.session.expiresAt.getTime()).toBe(created.expiresAt.getTime());
		// Nothing moved, so the cookie is left as it is.
		expect(soon!.session.slid).toBe(false);
		expect((await sessionRow(token)).expiresAt.getTime()).toBe(created.expiresAt.getTime());

		const later = new Date(t0.getTime() + 2 * HOUR);
		const slid = await validateSessionToken(db, token, later);
		expect(slid!.session.expiresAt.getTime()).toBe(later.getTime() + IDLE);
		expect(slid!.session.slid).toBe(true);
		expect((await sessionRow(token)).expiresAt.getTime()).toBe(later.getTime() + IDLE);

		// Keep using it every six days: the idle expiry follows, capped at the absolute expiry.
		let last = slid!.session.expiresAt.getTime();
		for (const day of [6, 12, 18, 24, 29]) {
			const at = new Date(t0.getTime() + day * DAY);
			const result = await validateSessionToken(db, token, at);
			expect(result).not.toBeNull();
			const expiresAt = result!.session.expiresAt.getTime();
			expect(expiresAt).toBeGreaterThanOrEqual(last);
			expect(expiresAt).toBeLessThanOrEqual(created.absoluteExpiresAt.getTime());
			const row = await sessionRow(token);
			expect(row.expiresAt.getTime()).toBe(expiresAt);
			expect(row.absoluteExpiresAt.getTime()).toBe(created.absoluteExpiresAt.getTime());
			last = expiresAt;
		}
		expect(last).toBe(created.absoluteExpiresAt.getTime());
	});

	it('ends a session at its absolute expiry even though it was kept active', async () => {
		const user = await quickUser(db, org, ['officer']);
		const t0 = new Date('2030-05-01T09:00:00Z');
		const token = generateSessionToken();
		const created = await createSession(db, token, user.id, t0);
		for (const day of [5, 10, 15, 20, 25]) {
			expect(await validateSessionToken(db, token, new Date(t0.getTime() + day * DAY))).not.toBeNull();
		}
		// Idle expiry has slid to t0 + 32 days, which is past the absolute expiry (t0 + 30 days).
		expect((await sessionRow(token)).expiresAt.getTime()).toBe(created.absoluteExpiresAt.getTime());
		// Force the idle expiry later still, to prove the absolute limit is checked on its own.
		await db.update(sessions).set({ expiresAt: new Date(t0.getTime() + 60 * DAY) }).where(eq(sessions.id, created.id));
		expect(await validateSessionToken(db, token, new Date(created.absoluteExpiresAt.getTime() + 1000))).toBeNull();
		expect(await sessionRow(token)).toBeUndefined();
	});
});

describe('ending sessions', () => {
	it('invalidateSession deletes the row', async () => {
		const user = await quickUser(db, org, ['officer']);
		const token = generateSessionToken();
		const { id } = await createSession(db, token, user.id);
		await invalidateSession(db, id);
		expect(await sessionRow(token)).toBeUndefined();
		expect(await validateSessionToken(db, token)).toBeNull();
	});

	it('invalidateUserSessions ends all of one person’s sessions, or all but the one kept', async () => {
		const user = await quickUser(db, org, ['officer']);
		const other = await quickUser(db, org, ['officer']);
		const tokens = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		for (const token of tokens) await createSession(db, token, user.id);
		const otherToken = generateSessionToken();
		await createSession(db, otherToken, other.id);

		await invalidateUserSessions(db, user.id, sessionIdFromToken(tokens[1]));
		expect((await sessionsOf(db, user.id)).map((s) => s.id)).toEqual([sessionIdFromToken(tokens[1])]);
		expect(await validateSessionToken(db, tokens[0])).toBeNull();
		expect(await validateSessionToken(db, tokens[1])).not.toBeNull();

		await invalidateUserSessions(db, user.id);
		expect(await sessionsOf(db, user.id)).toHaveLength(0);
		expect(await validateSessionToken(db, otherToken)).not.toBeNull();
	});

	it('disabling an account deletes all its sessions', async () => {
		const user = await quickUser(db, org, ['young_person']);
		const tokens = [generateSessionToken(), generateSessionToken()];
		for (const token of tokens) await createSession(db, token, user.id);
		await setAccountDisabled(db, admin, user.id, true);
		expect(await sessionsOf(db, user.id)).toHaveLength(0);
		for (const token of tokens) expect(await validateSessionToken(db, token)).toBeNull();

		// A session that somehow exists for a disabled account is refused and removed too.
		const late = generateSessionToken();
		await createSession(db, late, user.id);
		expect(await validateSessionToken(db, late)).toBeNull();
		expect(await sessionsOf(db, user.id)).toHaveLength(0);

		await setAccountDisabled(db, admin, user.id, false);
		const fresh = generateSessionToken();
		await createSession(db, fresh, user.id);
		expect(await validateSessionToken(db, fresh)).not.toBeNull();
	});
});
