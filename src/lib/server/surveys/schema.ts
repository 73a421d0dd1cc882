import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Answers, QuestionKind, QuestionOption, RespondentType, SurveyAudience } from '../../surveys/definition';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
/** Who may read the results summary: staff only, also the participants who took part, also the public. */
export const RESULTS_VISIBILITY = ['staff', 'participants', 'public'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITY)[number];

export const surveys = pgTable(
	'surveys',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		/** The cycle step (1-8) it informs. */
		step: integer().notNull(),
		title: text().notNull(),
		/** Why we ask, what happens next, how long it takes: shown before the first question. */
		introduction: text().notNull(),
		/** Shown after submitting: what happens to the answers now. */
		nextSteps: text().notNull().default(''),
		audience: text().$type<SurveyAudience>().notNull(),
		/** Anonymous: no account and nothing linking a response to a person. Fixed once responses exist. */
		anonymous: boolean().notNull(),
		equalityMonitoring: boolean().notNull().default(false),
		/** Areas offered in the equality block ("Which area do you live in?"); empty leaves the question out. */
		equalityAreas: jsonb().$type<string[]>().notNull().default([]),
		status: text().$type<SurveyStatus>().notNull().default('draft'),
		opensAt: timestamp({ withTimezone: true }),
		closesAt: timestamp({ withTimezone: true }),
		/** Short code people type or scan: /survey/{code}. */
		code: text().notNull(),
		resultsVisibility: text().$type<ResultsVisibility>().notNull().default('staff'),
		/** The officer's plain-words summary published with the results. */
		resultsSummary: text(),
		resultsPublishedAt: timestamp({ withTimezone: true }),
		/** Bumped by every change to the questions, so cached copies know they are stale. */
		version: integer().notNull().default(1),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.code),
		index().on(t.projectId),
		index().on(t.organisationId, t.status),
		check('surveys_step_in_cycle', sql`${t.step} between 1 and 8`),
		check('surveys_audience_known', sql`${t.audience} in ('young_people','parents','anyone')`),
		check('surveys_status_known', sql`${t.status} in ('draft','open','closed')`),
		check('surveys_results_visibility_known', sql`${t.resultsVisibility} in ('staff','participants','public')`),
		check('surveys_dates_in_order', sql`${t.opensAt} is null or ${t.closesAt} is null or ${t.opensAt} < ${t.closesAt}`)
	]
);
export type Survey = typeof surveys.$inferSelect;

export const surveyQuestions = pgTable(
	'survey_questions',
	{
		id: text().primaryKey(),
		surveyId: text()
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		page: integer().notNull(),
		position: integer().notNull(),
		kind: text().$type<QuestionKind>().notNull(),
		prompt: text().notNull(),
		help: text(),
		required: boolean().notNull().default(false),
		options: jsonb().$type<QuestionOption[]>().notNull().default([]),
		maxChoices: integer(),
		rankCount: integer(),
		faces: boolean().notNull().default(false),
		showIfQuestionId: text(),
		showIfValue: text()
	},
	(t) => [
		index().on(t.surveyId, t.page, t.position),
		check(
			'survey_questions_kind_known',
			sql`${t.kind} in ('single_choice','multiple_choice','rating','yes_no','short_text','long_text','ranking')`
		),
		check('survey_questions_page_positive', sql`${t.page} >= 1 and ${t.position} >= 1`)
	]
);
export type SurveyQuestionRow = typeof surveyQuestions.$inferSelect;

export const surveyResponses = pgTable(
	'survey_responses',
	{
		id: text().primaryKey(),
		surveyId: text()
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		/** The participant, for signed-in surveys only; always null on anonymous ones. */
		userId: text().references(() => users.id, { onDelete: 'set null' }),
		/** Anonymous surveys: SHA-256 of (survey id, the device's random token), to limit repeats. Never exported. */
		deviceHash: text(),
		/** Chosen by the phone for this submission, so a retry can't store it twice. */
		idempotencyKey: text().notNull(),
		respondentType: text().$type<RespondentType>().notNull(),
		/** An AGE_BANDS value or 'unknown'. */
		ageBand: text().notNull(),
		answers: jsonb().$type<Answers>().notNull(),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Whether this response has been added into survey_tallies yet (see tallies.ts). */
		tallied: boolean().notNull().default(false)
	},
	(t) => [
		uniqueIndex().on(t.surveyId, t.idempotencyKey),
		// Partial: a response has one or the other, so each row feeds only the index it needs.
		uniqueIndex().on(t.surveyId, t.userId).where(sql`${t.userId} is not null`),
		uniqueIndex().on(t.surveyId, t.deviceHash).where(sql`${t.deviceHash} is not null`),
		index().on(t.surveyId, t.submittedAt),
		index('survey_responses_untallied').on(t.surveyId).where(sql`not ${t.tallied}`),
		check('survey_responses_type_known', sql`${t.respondentType} in ('young_person','parent_carer','unknown')`)
	]
);
export type SurveyResponse = typeof surveyResponses.$inferSelect;

/**
 * Running counts per question and answer, split by who answered and age band, so results never
 * have to read every response. Special question ids: `_total` (bucket `all`), `_day` (bucket
 * YYYY-MM-DD). Buckets come from tallyBuckets() in $lib/surveys/definition.
 */
export const surveyTallies = pgTable(
	'survey_tallies',
	{
		surveyId: text()
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		questionId: text().notNull(),
		bucket: text().notNull(),
		respondentType: text().notNull(),
		ageBand: text().notNull(),
		count: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.surveyId, t.questionId, t.bucket, t.respondentType, t.ageBand] })]
);

/** Themes an officer creates for a free-text question, and which answers carry them. */
export const surveyThemes = pgTable(
	'survey_themes',
	{
		id: text().primaryKey(),
		surveyId: text()
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		questionId: text()
			.notNull()
			.references(() => surveyQuestions.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('survey_themes_question_name_unique').on(t.questionId, sql`lower(${t.name})`), index().on(t.surveyId)]
);
export type SurveyTheme = typeof surveyThemes.$inferSelect;

export const surveyAnswerTags = pgTable(
	'survey_answer_tags',
	{
		themeId: text()
			.notNull()
			.references(() => surveyThemes.id, { onDelete: 'cascade' }),
		responseId: text()
			.notNull()
			.references(() => surveyResponses.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.themeId, t.responseId] }), index().on(t.responseId)]
);

/** Anonymous submissions counted per address (hashed) and survey in fixed windows. */
export const surveySubmissionWindows = pgTable('survey_submission_windows', {
	key: text().primaryKey(),
	windowStartedAt: timestamp({ withTimezone: true }).notNull(),
	count: integer().notNull()
});
