// The survey as a plain form, one page at a time, for phones without JavaScript: each post
// carries the answers so far in hidden fields, and the page being left is checked before moving.
import { fail } from '@sveltejs/kit';
import { answersFromForm, fieldName, type SurveyQuestion } from '../../surveys/definition';
import { move, type Direction, type Step } from '../../surveys/paging';

export interface PostedStep extends Step {
	/** The submission's idempotency key from the hidden field (checked by submitResponse). */
	key: string;
}

/** Reads a posted page of the survey and takes one step; never throws on odd input. */
export function readStep(questions: readonly SurveyQuestion[], form: FormData, direction: Direction): PostedStep {
	const raw = answersFromForm(questions, form);
	// No honest form sends a field for a question the survey doesn't have: checkAnswers says so.
	const known = new Set(questions.flatMap((q) => [fieldName(q), ...q.options.map((o) => fieldName(q, o.id))]));
	if ([...form.keys()].some((name) => name.startsWith('q-') && !known.has(name))) raw['unknown question'] = true;
	const pageValue = Number(form.get('page'));
	const page = Number.isInteger(pageValue) && pageValue >= 1 ? pageValue : 1;
	const shownValues = form.getAll('shown').filter((v): v is string => typeof v === 'string');
	const shown = shownValues.length && shownValues.length <= 200 ? shownValues : null;
	const key = form.get('key');
	return { ...move(questions, raw, page, direction, shown), key: typeof key === 'string' ? key.slice(0, 100) : '' };
}

/** What the page shows after a step: 200 when moving on, 400 when an answer needs changing. */
export function stepResult(step: PostedStep, message: string | null = null) {
	const data = { step: { page: step.page, answers: step.answers, errors: step.errors, key: step.key }, message };
	return Object.keys(step.errors).length || message ? fail(400, data) : data;
}
