import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP ASVS 5 (11.4.2) floor for argon2id: m = 19 MiB, t = 2, p = 1.
// algorithm 2 is Argon2id (the package's const enum can't be imported under isolated modules).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
	// The zxcvbn-ts list of ~50,000 leaked passwords; only those long enough to pass the length rule matter.
	common ??= new Set(dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN));
	return common;
}

/**
 * Why a new password is not acceptable, in plain words, or null when it is fine.
 * No composition rules (ASVS 6.2.5); length counted in characters, never truncated.
 */
export function passwordProblem(password: string, contextWords: string[] = []): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
	if (length > PASSWORD_MAX) return `Use no more than ${PASSWORD_MAX} characters.`;
	const lower = password.toLowerCase();
	if (commonPasswords().has(lower)) return 'That password is one of the most common ones. Try a few words together.';
	const words = ['coproduce', ...contextWords]
		.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, ''))
		.filter((w) => w.length >= 4);
	const squashed = lower.replace(/[^a-z0-9]/g, '');
	if (words.some((w) => squashed.includes(w)))
		return 'Please don’t use your name, username or the organisation’s name in your password.';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Verifying against this keeps timing similar when the username does not exist.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword('not-a-real-password-for-timing');
	return dummyHash;
}
