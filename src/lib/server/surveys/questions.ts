// Adding, changing, moving and deleting a survey's questions. Each change locks the survey row,
// checks the whole survey still makes sense (conditions point back to earlier pages, answers
// already given keep their meaning), renumbers pages and positions, and bumps the version, all in
// one transaction.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { LIMITS, sortQuestions, type SurveyQuestion } from '../../surveys/definition';
import { LOCKED_BECAUSE, bumpVersion, hasResponses, lockSurvey, type Actor } from './builder';
import { assignOptionIds, clip, conditionProblem, recheckQuestion, shapeQuestion, type QuestionInput } from './question-input';
import { surveyQuestions, type Survey } from './schema';
import { loadQuestions } from './surveys';

const locked = (what: string) => `${LOCKED_BECAUSE} ${what}. You can still reword it.`;

interface Editing {
	tx: Db;
	survey: Survey;
	questions: SurveyQuestion[];
	answered: boolean;
}

/** Runs one change under the survey's lock, then renumbers, bumps the version and audits. */
async function change<T>(db: Db, actor: Actor, surveyId: string, what: string, work: (e: Editing) => Promise<{ result: T; questionId: string }>, now: Date): Promise<T> {
	return db.transaction(async (tx) => {
		const survey = await lockSurvey(tx, actor.organisationId, surveyId);
		const questions = await loadQuestions(tx, surveyId);
		const answered = await hasResponses(tx, surveyId);
		const { result, questionId } = await work({ tx, survey, questions, answered });
		await renumber(tx, await loadQuestions(tx, surveyId));
		await bumpVersion(tx, surveyId, now);
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'survey.updated',
			targetType: 'survey',
			targetId: surveyId,
			detail: { projectId: survey.projectId, change: what, questionId }
		});
		return result;
	});
}

/** Pages close up to 1, 2, 3... and positions to 1, 2, 3... within each page, keeping the order. */
async function renumber(tx: Db, questions: SurveyQuestion[]) {
	const pages = new Map<number, number>();
	const positions = new Map<number, number>();
	for (const q of sortQuestions(questions)) {
		if (!pages.has(q.page)) pages.set(q.page, pages.size + 1);
		const page = pages.get(q.page)!;
		const position = (positions.get(page) ?? 0) + 1;
		positions.set(page, position);
		if (page !== q.page || position !== q.position) await tx.update(surveyQuestions).set({ page, position }).where(eq(surveyQuestions.id, q.id));
	}
}

function find(questions: SurveyQuestion[], questionId: string): SurveyQuestion {
	const q = questions.find((x) => x.id === questionId);
	if (!q) throw new InputError('That question isn’t in this survey.');
	return q;
}

/** Every condition in the survey (after a change) still points at an earlier page's question with a valid answer. */
function checkConditions(questions: SurveyQuestion[], changedId: string) {
	const byId = new Map(questions.map((q) => [q.id, q]));
	for (const q of questions) {
		if (!q.showIf) continue;
		const problem = conditionProblem(q.showIf, q.page, byId.get(q.showIf.questionId));
		if (!problem) continue;
		if (q.id === changedId) throw new InputError(problem, 'condition');
		const source = byId.get(q.showIf.questionId);
		throw new InputError(
			`“${clip(q.prompt)}” is shown only for a certain answer to ${source ? `“${clip(source.prompt)}”` : 'this question'}, so that change would break it. Change or remove that question’s condition first.`,
			'form'
		);
	}
}

export async function addQuestion(db: Db, actor: Actor, surveyId: string, input: QuestionInput, now = new Date()): Promise<string> {
	const shape = shapeQuestion(recheckQuestion(input));
	return change(
		db,
		actor,
		surveyId,
		'question_added',
		async ({ tx, questions, answered }) => {
			if (questions.length >= LIMITS.questions) throw new InputError(`A survey can have at most ${LIMITS.questions} questions.`);
			if (answered && shape.required)
				throw new InputError(`${LOCKED_BECAUSE} a new question can’t be required: the people who answered already never saw it. Add it as an optional question.`, 'required');
			const id = newId();
			// Pages beyond the last become the next new page when renumbered.
			const position = Math.max(0, ...questions.filter((q) => q.page === shape.page).map((q) => q.position)) + 1;
			const question: SurveyQuestion = { ...shape, id, position, options: assignOptionIds(shape.labels, [], false) };
			checkConditions([...questions, question], id);
			await tx.insert(surveyQuestions).values(toRow(surveyId, question));
			return { result: id, questionId: id };
		},
		now
	);
}

export async function updateQuestion(db: Db, actor: Actor, surveyId: string, questionId: string, input: QuestionInput, now = new Date()) {
	const shape = shapeQuestion(recheckQuestion(input));
	await change(
		db,
		actor,
		surveyId,
		'question_updated',
		async ({ tx, questions, answered }) => {
			const old = find(questions, questionId);
			if (answered) {
				if (shape.kind !== old.kind) throw new InputError(locked('the kind of question can’t be changed'), 'kind');
				if (shape.labels.length < old.options.length)
					throw new InputError(`${LOCKED_BECAUSE} choices can’t be removed. You can still reword them or add new ones at the end.`, 'options');
				if (old.maxChoices !== null && (shape.maxChoices === null ? false : shape.maxChoices < old.maxChoices))
					throw new InputError(locked('the most people can pick can’t be lowered'), 'maxChoices');
				if (old.maxChoices === null && shape.maxChoices !== null) throw new InputError(locked('a limit on how many people can pick can’t be added'), 'maxChoices');
				if (shape.rankCount !== null && (old.rankCount === null || shape.rankCount < old.rankCount))
					throw new InputError(locked('how many to put in order can’t be lowered'), 'rankCount');
				if (JSON.stringify(shape.showIf) !== JSON.stringify(old.showIf)) throw new InputError(locked('when this question is shown can’t be changed'), 'condition');
				if (shape.required && !old.required) throw new InputError(locked('an optional question can’t be made required'), 'required');
			}
			const options = assignOptionIds(shape.labels, old.options, answered);
			const movedPage = shape.page !== old.page;
			const question: SurveyQuestion = {
				...shape,
				id: questionId,
				// A new page puts it at the end of that page; the same page keeps its place.
				position: movedPage ? Math.max(0, ...questions.filter((q) => q.page === shape.page).map((q) => q.position)) + 1 : old.position,
				options
			};
			checkConditions(
				questions.map((q) => (q.id === questionId ? question : q)),
				questionId
			);
			await tx
				.update(surveyQuestions)
				.set(toRow(surveyId, question))
				.where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, surveyId)));
			return { result: undefined, questionId };
		},
		now
	);
}

export async function deleteQuestion(db: Db, actor: Actor, surveyId: string, questionId: string, now = new Date()) {
	await change(
		db,
		actor,
		surveyId,
		'question_deleted',
		async ({ tx, questions, answered }) => {
			const q = find(questions, questionId);
			if (answered) throw new InputError(`${LOCKED_BECAUSE} its questions can’t be deleted (their answers would be lost). You can still reword them.`);
			const dependent = questions.find((x) => x.showIf?.questionId === questionId);
			if (dependent)
				throw new InputError(
					`“${clip(dependent.prompt)}” is shown only for a certain answer to “${clip(q.prompt)}”, so that question can’t be deleted yet. Change or remove the other question’s condition first.`
				);
			await tx.delete(surveyQuestions).where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, surveyId)));
			return { result: undefined, questionId };
		},
		now
	);
}

export type MoveDirection = 'up' | 'down';

/**
 * Up or down one place. At the top of a page, "up" moves it to the end of the page before; at the
 * bottom, "down" moves it to the start of the page after (or onto a new last page of its own).
 */
export async function moveQuestion(db: Db, actor: Actor, surveyId: string, questionId: string, direction: MoveDirection, now = new Date()) {
	await change(
		db,
		actor,
		surveyId,
		'question_moved',
		async ({ tx, questions }) => {
			const ordered = sortQuestions(questions);
			const index = ordered.findIndex((q) => q.id === questionId);
			if (index < 0) throw new InputError('That question isn’t in this survey.');
			const q = ordered[index];
			const samePage = ordered.filter((x) => x.page === q.page);
			let moved: SurveyQuestion[];
			if (direction === 'up') {
				const before = ordered[index - 1];
				if (!before) throw new InputError('That question is already first.');
				moved =
					before.page === q.page
						? swap(ordered, index - 1, index)
						: ordered.map((x) => (x.id === q.id ? { ...x, page: before.page, position: Number.MAX_SAFE_INTEGER } : x));
			} else {
				const after = ordered[index + 1];
				if (!after && samePage.length === 1) throw new InputError('That question is already last.');
				if (!after && q.page >= LIMITS.pages) throw new InputError(`A survey can have at most ${LIMITS.pages} pages.`);
				if (!after) moved = ordered.map((x) => (x.id === q.id ? { ...x, page: q.page + 1, position: 1 } : x));
				else
					moved =
						after.page === q.page
							? swap(ordered, index, index + 1)
							: ordered.map((x) => (x.id === q.id ? { ...x, page: after.page, position: 0 } : x));
			}
			checkConditions(moved, questionId);
			// Write the new order as fresh positions; renumber() then closes the gaps.
			const positions = new Map<number, number>();
			for (const x of sortQuestions(moved)) {
				const position = (positions.get(x.page) ?? 0) + 1;
				positions.set(x.page, position);
				await tx.update(surveyQuestions).set({ page: x.page, position }).where(eq(surveyQuestions.id, x.id));
			}
			return { result: undefined, questionId };
		},
		now
	);
}

function swap(list: SurveyQuestion[], i: number, j: number): SurveyQuestion[] {
	const copy = [...list];
	const a = copy[i];
	const b = copy[j];
	copy[i] = { ...b, position: a.position };
	copy[j] = { ...a, position: b.position };
	return copy;
}

function toRow(surveyId: string, q: SurveyQuestion) {
	return {
		id: q.id,
		surveyId,
		page: q.page,
		position: q.position,
		kind: q.kind,
		prompt: q.prompt,
		help: q.help,
		required: q.required,
		options: q.options,
		maxChoices: q.maxChoices,
		rankCount: q.rankCount,
		faces: q.faces,
		showIfQuestionId: q.showIf?.questionId ?? null,
		showIfValue: q.showIf?.value ?? null
	};
}
