import { createHash } from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { auditLog } from '../../src/lib/server/audit/schema';
import { hashPassword } from '../../src/lib/server/auth/passwords';
import { sessions, userRoles, users, type Role } from '../../src/lib/server/auth/schema';
import { InputError } from '../../src/lib/server/forms';
import { tableCounts } from './people';

/** Raw SQL rows on either driver (postgres.js returns an array, PGlite an object with rows). */
export async function rows<T = Record<string, unknown>>(db: Db, query: string | SQL): Promise<T[]> {
	const result = (await db.execute(query as SQL)) as unknown as T[] | { rows: T[] };
	return Array.isArray(result) ? result : result.rows;
}

/** tableCounts plus the audit log and throttles: "nothing written" means none of these change. */
export async function allCounts(db: Db): Promise<Record<string, number>> {
	const counts = await tableCounts(db);
	for (const t of ['audit_log', 'throttles']) {
		const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from ${t}`);
		counts[t] = Number(row.n);
	}
	return counts;
}

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

export function auditFor(db: Db, action: string) {
	return db.select().from(auditLog).where(eq(auditLog.action, action));
}

export function sessionsOf(db: Db, userId: string) {
	return db.select().from(sessions).where(eq(sessions.userId, userId));
}

/** The first of the month `years` years and `extraMonths` months before `now`, as YYYY-MM-DD. */
export function birthMonthYearsAgo(years: number, now = new Date(), extraMonths = 2): string {
	return new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth() - extraMonths, 1)).toISOString().slice(0, 10);
}

/** Awaits a promise that must fail with InputError (optionally on a given field). */
export async function expectInputError(promise: Promise<unknown>, field?: string): Promise<InputError> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err, 'expected an InputError').toBeInstanceOf(InputError);
	if (field) expect((err as InputError).field).toBe(field);
	return err as InputError;
}

let sharedHash: Promise<string> | undefined;
export const SHARED_PASSWORD = 'shared-fixture-passphrase';

/**
 * Inserts a person whose password is SHARED_PASSWORD, reusing one argon2 hash per test file so
 * tests that need many people stay quick.
 */
export async function quickUser(
	db: Db,
	organisationId: string,
	roles: Role[],
	options: { username?: string; displayName?: string; birthMonth?: string | null } = {}
) {
	sharedHash ??= hashPassword(SHARED_PASSWORD);
	const id = newId();
	const username = options.username ?? `p-${id.slice(0, 8)}`;
	await db.insert(users).values({
		id,
		organisationId,
		username,
		displayName: options.displayName ?? 'Test participant',
		passwordHash: await sharedHash,
		birthMonth: options.birthMonth ?? null
	});
	await db.insert(userRoles).values(roles.map((role) => ({ userId: id, role })));
	return { id, organisationId, username, roles };
}
