import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { throttles } from './schema';

/**
 * Failure-based throttles kept in Postgres, so every process sees the same counts.
 * - window: at most `max` failures per `windowSeconds`, then blocked until the window ends.
 * - backoff: `free` failures, then each further one blocks for a doubling delay, capped at
 *   `maxSeconds`, so an attacker can't lock a real person out for long (ASVS 6.3.1).
 */
export type ThrottleRule =
	| { kind: 'window'; max: number; windowSeconds: number }
	| { kind: 'backoff'; free: number; baseSeconds: number; maxSeconds: number; resetSeconds: number };

/**
 * Takes the key's row lock for the rest of the caller's transaction, so concurrent attempts on one
 * account are decided one after another and can't all slip in before the first failure counts.
 */
export async function lockKey(tx: Db, key: string, now = new Date()): Promise<void> {
	await tx.insert(throttles).values({ key, failures: 0, windowStartedAt: now }).onConflictDoNothing();
	await tx.select({ key: throttles.key }).from(throttles).where(eq(throttles.key, key)).for('update');
}

/** Seconds until the key may try again, or 0 when it may try now. */
export async function retryAfterSeconds(db: Db, key: string, now = new Date()): Promise<number> {
	const [row] = await db.select({ blockedUntil: throttles.blockedUntil }).from(throttles).where(eq(throttles.key, key));
	if (!row?.blockedUntil || row.blockedUntil <= now) return 0;
	return Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000);
}

/** Counts one failure atomically and returns the seconds the key is now blocked for (0 if not). */
export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now = new Date()): Promise<number> {
	const windowSeconds = rule.kind === 'window' ? rule.windowSeconds : rule.resetSeconds;
	// Raw SQL fragments get ISO strings: postgres.js does not serialise Date parameters there.
	const windowStart = new Date(now.getTime() - windowSeconds * 1000).toISOString();
	const at = now.toISOString();
	const [row] = await db
		.insert(throttles)
		.values({ key, failures: 1, windowStartedAt: now })
		.onConflictDoUpdate({
			target: throttles.key,
			set: {
				failures: sql`case when ${throttles.windowStartedAt} < ${windowStart}::timestamptz then 1 else ${throttles.failures} + 1 end`,
				windowStartedAt: sql`case when ${throttles.windowStartedAt} < ${windowStart}::timestamptz then ${at}::timestamptz else ${throttles.windowStartedAt} end`
			}
		})
		.returning({ failures: throttles.failures, windowStartedAt: throttles.windowStartedAt });
	const blockFor = blockSeconds(rule, row.failures, row.windowStartedAt, now);
	if (blockFor > 0) {
		await db
			.update(throttles)
			.set({ blockedUntil: new Date(now.getTime() + blockFor * 1000) })
			.where(eq(throttles.key, key));
	}
	return blockFor;
}

export function blockSeconds(rule: ThrottleRule, failures: number, windowStartedAt: Date, now: Date): number {
	if (rule.kind === 'window') {
		if (failures < rule.max) return 0;
		return Math.max(1, Math.ceil((windowStartedAt.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
	}
	if (failures <= rule.free) return 0;
	return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** (failures - rule.free - 1));
}

export async function clearFailures(db: Db, key: string): Promise<void> {
	await db.delete(throttles).where(eq(throttles.key, key));
}
