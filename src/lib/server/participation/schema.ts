// Contribution hours: what each participant gave, credited automatically (approved mystery-shopping
// reports now; attended sessions and submitted panel scores later) or added by a champion. Issue 8
// builds the ledger, certificates and deletion on it: a deleted person's rows keep their hours
// with user_id cleared, so totals still count.
import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';

export const CONTRIBUTION_ACTIVITIES = ['mystery_shopping', 'panel', 'session', 'other'] as const;
export type ContributionActivity = (typeof CONTRIBUTION_ACTIVITIES)[number];

export const contributions = pgTable(
	'contributions',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		userId: text().references(() => users.id, { onDelete: 'set null' }),
		projectId: text().references(() => projects.id, { onDelete: 'set null' }),
		activity: text().$type<ContributionActivity>().notNull(),
		/** The row that earned it (a shopping report, a panel member, a session), so it is credited once. */
		sourceId: text().notNull(),
		/** Plain words for the ledger and certificate, e.g. "Mystery shopping visit: youth counselling". */
		description: text().notNull(),
		hours: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
		happenedOn: date().notNull(),
		creditedBy: text().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.activity, t.sourceId),
		index().on(t.userId),
		check('contributions_activity_known', sql`${t.activity} in ('mystery_shopping','panel','session','other')`),
		check('contributions_hours', sql`${t.hours} >= 0 and ${t.hours} <= 24`)
	]
);
export type Contribution = typeof contributions.$inferSelect;
