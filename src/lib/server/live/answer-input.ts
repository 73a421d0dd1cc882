// What a phone sends as an answer, checked against the activity it answers: which fields the kind
// takes, options that exist, dots and ratings in range, and words or notes that are short, clean
// and can go on a screen. Pure: no database. Every refusal is an InputError with a plain message.
import { InputError, LONE_SURROGATE, NUL_MESSAGE } from '../forms';
import type { LiveActivity } from '../workshops/schema';
import { FILTER_MESSAGE, isBlocked } from './word-filter';

export const ENTRY_LIMITS = { word: 40, idea: 200 } as const;

/** The fields a phone may send; each kind takes exactly one of the last four. */
export interface AnswerInput {
	choices?: unknown;
	dots?: unknown;
	rating?: unknown;
	entries?: unknown;
}

export interface EntryText {
	text: string;
	normalised: string;
}

/** An answer as it is stored. */
export type Answer =
	| { kind: 'choices'; optionIds: string[] }
	| { kind: 'dots'; dots: { optionId: string; dots: number }[] }
	| { kind: 'rating'; rating: number }
	| { kind: 'entries'; entries: EntryText[] };

type Checked = Pick<LiveActivity, 'type' | 'multiple' | 'scaleMin' | 'scaleMax' | 'dots' | 'maxEntries'>;

const FIELD_FOR = { poll: 'choices', priority: 'dots', rating: 'rating', word_cloud: 'entries', ideas: 'entries' } as const;
export const UNKNOWN_OPTION = 'That option isn’t part of this activity. Please reload the page and choose again.';
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Text people typed, made safe to keep: refuses NUL, broken characters and control codes; spaces squeezed. */
export function cleanText(raw: string, field: string): string {
	if (raw.includes('\u0000') || LONE_SURROGATE.test(raw) || CONTROL.test(raw)) throw new InputError(NUL_MESSAGE, field);
	return raw.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** How two words count as one on the cloud: "Music", " music" and "MUSIC" are one. */
export function normaliseEntry(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function choicesOf(activity: Checked, optionIds: ReadonlySet<string>, raw: unknown): Answer {
	if (!Array.isArray(raw) || raw.length > optionIds.size || raw.some((c) => typeof c !== 'string'))
		throw new InputError(activity.multiple ? 'Please choose at least one option.' : 'Please choose one option.', 'choices');
	const ids = raw as string[];
	if (ids.some((id) => !optionIds.has(id))) throw new InputError(UNKNOWN_OPTION, 'choices');
	if (new Set(ids).size !== ids.length) throw new InputError('Each option can be chosen only once.', 'choices');
	if (!activity.multiple && ids.length !== 1) throw new InputError('Please choose one option.', 'choices');
	if (ids.length < 1) throw new InputError('Please choose at least one option.', 'choices');
	return { kind: 'choices', optionIds: ids };
}

function dotsOf(activity: Checked, optionIds: ReadonlySet<string>, raw: unknown): Answer {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('Please spread your dots across the options.', 'dots');
	const entries = Object.entries(raw as Record<string, unknown>);
	if (entries.length > optionIds.size) throw new InputError(UNKNOWN_OPTION, 'dots');
	const dots: { optionId: string; dots: number }[] = [];
	let total = 0;
	for (const [optionId, n] of entries) {
		if (!optionIds.has(optionId)) throw new InputError(UNKNOWN_OPTION, 'dots');
		if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new InputError('Dots are whole numbers: 0, 1, 2 and so on.', 'dots');
		if (n > activity.dots) throw new InputError(`You have ${activity.dots} ${activity.dots === 1 ? 'dot' : 'dots'} to spread. Please take some off.`, 'dots');
		total += n;
		if (n > 0) dots.push({ optionId, dots: n });
	}
	if (total < 1) throw new InputError('Please put at least one dot on an option.', 'dots');
	if (total > activity.dots) throw new InputError(`You have ${activity.dots} ${activity.dots === 1 ? 'dot' : 'dots'} to spread. Please take some off.`, 'dots');
	return { kind: 'dots', dots };
}

function ratingOf(activity: Checked, raw: unknown): Answer {
	const range = `Please choose a number from ${activity.scaleMin} to ${activity.scaleMax}.`;
	if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < activity.scaleMin || raw > activity.scaleMax) throw new InputError(range, 'rating');
	return { kind: 'rating', rating: raw };
}

function entriesOf(activity: Checked, raw: unknown): Answer {
	const ideas = activity.type === 'ideas';
	const max = ideas ? ENTRY_LIMITS.idea : ENTRY_LIMITS.word;
	const noun = ideas ? (activity.maxEntries === 1 ? 'idea' : 'ideas') : activity.maxEntries === 1 ? 'word' : 'words';
	const first = ideas ? 'Please write your idea.' : 'Please type a word.';
	if (!Array.isArray(raw) || raw.some((e) => typeof e !== 'string')) throw new InputError(first, 'entries');
	if (raw.length === 0) throw new InputError(first, 'entries');
	if (raw.length > activity.maxEntries) throw new InputError(`You can send up to ${activity.maxEntries} ${noun}.`, 'entries');
	const entries: EntryText[] = [];
	for (const typed of raw as string[]) {
		// Checked before cleaning so a huge string isn't normalised first.
		if (typed.length > max * 4) throw new InputError(`Each ${ideas ? 'idea' : 'word'} can be at most ${max} characters.`, 'entries');
		const text = cleanText(typed, 'entries');
		if (!text) throw new InputError(ideas ? 'One of your ideas is empty. Please write it or leave it out.' : 'One of your words is empty. Please type it or leave it out.', 'entries');
		if ([...text].length > max) throw new InputError(`Each ${ideas ? 'idea' : 'word'} can be at most ${max} characters.`, 'entries');
		if (isBlocked(text)) throw new InputError(FILTER_MESSAGE, 'entries');
		const normalised = normaliseEntry(text);
		if (entries.some((e) => e.normalised === normalised)) throw new InputError(ideas ? 'You’ve written the same idea twice.' : 'You’ve typed the same word twice.', 'entries');
		entries.push({ text, normalised });
	}
	return { kind: 'entries', entries };
}

/**
 * The answer, checked against its activity and the ids of its options. A field that belongs to
 * another kind of activity is refused too: it means the phone answered something else.
 */
export function readAnswer(activity: Checked, optionIds: ReadonlySet<string>, input: AnswerInput): Answer {
	const field = FIELD_FOR[activity.type];
	for (const other of ['choices', 'dots', 'rating', 'entries'] as const)
		if (other !== field && input[other] !== undefined && input[other] !== null) throw new InputError('That answer doesn’t fit this activity. Please reload the page and try again.', 'form');
	switch (activity.type) {
		case 'poll':
			return choicesOf(activity, optionIds, input.choices);
		case 'priority':
			return dotsOf(activity, optionIds, input.dots);
		case 'rating':
			return ratingOf(activity, input.rating);
		default:
			return entriesOf(activity, input.entries);
	}
}

/** Whether two answers say the same (order of words and notes counts; of choices and dots, not). */
export function sameAnswer(a: Answer, b: Answer): boolean {
	if (a.kind === 'choices' && b.kind === 'choices') return [...a.optionIds].sort().join() === [...b.optionIds].sort().join();
	if (a.kind === 'dots' && b.kind === 'dots') {
		const key = (d: { optionId: string; dots: number }[]) =>
			d
				.map((x) => `${x.optionId}:${x.dots}`)
				.sort()
				.join();
		return key(a.dots) === key(b.dots);
	}
	if (a.kind === 'rating' && b.kind === 'rating') return a.rating === b.rating;
	if (a.kind === 'entries' && b.kind === 'entries') return a.entries.length === b.entries.length && a.entries.every((e, i) => e.text === b.entries[i].text);
	return false;
}
