import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random, non-sequential id (80 bits, 16 characters) for rows that may appear in URLs. */
export function newId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
