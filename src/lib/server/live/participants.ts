// Joining a live session at /live with its six-character code, and knowing a phone again after.
//
// Only a session that is live takes people; any other code gets the same plain message, and wrong
// guesses are counted per address (as on /join) so codes can't be found by trying them all.
// Joining makes a live_participant: a random token in a cookie (phone-cookie.ts; only its sha-256
// is kept). The cookie holds the tokens of the last few sessions joined on the phone, so going back
// to an earlier session still finds the same participant, and a phone still on a code the champion
// has since replaced is told the new one (not counted as a wrong guess). Someone signed in is one
// participant per session on any device, found by their account, never by a phone's anonymous
// cookie (on a shared phone that is someone else's). New anonymous participants are limited per
// address, so a script can't fill a session with them.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { PARTICIPANT_ROLES, type Role } from '../auth/schema';
import { throttleKey } from '../auth/sign-in';
import { config } from '../config';
import { recordFailure, retryAfterSeconds, type ThrottleRule } from '../auth/throttle';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { checkInByCode } from '../workshops/attendance';
import { normaliseLiveCode } from '../workshops/live-code';
import { sessionByCode } from '../workshops/lookup';
import { liveActivities, liveParticipants, workshopSessions, type LiveParticipant, type WorkshopSession } from '../workshops/schema';
import { cleanText } from './answer-input';
import { liveTokenHash, newLiveToken, tokenList } from './phone-cookie';
import { FILTER_MESSAGE, isBlocked } from './word-filter';

export { liveCookieName, liveTokenHash, newLiveToken, readLiveToken, readLiveTokens, setLiveCookies } from './phone-cookie';

export const NOT_OPEN = 'That code isn’t open right now. Check it with the person running the session, or wait until they start it.';
export const NICKNAME_MAX = 30;
const ID = /^[a-z2-7]{16}$/;

/** Wrong codes per address: 30 in 15 minutes by default, enough for a room of people making typos. */
export function liveCodeRule(): ThrottleRule {
	return { kind: 'window', max: Math.max(1, config.liveCodeAddressLimit), windowSeconds: 900 };
}

/** New anonymous participants per address: 300 in 15 minutes by default, more than a big hall behind one school network. */
export function liveJoinRule(): ThrottleRule {
	return { kind: 'window', max: Math.max(1, config.liveJoinAddressLimit), windowSeconds: 900 };
}

const minutes = (retryAfter: number) => {
	const n = Math.max(1, Math.ceil(retryAfter / 60));
	return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
};

export function throttledMessage(retryAfter: number): string {
	return `Too many tries. Please wait ${minutes(retryAfter)} and try again.`;
}

/** Too many new phones from one address: joining waits a while (phones already in carry on). */
export class TooManyJoins extends InputError {
	constructor(readonly retryAfter: number) {
		super(`Lots of phones have joined from this connection, so joining is paused for now. Please wait ${minutes(retryAfter)} and try again, or ask the person running the session.`, 'form');
	}
}

/** What a phone following a session tells us about itself: its cookie's tokens and, when answering, the activity. */
export interface PhoneHint {
	tokens: readonly string[];
	activityId?: unknown;
}

export type CodeLookup =
	| { state: 'found'; session: WorkshopSession }
	/** The code is no longer anyone's, but the phone was in this session: the champion made a new code. */
	| { state: 'moved'; session: WorkshopSession }
	| { state: 'unknown' }
	| { state: 'throttled'; retryAfter: number };

/**
 * The session a typed code belongs to, in any status. Unknown (or malformed) codes count against
 * the address; once an address has too many, every code is refused for a while. A phone that was
 * in a session whose code has since changed (its cookie says so) gets that session as 'moved'
 * instead, and isn't counted against the room's address.
 */
export async function sessionForCode(db: Db, address: string, typed: string, phone?: PhoneHint): Promise<CodeLookup> {
	const key = throttleKey('live-address', address);
	const retryAfter = await retryAfterSeconds(db, key);
	if (retryAfter > 0) return { state: 'throttled', retryAfter };
	const code = normaliseLiveCode(typed);
	const session = code ? await sessionByCode(db, code) : null;
	if (session) return { state: 'found', session };
	const moved = phone ? await movedSession(db, phone) : null;
	if (moved) return moved;
	await recordFailure(db, key, liveCodeRule());
	return { state: 'unknown' };
}

/**
 * The session a phone was following, by its own participant tokens. With tokens of several
 * sessions, the activity it is answering picks one; otherwise the one joined last. These lookups
 * are counted per phone rather than per address, so a token is no way round the limit on codes.
 */
async function movedSession(db: Db, phone: PhoneHint): Promise<CodeLookup | null> {
	const hashes = tokenList(phone.tokens).map(liveTokenHash);
	if (!hashes.length) return null;
	const rows = await db
		.select({ session: workshopSessions, participantId: liveParticipants.id, tokenHash: liveParticipants.tokenHash })
		.from(liveParticipants)
		.innerJoin(workshopSessions, eq(workshopSessions.id, liveParticipants.sessionId))
		.where(inArray(liveParticipants.tokenHash, hashes));
	if (!rows.length) return null;
	const activityId = typeof phone.activityId === 'string' && ID.test(phone.activityId) ? phone.activityId : null;
	const [answering] = activityId && rows.length > 1 ? await db.select({ sessionId: liveActivities.sessionId }).from(liveActivities).where(eq(liveActivities.id, activityId)) : [];
	const row = rows.find((r) => r.session.id === answering?.sessionId) ?? hashes.map((h) => rows.find((r) => r.tokenHash === h)).find((r) => r !== undefined)!;
	const key = throttleKey('live-phone', row.participantId);
	const retryAfter = await retryAfterSeconds(db, key);
	if (retryAfter > 0) return { state: 'throttled', retryAfter };
	await recordFailure(db, key, liveCodeRule());
	return { state: 'moved', session: row.session };
}

export type LiveCodeCheck = { state: 'ok'; session: WorkshopSession } | { state: 'not_open'; code: string | null } | { state: 'throttled'; retryAfter: number };

/**
 * The live session a typed code opens (for a phone that was in it, by its new code too: compare
 * the session's code with the one typed). A real code of a session that isn't live gets the same
 * answer as an unknown one (but isn't counted).
 */
export async function openSessionByCode(db: Db, address: string, typed: string, phone?: PhoneHint): Promise<LiveCodeCheck> {
	const found = await sessionForCode(db, address, typed, phone);
	if (found.state === 'throttled') return found;
	if (found.state === 'unknown') return { state: 'not_open', code: normaliseLiveCode(typed) };
	if (found.session.status !== 'live') return { state: 'not_open', code: found.state === 'found' ? found.session.code : null };
	return { state: 'ok', session: found.session };
}

/** The code of a live session, without counting anything (the /join page's quick look, after its own throttle). */
export async function liveSessionCode(db: Db, typed: string): Promise<string | null> {
	const code = normaliseLiveCode(typed);
	if (!code) return null;
	const session = await sessionByCode(db, code);
	return session?.status === 'live' ? session.code : null;
}

// --- who is answering ---------------------------------------------------------------------------

type Person = { id: string } | null | undefined;

/**
 * This phone's participant in the session: a signed-in person's own (by their account, whatever
 * the cookie holds), else the cookie's anonymous one.
 */
export async function participantFor(db: Db, sessionId: string, tokens: readonly string[] | string | null, user: Person): Promise<LiveParticipant | null> {
	if (user) {
		const [mine] = await db.select().from(liveParticipants).where(and(eq(liveParticipants.sessionId, sessionId), eq(liveParticipants.userId, user.id)));
		return mine ?? null;
	}
	const list = tokenList(tokens);
	if (!list.length) return null;
	const [found] = await db
		.select()
		.from(liveParticipants)
		.where(and(eq(liveParticipants.sessionId, sessionId), isNull(liveParticipants.userId), inArray(liveParticipants.tokenHash, list.map(liveTokenHash))));
	return found ?? null;
}

/** Which of the phone's tokens is this participant's. */
function tokenOf(participant: LiveParticipant, tokens: readonly string[]): string | undefined {
	return tokens.find((t) => liveTokenHash(t) === participant.tokenHash);
}

/** A nickname as typed: optional, short, and clean enough for a screen. */
export function checkNickname(raw: unknown): string {
	if (raw === undefined || raw === null) return '';
	if (typeof raw !== 'string') throw new InputError('Please type a nickname, or leave it empty.', 'nickname');
	if (raw.length > NICKNAME_MAX * 4) throw new InputError(`A nickname can be at most ${NICKNAME_MAX} characters.`, 'nickname');
	const nickname = cleanText(raw, 'nickname');
	if ([...nickname].length > NICKNAME_MAX) throw new InputError(`A nickname can be at most ${NICKNAME_MAX} characters.`, 'nickname');
	if (nickname && isBlocked(nickname)) throw new InputError(FILTER_MESSAGE, 'nickname');
	return nickname;
}

export interface Joined {
	participant: LiveParticipant;
	/** The token for this phone's cookie (the one it had, or a new one). */
	token: string;
}

/**
 * Joins a live session (or comes back to it). The nickname is kept only when the session shows
 * names; otherwise nothing about the person is kept beyond the token's hash (and, signed in, who).
 * With the phone's address, new anonymous participants are counted against it (liveJoinRule):
 * past the limit joining is refused with TooManyJoins (phones coming back are never refused).
 */
export async function joinLive(
	db: Db,
	input: { session: Pick<WorkshopSession, 'id' | 'status' | 'showNicknames'>; user: Person; token: readonly string[] | string | null; nickname?: unknown; address?: string }
): Promise<Joined> {
	const typed = checkNickname(input.nickname);
	if (input.session.status !== 'live') throw new InputError(NOT_OPEN, 'code');
	const nickname = input.session.showNicknames ? typed : '';
	const sessionId = input.session.id;
	const joinKey = input.address === undefined ? null : throttleKey('live-join', input.address);
	for (let attempt = 1; ; attempt++) {
		try {
			const joined = await db.transaction((tx) => joinOnce(tx, sessionId, input.user, input.token, nickname, joinKey));
			// Counted after the commit, so the address's row isn't held while the join runs.
			if (joinKey && joined.created) await recordFailure(db, joinKey, liveJoinRule());
			return { participant: joined.participant, token: joined.token };
		} catch (err) {
			// Two phones of one account joining at the same moment: the second finds the first's row.
			if (!isUniqueViolation(err) || attempt >= 3) throw err;
		}
	}
}

async function joinOnce(tx: Db, sessionId: string, user: Person, token: readonly string[] | string | null, nickname: string, joinKey: string | null): Promise<Joined & { created: boolean }> {
	const rename = nickname ? { nickname } : {};
	if (!user) {
		const tokens = tokenList(token);
		const current = await participantFor(tx, sessionId, tokens, null);
		const currentToken = current ? tokenOf(current, tokens) : undefined;
		if (current && currentToken) {
			if (nickname) await tx.update(liveParticipants).set(rename).where(eq(liveParticipants.id, current.id));
			return { participant: { ...current, ...rename }, token: currentToken, created: false };
		}
		const retryAfter = joinKey ? await retryAfterSeconds(tx, joinKey) : 0;
		if (retryAfter > 0) throw new TooManyJoins(retryAfter);
		const fresh = newLiveToken();
		const [participant] = await tx.insert(liveParticipants).values({ id: newId(), sessionId, tokenHash: liveTokenHash(fresh), nickname }).returning();
		return { participant, token: fresh, created: true };
	}
	// Signed in: one participant per account, never the phone's anonymous one (on a shared phone it
	// may be the last person's). This phone gets a fresh token; other phones are known by the account.
	const fresh = newLiveToken();
	const [participant] = await tx
		.insert(liveParticipants)
		.values({ id: newId(), sessionId, userId: user.id, tokenHash: liveTokenHash(fresh), nickname })
		.onConflictDoUpdate({
			target: [liveParticipants.sessionId, liveParticipants.userId],
			targetWhere: sql`${liveParticipants.userId} is not null`,
			set: { tokenHash: liveTokenHash(fresh), ...(nickname ? { nickname } : {}) }
		})
		.returning();
	return { participant, token: fresh, created: false };
}

/**
 * A young person or parent with an account who joins is checked in to the session too (signed up
 * first where the session allows). Whatever stops that (consent, a full session, another
 * council's session) doesn't stop them joining in: the champion can still tick them.
 */
export async function checkInOnJoin(db: Db, user: { id: string; organisationId: string; roles: readonly Role[] } | null | undefined, code: string): Promise<boolean> {
	if (!user || !user.roles.some((r) => (PARTICIPANT_ROLES as readonly string[]).includes(r))) return false;
	try {
		return (await checkInByCode(db, user, code)).checkedIn;
	} catch (err) {
		if (err instanceof InputError) return false;
		throw err;
	}
}
