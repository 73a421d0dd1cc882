// Contract monitoring (issue 6): a contract on a project, its performance measures (KPIs) and a
// value and rating per monitoring period. A period goes public only when an officer publishes it
// as a performance update.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { tenders } from '../evaluation/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';
import { timestamps } from '../db/columns';

/** The ratings used in UK contract performance notices, best first. */
export const PERFORMANCE_RATINGS = ['good', 'approaching_target', 'requires_improvement', 'inadequate'] as const;
export type PerformanceRating = (typeof PERFORMANCE_RATINGS)[number];


export const contracts = pgTable(
	'contracts',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		/** Set when the contract came from a published award; one contract per tender. */
		tenderId: text().references(() => tenders.id, { onDelete: 'set null' }),
		/** What the service is called, e.g. "Youth mental health support service". */
		title: text().notNull(),
		/** The organisation delivering it (public once the contract exists). */
		provider: text().notNull(),
		startsOn: date().notNull(),
		endsOn: date().notNull(),
		valuePence: bigint({ mode: 'number' }).notNull(),
		/** A new service is first reviewed 6 months after it starts; an existing one after 12. */
		newService: boolean().notNull().default(true),
		firstReviewOn: date().notNull(),
		reviewEveryMonths: integer().notNull().default(12),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		index().on(t.projectId),
		index().on(t.organisationId),
		uniqueIndex().on(t.tenderId),
		check('contracts_dates_in_order', sql`${t.startsOn} < ${t.endsOn}`),
		check('contracts_value_positive', sql`${t.valuePence} > 0`),
		check('contracts_review_interval', sql`${t.reviewEveryMonths} between 1 and 60`)
	]
);
export type Contract = typeof contracts.$inferSelect;

/** A performance measure (KPI): what is counted, in what unit, from which baseline to which target. */
export const performanceMeasures = pgTable(
	'performance_measures',
	{
		id: text().primaryKey(),
		contractId: text()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		name: text().notNull(),
		/** e.g. "%", "days", "young people". */
		unit: text().notNull(),
		/** Measured before the service started (monitoring compares against it). */
		baseline: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull(),
		target: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull(),
		/** Whether a higher value is better (a waiting time in days is not). */
		higherIsBetter: boolean().notNull().default(true),
		...timestamps
	},
	(t) => [index().on(t.contractId, t.position)]
);
export type PerformanceMeasure = typeof performanceMeasures.$inferSelect;

/** A monitoring period (e.g. "April to June 2026"): every measure gets a value for it. */
export const monitoringPeriods = pgTable(
	'monitoring_periods',
	{
		id: text().primaryKey(),
		contractId: text()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		label: text().notNull(),
		startsOn: date().notNull(),
		endsOn: date().notNull(),
		/** The officer's plain summary for the public performance update. */
		summary: text().notNull().default(''),
		/** A performance update: this period's values, ratings and summary on the public page. */
		publishedAt: timestamp({ withTimezone: true }),
		publishedBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.contractId, t.startsOn),
		check('monitoring_periods_dates_in_order', sql`${t.startsOn} <= ${t.endsOn}`)
	]
);
export type MonitoringPeriod = typeof monitoringPeriods.$inferSelect;

/** One measure's value in one period, its rating and the officer's comment. */
export const measureResults = pgTable(
	'measure_results',
	{
		measureId: text()
			.notNull()
			.references(() => performanceMeasures.id, { onDelete: 'cascade' }),
		periodId: text()
			.notNull()
			.references(() => monitoringPeriods.id, { onDelete: 'cascade' }),
		value: numeric({ precision: 14, scale: 2, mode: 'number' }).notNull(),
		rating: text().$type<PerformanceRating>().notNull(),
		comment: text().notNull().default(''),
		recordedBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.measureId, t.periodId),
		index().on(t.periodId),
		check('measure_results_rating_known', sql`${t.rating} in ('good','approaching_target','requires_improvement','inadequate')`)
	]
);
export type MeasureResult = typeof measureResults.$inferSelect;
