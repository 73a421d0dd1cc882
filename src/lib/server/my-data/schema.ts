// A participant's request to delete their account. A champion confirms it; confirming removes
// every personal detail (the users row stays as an empty placeholder so panel scores, visits and
// hours already counted keep their anonymous place) and marks the request done.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';

/** withdrawn: the person changed their mind; declined: a champion turned the request down. */
export const DELETION_STATUSES = ['pending', 'confirmed', 'withdrawn', 'declined'] as const;
export type DeletionStatus = (typeof DELETION_STATUSES)[number];
/** Who started it: the person themselves, or a champion from the retention review. */
export const DELETION_ORIGINS = ['participant', 'retention'] as const;
export type DeletionOrigin = (typeof DELETION_ORIGINS)[number];

export const deletionRequests = pgTable(
	'deletion_requests',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		origin: text().$type<DeletionOrigin>().notNull().default('participant'),
		status: text().$type<DeletionStatus>().notNull().default('pending'),
		requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		decidedBy: text().references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex('deletion_requests_one_pending').on(t.userId).where(sql`${t.status} = 'pending'`),
		index().on(t.organisationId, t.status),
		check('deletion_requests_status_known', sql`${t.status} in ('pending','confirmed','withdrawn','declined')`),
		check('deletion_requests_origin_known', sql`${t.origin} in ('participant','retention')`)
	]
);
export type DeletionRequest = typeof deletionRequests.$inferSelect;
