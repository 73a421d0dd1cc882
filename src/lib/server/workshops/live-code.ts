// The session's live code: six characters from the unambiguous alphabet the invitation codes use
// (no I, O, 0 or 1), random, unique across the app. People type it at /live and to check in, so
// what they type is forgiven: any case, spaces and dashes.
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { LIVE_CODE_LENGTH } from './schema';

export const LIVE_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 30 random bits as six characters (32 letters: each byte's low five bits, no bias). */
export function generateLiveCode(): string {
	const bytes = new Uint8Array(LIVE_CODE_LENGTH);
	crypto.getRandomValues(bytes);
	return [...bytes].map((b) => LIVE_CODE_ALPHABET[b & 31]).join('');
}

/** What someone typed as a code, or null when it can't be one. */
export function normaliseLiveCode(input: unknown): string | null {
	if (typeof input !== 'string' || input.length > 40) return null;
	const squashed = input.toUpperCase().replace(/[\s-]/g, '');
	if (squashed.length !== LIVE_CODE_LENGTH || ![...squashed].every((c) => LIVE_CODE_ALPHABET.includes(c))) return null;
	return squashed;
}

/**
 * Runs a write with a fresh code, again with another one if the code was already taken (the
 * unique index on workshop_sessions.code decides). The write must run in its own transaction or
 * savepoint so a refused insert doesn't spoil the caller's.
 */
export async function withFreshCode<T>(db: Db, write: (tx: Db, code: string) => Promise<T>, attempts = 5): Promise<T> {
	for (let i = 1; ; i++) {
		try {
			return await db.transaction((tx) => write(tx, generateLiveCode()));
		} catch (err) {
			if (!isUniqueViolation(err) || i >= attempts) throw err;
		}
	}
}
