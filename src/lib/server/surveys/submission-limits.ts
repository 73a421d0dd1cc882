// How many anonymous answers one address may send to one survey in a while. What is kept is as
// little as the limit needs, so that it can't be matched up with the responses themselves:
// - the address is stored only as sha256(survey id, address). That hash is unsalted: this
//   deployment model configures no server secret to key it with, and addresses are few enough to
//   guess, so the hash is not a secret. It is acceptable because the row says nothing more than
//   "this address sent some answers to this survey in this window": windows start on fixed
//   boundaries (not at the first submission), anonymous responses keep only the hour they arrived
//   in, and windows are deleted once over. No response points at a window, or a window at one.
import { createHash } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import { config } from '../config';
import type { Db } from '../db/client';
import { surveySubmissionWindows } from './schema';

/** The start of the fixed window `now` falls in. */
export function windowStart(now: Date, windowSeconds: number): Date {
	const ms = windowSeconds * 1000;
	return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Counts one anonymous submission for this survey and address (one upsert) and returns the
 * seconds to wait when over the limit, else 0.
 */
export async function countSubmission(db: Db, surveyId: string, address: string, now: Date): Promise<number> {
	const limit = config.surveyAddressLimit;
	if (limit === 0) return 0;
	const windowSeconds = config.surveyAddressWindowSeconds;
	const started = windowStart(now, windowSeconds);
	const key = createHash('sha256').update(`${surveyId}:${address}`).digest('hex');
	const w = surveySubmissionWindows;
	// Raw SQL fragments get ISO strings: postgres.js does not serialise Date parameters there.
	const current = sql`${started.toISOString()}::timestamptz`;
	const [row] = await db
		.insert(w)
		.values({ key, windowStartedAt: started, count: 1 })
		.onConflictDoUpdate({
			target: w.key,
			set: {
				count: sql`case when ${w.windowStartedAt} = ${current} then ${w.count} + 1 else 1 end`,
				windowStartedAt: current
			}
		})
		.returning({ count: w.count });
	// Now and then (about one submission in 500), forget windows that are over.
	if (Math.random() < 0.002) await sweepSubmissionWindows(db, now);
	if (row.count <= limit) return 0;
	return Math.max(1, Math.ceil((started.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
}

/** Deletes the counts of windows long over (older than two windows). */
export async function sweepSubmissionWindows(db: Db, now: Date): Promise<void> {
	const windowSeconds = config.surveyAddressWindowSeconds;
	await db.delete(surveySubmissionWindows).where(lt(surveySubmissionWindows.windowStartedAt, new Date(now.getTime() - 2 * windowSeconds * 1000)));
}
