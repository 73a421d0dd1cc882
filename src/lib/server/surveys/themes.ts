// Themes for free-text answers: an officer or champion names the themes of one question and tags
// answers with them; results count answers per theme (suppressed like any breakdown). Reading
// answers reads only the one question's text, a page at a time, newest first.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import * as v from 'valibot';
import type { RespondentType } from '../../surveys/definition';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, validate } from '../forms';
import { surveyAnswerTags, surveyQuestions, surveyResponses, surveyThemes, type Survey } from './schema';
import { getSurvey } from './surveys';

type Actor = { id: string; organisationId: string };

export const THEMES_PER_QUESTION = 30;
export const ANSWERS_PER_PAGE = 25;

export const themeNameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, 'Please enter a name for the theme.'),
	v.maxLength(100, 'A theme name can be at most 100 characters.'),
	v.check((s) => !s.includes('\u0000'), NUL_MESSAGE)
);

export interface RawThemeCount {
	id: string;
	name: string;
	/** Answers tagged with it (in the group asked for). */
	tagged: number;
}

interface Segment {
	respondentType: RespondentType | null;
	ageBand: string | null;
}

/** A free-text question of this survey, or InputError. */
export async function textQuestion(db: Db, surveyId: string, questionId: string) {
	const [q] = await db
		.select({ id: surveyQuestions.id, prompt: surveyQuestions.prompt, kind: surveyQuestions.kind })
		.from(surveyQuestions)
		.where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, surveyId), inArray(surveyQuestions.kind, ['short_text', 'long_text'])));
	if (!q) throw new InputError('That question does not exist.');
	return q;
}

async function themeOf(db: Db, surveyId: string, themeId: string) {
	const [theme] = await db
		.select({ id: surveyThemes.id, questionId: surveyThemes.questionId, name: surveyThemes.name })
		.from(surveyThemes)
		.where(and(eq(surveyThemes.id, themeId), eq(surveyThemes.surveyId, surveyId)));
	if (!theme) throw new InputError('That theme does not exist.', 'themeId');
	return theme;
}

async function nameIsFree(db: Db, questionId: string, name: string, exceptId?: string) {
	const [clash] = await db
		.select({ id: surveyThemes.id })
		.from(surveyThemes)
		.where(and(eq(surveyThemes.questionId, questionId), sql`lower(${surveyThemes.name}) = lower(${name})`));
	if (clash && clash.id !== exceptId) throw new InputError('This question already has a theme with that name.', 'name');
}

const audit = (tx: Db, actor: Actor, action: string, themeId: string, detail: Record<string, string>) =>
	recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action, targetType: 'survey_theme', targetId: themeId, detail });

export async function createTheme(db: Db, actor: Actor, surveyId: string, questionId: string, rawName: string): Promise<string> {
	const name = validate(v.object({ name: themeNameSchema }), { name: rawName }).name;
	await getSurvey(db, actor.organisationId, surveyId);
	await textQuestion(db, surveyId, questionId);
	const [{ n }] = await db.select({ n: count() }).from(surveyThemes).where(eq(surveyThemes.questionId, questionId));
	if (n >= THEMES_PER_QUESTION) throw new InputError(`A question can have at most ${THEMES_PER_QUESTION} themes. Delete or rename one instead.`, 'name');
	await nameIsFree(db, questionId, name);
	const id = newId();
	try {
		await db.transaction(async (tx) => {
			await tx.insert(surveyThemes).values({ id, surveyId, questionId, name });
			await audit(tx, actor, 'survey.theme_created', id, { surveyId, questionId });
		});
	} catch (err) {
		if (isUniqueViolation(err)) throw new InputError('This question already has a theme with that name.', 'name');
		throw err;
	}
	return id;
}

export async function renameTheme(db: Db, actor: Actor, surveyId: string, themeId: string, rawName: string): Promise<void> {
	const name = validate(v.object({ name: themeNameSchema }), { name: rawName }).name;
	await getSurvey(db, actor.organisationId, surveyId);
	const theme = await themeOf(db, surveyId, themeId);
	await nameIsFree(db, theme.questionId, name, themeId);
	try {
		await db.transaction(async (tx) => {
			await tx.update(surveyThemes).set({ name }).where(eq(surveyThemes.id, themeId));
			await audit(tx, actor, 'survey.theme_renamed', themeId, { surveyId, questionId: theme.questionId });
		});
	} catch (err) {
		if (isUniqueViolation(err)) throw new InputError('This question already has a theme with that name.', 'name');
		throw err;
	}
}

export async function deleteTheme(db: Db, actor: Actor, surveyId: string, themeId: string): Promise<void> {
	await getSurvey(db, actor.organisationId, surveyId);
	const theme = await themeOf(db, surveyId, themeId);
	await db.transaction(async (tx) => {
		await tx.delete(surveyThemes).where(eq(surveyThemes.id, themeId));
		await audit(tx, actor, 'survey.theme_deleted', themeId, { surveyId, questionId: theme.questionId });
	});
}

/** Tags one answer; the response must be this survey's and have answered the theme's question. Tagging twice changes nothing. */
export async function tagAnswer(db: Db, actor: Actor, surveyId: string, themeId: string, responseId: string): Promise<void> {
	await getSurvey(db, actor.organisationId, surveyId);
	const theme = await themeOf(db, surveyId, themeId);
	const [response] = await db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.id, responseId), eq(surveyResponses.surveyId, surveyId), sql`(${surveyResponses.answers} ->> ${theme.questionId}) is not null`));
	if (!response) throw new InputError('That answer was not found.', 'responseId');
	await db.transaction(async (tx) => {
		const added = await tx.insert(surveyAnswerTags).values({ themeId, responseId }).onConflictDoNothing().returning({ themeId: surveyAnswerTags.themeId });
		if (added.length) await audit(tx, actor, 'survey.answer_tagged', themeId, { surveyId, responseId });
	});
}

export async function untagAnswer(db: Db, actor: Actor, surveyId: string, themeId: string, responseId: string): Promise<void> {
	await getSurvey(db, actor.organisationId, surveyId);
	await themeOf(db, surveyId, themeId);
	await db.transaction(async (tx) => {
		const removed = await tx
			.delete(surveyAnswerTags)
			.where(and(eq(surveyAnswerTags.themeId, themeId), eq(surveyAnswerTags.responseId, responseId)))
			.returning({ themeId: surveyAnswerTags.themeId });
		if (removed.length) await audit(tx, actor, 'survey.answer_untagged', themeId, { surveyId, responseId });
	});
}

export async function listThemes(db: Db, surveyId: string, questionId: string) {
	return db
		.select({ id: surveyThemes.id, name: surveyThemes.name })
		.from(surveyThemes)
		.where(and(eq(surveyThemes.surveyId, surveyId), eq(surveyThemes.questionId, questionId)))
		.orderBy(asc(sql`lower(${surveyThemes.name})`), asc(surveyThemes.id));
}

/** Answers per theme for every free-text question of a survey, in one group (or everyone), by question id. */
export async function themeCounts(db: Db, surveyId: string, segment: Segment): Promise<Map<string, RawThemeCount[]>> {
	const filtered = segment.respondentType !== null || segment.ageBand !== null;
	const rows = await db
		.select({
			id: surveyThemes.id,
			questionId: surveyThemes.questionId,
			name: surveyThemes.name,
			tagged: sql<number>`count(${filtered ? surveyResponses.id : surveyAnswerTags.responseId})::int`
		})
		.from(surveyThemes)
		.leftJoin(surveyAnswerTags, eq(surveyAnswerTags.themeId, surveyThemes.id))
		.leftJoin(
			surveyResponses,
			and(
				eq(surveyResponses.id, surveyAnswerTags.responseId),
				segment.respondentType ? eq(surveyResponses.respondentType, segment.respondentType) : undefined,
				segment.ageBand ? eq(surveyResponses.ageBand, segment.ageBand) : undefined
			)
		)
		.where(eq(surveyThemes.surveyId, surveyId))
		.groupBy(surveyThemes.id, surveyThemes.questionId, surveyThemes.name)
		.orderBy(asc(sql`lower(${surveyThemes.name})`));
	const out = new Map<string, RawThemeCount[]>();
	for (const r of rows) {
		const list = out.get(r.questionId) ?? [];
		list.push({ id: r.id, name: r.name, tagged: Number(r.tagged) });
		out.set(r.questionId, list);
	}
	return out;
}

export interface TextAnswer {
	responseId: string;
	/** YYYY-MM-DD: the day only, nothing finer. */
	submittedOn: string;
	text: string;
	themeIds: string[];
}

/** One page (25) of a free-text question's answers, newest first, optionally only those with a theme. */
export async function listTextAnswers(
	db: Db,
	survey: Pick<Survey, 'id'>,
	questionId: string,
	options: { page: number; themeId?: string | null; filter?: Segment }
): Promise<TextAnswer[]> {
	const segment = options.filter ?? { respondentType: null, ageBand: null };
	const answer = sql<string>`${surveyResponses.answers} ->> ${questionId}`;
	const conditions = and(
		eq(surveyResponses.surveyId, survey.id),
		sql`(${surveyResponses.answers} ->> ${questionId}) is not null`,
		segment.respondentType ? eq(surveyResponses.respondentType, segment.respondentType) : undefined,
		segment.ageBand ? eq(surveyResponses.ageBand, segment.ageBand) : undefined,
		options.themeId
			? sql`exists (select 1 from ${surveyAnswerTags} where ${surveyAnswerTags.responseId} = ${surveyResponses.id} and ${surveyAnswerTags.themeId} = ${options.themeId})`
			: undefined
	);
	const rows = await db
		.select({ responseId: surveyResponses.id, submittedOn: sql<string>`to_char(${surveyResponses.submittedAt} at time zone 'UTC', 'YYYY-MM-DD')`, text: answer })
		.from(surveyResponses)
		.where(conditions)
		.orderBy(desc(surveyResponses.submittedAt), desc(surveyResponses.id))
		.limit(ANSWERS_PER_PAGE)
		.offset((Math.max(1, options.page) - 1) * ANSWERS_PER_PAGE);
	const tags = rows.length
		? await db
				.select({ responseId: surveyAnswerTags.responseId, themeId: surveyAnswerTags.themeId })
				.from(surveyAnswerTags)
				.innerJoin(surveyThemes, eq(surveyThemes.id, surveyAnswerTags.themeId))
				.where(and(inArray(surveyAnswerTags.responseId, rows.map((r) => r.responseId)), eq(surveyThemes.questionId, questionId)))
		: [];
	return rows.map((r) => ({ ...r, themeIds: tags.filter((t) => t.responseId === r.responseId).map((t) => t.themeId) }));
}
