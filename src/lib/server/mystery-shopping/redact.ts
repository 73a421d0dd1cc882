// Shopper names never appear in findings, the provider's report or a public summary. Comments are
// shown without authors, and a shopper's name typed into a comment ("Jay asked at reception") is
// replaced. Matching is whole-word and ignores case, so "Tom" goes but "tomorrow" stays.
import { eq, inArray, or } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { shoppingProgrammes, shoppingReports, shoppingVisits, visitShoppers } from './schema';

export const NAME_REMOVED = '[name removed]';

/**
 * The words to look for: each display name whole, each part of it with two or more letters
 * ("Jay Smith" gives "Jay Smith", "Jay" and "Smith"), and each username. Longest first, so a full
 * name is replaced as one.
 */
export function nameWords(people: readonly { displayName: string; username: string }[]): string[] {
	const words = new Set<string>();
	for (const p of people) {
		const full = p.displayName.trim().replace(/\s+/g, ' ');
		if (full) words.add(full);
		for (const part of full.split(' ')) if (part.replace(/[^\p{L}]/gu, '').length >= 2) words.add(part);
		if (p.username.trim()) words.add(p.username.trim());
	}
	return [...words].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pattern(words: readonly string[]): RegExp | null {
	if (!words.length) return null;
	// A "word" edge: not next to a letter, digit or underscore, in any alphabet.
	return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** The text with every shopper's name replaced by "[name removed]". */
export function redactNames(text: string, words: readonly string[]): string {
	const re = pattern(words);
	return re ? text.replace(re, NAME_REMOVED) : text;
}

/** The first shopper's name found in the text, as written there, or null. */
export function findName(text: string, words: readonly string[]): string | null {
	const re = pattern(words);
	return re ? (re.exec(text)?.[0] ?? null) : null;
}

/** Everyone assigned to a visit of these programmes, and anyone who reported on one (in case they were taken off it since). */
export async function shopperNameWords(db: Db, where: { contractId: string } | { programmeId: string }): Promise<string[]> {
	const scope = 'contractId' in where ? eq(shoppingProgrammes.contractId, where.contractId) : eq(shoppingProgrammes.id, where.programmeId);
	const visits = db.select({ id: shoppingVisits.id }).from(shoppingVisits).innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId)).where(scope);
	const assigned = db.select({ userId: visitShoppers.userId }).from(visitShoppers).where(inArray(visitShoppers.visitId, visits));
	const reported = db.select({ userId: shoppingReports.shopperId }).from(shoppingReports).where(inArray(shoppingReports.visitId, visits));
	const people = await db
		.select({ displayName: users.displayName, username: users.username })
		.from(users)
		.where(or(inArray(users.id, assigned), inArray(users.id, reported)));
	return nameWords(people);
}
