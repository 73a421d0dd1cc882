// The phone's live cookie: the random tokens of the last few sessions joined on this phone, newest
// first (only their sha-256 is kept in the database), sent only to /live and /api/live.
import type { Cookies } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export const TOKEN = /^[a-z2-7]{32}$/;
const COOKIE_HOURS = 48;
/** Sessions a phone is remembered in at once. */
export const TOKENS_KEPT = 4;
const COOKIE_PATHS = ['/live', '/api/live'];

export function liveCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Secure-live' : 'live';
}

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

/** Tokens as a caller gives them (one, several or none), well-formed ones only. */
export function tokenList(tokens: readonly string[] | string | null | undefined): string[] {
	return (typeof tokens === 'string' ? [tokens] : (tokens ?? [])).filter((t) => TOKEN.test(t)).slice(0, TOKENS_KEPT);
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
