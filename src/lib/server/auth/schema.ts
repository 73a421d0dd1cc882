import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema';

export const ROLES = ['young_person', 'parent_carer', 'champion', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const PARTICIPANT_ROLES = ['young_person', 'parent_carer'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const STAFF_ROLES = ['champion', 'officer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const users = pgTable(
	'users',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** Lower-case sign-in name; not an email address. */
		username: text().notNull(),
		displayName: text().notNull(),
		passwordHash: text().notNull(),
		/** Optional, never required; participants may add one later. */
		email: text(),
		/** Young people only: year and month of birth as the first of that month, for the consent age. */
		birthMonth: date({ mode: 'string' }),
		disabledAt: timestamp({ withTimezone: true }),
		/** Set when a champion confirmed deletion: every personal detail is gone and the row is an empty placeholder. */
		deletedAt: timestamp({ withTimezone: true }),
		/** Notifications in the app; the person can turn them off. */
		notifyInApp: boolean().notNull().default(true),
		/** A copy by email: only when an email address is given and the person opted in. Off by default. */
		notifyByEmail: boolean().notNull().default(false),
		passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastActiveAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		createdBy: text()
	},
	(t) => [uniqueIndex().on(t.username), index().on(t.organisationId)]
);
export type User = typeof users.$inferSelect;

/** A participant holds exactly one participant role; staff hold one or more staff roles. */
export const userRoles = pgTable(
	'user_roles',
	{
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text().$type<Role>().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.role] }),
		check('user_roles_role_known', sql`${t.role} in ('young_person','parent_carer','champion','officer','admin')`)
	]
);

/** Only the SHA-256 of the session token is stored (the Lucia guide). */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.userId), index().on(t.expiresAt)]
);
export type Session = typeof sessions.$inferSelect;

/**
 * A single-use code: either to join (creates a participant) or to reset a participant's password.
 * Only the code's SHA-256 is stored; the champion sees the code once.
 */
export const invitations = pgTable(
	'invitations',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		codeHash: text().notNull(),
		purpose: text().$type<'join' | 'reset'>().notNull(),
		/** For a join: the participant role the new account gets. */
		role: text().$type<ParticipantRole>(),
		/** A note for the champion, e.g. "Tuesday youth forum, 3rd invite". Not a full name. */
		label: text(),
		birthMonth: date({ mode: 'string' }),
		/** For a reset: whose password it resets. */
		userId: text().references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
		usedBy: text().references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp({ withTimezone: true }),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.codeHash),
		index().on(t.organisationId, t.createdAt),
		check('invitations_purpose_known', sql`${t.purpose} in ('join','reset')`),
		check(
			'invitations_join_has_role',
			sql`(${t.purpose} = 'join' and ${t.role} in ('young_person','parent_carer')) or (${t.purpose} = 'reset' and ${t.userId} is not null)`
		)
	]
);
export type Invitation = typeof invitations.$inferSelect;

export const CONSENT_METHODS = ['paper form', 'in person', 'phone call', 'email', 'online form'] as const;

/** Parental consent for a young person under the organisation's consent age. */
export const consents = pgTable(
	'consents',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		givenBy: text().notNull(),
		relationship: text().notNull(),
		givenOn: date({ mode: 'string' }).notNull(),
		method: text().notNull(),
		recordedBy: text()
			.notNull()
			.references(() => users.id),
		recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		withdrawnAt: timestamp({ withTimezone: true }),
		withdrawnBy: text().references(() => users.id)
	},
	(t) => [index().on(t.userId)]
);
export type Consent = typeof consents.$inferSelect;

/** Failure counters for throttling (sign-in, joining), shared by every process. */
export const throttles = pgTable('throttles', {
	key: text().primaryKey(),
	failures: integer().notNull().default(0),
	windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	blockedUntil: timestamp({ withTimezone: true })
});
