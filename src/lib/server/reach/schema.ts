// Population shares an officer enters (e.g. from the census or the school census), so the reach
// page can compare who took part with who lives in the area and flag groups well below their share.
import { sql } from 'drizzle-orm';
import { check, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';

/** The breakdowns reach is shown by. `area` groups are the area names surveys offer. */
export const REACH_DIMENSIONS = [
	'type',
	'age_band',
	'area',
	'sex',
	'gender_same',
	'ethnicity',
	'disability',
	'religion',
	'sexual_orientation'
] as const;
export type ReachDimension = (typeof REACH_DIMENSIONS)[number];

export const populationShares = pgTable(
	'population_shares',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		dimension: text().$type<ReachDimension>().notNull(),
		/** The group's key: a role, an age band, an area name or an equality answer id. */
		groupKey: text().notNull(),
		/** Percent of the population this compares with, 0 to 100. */
		percent: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
		/** Where the figure comes from, e.g. "Census 2021, ages 10 to 19". */
		source: text(),
		updatedBy: text().references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.organisationId, t.dimension, t.groupKey),
		check(
			'population_shares_dimension_known',
			sql`${t.dimension} in ('type','age_band','area','sex','gender_same','ethnicity','disability','religion','sexual_orientation')`
		),
		check('population_shares_percent_range', sql`${t.percent} >= 0 and ${t.percent} <= 100`)
	]
);
export type PopulationShare = typeof populationShares.$inferSelect;
