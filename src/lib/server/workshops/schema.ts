// Workshops and live sessions (issue 7). A session (workshop, focus group, panel meeting,
// stakeholder event, storytelling) belongs to a project and a cycle step. People register and
// check in; walk-ins are only counted. During the session the champion runs live activities
// (poll, rating, word cloud, ideas wall, priority dots) that phones answer at /live with the
// session's six-character code. Tables are called workshop_* because `sessions` holds sign-ins.
//
// Who answered is a live_participant: one per phone (an anonymous token in a cookie) or per
// signed-in person. Responses point at the live_participant, never at a name; the nickname is
// optional and only reaches the screen when the champion turns names on.
import { sql, type SQL } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	numeric,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';
import { timestamps } from '../db/columns';

import { ACTIVITY_STATES, ACTIVITY_TYPES, SESSION_KINDS, SESSION_STATUSES, type LiveActivityState, type LiveActivityType, type SessionKind, type SessionStatus } from '../../live/kinds';
export { ACTIVITY_STATES, ACTIVITY_TYPES, SESSION_KINDS, SESSION_STATUSES, type LiveActivityState, type LiveActivityType, type SessionKind, type SessionStatus };
/** participants: people with accounts sign up in the app; open: anyone with the code may come and join in. */
export const SESSION_INVITES = ['participants', 'open'] as const;
export type SessionInvite = (typeof SESSION_INVITES)[number];
// Session status: planned → live (the code works) → closed (closing record written); or cancelled.
// Activity state: draft (not yet shown) → open (phones can answer) → closed (answers kept).
/** Word-cloud words are shown at once unless the filter or the champion hides them; ideas wait for approval. */
export const ENTRY_STATUSES = ['shown', 'pending', 'approved', 'hidden'] as const;
export type LiveEntryStatus = (typeof ENTRY_STATUSES)[number];

/** The live code: six characters from the same unambiguous alphabet as invitation codes. */
export const LIVE_CODE_LENGTH = 6;

const inList = (column: AnyPgColumn, values: readonly string[]): SQL => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(','))})`;

export const workshopSessions = pgTable(
	'workshop_sessions',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		/** Commissioning cycle step 1-8 this session feeds. */
		step: integer().notNull(),
		kind: text().$type<SessionKind>().notNull(),
		title: text().notNull(),
		/** What it's for, in plain words, shown to people deciding whether to come. */
		description: text().notNull().default(''),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		endsAt: timestamp({ withTimezone: true }).notNull(),
		/** Where: an address or room; and/or a link for online sessions. */
		place: text().notNull().default(''),
		onlineLink: text(),
		/** Most people who can register; null: no limit. */
		capacity: integer(),
		invite: text().$type<SessionInvite>().notNull().default('participants'),
		status: text().$type<SessionStatus>().notNull().default('planned'),
		/** Six characters (A-Z without I, O; 2-9), unique across the app, for /live and checking in. */
		code: text().notNull(),
		/** Show nicknames beside ideas on the screen (off: no names anywhere on the screen). */
		showNicknames: boolean().notNull().default(false),
		/** The activity the phones and the projector are on now. */
		currentActivityId: text().references((): AnyPgColumn => liveActivities.id, { onDelete: 'set null' }),
		/** People counted at the door without accounts. */
		walkIns: integer().notNull().default(0),
		/** Contribution hours credited to each registered person who attended, when the session closes. */
		hoursCredited: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull().default(2),
		/** The closing record. */
		summary: text().notNull().default(''),
		outputs: text().notNull().default(''),
		closedAt: timestamp({ withTimezone: true }),
		closedBy: text().references(() => users.id, { onDelete: 'set null' }),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.code),
		index().on(t.projectId),
		index().on(t.organisationId, t.startsAt),
		check('workshop_sessions_step_range', sql`${t.step} between 1 and 8`),
		check('workshop_sessions_kind_known', inList(t.kind, SESSION_KINDS)),
		check('workshop_sessions_invite_known', inList(t.invite, SESSION_INVITES)),
		check('workshop_sessions_status_known', inList(t.status, SESSION_STATUSES)),
		check('workshop_sessions_times_in_order', sql`${t.startsAt} < ${t.endsAt}`),
		check('workshop_sessions_capacity', sql`${t.capacity} is null or ${t.capacity} between 1 and 10000`),
		check('workshop_sessions_walk_ins', sql`${t.walkIns} between 0 and 10000`),
		check('workshop_sessions_hours', sql`${t.hoursCredited} >= 0 and ${t.hoursCredited} <= 24`)
	]
);
export type WorkshopSession = typeof workshopSessions.$inferSelect;

/** Someone with an account who signed up; attendedAt is set when they check in or a champion ticks them. */
export const sessionRegistrations = pgTable(
	'session_registrations',
	{
		id: text().primaryKey(),
		sessionId: text()
			.notNull()
			.references(() => workshopSessions.id, { onDelete: 'cascade' }),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		attendedAt: timestamp({ withTimezone: true }),
		/** Who ticked them in; null when they checked themselves in with the code. */
		checkedInBy: text().references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex().on(t.sessionId, t.userId), index().on(t.userId)]
);
export type SessionRegistration = typeof sessionRegistrations.$inferSelect;

export const liveActivities = pgTable(
	'live_activities',
	{
		id: text().primaryKey(),
		sessionId: text()
			.notNull()
			.references(() => workshopSessions.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		type: text().$type<LiveActivityType>().notNull(),
		/** The question or prompt, as it appears on phones and the screen. */
		prompt: text().notNull(),
		/** Poll: more than one option may be chosen. */
		multiple: boolean().notNull().default(false),
		/** Rating: the scale's ends (e.g. 1-5) and their words ("Not at all" … "Very much"). */
		scaleMin: smallint().notNull().default(1),
		scaleMax: smallint().notNull().default(5),
		minLabel: text().notNull().default(''),
		maxLabel: text().notNull().default(''),
		/** Priority voting: how many dots each person spreads across the options. */
		dots: smallint().notNull().default(3),
		/** Word cloud: words per person; ideas wall: notes per person. */
		maxEntries: smallint().notNull().default(3),
		/** A person may change their answer while the activity is open. */
		allowChange: boolean().notNull().default(true),
		state: text().$type<LiveActivityState>().notNull().default('draft'),
		/** The screen shows results as they come in unless this is on, then only once revealed. */
		hideUntilRevealed: boolean().notNull().default(false),
		/** Revealed: the results show on phones too (and on the screen if they were hidden). */
		revealed: boolean().notNull().default(false),
		openedAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true }),
		...timestamps
	},
	(t) => [
		index().on(t.sessionId, t.position),
		check('live_activities_type_known', inList(t.type, ACTIVITY_TYPES)),
		check('live_activities_state_known', inList(t.state, ACTIVITY_STATES)),
		check('live_activities_scale', sql`${t.scaleMin} >= 0 and ${t.scaleMin} < ${t.scaleMax} and ${t.scaleMax} <= 10`),
		check('live_activities_dots', sql`${t.dots} between 1 and 20`),
		check('live_activities_max_entries', sql`${t.maxEntries} between 1 and 10`)
	]
);
export type LiveActivity = typeof liveActivities.$inferSelect;

/** A choice in a poll or priority vote. */
export const liveOptions = pgTable(
	'live_options',
	{
		id: text().primaryKey(),
		activityId: text()
			.notNull()
			.references(() => liveActivities.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		label: text().notNull()
	},
	(t) => [index().on(t.activityId, t.position)]
);
export type LiveOption = typeof liveOptions.$inferSelect;

/** One phone or signed-in person taking part in one session. */
export const liveParticipants = pgTable(
	'live_participants',
	{
		id: text().primaryKey(),
		sessionId: text()
			.notNull()
			.references(() => workshopSessions.id, { onDelete: 'cascade' }),
		/** Signed in: the account, so one person is one participant on any device. Otherwise null. */
		userId: text().references(() => users.id, { onDelete: 'set null' }),
		/** sha-256 of the random token in the phone's cookie (anonymous and signed-in alike). */
		tokenHash: text().notNull(),
		nickname: text().notNull().default(''),
		joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex().on(t.tokenHash),
		uniqueIndex('live_participants_session_user').on(t.sessionId, t.userId).where(sql`${t.userId} is not null`),
		index().on(t.sessionId)
	]
);
export type LiveParticipant = typeof liveParticipants.$inferSelect;

/**
 * A participant's answer to an activity: one row per person per activity (the unique index makes
 * it so, whatever races). Poll and priority choices are in live_choices, the rating here, and
 * word-cloud words and ideas in live_entries.
 */
export const liveResponses = pgTable(
	'live_responses',
	{
		id: text().primaryKey(),
		activityId: text()
			.notNull()
			.references(() => liveActivities.id, { onDelete: 'cascade' }),
		participantId: text()
			.notNull()
			.references(() => liveParticipants.id, { onDelete: 'cascade' }),
		rating: smallint(),
		...timestamps
	},
	(t) => [uniqueIndex().on(t.activityId, t.participantId)]
);
export type LiveResponse = typeof liveResponses.$inferSelect;

/** Poll choices (dots 1) and priority dots per option. */
export const liveChoices = pgTable(
	'live_choices',
	{
		responseId: text()
			.notNull()
			.references(() => liveResponses.id, { onDelete: 'cascade' }),
		optionId: text()
			.notNull()
			.references(() => liveOptions.id, { onDelete: 'cascade' }),
		/** Denormalised so tallies read one table. */
		activityId: text()
			.notNull()
			.references(() => liveActivities.id, { onDelete: 'cascade' }),
		dots: smallint().notNull().default(1)
	},
	(t) => [primaryKey({ columns: [t.responseId, t.optionId] }), index().on(t.activityId), check('live_choices_dots', sql`${t.dots} between 1 and 20`)]
);

/** A word-cloud word or an ideas-wall note. */
export const liveEntries = pgTable(
	'live_entries',
	{
		id: text().primaryKey(),
		responseId: text()
			.notNull()
			.references(() => liveResponses.id, { onDelete: 'cascade' }),
		activityId: text()
			.notNull()
			.references(() => liveActivities.id, { onDelete: 'cascade' }),
		text: text().notNull(),
		/** Word cloud: lower-cased and trimmed, so "Music" and "music " are one word. */
		normalised: text().notNull(),
		status: text().$type<LiveEntryStatus>().notNull(),
		moderatedBy: text().references(() => users.id, { onDelete: 'set null' }),
		moderatedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.activityId, t.status), index().on(t.responseId), check('live_entries_status_known', inList(t.status, ENTRY_STATUSES))]
);
export type LiveEntry = typeof liveEntries.$inferSelect;
