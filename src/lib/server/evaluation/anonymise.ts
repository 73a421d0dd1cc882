// Finding traces of a bidder in the answers panels will read. An officer prepares anonymised
// answers; anything here blocks their release to the panel until it is removed. Pure functions.

export interface BidderIdentity {
	bidderName: string;
	contactName?: string;
	contactEmail?: string;
	contactPhone?: string;
}

export interface Trace {
	/** Where it is in the text (UTF-16 offsets), for highlighting. */
	start: number;
	end: number;
	/** What it matched: the bidder's name, a contact's name, an email address, a phone number. */
	kind: 'bidder name' | 'contact name' | 'email' | 'phone' | 'web address';
	text: string;
}

// Words too common to identify anyone on their own ("Ltd", "The", "Services", ...).
const COMMON = new Set(
	'the and of for a an ltd limited plc llp cic cio inc co company group trust charity charitable foundation services service uk community care support young people youth children family families council borough'.split(
		' '
	)
);

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name as a pattern that tolerates any spacing, hyphens or dots between its words, any case. */
function namePattern(name: string): RegExp | null {
	const words = name
		.normalize('NFKC')
		.split(/[\s\-–—.,&'’]+/)
		.filter(Boolean);
	if (words.length === 0) return null;
	return new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escape).join(`[\\s\\-–—.,&'’]*`)}(?![\\p{L}\\p{N}])`, 'giu');
}

/** The distinctive words of a name (not "Ltd", not "The"), each at least three letters long. */
function distinctiveWords(name: string): string[] {
	return name
		.normalize('NFKC')
		.split(/[\s\-–—.,&'’()]+/)
		.filter((w) => w.length >= 3 && !COMMON.has(w.toLowerCase()));
}

/** "Brightwater Youth Trust Ltd" → "Brightwater Youth Trust": people rarely write the suffix. */
function withoutLegalSuffix(name: string): string {
	return name.replace(/[\s,.]+(ltd|limited|plc|llp|cic|cio|inc|co)\.?$/i, '');
}

function allMatches(text: string, pattern: RegExp, kind: Trace['kind']): Trace[] {
	return [...text.matchAll(pattern)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, kind, text: m[0] }));
}

/** The phone's digits, matched however they are spaced or punctuated (at least 6 digits to count). */
function phonePattern(phone: string): RegExp | null {
	let digits = phone.replace(/\D/g, '');
	if (digits.startsWith('44')) digits = digits.slice(2);
	if (digits.startsWith('0')) digits = digits.slice(1);
	if (digits.length < 6) return null;
	return new RegExp(`(?:(?:\\+|00)\\s*44\\s*(?:\\(0\\))?\\s*|0)?${[...digits].join('[\\s\\-().]*')}`, 'g');
}

/**
 * Every trace of the bidder in `text`: their full name and its distinctive words, the contact's
 * name, the email address (and its domain, which usually names the organisation), the phone
 * number however formatted, and any email address or web address at all (a panel never needs one
 * in an answer). With `anyLink: false` (a presentation's place, which may be a meeting link) a web
 * address counts only when it carries one of the traces above, such as the bidder's own domain.
 */
export function identityTraces(text: string, identity: BidderIdentity, { anyLink = true }: { anyLink?: boolean } = {}): Trace[] {
	const traces: Trace[] = [];
	const add = (pattern: RegExp | null, kind: Trace['kind']) => {
		if (pattern) traces.push(...allMatches(text, pattern, kind));
	};
	add(namePattern(identity.bidderName), 'bidder name');
	add(namePattern(withoutLegalSuffix(identity.bidderName)), 'bidder name');
	for (const word of distinctiveWords(identity.bidderName)) add(namePattern(word), 'bidder name');
	if (identity.contactName?.trim()) {
		add(namePattern(identity.contactName), 'contact name');
		for (const word of distinctiveWords(identity.contactName)) add(namePattern(word), 'contact name');
	}
	const email = identity.contactEmail?.trim();
	if (email) {
		add(new RegExp(escape(email), 'gi'), 'email');
		const domain = email.split('@')[1]?.toLowerCase();
		const label = domain?.split('.')[0];
		if (label && label.length >= 3 && !COMMON.has(label)) add(namePattern(label), 'web address');
	}
	if (identity.contactPhone?.trim()) add(phonePattern(identity.contactPhone), 'phone');
	add(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, 'email');
	if (anyLink) add(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi, 'web address');
	return mergeOverlapping(text, traces);
}

/** Overlapping or nested traces become one, keeping the first kind found, in text order. */
function mergeOverlapping(text: string, traces: Trace[]): Trace[] {
	const sorted = [...traces].sort((a, b) => a.start - b.start || b.end - a.end);
	const merged: Trace[] = [];
	for (const t of sorted) {
		const last = merged[merged.length - 1];
		if (last && t.start < last.end) {
			last.end = Math.max(last.end, t.end);
			last.text = text.slice(last.start, last.end);
		} else merged.push({ ...t });
	}
	return merged;
}

/** The text split into plain and flagged parts, for highlighting with <mark> (no HTML needed). */
export function highlight(text: string, traces: readonly Trace[]): { text: string; trace: Trace | null }[] {
	const parts: { text: string; trace: Trace | null }[] = [];
	let at = 0;
	for (const t of traces) {
		if (t.start > at) parts.push({ text: text.slice(at, t.start), trace: null });
		parts.push({ text: text.slice(t.start, t.end), trace: t });
		at = t.end;
	}
	if (at < text.length) parts.push({ text: text.slice(at), trace: null });
	return parts;
}
