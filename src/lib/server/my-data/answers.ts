// A stored survey answer in plain words: the question as it was asked and what the person chose
// or wrote, so a person reading their own data never sees option ids.
import { RATING_FACES, YES_NO_LABELS, type AnswerValue, type Answers, type SurveyQuestion } from '../../surveys/definition';

export interface ReadableAnswer {
	question: string;
	answer: string;
}

function label(question: SurveyQuestion, id: string): string {
	return question.options.find((o) => o.id === id)?.label ?? id;
}

function readable(question: SurveyQuestion | undefined, value: AnswerValue): string {
	const values = Array.isArray(value) ? value : [value];
	if (!question) return values.map(String).join(', ');
	switch (question.kind) {
		case 'single_choice':
		case 'multiple_choice':
			return values.map((v) => label(question, String(v))).join(', ');
		case 'ranking':
			return values.map((v, i) => `${i + 1}. ${label(question, String(v))}`).join('; ');
		case 'yes_no':
			return values.map((v) => YES_NO_LABELS[String(v) as keyof typeof YES_NO_LABELS] ?? String(v)).join(', ');
		case 'rating':
			return values.map((v) => (question.faces && RATING_FACES[Number(v)] ? `${v} (${RATING_FACES[Number(v)]})` : String(v))).join(', ');
		default:
			return values.map(String).join(', ');
	}
}

/** Answers in the order the questions were asked; answers to questions since removed come last. */
export function readableAnswers(questions: readonly SurveyQuestion[], answers: Answers): ReadableAnswer[] {
	const seen = new Set<string>();
	const out: ReadableAnswer[] = [];
	for (const question of questions) {
		const value = answers[question.id];
		if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
		seen.add(question.id);
		out.push({ question: question.prompt, answer: readable(question, value) });
	}
	for (const [id, value] of Object.entries(answers)) {
		if (seen.has(id) || value === '' || (Array.isArray(value) && value.length === 0)) continue;
		out.push({ question: 'A question no longer in the survey', answer: readable(undefined, value) });
	}
	return out;
}
