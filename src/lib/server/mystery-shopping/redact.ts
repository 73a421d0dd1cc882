// Shopper names never appear in findings, the provider's report or a public summary. Comments are
// shown without authors, and a shopper's name typed into a comment ("Jay asked at reception") is
// replaced. Matching is whole-word and ignores case, so "Tom" and "tom" go but "tomorrow" stays.
//
// One exception, decided for names that are also everyday words (Will, May, Grace, Hope, Mark...):
// ignoring case there would blank "it will help" and refuse an innocent public summary. So a name
// word found in ORDINARY_WORDS is matched only as a name is written, capitalised ("Will") or in
// capitals ("WILL"), and "will" is kept. Every other name word, a full name of two or more words
// and a username that isn't an everyday word are matched in any case. The cost: a lower-case
// "grace" naming a shopper stays, and a capitalised "Will" starting a sentence is still removed
// (and a public summary with it is refused); reviewers read the comments before approving them.
import { eq, inArray, or } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { shoppingProgrammes, shoppingReports, shoppingVisits, visitShoppers } from './schema';

export const NAME_REMOVED = '[name removed]';

/** Given names (and name parts) that are also everyday English words. Lower case. */
export const ORDINARY_WORDS: ReadonlySet<string> = new Set(
	(
		'will may grace hope joy faith rose mark bill jack pat sue ray dawn summer april june august rob art guy max frank ' +
		'iris ivy holly amber ruby pearl sky rain bob dean drew eve gene glen hunter lily daisy heather jade autumn brook ' +
		'cliff crystal dale destiny honor honour king lane miles page penny reed rich sandy skip stone wade wood young carol ' +
		'chance chase cole colt don earl hazel ginger storm river forest misty melody harmony patience prudence mercy ' +
		'charity constance sunny bunny angel star rusty buck buddy mason taylor cook baker fisher marsh hill green brown ' +
		'white black gray grey long short'
	).split(' ')
);

/** A word to look for and whether it counts only when capitalised (see ORDINARY_WORDS). */
export interface NameWord {
	word: string;
	capitalisedOnly: boolean;
}

/**
 * The words to look for: each display name whole, each part of it with two or more letters
 * ("Jay Smith" gives "Jay Smith", "Jay" and "Smith"), and each username. Longest first, so a full
 * name is replaced as one. A single word that is also an everyday word counts only capitalised.
 */
export function nameWords(people: readonly { displayName: string; username: string }[]): NameWord[] {
	const words = new Map<string, NameWord>();
	const add = (word: string) => {
		const key = word.toLocaleLowerCase('en-GB');
		if (!words.has(key)) words.set(key, { word, capitalisedOnly: ORDINARY_WORDS.has(key) });
	};
	for (const p of people) {
		const full = p.displayName.trim().replace(/\s+/g, ' ');
		if (full) add(full);
		for (const part of full.split(' ')) if (part.replace(/[^\p{L}]/gu, '').length >= 2) add(part);
		if (p.username.trim()) add(p.username.trim());
	}
	return [...words.values()].sort((a, b) => b.word.length - a.word.length || a.word.localeCompare(b.word));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The word in any case: each letter with its other case beside it ("tom" gives "[tT][oO][mM]"). */
function anyCase(word: string): string {
	return [...word]
		.map((c) => {
			const forms = [...new Set([c, c.toLowerCase(), c.toUpperCase()])].filter((f) => [...f].length === 1);
			return forms.length > 1 ? `[${forms.join('')}]` : escape(c);
		})
		.join('');
}

/** "Will" and "WILL", never "will". */
function capitalised(word: string): string {
	const [first, ...rest] = [...word.toLowerCase()];
	return `(?:${escape(first.toUpperCase() + rest.join(''))}|${escape(word.toUpperCase())})`;
}

function pattern(words: readonly NameWord[]): RegExp | null {
	if (!words.length) return null;
	const sources = words.map((w) => (w.capitalisedOnly ? capitalised(w.word) : anyCase(w.word)));
	// A "word" edge: not next to a letter, digit or underscore, in any alphabet.
	return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sources.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
}

/** The text with every shopper's name replaced by "[name removed]". */
export function redactNames(text: string, words: readonly NameWord[]): string {
	return nameRedactor(words)(text);
}

/** redactNames for many texts: the pattern is built once. */
export function nameRedactor(words: readonly NameWord[]): (text: string) => string {
	const re = pattern(words);
	return (text) => (re ? text.replace(re, NAME_REMOVED) : text);
}

/** The first shopper's name found in the text, as written there, or null. */
export function findName(text: string, words: readonly NameWord[]): string | null {
	const re = pattern(words);
	return re ? (re.exec(text)?.[0] ?? null) : null;
}

/** Everyone assigned to a visit of these programmes, and anyone who reported on one (in case they were taken off it since). */
export async function shopperNameWords(db: Db, where: { contractId: string } | { programmeId: string }): Promise<NameWord[]> {
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
