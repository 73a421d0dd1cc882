// Who may follow a session's live stream by its code. Watching needs only the code (answering
// needs joining), so the stream counts wrong codes per address with the same rule as /live:
// otherwise it would be a way round that page's limit for finding codes by trying them all. A
// phone that was in a session whose code has since changed carries its participant cookie and is
// not counted, so a room behind one address isn't locked out when the champion changes the code.
import { inArray } from 'drizzle-orm';
import { throttleKey } from '../auth/sign-in';
import { recordFailure, retryAfterSeconds } from '../auth/throttle';
import type { Db } from '../db/client';
import { normaliseLiveCode } from '../workshops/live-code';
import { sessionByCode } from '../workshops/lookup';
import { liveParticipants, type WorkshopSession } from '../workshops/schema';
import { liveCodeRule, liveTokenHash } from './participants';

export type PhoneStreamAccess =
	| { state: 'live'; session: WorkshopSession }
	| { state: 'closed'; session: WorkshopSession }
	| { state: 'not_found' }
	| { state: 'throttled'; retryAfter: number };

export const STREAM_NOT_FOUND = 'We couldn’t find a live session with that code. Please check the code and try again.';

export async function phoneStreamAccess(db: Db, address: string, typed: string, tokens: readonly string[]): Promise<PhoneStreamAccess> {
	const key = throttleKey('live-address', address);
	const retryAfter = await retryAfterSeconds(db, key);
	if (retryAfter > 0) return { state: 'throttled', retryAfter };
	const code = typed.length <= 20 ? normaliseLiveCode(typed) : null;
	const session = code ? await sessionByCode(db, code) : null;
	if (!session) {
		const hashes = tokens.slice(0, 8).map(liveTokenHash);
		const [known] = hashes.length ? await db.select({ id: liveParticipants.id }).from(liveParticipants).where(inArray(liveParticipants.tokenHash, hashes)).limit(1) : [];
		if (!known) await recordFailure(db, key, liveCodeRule());
		return { state: 'not_found' };
	}
	if (session.status === 'live') return { state: 'live', session };
	if (session.status === 'closed') return { state: 'closed', session };
	return { state: 'not_found' };
}
