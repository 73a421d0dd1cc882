// Joining a live session at /live with its six-character code, and knowing a phone again after.
//
// Only a session that is live takes people; any other code gets the same plain message, and wrong
// guesses are counted per address (as on /join) so codes can't be found by trying them all.
// Joining makes a live_participant: a random token in a cookie (only its sha-256 is kept), sent
// only to /live and /api/live. The cookie holds the tokens of the last few sessions joined on the
// phone, newest first, so going back to an earlier session (or the champion changing its code)
// still finds the same participant. Someone signed in is one participant per session on any
// device: their account finds them, and each device's cookie is refreshed.
import type { Cookies } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { PARTICIPANT_ROLES, type Role } from '../auth/schema';
import { throttleKey } from '../auth/sign-in';
import { recordFailure, retryAfterSeconds, type ThrottleRule } from '../auth/throttle';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { checkInByCode } from '../workshops/attendance';
import { normaliseLiveCode } from '../workshops/live-code';
import { sessionByCode } from '../workshops/lookup';
import { liveParticipants, type LiveParticipant, type WorkshopSession } from '../workshops/schema';
import { cleanText } from './answer-input';
import { FILTER_MESSAGE, isBlocked } from './word-filter';

export const NOT_OPEN = 'That code isn’t open right now. Check it with the person running the session, or wait until they start it.';
export const NICKNAME_MAX = 30;
const TOKEN = /^[a-z2-7]{32}$/;
const COOKIE_HOURS = 48;
/** Sessions a phone is remembered in at once. */
const TOKENS_KEPT = 4;

/** Wrong codes per address: 30 in 15 minutes, enough for a room of people making typos. */
export function liveCodeRule(): ThrottleRule {
	return { kind: 'window', max: 30, windowSeconds: 900 };
}

export function throttledMessage(retryAfter: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfter / 60));
	return `Too many tries. Please wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again.`;
}

export type LiveCodeCheck = { state: 'ok'; session: WorkshopSession } | { state: 'not_open'; code: string | null } | { state: 'throttled'; retryAfter: number };

/**
 * The session a typed code belongs to, in any status. Unknown (or malformed) codes count against
 * the address; once an address has too many, every code is refused for a while.
 */
export async function sessionForCode(db: Db, address: string, typed: string): Promise<{ state: 'found'; session: WorkshopSession } | { state: 'unknown' } | { state: 'throttled'; retryAfter: number }> {
	const key = throttleKey('live-address', address);
	const retryAfter = await retryAfterSeconds(db, key);
	if (retryAfter > 0) return { state: 'throttled', retryAfter };
	const code = normaliseLiveCode(typed);
	const session = code ? await sessionByCode(db, code) : null;
	if (session) return { state: 'found', session };
	await recordFailure(db, key, liveCodeRule());
	return { state: 'unknown' };
}

/**
 * The live session a typed code opens. A real code of a session that isn't live gets the same
 * answer as an unknown one (but isn't counted).
 */
export async function openSessionByCode(db: Db, address: string, typed: string): Promise<LiveCodeCheck> {
	const found = await sessionForCode(db, address, typed);
	if (found.state === 'throttled') return found;
	if (found.state === 'unknown') return { state: 'not_open', code: normaliseLiveCode(typed) };
	if (found.session.status !== 'live') return { state: 'not_open', code: found.session.code };
	return { state: 'ok', session: found.session };
}

/** The code of a live session, without counting anything (the /join page's quick look). */
export async function liveSessionCode(db: Db, typed: string): Promise<string | null> {
	const code = normaliseLiveCode(typed);
	if (!code) return null;
	const session = await sessionByCode(db, code);
	return session?.status === 'live' ? session.code : null;
}

// --- the phone's cookie -------------------------------------------------------------------------

export function liveCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Secure-live' : 'live';
}

const COOKIE_PATHS = ['/live', '/api/live'];

/** The phone's tokens, newest first (malformed ones ignored). */
export function readLiveTokens(cookies: Cookies, url: URL): string[] {
	const value = cookies.get(liveCookieName(url)) ?? '';
	return value.length > 200 ? [] : value.split('.').filter((t) => TOKEN.test(t)).slice(0, TOKENS_KEPT);
}

/** The token of the session joined last on this phone. */
export function readLiveToken(cookies: Cookies, url: URL): string | null {
	return readLiveTokens(cookies, url)[0] ?? null;
}

/** Puts this session's token first, keeping the few before it. */
export function setLiveCookies(cookies: Cookies, url: URL, token: string): void {
	const tokens = [token, ...readLiveTokens(cookies, url).filter((t) => t !== token)].slice(0, TOKENS_KEPT);
	for (const path of COOKIE_PATHS)
		cookies.set(liveCookieName(url), tokens.join('.'), { httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', path, maxAge: COOKIE_HOURS * 3600 });
}

/** 160 random bits; only the hash is stored. */
export function newLiveToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function liveTokenHash(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

// --- who is answering ---------------------------------------------------------------------------

type Person = { id: string } | null | undefined;

/**
 * This phone's participant in the session: a signed-in person's own, else the cookie's (a cookie
 * left by someone else's account on a shared phone is not used).
 */
export async function participantFor(db: Db, sessionId: string, tokens: readonly string[] | string | null, user: Person): Promise<LiveParticipant | null> {
	if (user) {
		const [mine] = await db.select().from(liveParticipants).where(and(eq(liveParticipants.sessionId, sessionId), eq(liveParticipants.userId, user.id)));
		if (mine) return mine;
	}
	const list = (typeof tokens === 'string' ? [tokens] : (tokens ?? [])).filter((t) => TOKEN.test(t)).slice(0, TOKENS_KEPT);
	if (!list.length) return null;
	const found = await db
		.select()
		.from(liveParticipants)
		.where(and(eq(liveParticipants.sessionId, sessionId), inArray(liveParticipants.tokenHash, list.map(liveTokenHash))));
	return found.find((row) => row.userId === null || row.userId === user?.id) ?? null;
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
 */
export async function joinLive(db: Db, input: { session: Pick<WorkshopSession, 'id' | 'status' | 'showNicknames'>; user: Person; token: readonly string[] | string | null; nickname?: unknown }): Promise<Joined> {
	const typed = checkNickname(input.nickname);
	if (input.session.status !== 'live') throw new InputError(NOT_OPEN, 'code');
	const nickname = input.session.showNicknames ? typed : '';
	const sessionId = input.session.id;
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction((tx) => joinOnce(tx, sessionId, input.user, input.token, nickname));
		} catch (err) {
			// Two phones of one account joining at the same moment: the second finds the first's row.
			if (!isUniqueViolation(err) || attempt >= 3) throw err;
		}
	}
}

async function joinOnce(tx: Db, sessionId: string, user: Person, token: readonly string[] | string | null, nickname: string): Promise<Joined> {
	const tokens = typeof token === 'string' ? [token] : (token ?? []);
	const current = await participantFor(tx, sessionId, tokens, null);
	const currentToken = current ? tokenOf(current, tokens) : undefined;
	const rename = nickname ? { nickname } : {};
	if (!user) {
		if (current && currentToken) {
			if (nickname) await tx.update(liveParticipants).set(rename).where(eq(liveParticipants.id, current.id));
			return { participant: { ...current, ...rename }, token: currentToken };
		}
		const fresh = newLiveToken();
		const [participant] = await tx.insert(liveParticipants).values({ id: newId(), sessionId, tokenHash: liveTokenHash(fresh), nickname }).returning();
		return { participant, token: fresh };
	}
	// Joined on this phone before signing in: the anonymous participant becomes theirs (answers and all).
	const [mine] = await tx.select({ id: liveParticipants.id }).from(liveParticipants).where(and(eq(liveParticipants.sessionId, sessionId), eq(liveParticipants.userId, user.id)));
	if (!mine && current && currentToken && current.userId === null) {
		const [claimed] = await tx
			.update(liveParticipants)
			.set({ userId: user.id, ...rename })
			.where(and(eq(liveParticipants.id, current.id), isNull(liveParticipants.userId)))
			.returning();
		if (claimed) return { participant: claimed, token: currentToken };
	}
	// One participant per account: this phone gets a fresh token, other phones are known by the account.
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
	return { participant, token: fresh };
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
