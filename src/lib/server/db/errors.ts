import { InputError } from '../forms';

/** True when a unique constraint refused a write, on postgres.js and PGlite alike. */
export function isUniqueViolation(err: unknown): boolean {
	for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
		if (e.code === '23505') return true;
	}
	return false;
}

/** Turns a lost race for a username into the same plain message as the up-front check. */
export async function withUniqueUsername<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isUniqueViolation(err)) throw new InputError('Someone already has that username. Try another.', 'username');
		throw err;
	}
}
