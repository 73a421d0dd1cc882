// Rewards given to participants (vouchers, payments, accreditation), exportable for finance.
// A deleted person's rewards keep their value and date with user_id cleared, so totals still add up.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';

export const REWARD_KINDS = ['voucher', 'payment', 'accreditation'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const rewards = pgTable(
	'rewards',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		userId: text().references(() => users.id, { onDelete: 'set null' }),
		projectId: text().references(() => projects.id, { onDelete: 'set null' }),
		kind: text().$type<RewardKind>().notNull(),
		/** Plain words, e.g. "High-street voucher for the tender panel" or "AQA unit award: taking part". */
		description: text().notNull(),
		/** Pence; null for an accreditation with no money value. */
		valuePence: integer(),
		givenOn: date({ mode: 'string' }).notNull(),
		recordedBy: text().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.organisationId, t.givenOn),
		index().on(t.userId),
		check('rewards_kind_known', sql`${t.kind} in ('voucher','payment','accreditation')`),
		check('rewards_value_range', sql`${t.valuePence} is null or (${t.valuePence} >= 0 and ${t.valuePence} <= 100000000)`)
	]
);
export type Reward = typeof rewards.$inferSelect;
