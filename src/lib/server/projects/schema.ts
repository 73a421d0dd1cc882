import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { timestamps } from '../db/columns';

export const LEVELS = ['strategic', 'operational', 'individual'] as const;
export type Level = (typeof LEVELS)[number];
export const ROUTES = ['self_delivery', 'partnership', 'procurement', 'grant', 'grant_in_kind'] as const;
export type DeliveryRoute = (typeof ROUTES)[number];
export const PROJECT_STATUSES = ['planned', 'active', 'decommissioning', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const STEP_STATUSES = ['not_started', 'in_progress', 'done', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const ACTIVITY_KINDS = ['survey', 'workshop', 'panel', 'mystery_shopping', 'storytelling', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** Ways an activity can be made easier to take part in; the quality view counts how many are offered. */
export const ACCESSIBLE_FORMATS = ['easy_read', 'other_languages', 'bsl', 'large_print', 'audio', 'online', 'in_person', 'evening_weekend', 'travel_paid', 'childcare'] as const;
export type AccessibleFormat = (typeof ACCESSIBLE_FORMATS)[number];
export const AUDIENCES = ['young_people', 'parents', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];


export const projects = pgTable(
	'projects',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** Public address: /projects/{slug}. */
		slug: text().notNull(),
		title: text().notNull(),
		/** Written for young people: what this is and why it matters. */
		summary: text().notNull(),
		serviceArea: text().notNull(),
		level: text().$type<Level>().notNull(),
		route: text().$type<DeliveryRoute>().notNull(),
		annualValuePence: bigint({ mode: 'number' }).notNull(),
		contractMonths: integer().notNull(),
		leadOfficerId: text().references(() => users.id, { onDelete: 'set null' }),
		/** A team inbox or phone number shown in the public forward plan; not a personal address. */
		publicContact: text(),
		status: text().$type<ProjectStatus>().notNull().default('planned'),
		publishedAt: timestamp({ withTimezone: true }),
		/** Whether the participation-quality headline counts (space, voice, audience, influence) are on the public page. */
		qualityPublished: boolean().notNull().default(false),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.slug),
		index().on(t.organisationId, t.status),
		check('projects_level_known', sql`${t.level} in ('strategic','operational','individual')`),
		check('projects_route_known', sql`${t.route} in ('self_delivery','partnership','procurement','grant','grant_in_kind')`),
		check('projects_status_known', sql`${t.status} in ('planned','active','decommissioning','closed')`),
		check('projects_money_positive', sql`${t.annualValuePence} >= 0 and ${t.contractMonths} > 0`)
	]
);
export type Project = typeof projects.$inferSelect;

/** Joint commissioning: who else contributes, and what. */
export const projectPartners = pgTable(
	'project_partners',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		contribution: text().notNull(),
		contributionPence: bigint({ mode: 'number' })
	},
	(t) => [index().on(t.projectId)]
);

export const projectSteps = pgTable(
	'project_steps',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		step: integer().notNull(),
		plannedStart: date({ mode: 'string' }),
		plannedEnd: date({ mode: 'string' }),
		actualStart: date({ mode: 'string' }),
		actualEnd: date({ mode: 'string' }),
		status: text().$type<StepStatus>().notNull().default('not_started'),
		notes: text()
	},
	(t) => [
		uniqueIndex().on(t.projectId, t.step),
		check('project_steps_step_range', sql`${t.step} between 1 and 8`),
		check('project_steps_status_known', sql`${t.status} in ('not_started','in_progress','done','skipped')`)
	]
);
export type ProjectStep = typeof projectSteps.$inferSelect;

/** Planned involvement of young people and parents at a step. */
export const participationPlans = pgTable(
	'participation_plans',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		step: integer().notNull(),
		activity: text().$type<ActivityKind>().notNull(),
		audience: text().$type<Audience>().notNull(),
		description: text(),
		/** Accessible formats offered for this activity (ACCESSIBLE_FORMATS), for the quality view's "voice". */
		formats: jsonb().$type<AccessibleFormat[]>().notNull().default([]),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.projectId, t.step),
		check('participation_plans_step_range', sql`${t.step} between 1 and 8`),
		check('participation_plans_activity_known', sql`${t.activity} in ('survey','workshop','panel','mystery_shopping','storytelling','other')`),
		check('participation_plans_audience_known', sql`${t.audience} in ('young_people','parents','both')`)
	]
);

/** The decision log, with the approver the organisation's bands required at the time. */
export const decisions = pgTable(
	'decisions',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		step: integer(),
		decidedOn: date({ mode: 'string' }).notNull(),
		decision: text().notNull(),
		decidedBy: text().notNull(),
		totalValuePence: bigint({ mode: 'number' }).notNull(),
		requiredApprover: text().notNull(),
		notes: text(),
		recordedBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.projectId, t.decidedOn)]
);
export type Decision = typeof decisions.$inferSelect;

export const EQUALITY_CHARACTERISTICS = [
	'age',
	'disability',
	'gender_reassignment',
	'marriage_and_civil_partnership',
	'pregnancy_and_maternity',
	'race',
	'religion_or_belief',
	'sex',
	'sexual_orientation'
] as const;
export type EqualityCharacteristic = (typeof EQUALITY_CHARACTERISTICS)[number];
export const EQUALITY_STATUSES = ['not_started', 'in_progress', 'complete'] as const;
export type EqualityStatus = (typeof EQUALITY_STATUSES)[number];

export const equalityAssessments = pgTable(
	'equality_assessments',
	{
		projectId: text()
			.primaryKey()
			.references(() => projects.id, { onDelete: 'cascade' }),
		status: text().$type<EqualityStatus>().notNull().default('not_started'),
		summary: text(),
		reviewDate: date({ mode: 'string' }),
		...timestamps
	},
	(t) => [check('equality_status_known', sql`${t.status} in ('not_started','in_progress','complete')`)]
);

export const equalityFindings = pgTable(
	'equality_findings',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		characteristic: text().$type<EqualityCharacteristic>().notNull(),
		findings: text(),
		dataSources: text(),
		gaps: text()
	},
	(t) => [uniqueIndex().on(t.projectId, t.characteristic)]
);

export const equalityActions = pgTable(
	'equality_actions',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		issue: text().notNull(),
		action: text().notNull(),
		lead: text().notNull(),
		dueDate: date({ mode: 'string' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.projectId)]
);

export const DECOMMISSIONING_REASONS = [
	'better_alternatives',
	'needs_no_longer_met',
	'outcomes_not_met',
	'quality_failure',
	'statutory_failure',
	'missed_targets',
	'safeguarding_failure',
	'equality_failure',
	'not_value_for_money',
	'need_no_longer_exists'
] as const;
export type DecommissioningReason = (typeof DECOMMISSIONING_REASONS)[number];

export const decommissionings = pgTable('decommissionings', {
	projectId: text()
		.primaryKey()
		.references(() => projects.id, { onDelete: 'cascade' }),
	reasons: jsonb().$type<DecommissioningReason[]>().notNull(),
	explanation: text().notNull(),
	consultationPlan: text().notNull(),
	providerNoticeDate: date({ mode: 'string' }).notNull(),
	startedBy: text()
		.notNull()
		.references(() => users.id),
	startedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

export const YOU_SAID_STATUSES = ['considering', 'changed', 'not_changed'] as const;
export type YouSaidStatus = (typeof YOU_SAID_STATUSES)[number];

/** "You said, we did": what participants said, what was decided or changed because of it. */
export const youSaidWeDid = pgTable(
	'you_said_we_did',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		step: integer(),
		activity: text().$type<ActivityKind>().notNull(),
		/** Free text naming where it came from, e.g. "Survey of 120 young people, March". */
		source: text().notNull(),
		youSaid: text().notNull(),
		weDid: text().notNull(),
		status: text().$type<YouSaidStatus>().notNull(),
		decidedOn: date({ mode: 'string' }),
		publishedAt: timestamp({ withTimezone: true }),
		...timestamps
	},
	(t) => [
		index().on(t.projectId),
		index().on(t.publishedAt),
		check('you_said_status_known', sql`${t.status} in ('considering','changed','not_changed')`)
	]
);
export type YouSaidWeDid = typeof youSaidWeDid.$inferSelect;
