// Notifications: a line in the person's own space when something they took part in publishes an
// outcome or needs them, and, only for people who gave an email address and opted in, a copy in
// the email outbox for the mail relay to send. Only ids and plain product words are stored.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';

export const NOTIFICATION_KINDS = [
	/** A project I took part in published an outcome: an award, you said we did, survey results, a decision. */
	'outcome',
	/** Something needs me: panel scoring is open or closing, a visit was given to me, a session is coming up. */
	'action'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notifications = pgTable(
	'notifications',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		projectId: text().references(() => projects.id, { onDelete: 'cascade' }),
		kind: text().$type<NotificationKind>().notNull(),
		title: text().notNull(),
		body: text().notNull().default(''),
		/** A path inside the app, e.g. /me/projects/abc or /panels/xyz. */
		href: text(),
		/** What caused it, e.g. "award:<id>", so the same event never notifies a person twice. */
		sourceKey: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex().on(t.userId, t.sourceKey),
		index().on(t.userId, t.createdAt),
		check('notifications_kind_known', sql`${t.kind} in ('outcome','action')`)
	]
);
export type Notification = typeof notifications.$inferSelect;

/** Emails waiting for the mail relay. Deleted with the person; never holds more than the notification. */
export const emailOutbox = pgTable(
	'email_outbox',
	{
		id: text().primaryKey(),
		notificationId: text()
			.notNull()
			.references(() => notifications.id, { onDelete: 'cascade' }),
		toAddress: text().notNull(),
		subject: text().notNull(),
		body: text().notNull(),
		attempts: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp({ withTimezone: true }),
		lastError: text()
	},
	(t) => [uniqueIndex().on(t.notificationId), index('email_outbox_unsent').on(t.createdAt).where(sql`${t.sentAt} is null`)]
);
