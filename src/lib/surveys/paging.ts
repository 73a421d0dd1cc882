// Moving through a survey one page at a time. Pure and browser-safe: the no-JavaScript form
// actions and the phone (with JavaScript, even offline) take the very same steps.
import { checkAnswers, visiblePages, visibleQuestions, type AnswerErrors, type Answers, type SurveyQuestion } from './definition';

export type Direction = 'next' | 'back' | 'submit';

export interface Step {
	page: number;
	/** What to show and carry: answers that passed, plus what was typed for the ones that didn't. */
	answers: Answers;
	errors: AnswerErrors;
	/** Set when the whole survey passed and there is nothing left to show: ready to send. */
	complete: Answers | null;
}

function isAnswerShaped(value: unknown): value is Answers[string] {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

/** Checked answers, plus the raw value of any answer with an error so the person sees what they entered. */
function kept(raw: Record<string, unknown>, checked: Answers, errors: AnswerErrors): Answers {
	const answers = { ...checked };
	for (const id of Object.keys(errors)) if (id in raw && isAnswerShaped(raw[id])) answers[id] = raw[id] as Answers[string];
	return answers;
}

/** A page the person may be on: the requested one when it has visible questions, else the nearest before it. */
export function pageToShow(questions: readonly SurveyQuestion[], answers: Answers, requested: number): number {
	const pages = visiblePages(questions, answers);
	if (!pages.length) return 1;
	if (pages.includes(requested)) return requested;
	return [...pages].reverse().find((p) => p < requested) ?? pages[0];
}

export function isLastPage(questions: readonly SurveyQuestion[], answers: Answers, page: number): boolean {
	return !visiblePages(questions, answers).some((p) => p > page);
}

/** The visible questions on one page. */
export function questionsOnPage(questions: readonly SurveyQuestion[], answers: Answers, page: number): SurveyQuestion[] {
	return visibleQuestions(questions, answers).filter((q) => q.page === page);
}

/**
 * One step from `page`. `shown` lists the question ids the person could see on that page (null
 * when unknown): when an answer reveals another question on the same page, the person stays to
 * answer it rather than skipping past it.
 */
export function move(questions: readonly SurveyQuestion[], raw: Record<string, unknown>, page: number, direction: Direction, shown: readonly string[] | null = null): Step {
	if (direction === 'back') {
		const { answers } = checkAnswers(questions, raw, { pages: [] });
		const earlier = visiblePages(questions, answers).filter((p) => p < page);
		return { page: earlier.length ? earlier[earlier.length - 1] : pageToShow(questions, answers, page), answers, errors: {}, complete: null };
	}
	const current = checkAnswers(questions, raw, { pages: [page] });
	const answers = kept(raw, current.answers, current.errors);
	if (Object.keys(current.errors).length) return { page, answers, errors: current.errors, complete: null };
	const revealed = shown !== null && questionsOnPage(questions, answers, page).some((q) => !shown.includes(q.id));
	if (revealed) return { page, answers, errors: {}, complete: null };
	const later = visiblePages(questions, answers).filter((p) => p > page);
	if (later.length) return { page: later[0], answers, errors: {}, complete: null };
	if (direction === 'next') return { page, answers, errors: {}, complete: null };
	// Sending: the whole survey, in case an earlier page was changed in a way that now fails.
	const all = checkAnswers(questions, raw);
	if (Object.keys(all.errors).length) {
		const ids = Object.keys(all.errors);
		const firstPage = Math.min(...questions.filter((q) => ids.includes(q.id)).map((q) => q.page), page);
		return { page: pageToShow(questions, all.answers, firstPage), answers: kept(raw, all.answers, all.errors), errors: all.errors, complete: null };
	}
	return { page, answers: all.answers, errors: {}, complete: all.answers };
}
