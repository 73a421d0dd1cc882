// Who may follow a session's live stream by its code. Watching needs only the code (answering
// needs joining), so the stream counts wrong codes per address with the same rule as /live:
// otherwise it would be a way round that page's limit for finding codes by trying them all.
//
// When the champion makes a new code, the hub ends the phone streams that came in by the old one.
// A phone that was in the session (its participant cookie says so) then asks again by the old code
// and is told the new one ('moved'), not counted as a wrong guess against the room's address (its
// own lookups are counted per phone instead, in participants.ts); anyone else is refused as for any
// unknown code. So a leaked code stops working for onlookers at once, and the room carries on.
//
// A closed session's code still gives its final snapshot, once, to anyone who has the code (and
// the projector's screen shows it). That is deliberate: the results belong to the room that made
// them, were on the screen for everyone there, and carry no names (nicknames only where the
// champion chose to show them, as on the screen); a phone that reloads after the end sees how it
// ended instead of an error. Finding a closed session's code is no easier than any other: wrong
// guesses are counted the same way.
import type { Db } from '../db/client';
import type { WorkshopSession } from '../workshops/schema';
import { sessionForCode } from './participants';

export type PhoneStreamAccess =
	| { state: 'live'; session: WorkshopSession }
	| { state: 'closed'; session: WorkshopSession }
	/** The code was replaced and this phone was in the session: follow it at `session.code`. */
	| { state: 'moved'; session: WorkshopSession }
	| { state: 'not_found' }
	| { state: 'throttled'; retryAfter: number };

export const STREAM_NOT_FOUND = 'We couldn’t find a live session with that code. Please check the code and try again.';
export const STREAM_MOVED = 'This session has a new code. Taking you there now…';

export async function phoneStreamAccess(db: Db, address: string, typed: string, tokens: readonly string[]): Promise<PhoneStreamAccess> {
	const found = await sessionForCode(db, address, typed, { tokens });
	if (found.state === 'throttled') return found;
	if (found.state === 'unknown') return { state: 'not_found' };
	const { session } = found;
	if (session.status !== 'live' && session.status !== 'closed') return { state: 'not_found' };
	if (found.state === 'moved') return { state: 'moved', session };
	return { state: session.status, session };
}
