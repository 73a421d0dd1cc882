// Building surveys: creating one for a project, its details, opening and closing it, copying it,
// and the lists staff see. Question changes live in questions.ts; both lock the survey row while
// they write, so two people editing at once can't leave it half changed.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../db/ids';
import { InputError, text, validate } from '../forms';
import { getProject } from '../projects/projects';
import { projects } from '../projects/schema';
import { optionalDate } from '../projects/steps';
import { SURVEY_AUDIENCES } from '../../surveys/definition';
import { surveyQuestions, surveyResponses, surveys, type Survey } from './schema';
import { generateSurveyCode, getSurvey } from './surveys';

export type Actor = { id: string; organisationId: string };

export const MAX_EQUALITY_AREAS = 30;
export const LOCKED_BECAUSE = 'People have already answered this survey, so';

const yesNo = (message: string) =>
	v.pipe(
		v.picklist(['yes', 'no'], message),
		v.transform((s) => s === 'yes')
	);
const checkbox = v.pipe(
	v.string(),
	v.check((s) => s === '' || s === 'yes', 'Tick the box or leave it empty.'),
	v.transform((s) => s === 'yes')
);
const stepField = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^[1-8]$/, 'Choose the step of the cycle this survey informs.'),
	v.transform(Number)
);
const areaLines = v.pipe(
	v.string(),
	v.maxLength(5000, 'The list of areas is too long.'),
	v.transform((s) => s.split(/\r?\n/).map((line) => line.trim()).filter(Boolean)),
	v.check((areas) => areas.length <= MAX_EQUALITY_AREAS, `List at most ${MAX_EQUALITY_AREAS} areas.`),
	v.check((areas) => areas.every((a) => a.length <= 100), 'Each area can be at most 100 characters.'),
	v.check((areas) => new Set(areas.map((a) => a.toLowerCase())).size === areas.length, 'Each area should be listed only once.')
);

const basics = {
	title: text('a title', 150),
	introduction: text('an introduction', 2000),
	audience: v.picklist(SURVEY_AUDIENCES, 'Choose who the survey is for.'),
	anonymous: yesNo('Choose whether answers are anonymous.'),
	step: stepField
};

export const newSurveySchema = v.object(basics);
export type NewSurveyInput = v.InferOutput<typeof newSurveySchema>;
export const NEW_SURVEY_FIELDS = ['title', 'introduction', 'audience', 'anonymous', 'step'] as const;

export const detailsSchema = v.pipe(
	v.object({
		...basics,
		nextSteps: v.pipe(v.string(), v.trim(), v.maxLength(2000, 'What happens next can be at most 2000 characters.')),
		opensAt: optionalDate('the opening date'),
		closesAt: optionalDate('the closing date'),
		equalityMonitoring: checkbox,
		equalityAreas: areaLines
	}),
	v.forward(
		v.partialCheck([['opensAt'], ['closesAt']], (d) => !d.opensAt || !d.closesAt || d.closesAt >= d.opensAt, 'The closing date must be on or after the opening date.'),
		['closesAt']
	)
);
export type SurveyDetailsInput = v.InferOutput<typeof detailsSchema>;
export const DETAILS_FIELDS = ['title', 'introduction', 'nextSteps', 'audience', 'anonymous', 'step', 'opensAt', 'closesAt', 'equalityMonitoring', 'equalityAreas'] as const;

/** A survey opens at the start of its opening day and closes at the end of its closing day (UTC). */
const startOfDay = (d: string | null) => (d ? new Date(`${d}T00:00:00.000Z`) : null);
const endOfDay = (d: string | null) => (d ? new Date(`${d}T23:59:59.999Z`) : null);
const dayOf = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

/** The form's raw strings for a survey's details (to fill the form, and to re-check typed input). */
export function detailsToRaw(d: Pick<Survey, 'title' | 'introduction' | 'nextSteps' | 'audience' | 'anonymous' | 'step' | 'equalityMonitoring' | 'equalityAreas'> & { opensAt: Date | string | null; closesAt: Date | string | null }) {
	const day = (x: Date | string | null) => (x instanceof Date ? dayOf(x) : (x ?? ''));
	return {
		title: d.title,
		introduction: d.introduction,
		nextSteps: d.nextSteps,
		audience: d.audience,
		anonymous: d.anonymous ? 'yes' : 'no',
		step: String(d.step),
		opensAt: day(d.opensAt),
		closesAt: day(d.closesAt),
		equalityMonitoring: d.equalityMonitoring ? 'yes' : '',
		equalityAreas: d.equalityAreas.join('\n')
	};
}

/** Whether anyone has answered: from then on, changes that would corrupt answers are refused. */
export async function hasResponses(db: Db, surveyId: string): Promise<boolean> {
	const [row] = await db.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId)).limit(1);
	return !!row;
}

/** Locks the survey row for the rest of the transaction (or InputError when it isn't this organisation's). */
export async function lockSurvey(tx: Db, organisationId: string, surveyId: string): Promise<Survey> {
	const [row] = await tx
		.select()
		.from(surveys)
		.where(and(eq(surveys.id, surveyId), eq(surveys.organisationId, organisationId)))
		.for('update');
	if (!row) throw new InputError('That survey does not exist.');
	return row;
}

/** Every change a cached copy should notice bumps the version. */
export async function bumpVersion(tx: Db, surveyId: string, now: Date) {
	await tx
		.update(surveys)
		.set({ version: sql`${surveys.version} + 1`, updatedAt: now })
		.where(eq(surveys.id, surveyId));
}

const audit = (tx: Db, actor: Actor, action: string, survey: Pick<Survey, 'id' | 'projectId'>, detail: Record<string, string | number | boolean | null> = {}) =>
	recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action, targetType: 'survey', targetId: survey.id, detail: { projectId: survey.projectId, ...detail } });

/** Inserts with a fresh share code, trying again on the rare clash with an existing one. */
async function insertWithCode(db: Db, write: (tx: Db, code: string) => Promise<void>): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await db.transaction(async (tx) => write(tx, generateSurveyCode()));
			return;
		} catch (err) {
			if (!isUniqueViolation(err) || attempt >= 5) throw err;
		}
	}
}

export async function createSurvey(db: Db, actor: Actor, projectId: string, input: NewSurveyInput, now = new Date()): Promise<string> {
	const data = validate(newSurveySchema, { ...input, anonymous: input.anonymous ? 'yes' : 'no', step: String(input.step) });
	await getProject(db, actor.organisationId, projectId);
	const id = newId();
	await insertWithCode(db, async (tx, code) => {
		await tx.insert(surveys).values({ id, organisationId: actor.organisationId, projectId, ...data, code, createdBy: actor.id, createdAt: now, updatedAt: now });
		await audit(tx, actor, 'survey.created', { id, projectId });
	});
	return id;
}

export async function updateSurveyDetails(db: Db, actor: Actor, surveyId: string, input: SurveyDetailsInput, now = new Date()) {
	const data = validate(detailsSchema, detailsToRaw(input));
	await db.transaction(async (tx) => {
		const survey = await lockSurvey(tx, actor.organisationId, surveyId);
		const answered = await hasResponses(tx, surveyId);
		if (answered && data.anonymous !== survey.anonymous)
			throw new InputError(`${LOCKED_BECAUSE} whether it is anonymous can’t be changed. You can still reword it.`, 'anonymous');
		// Area answers are stored by position (a1, a2, ...): dropping one would relabel earlier answers.
		if (answered && data.equalityAreas.length < survey.equalityAreas.length)
			throw new InputError(`${LOCKED_BECAUSE} areas can’t be removed from the list. You can still reword them or add new ones at the end.`, 'equalityAreas');
		await tx
			.update(surveys)
			.set({ ...data, opensAt: startOfDay(data.opensAt), closesAt: endOfDay(data.closesAt), version: sql`${surveys.version} + 1`, updatedAt: now })
			.where(eq(surveys.id, surveyId));
		await audit(tx, actor, 'survey.updated', survey, { change: 'details' });
	});
}

/** Opens a draft, or reopens a closed survey. Already open: nothing to do. */
export async function openSurvey(db: Db, actor: Actor, surveyId: string, now = new Date()) {
	await db.transaction(async (tx) => {
		const survey = await lockSurvey(tx, actor.organisationId, surveyId);
		if (survey.status === 'open') return;
		const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId));
		if (Number(n) === 0) throw new InputError('Add at least one question before opening the survey.');
		if (survey.closesAt && survey.closesAt <= now)
			throw new InputError('The closing date has already passed. Change or clear the closing date first, then open the survey.');
		await tx.update(surveys).set({ status: 'open', updatedAt: now }).where(eq(surveys.id, surveyId));
		await audit(tx, actor, 'survey.opened', survey, { reopened: survey.status === 'closed' });
	});
}

export const reopenSurvey = openSurvey;

export async function closeSurvey(db: Db, actor: Actor, surveyId: string, now = new Date()) {
	await db.transaction(async (tx) => {
		const survey = await lockSurvey(tx, actor.organisationId, surveyId);
		if (survey.status === 'closed') return;
		if (survey.status === 'draft') throw new InputError('This survey hasn’t been opened yet, so there is nothing to close.');
		await tx.update(surveys).set({ status: 'closed', updatedAt: now }).where(eq(surveys.id, surveyId));
		await audit(tx, actor, 'survey.closed', survey);
	});
}

/** A draft copy with the same details and questions, fresh ids, a new code, no answers or results. */
export async function duplicateSurvey(db: Db, actor: Actor, surveyId: string, now = new Date()): Promise<string> {
	const source = await getSurvey(db, actor.organisationId, surveyId);
	const questions = await db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId));
	const ids = new Map(questions.map((q) => [q.id, newId()]));
	const id = newId();
	const title = `${source.title} (copy)`.slice(0, 150);
	await insertWithCode(db, async (tx, code) => {
		await tx.insert(surveys).values({
			id,
			organisationId: actor.organisationId,
			projectId: source.projectId,
			step: source.step,
			title,
			introduction: source.introduction,
			nextSteps: source.nextSteps,
			audience: source.audience,
			anonymous: source.anonymous,
			equalityMonitoring: source.equalityMonitoring,
			equalityAreas: source.equalityAreas,
			code,
			createdBy: actor.id,
			createdAt: now,
			updatedAt: now
		});
		if (questions.length)
			await tx.insert(surveyQuestions).values(
				questions.map((q) => ({
					...q,
					id: ids.get(q.id)!,
					surveyId: id,
					showIfQuestionId: q.showIfQuestionId ? (ids.get(q.showIfQuestionId) ?? null) : null,
					showIfValue: q.showIfQuestionId && ids.has(q.showIfQuestionId) ? q.showIfValue : null
				}))
			);
		await audit(tx, actor, 'survey.duplicated', { id, projectId: source.projectId }, { fromSurveyId: source.id });
	});
	return id;
}

const responseCount = sql<number>`(select count(*)::int from ${surveyResponses} where ${surveyResponses.surveyId} = ${surveys.id})`.mapWith(Number);

const LIST_COLUMNS = {
	id: surveys.id,
	title: surveys.title,
	code: surveys.code,
	status: surveys.status,
	step: surveys.step,
	audience: surveys.audience,
	anonymous: surveys.anonymous,
	opensAt: surveys.opensAt,
	closesAt: surveys.closesAt,
	updatedAt: surveys.updatedAt,
	projectId: surveys.projectId,
	projectTitle: projects.title,
	responses: responseCount
};

/** A project's surveys, newest first, with how many people have answered each. */
export async function listProjectSurveys(db: Db, organisationId: string, projectId: string) {
	await getProject(db, organisationId, projectId);
	return db
		.select(LIST_COLUMNS)
		.from(surveys)
		.innerJoin(projects, eq(projects.id, surveys.projectId))
		.where(and(eq(surveys.projectId, projectId), eq(surveys.organisationId, organisationId)))
		.orderBy(desc(surveys.createdAt), asc(surveys.id));
}

/** Every survey of the organisation, newest first, with its project and response count. */
export function listOrganisationSurveys(db: Db, organisationId: string) {
	return db
		.select(LIST_COLUMNS)
		.from(surveys)
		.innerJoin(projects, eq(projects.id, surveys.projectId))
		.where(eq(surveys.organisationId, organisationId))
		.orderBy(desc(surveys.createdAt), asc(surveys.id));
}
