// What the activity form sends, checked field by field, and the rules that depend on the kind of
// activity (options, scale, dots, words or notes per person). Pure: no database.
import * as v from 'valibot';
import { InputError, NUL_MESSAGE, noNul, optionalWords, validate, words } from '../forms';
import { ACTIVITY_TYPES, type LiveActivityType } from '../../live/kinds';
import type { LiveActivity } from '../workshops/schema';

export const ACTIVITY_LIMITS = {
	prompt: 200,
	options: 12,
	optionLabel: 80,
	scaleLabel: 30,
	/** The scale runs from 0 or 1 up to at most 10. */
	scaleTop: 10,
	dots: 20,
	entries: 10,
	/** Activities in one session. */
	activities: 40
} as const;

/** Kinds whose options people choose from. */
export const OPTION_TYPES: readonly LiveActivityType[] = ['poll', 'priority'];
/** Kinds where people type words or notes. */
export const ENTRY_TYPES: readonly LiveActivityType[] = ['word_cloud', 'ideas'];

/** Defaults the form starts from (and that unused columns keep). */
export const ACTIVITY_DEFAULTS = { scaleMin: 1, scaleMax: 5, dots: 3, maxEntries: 3 } as const;

const checkbox = v.pipe(
	v.string(),
	v.check((s) => s === '' || s === 'yes', 'Tick the box or leave it empty.'),
	v.transform((s) => s === 'yes')
);
/** A whole number as typed; empty stays null (each kind decides whether it needs one). */
const whole = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^\d{1,2}$/.test(s), `${label} must be a whole number.`),
		v.transform((s) => (s === '' ? null : Number(s)))
	);

export const activitySchema = v.object({
	type: v.picklist(ACTIVITY_TYPES, 'Choose what kind of activity this is.'),
	prompt: words('the question', ACTIVITY_LIMITS.prompt),
	pick: v.picklist(['one', 'several'], 'Choose whether people pick one option or several.'),
	options: v.pipe(
		v.string(),
		noNul,
		v.maxLength(ACTIVITY_LIMITS.options * (ACTIVITY_LIMITS.optionLabel + 2) + 200, 'The options are too long.'),
		v.transform((s) => s.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
	),
	scaleMin: whole('The lowest number'),
	scaleMax: whole('The highest number'),
	minLabel: optionalWords('the word for the lowest number', ACTIVITY_LIMITS.scaleLabel),
	maxLabel: optionalWords('the word for the highest number', ACTIVITY_LIMITS.scaleLabel),
	dots: whole('The number of dots'),
	maxEntries: whole('How many each person can send'),
	allowChange: checkbox,
	hideUntilRevealed: checkbox
});
export type ActivityInput = v.InferOutput<typeof activitySchema>;
export const ACTIVITY_FIELDS = ['type', 'prompt', 'pick', 'options', 'scaleMin', 'scaleMax', 'minLabel', 'maxLabel', 'dots', 'maxEntries', 'allowChange', 'hideUntilRevealed'] as const;

/** What an activity's columns become: only the fields its kind uses differ from the defaults. */
export interface ActivityShape {
	type: LiveActivityType;
	prompt: string;
	multiple: boolean;
	labels: string[];
	scaleMin: number;
	scaleMax: number;
	minLabel: string;
	maxLabel: string;
	dots: number;
	maxEntries: number;
	allowChange: boolean;
	hideUntilRevealed: boolean;
}

const num = (n: number | null) => (n === null ? '' : String(n));

/** The form's raw strings, to fill the edit form and to re-check typed input. */
export function activityToRaw(a: Pick<ActivityShape, 'type' | 'prompt' | 'multiple' | 'labels' | 'minLabel' | 'maxLabel' | 'allowChange' | 'hideUntilRevealed'> & {
	scaleMin: number | null;
	scaleMax: number | null;
	dots: number | null;
	maxEntries: number | null;
}) {
	return {
		type: a.type,
		prompt: a.prompt,
		pick: a.multiple ? 'several' : 'one',
		options: a.labels.join('\n'),
		scaleMin: num(a.scaleMin),
		scaleMax: num(a.scaleMax),
		minLabel: a.minLabel,
		maxLabel: a.maxLabel,
		dots: num(a.dots),
		maxEntries: num(a.maxEntries),
		allowChange: a.allowChange ? 'yes' : '',
		hideUntilRevealed: a.hideUntilRevealed ? 'yes' : ''
	};
}

/** A stored activity as the form's strings. */
export function storedToRaw(a: LiveActivity, labels: string[]) {
	return activityToRaw({ ...a, labels });
}

/** The values a new activity's form starts with. */
export function newActivityRaw(type: LiveActivityType = 'poll') {
	return activityToRaw({
		type,
		prompt: '',
		multiple: false,
		labels: [],
		...ACTIVITY_DEFAULTS,
		minLabel: '',
		maxLabel: '',
		allowChange: true,
		hideUntilRevealed: false
	});
}

/** Re-checks typed input through the form's schema, so a caller that skipped the form can't store what it would refuse. */
export function recheckActivity(input: ActivityInput): ActivityInput {
	return validate(activitySchema, activityToRaw({ ...input, multiple: input.pick === 'several', labels: input.options }));
}

function need(value: number | null, field: string, message: string): number {
	if (value === null) throw new InputError(message, field);
	return value;
}

/** Checks the rules for the chosen kind; fields other kinds use go back to their defaults. */
export function shapeActivity(raw: ActivityInput): ActivityShape {
	const input = recheckActivity(raw);
	const shape: ActivityShape = {
		type: input.type,
		prompt: input.prompt,
		multiple: input.type === 'poll' && input.pick === 'several',
		labels: [],
		...ACTIVITY_DEFAULTS,
		minLabel: '',
		maxLabel: '',
		allowChange: input.allowChange,
		hideUntilRevealed: input.hideUntilRevealed
	};
	if (OPTION_TYPES.includes(input.type)) {
		const labels = input.options;
		if (labels.length < 2) throw new InputError('Give at least 2 options, one on each line.', 'options');
		if (labels.length > ACTIVITY_LIMITS.options) throw new InputError(`Give at most ${ACTIVITY_LIMITS.options} options.`, 'options');
		const long = labels.findIndex((l) => l.length > ACTIVITY_LIMITS.optionLabel);
		if (long >= 0) throw new InputError(`Option ${long + 1} is too long: keep each option to ${ACTIVITY_LIMITS.optionLabel} characters or fewer, so it fits on the screen.`, 'options');
		if (labels.some((l) => l.includes('\u0000'))) throw new InputError(NUL_MESSAGE, 'options');
		if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) throw new InputError('Each option should appear only once.', 'options');
		shape.labels = labels;
	}
	if (input.type === 'rating') {
		const min = need(input.scaleMin, 'scaleMin', 'Please enter the lowest number on the scale (0 or 1).');
		const max = need(input.scaleMax, 'scaleMax', 'Please enter the highest number on the scale.');
		if (min > 1) throw new InputError('The scale starts at 0 or 1.', 'scaleMin');
		if (max > ACTIVITY_LIMITS.scaleTop) throw new InputError(`The highest number can be at most ${ACTIVITY_LIMITS.scaleTop}.`, 'scaleMax');
		if (max < min + 2) throw new InputError('The highest number must be at least 2 more than the lowest, so there is a middle.', 'scaleMax');
		Object.assign(shape, { scaleMin: min, scaleMax: max, minLabel: input.minLabel, maxLabel: input.maxLabel });
	}
	if (input.type === 'priority') {
		const dots = need(input.dots, 'dots', 'Please enter how many dots each person gets.');
		if (dots < 1 || dots > ACTIVITY_LIMITS.dots) throw new InputError(`Give each person from 1 to ${ACTIVITY_LIMITS.dots} dots.`, 'dots');
		shape.dots = dots;
	}
	if (ENTRY_TYPES.includes(input.type)) {
		const what = input.type === 'ideas' ? 'notes' : 'words';
		const n = need(input.maxEntries, 'maxEntries', `Please enter how many ${what} each person can send.`);
		if (n < 1 || n > ACTIVITY_LIMITS.entries) throw new InputError(`Each person can send from 1 to ${ACTIVITY_LIMITS.entries} ${what}.`, 'maxEntries');
		shape.maxEntries = n;
	}
	return shape;
}

export const LOCKED_BECAUSE = 'People have already answered this activity, so';

/**
 * Once people have answered, only what doesn't change the meaning of their answers may change:
 * the question's wording, the scale's end words and the two settings. Returns the message, or null.
 */
export function lockedChange(old: LiveActivity, oldLabels: readonly string[], next: ActivityShape): { message: string; field: string } | null {
	const tail = 'You can still fix the wording of the question.';
	if (next.type !== old.type) return { message: `${LOCKED_BECAUSE} its kind can’t be changed. ${tail}`, field: 'type' };
	if (next.multiple !== old.multiple) return { message: `${LOCKED_BECAUSE} whether people pick one or several can’t be changed. ${tail}`, field: 'pick' };
	if (next.labels.length !== oldLabels.length || next.labels.some((l, i) => l !== oldLabels[i]))
		return { message: `${LOCKED_BECAUSE} its options can’t be changed. ${tail}`, field: 'options' };
	if (next.scaleMin !== old.scaleMin) return { message: `${LOCKED_BECAUSE} its scale can’t be changed. ${tail}`, field: 'scaleMin' };
	if (next.scaleMax !== old.scaleMax) return { message: `${LOCKED_BECAUSE} its scale can’t be changed. ${tail}`, field: 'scaleMax' };
	if (next.dots !== old.dots) return { message: `${LOCKED_BECAUSE} the number of dots can’t be changed. ${tail}`, field: 'dots' };
	if (next.maxEntries !== old.maxEntries) return { message: `${LOCKED_BECAUSE} how many each person can send can’t be changed. ${tail}`, field: 'maxEntries' };
	return null;
}
