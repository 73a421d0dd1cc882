// What a survey is made of, and the rules an answer must follow. Pure and browser-safe: the
// server validates with these functions, and the answering page uses the very same ones to page
// through a survey and check answers on the phone (even offline) before anything is sent.

export const QUESTION_KINDS = [
	'single_choice',
	'multiple_choice',
	'rating',
	'yes_no',
	'short_text',
	'long_text',
	'ranking'
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
	single_choice: 'Pick one',
	multiple_choice: 'Pick several',
	rating: 'Rating scale (1 to 5)',
	yes_no: 'Yes, no or not sure',
	short_text: 'Short text',
	long_text: 'Long text',
	ranking: 'Put in order'
};

export const SURVEY_AUDIENCES = ['young_people', 'parents', 'anyone'] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];
export const SURVEY_AUDIENCE_LABELS: Record<SurveyAudience, string> = {
	young_people: 'Young people',
	parents: 'Parents and carers',
	anyone: 'Anyone'
};

/** Who answered, as recorded on a response (from the account, the audience, or the "about you" block). */
export const RESPONDENT_TYPES = ['young_person', 'parent_carer', 'unknown'] as const;
export type RespondentType = (typeof RESPONDENT_TYPES)[number];
export const RESPONDENT_TYPE_LABELS: Record<RespondentType, string> = {
	young_person: 'Young people',
	parent_carer: 'Parents and carers',
	unknown: 'Not known'
};

export const YES_NO_VALUES = ['yes', 'no', 'not_sure'] as const;
export const YES_NO_LABELS: Record<(typeof YES_NO_VALUES)[number], string> = { yes: 'Yes', no: 'No', not_sure: 'Not sure' };

export const RATING_VALUES = [1, 2, 3, 4, 5] as const;
/** Words shown with each point when a rating question has faces turned on (the faces are drawn in CSS). */
export const RATING_FACES: Record<number, string> = { 1: 'Very bad', 2: 'Bad', 3: 'OK', 4: 'Good', 5: 'Very good' };

export const LIMITS = {
	shortText: 300,
	longText: 5000,
	options: 20,
	optionLabel: 200,
	prompt: 500,
	help: 1000,
	questions: 60,
	pages: 20
} as const;

export interface QuestionOption {
	/** Stable within its question ("o1", "o2", ...): answers and tallies refer to it, so relabelling is safe. */
	id: string;
	label: string;
}

export interface ShowIf {
	/** A question on an earlier page (so the rule also works page by page without JavaScript). */
	questionId: string;
	/** An option id, a yes/no value, or a rating "1".."5". */
	value: string;
}

export interface SurveyQuestion {
	id: string;
	/** 1-based page number. */
	page: number;
	position: number;
	kind: QuestionKind;
	prompt: string;
	help: string | null;
	required: boolean;
	/** Choices or the items to rank; empty for other kinds. */
	options: QuestionOption[];
	/** multiple_choice: at most this many may be ticked (null: any number). */
	maxChoices: number | null;
	/** ranking: put up to this many items in order. */
	rankCount: number | null;
	/** rating: show face words with the numbers. */
	faces: boolean;
	showIf: ShowIf | null;
}

/** One answer as stored in a response's `answers` object, keyed by question id. */
export type AnswerValue = string | string[] | number;
export type Answers = Record<string, AnswerValue>;

/** The pages a survey has, in order (pages may be numbered with gaps after deletions). */
export function pagesOf(questions: readonly SurveyQuestion[]): number[] {
	return [...new Set(questions.map((q) => q.page))].sort((a, b) => a - b);
}

export function sortQuestions<T extends SurveyQuestion>(questions: readonly T[]): T[] {
	return [...questions].sort((a, b) => a.page - b.page || a.position - b.position);
}

function matches(value: AnswerValue | undefined, wanted: string): boolean {
	if (value === undefined) return false;
	if (Array.isArray(value)) return value.includes(wanted);
	return String(value) === wanted;
}

/** Whether a question is shown, given the answers so far (a hidden question's condition hides it too). */
export function isShown(question: SurveyQuestion, byId: ReadonlyMap<string, SurveyQuestion>, answers: Answers): boolean {
	const seen = new Set<string>();
	let current: SurveyQuestion | undefined = question;
	while (current?.showIf) {
		if (seen.has(current.id)) return false;
		seen.add(current.id);
		const { questionId, value } = current.showIf;
		if (!matches(answers[questionId], value)) return false;
		current = byId.get(questionId);
	}
	return true;
}

/** The questions a person sees, given their answers so far. */
export function visibleQuestions(questions: readonly SurveyQuestion[], answers: Answers): SurveyQuestion[] {
	const byId = new Map(questions.map((q) => [q.id, q]));
	return sortQuestions(questions).filter((q) => isShown(q, byId, answers));
}

/** Pages that have at least one visible question, in order: what the progress bar counts. */
export function visiblePages(questions: readonly SurveyQuestion[], answers: Answers): number[] {
	return pagesOf(visibleQuestions(questions, answers));
}

/** Something that can hand back every value for a field name: FormData, or URLSearchParams. */
export interface FieldSource {
	getAll(name: string): unknown[];
}

export function fieldName(question: SurveyQuestion, optionId?: string): string {
	return optionId ? `q-${question.id}-${optionId}` : `q-${question.id}`;
}

function strings(source: FieldSource, name: string): string[] {
	return source.getAll(name).filter((v): v is string => typeof v === 'string');
}

/**
 * Reads the answers to `questions` from a submitted form (field names from `fieldName`).
 * Returns raw values for `checkAnswers` to judge; blank fields are left out.
 * Ranking uses one select per item holding its position ("1".."N" or "").
 */
export function answersFromForm(questions: readonly SurveyQuestion[], source: FieldSource): Record<string, unknown> {
	const raw: Record<string, unknown> = {};
	for (const q of questions) {
		if (q.kind === 'ranking') {
			const placed: { id: string; position: number }[] = [];
			let bad = false;
			for (const option of q.options) {
				const value = strings(source, fieldName(q, option.id))[0]?.trim() ?? '';
				if (value === '') continue;
				const position = Number(value);
				if (!Number.isInteger(position)) bad = true;
				placed.push({ id: option.id, position });
			}
			if (bad) raw[q.id] = 'not-a-ranking';
			else if (placed.length) {
				const positions = placed.map((p) => p.position);
				const expected = positions.map((_, i) => i + 1);
				const sorted = [...positions].sort((a, b) => a - b);
				raw[q.id] = sorted.every((p, i) => p === expected[i])
					? placed.sort((a, b) => a.position - b.position).map((p) => p.id)
					: { gaps: true };
			}
			continue;
		}
		const values = strings(source, fieldName(q));
		if (q.kind === 'multiple_choice') {
			if (values.length) raw[q.id] = values;
		} else if (q.kind === 'rating') {
			if (values[0]?.trim()) raw[q.id] = Number(values[0]);
		} else if (values[0] !== undefined && values[0].trim() !== '') {
			raw[q.id] = values[0];
		}
	}
	return raw;
}

export type AnswerErrors = Record<string, string>;

/** Why one raw value can't be an answer to this question, or null when it is fine. */
function problemWith(q: SurveyQuestion, value: unknown): string | null {
	const optionIds = new Set(q.options.map((o) => o.id));
	switch (q.kind) {
		case 'single_choice':
			return typeof value === 'string' && optionIds.has(value) ? null : 'Please pick one of the choices.';
		case 'yes_no':
			return typeof value === 'string' && (YES_NO_VALUES as readonly string[]).includes(value) ? null : 'Please pick yes, no or not sure.';
		case 'rating':
			return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5 ? null : 'Please pick a number from 1 to 5.';
		case 'multiple_choice': {
			if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && optionIds.has(v)))
				return 'Please pick from the choices shown.';
			if (new Set(value).size !== value.length) return 'Please pick each choice only once.';
			if (q.maxChoices !== null && value.length > q.maxChoices) return `Please pick no more than ${q.maxChoices}.`;
			return null;
		}
		case 'ranking': {
			const most = Math.min(q.rankCount ?? q.options.length, q.options.length);
			if (value && typeof value === 'object' && 'gaps' in value) return 'Please number your choices 1, 2, 3 and so on, without gaps or repeats.';
			if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && optionIds.has(v)))
				return 'Please put the items in order using the numbers shown.';
			if (new Set(value).size !== value.length) return 'Please give each item only one place.';
			if (value.length > most) return `Please put no more than ${most} in order.`;
			return null;
		}
		case 'short_text':
		case 'long_text': {
			if (typeof value !== 'string') return 'Please type your answer.';
			const max = q.kind === 'short_text' ? LIMITS.shortText : LIMITS.longText;
			if (value.includes('\u0000')) return 'That has a character in it we can’t accept. Please type it again.';
			if (value.length > max) return `Please keep this to ${max.toLocaleString('en-GB')} characters or fewer (it has ${value.length.toLocaleString('en-GB')}).`;
			return null;
		}
	}
}

function clean(q: SurveyQuestion, value: unknown): AnswerValue {
	if (q.kind === 'short_text' || q.kind === 'long_text') return (value as string).trim();
	return value as AnswerValue;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

export interface CheckOptions {
	/** Only check these pages (the page being left); questions on later pages are not required yet. */
	pages?: readonly number[];
}

/**
 * Judges raw answers against the questions. Answers to hidden questions are dropped (the person
 * changed an earlier answer); an answer to a question the survey doesn't have is an error on
 * `form`, because no honest form sends one. Returns the cleaned answers and plain-word errors.
 */
export function checkAnswers(
	questions: readonly SurveyQuestion[],
	raw: unknown,
	options: CheckOptions = {}
): { answers: Answers; errors: AnswerErrors } {
	const errors: AnswerErrors = {};
	const answers: Answers = {};
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { answers, errors: { form: 'We couldn’t read those answers. Please try again.' } };
	const input = raw as Record<string, unknown>;
	const known = new Set(questions.map((q) => q.id));
	if (Object.keys(input).some((id) => !known.has(id))) errors.form = 'Some answers are for questions this survey doesn’t have. Please reload the survey and try again.';

	// Decide visibility in order, using only the answers that passed, so a bad answer can't reveal
	// or hide later questions.
	const byId = new Map(questions.map((q) => [q.id, q]));
	for (const q of sortQuestions(questions)) {
		if (options.pages && !options.pages.includes(q.page)) {
			const value = input[q.id];
			if (!isBlank(value) && problemWith(q, value) === null && isShown(q, byId, answers)) answers[q.id] = clean(q, value);
			continue;
		}
		if (!isShown(q, byId, answers)) continue;
		const value = input[q.id];
		if (isBlank(value)) {
			if (q.required) errors[q.id] = q.kind === 'multiple_choice' || q.kind === 'ranking' ? 'Please answer this one: pick at least one.' : 'Please answer this one.';
			continue;
		}
		const problem = problemWith(q, value);
		if (problem) errors[q.id] = problem;
		else answers[q.id] = clean(q, value);
	}
	return { answers, errors };
}

/**
 * The tally buckets one answer adds to. Every answered question counts in `_answered`; choices
 * count per option, ratings per point, rankings per item and place ("o2#1"), text only as answered.
 */
export function tallyBuckets(q: SurveyQuestion, value: AnswerValue): string[] {
	const buckets = ['_answered'];
	switch (q.kind) {
		case 'single_choice':
		case 'yes_no':
		case 'rating':
			buckets.push(String(value));
			break;
		case 'multiple_choice':
			if (Array.isArray(value)) buckets.push(...value);
			break;
		case 'ranking':
			if (Array.isArray(value)) value.forEach((id, i) => buckets.push(`${id}#${i + 1}`));
			break;
	}
	return buckets;
}
