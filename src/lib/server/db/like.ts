// Searching text with LIKE / ILIKE: what someone types is matched as plain text, so their "%", "_"
// or "\" find those characters instead of acting as wildcards.
import { ilike, type Column, type SQL } from 'drizzle-orm';

/** "50%_off" → "50\%\_off" (Postgres's default LIKE escape is the backslash). */
export function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `column ILIKE '%text%'`, with the text matched literally. */
export function containsText(column: Column, text: string): SQL {
	return ilike(column, `%${escapeLike(text)}%`);
}
