import { integer, pgTable, text, timestamp, index, bigint } from 'drizzle-orm/pg-core';

export const organisations = pgTable('organisations', {
	id: text().primaryKey(),
	name: text().notNull(),
	/** Participants younger than this need recorded parental consent for panels and visits. */
	consentAge: integer().notNull().default(16),
	/** Breakdown groups smaller than this are never shown. */
	smallNumberThreshold: integer().notNull().default(5),
	/** How long an inactive participant account is kept before a champion reviews it. */
	retentionMonths: integer().notNull().default(24),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
export type Organisation = typeof organisations.$inferSelect;

/** Who must approve a decision, by total contract value (pence). The highest band has no upper limit. */
export const approvalBands = pgTable(
	'approval_bands',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		fromPence: bigint({ mode: 'number' }).notNull(),
		/** Exclusive upper bound; null for the top band. */
		toPence: bigint({ mode: 'number' }),
		approver: text().notNull()
	},
	(t) => [index().on(t.organisationId, t.fromPence)]
);
export type ApprovalBand = typeof approvalBands.$inferSelect;
