// What the question form sends, checked field by field, and the rules between fields that depend
// on the kind of question (choices, limits, faces, the condition). Pure: no database.
import * as v from 'valibot';
import { InputError, NUL_MESSAGE, optionalText, text, validate } from '../forms';
import {
	LIMITS,
	QUESTION_KINDS,
	YES_NO_LABELS,
	YES_NO_VALUES,
	type QuestionKind,
	type QuestionOption,
	type ShowIf,
	type SurveyQuestion
} from '../../surveys/definition';

export const CHOICE_KINDS: readonly QuestionKind[] = ['single_choice', 'multiple_choice', 'ranking'];
/** Kinds whose answer can decide whether a later question is shown. */
export const CONDITION_KINDS: readonly QuestionKind[] = ['single_choice', 'multiple_choice', 'yes_no', 'rating'];

const checkbox = v.pipe(
	v.string(),
	v.check((s) => s === '' || s === 'yes', 'Tick the box or leave it empty.'),
	v.transform((s) => s === 'yes')
);
const optionalWhole = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^\d{1,2}$/.test(s), `${label} must be a whole number.`),
		v.transform((s) => (s === '' ? null : Number(s)))
	);

export const questionSchema = v.object({
	kind: v.picklist(QUESTION_KINDS, 'Choose what kind of question this is.'),
	prompt: text('the question', LIMITS.prompt),
	help: optionalText('the hint', LIMITS.help),
	required: checkbox,
	page: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,2}$/, 'Choose a page.'),
		v.transform(Number),
		v.minValue(1, 'Choose a page from 1 to 20.'),
		v.maxValue(LIMITS.pages, `A survey can have at most ${LIMITS.pages} pages.`)
	),
	options: v.pipe(
		v.string(),
		v.maxLength(LIMITS.options * (LIMITS.optionLabel + 2), 'The choices are too long.'),
		v.transform((s) => s.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
	),
	maxChoices: optionalWhole('The most people can pick'),
	rankCount: optionalWhole('How many to put in order'),
	faces: checkbox,
	condition: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^[a-z2-7]{16}:[a-z0-9_]{1,40}$/.test(s), 'Choose when to show this question from the list.'),
		v.transform((s): ShowIf | null => (s === '' ? null : { questionId: s.slice(0, 16), value: s.slice(17) }))
	)
});
export type QuestionInput = v.InferOutput<typeof questionSchema>;
export const QUESTION_FIELDS = ['kind', 'prompt', 'help', 'required', 'page', 'options', 'maxChoices', 'rankCount', 'faces', 'condition'] as const;

/** The form's raw strings for a question, to fill the edit form and to re-check typed input. */
export function questionToRaw(q: Pick<SurveyQuestion, 'kind' | 'prompt' | 'help' | 'required' | 'page' | 'maxChoices' | 'rankCount' | 'faces' | 'showIf'> & { options: readonly (QuestionOption | string)[] }) {
	return {
		kind: q.kind,
		prompt: q.prompt,
		help: q.help ?? '',
		required: q.required ? 'yes' : '',
		page: String(q.page),
		options: q.options.map((o) => (typeof o === 'string' ? o : o.label)).join('\n'),
		maxChoices: q.maxChoices === null ? '' : String(q.maxChoices),
		rankCount: q.rankCount === null ? '' : String(q.rankCount),
		faces: q.faces ? 'yes' : '',
		condition: q.showIf ? `${q.showIf.questionId}:${q.showIf.value}` : ''
	};
}

/** The typed input again, through the same schema the form used (for callers that skipped it). */
export function recheckQuestion(input: QuestionInput): QuestionInput {
	return validate(questionSchema, questionToRaw({ ...input, showIf: input.condition }));
}

/** What a question's columns become: only the fields its kind uses survive. */
export interface QuestionShape {
	kind: QuestionKind;
	prompt: string;
	help: string | null;
	required: boolean;
	page: number;
	labels: string[];
	maxChoices: number | null;
	rankCount: number | null;
	faces: boolean;
	showIf: ShowIf | null;
}

/** Checks the rules between fields for the chosen kind; fields other kinds use are dropped. */
export function shapeQuestion(input: QuestionInput): QuestionShape {
	const isChoice = CHOICE_KINDS.includes(input.kind);
	const labels = isChoice ? input.options : [];
	if (isChoice) {
		if (labels.length < 2) throw new InputError('Give at least 2 choices, one on each line.', 'options');
		if (labels.length > LIMITS.options) throw new InputError(`Give at most ${LIMITS.options} choices.`, 'options');
		const long = labels.findIndex((l) => l.length > LIMITS.optionLabel);
		if (long >= 0) throw new InputError(`Choice ${long + 1} is too long: keep each choice to ${LIMITS.optionLabel} characters or fewer.`, 'options');
		if (labels.some((l) => l.includes('\u0000'))) throw new InputError(NUL_MESSAGE, 'options');
		if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) throw new InputError('Each choice should appear only once.', 'options');
	}
	const maxChoices = input.kind === 'multiple_choice' ? input.maxChoices : null;
	if (maxChoices !== null && (maxChoices < 1 || maxChoices > labels.length))
		throw new InputError(`The most people can pick must be from 1 to ${labels.length} (the number of choices), or empty for no limit.`, 'maxChoices');
	const rankCount = input.kind === 'ranking' ? input.rankCount : null;
	if (rankCount !== null && (rankCount < 2 || rankCount > labels.length))
		throw new InputError(`How many to put in order must be from 2 to ${labels.length} (the number of items), or empty for all of them.`, 'rankCount');
	return {
		kind: input.kind,
		prompt: input.prompt,
		help: input.help,
		required: input.required,
		page: input.page,
		labels,
		maxChoices,
		rankCount,
		faces: input.kind === 'rating' && input.faces,
		showIf: input.condition
	};
}

const optionNumber = (id: string) => (/^o(\d+)$/.test(id) ? Number(id.slice(1)) : 0);

/**
 * Gives each choice its id. Answers refer to ids, so once people have answered, ids go strictly by
 * position (rewording keeps the id; new lines at the end get new ids). Before that, a label that is
 * still there keeps its id wherever it moved, so conditions on it survive reordering.
 */
export function assignOptionIds(labels: readonly string[], existing: readonly QuestionOption[], answered: boolean): QuestionOption[] {
	let next = Math.max(0, ...existing.map((o) => optionNumber(o.id))) + 1;
	const fresh = () => `o${next++}`;
	if (answered) return labels.map((label, i) => ({ id: existing[i]?.id ?? fresh(), label }));
	const byLabel = new Map(existing.map((o) => [o.label.toLowerCase(), o.id]));
	const taken = new Set(labels.map((l) => byLabel.get(l.toLowerCase())).filter((id): id is string => !!id));
	const spare = existing.filter((o) => !taken.has(o.id)).map((o) => o.id);
	return labels.map((label) => ({ id: byLabel.get(label.toLowerCase()) ?? spare.shift() ?? fresh(), label }));
}

/** The answers a condition on this question can wait for, with their words. */
export function conditionValues(q: Pick<SurveyQuestion, 'kind' | 'options'>): { value: string; label: string }[] {
	switch (q.kind) {
		case 'single_choice':
		case 'multiple_choice':
			return q.options.map((o) => ({ value: o.id, label: o.label }));
		case 'yes_no':
			return YES_NO_VALUES.map((value) => ({ value, label: YES_NO_LABELS[value] }));
		case 'rating':
			return ['1', '2', '3', '4', '5'].map((value) => ({ value, label: value }));
		default:
			return [];
	}
}

/** Why a condition can't stand (null when it can): it must wait for a valid answer to an earlier page's question. */
export function conditionProblem(showIf: ShowIf, page: number, source: SurveyQuestion | undefined): string | null {
	if (!source) return 'The question this depends on isn’t in this survey. Choose another from the list.';
	if (!CONDITION_KINDS.includes(source.kind)) return 'A question can only depend on a pick one, pick several, yes or no, or rating question.';
	if (source.page >= page) return `A question can only depend on a question on an earlier page: “${clip(source.prompt)}” is on page ${source.page}. Put this question on a later page, or choose another.`;
	if (!conditionValues(source).some((c) => c.value === showIf.value)) return `That answer isn’t one of the answers to “${clip(source.prompt)}”. Choose another from the list.`;
	return null;
}

export const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
