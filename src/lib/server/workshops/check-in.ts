// Checking in with a code typed on a session's page, with guessing kept slow. A code that hits
// signs the person up (on an open session), so wrong codes are counted as on /live: per address,
// under /live's own key and rule (the two forms are no way round each other's limit), and per
// account, so someone moving between addresses can't keep trying. Once either is over its limit
// every code is refused for a while, the right one too.
import { throttleKey } from '../auth/sign-in';
import { recordFailure, retryAfterSeconds, type ThrottleRule } from '../auth/throttle';
import type { Db } from '../db/client';
import { liveCodeRule } from '../live/participants';
import { checkInByCode, UnknownCode } from './attendance';

/** Wrong codes per account: 10 in 15 minutes (a typo or two, not a search). */
export function checkInAccountRule(): ThrottleRule {
	return { kind: 'window', max: 10, windowSeconds: 900 };
}

export type CheckInWithCode = { state: 'done'; sessionId: string; checkedIn: boolean } | { state: 'throttled'; retryAfter: number };

/**
 * `checkInByCode` from a session's page (`typedOn`), refused while the address or the account has
 * had too many wrong codes; a wrong one counts against both. Other refusals are InputErrors.
 */
export async function checkInWithCode(db: Db, user: { id: string; organisationId: string }, address: string, code: string, typedOn: string, now = new Date()): Promise<CheckInWithCode> {
	const keys: [string, ThrottleRule][] = [
		[throttleKey('live-address', address), liveCodeRule()],
		[throttleKey('check-in-account', user.id), checkInAccountRule()]
	];
	const waits = await Promise.all(keys.map(([key]) => retryAfterSeconds(db, key, now)));
	const retryAfter = Math.max(...waits);
	if (retryAfter > 0) return { state: 'throttled', retryAfter };
	try {
		return { state: 'done', ...(await checkInByCode(db, user, code, now, typedOn)) };
	} catch (err) {
		if (err instanceof UnknownCode) for (const [key, rule] of keys) await recordFailure(db, key, rule, now);
		throw err;
	}
}
