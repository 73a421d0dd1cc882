// How many anonymous answers one address may send to one survey in a while. What is kept is as
// little as the limit needs, so that it can't be matched up with the responses themselves:
// - the address is stored only as sha256(survey id, address). That hash is unsalted: this
//   deployment model configures no server secret to key it with, and addresses are few enough to
//   guess, so the hash is not a secret. It is acceptable because the row says nothing more than
//   "this address sent some answers to this survey in this window": windows start on fixed
//   boundaries (not at the first submission), anonymous responses keep only the hour they arrived
//   in, and windows are deleted once over. No response points at a window, or a window at one.
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import { config } from '../config';
import type { Db } from '../db/client';
import { surveySubmissionWindows } from './schema';

/** The start of the fixed window `now` falls in. */
export function windowStart(now: Date, windowSeconds: number): Date {
	const ms = windowSeconds * 1000;
	return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** The window key and limit for one anonymous submission, counted by the insert itself (store.ts); null when off. */
export function addressLimit(surveyId: string, address: string, now: Date): { key: string; windowStartedAt: Date; max: number } | null {
	const max = config.surveyAddressLimit;
	if (max === 0) return null;
	return { key: createHash('sha256').update(`${surveyId}:${address}`).digest('hex'), windowStartedAt: windowStart(now, config.surveyAddressWindowSeconds), max };
}

/** Seconds until the window that started at `started` is over. */
export function secondsLeft(started: Date, now: Date): number {
	return Math.max(1, Math.ceil((started.getTime() + config.surveyAddressWindowSeconds * 1000 - now.getTime()) / 1000));
}

/** Deletes the counts of windows long over (older than two windows). */
export async function sweepSubmissionWindows(db: Db, now: Date): Promise<void> {
	const windowSeconds = config.surveyAddressWindowSeconds;
	await db.delete(surveySubmissionWindows).where(lt(surveySubmissionWindows.windowStartedAt, new Date(now.getTime() - 2 * windowSeconds * 1000)));
}
