// Mystery shopping (issue 6): a programme on a contract, its agreed scenarios and checklist, the
// visits with their assigned shoppers, and each shopper's own report. Reports hold ratings and
// words only: no photos, no location. Shopper identities stay in visit_shoppers and
// shopping_reports.shopper_id; nothing provider-facing or public reads them.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, numeric, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { contracts } from '../monitoring/schema';
import { organisations } from '../organisations/schema';
import { timestamps } from '../db/columns';

export const CONTACT_KINDS = ['visit', 'phone', 'website', 'email', 'social_media'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
/** The default checklist's themes, in the order a visit happens; 'other' for items the group adds. */
export const CHECKLIST_THEMES = [
	'first_contact',
	'welcome',
	'accessibility',
	'information',
	'environment',
	'overall',
	'recommend',
	'other'
] as const;
export type ChecklistTheme = (typeof CHECKLIST_THEMES)[number];
export const VISIT_STATUSES = ['planned', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export const REPORT_STATUSES = ['submitted', 'approved', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** The simple rating scale every checklist item uses (null: "didn't see this"). */
export const RATING_MIN = 1;
export const RATING_MAX = 5;


export const shoppingProgrammes = pgTable(
	'shopping_programmes',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		contractId: text()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		/** Why: what the council wants to learn about the service. */
		purpose: text().notNull(),
		contactKind: text().$type<ContactKind>().notNull(),
		/** Announced: the provider was told a window in which shoppers may come. */
		announced: boolean().notNull().default(false),
		announcedFrom: date(),
		announcedTo: date(),
		startsOn: date().notNull(),
		endsOn: date().notNull(),
		/** Hours credited to each shopper for an approved report (issue 8 shows them). */
		hoursPerVisit: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull().default(2),
		/** The optional public summary ("Young inspectors visited 6 times and rated ..."). */
		publicSummary: text().notNull().default(''),
		publicSummaryPublishedAt: timestamp({ withTimezone: true }),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		index().on(t.contractId),
		index().on(t.organisationId),
		check('shopping_programmes_contact_known', sql`${t.contactKind} in ('visit','phone','website','email','social_media')`),
		check('shopping_programmes_dates_in_order', sql`${t.startsOn} <= ${t.endsOn}`),
		check(
			'shopping_programmes_announced_window',
			sql`(${t.announced} and ${t.announcedFrom} is not null and ${t.announcedTo} is not null and ${t.announcedFrom} <= ${t.announcedTo}) or (not ${t.announced} and ${t.announcedFrom} is null and ${t.announcedTo} is null)`
		),
		check('shopping_programmes_hours', sql`${t.hoursPerVisit} >= 0 and ${t.hoursPerVisit} <= 24`)
	]
);
export type ShoppingProgramme = typeof shoppingProgrammes.$inferSelect;

/** An agreed scenario: what the shopper asks or does. Never receiving treatment or medication. */
export const shoppingScenarios = pgTable(
	'shopping_scenarios',
	{
		id: text().primaryKey(),
		programmeId: text()
			.notNull()
			.references(() => shoppingProgrammes.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		title: text().notNull(),
		/** What to ask or do, in plain words. */
		script: text().notNull(),
		...timestamps
	},
	(t) => [index().on(t.programmeId, t.position)]
);

/** One checklist item: a plain question rated on the simple scale, with a comment box. */
export const checklistItems = pgTable(
	'checklist_items',
	{
		id: text().primaryKey(),
		programmeId: text()
			.notNull()
			.references(() => shoppingProgrammes.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		theme: text().$type<ChecklistTheme>().notNull(),
		question: text().notNull(),
		/** A hint under the question: what to look for. */
		hint: text().notNull().default(''),
		...timestamps
	},
	(t) => [
		index().on(t.programmeId, t.position),
		check('checklist_items_theme_known', sql`${t.theme} in ('first_contact','welcome','accessibility','information','environment','overall','recommend','other')`)
	]
);
export type ChecklistItem = typeof checklistItems.$inferSelect;

export const shoppingVisits = pgTable(
	'shopping_visits',
	{
		id: text().primaryKey(),
		programmeId: text()
			.notNull()
			.references(() => shoppingProgrammes.id, { onDelete: 'cascade' }),
		/** Which scenario this visit plays out (optional: the champion may leave it open). */
		scenarioId: text().references(() => shoppingScenarios.id, { onDelete: 'set null' }),
		windowFrom: date().notNull(),
		windowTo: date().notNull(),
		/** The supervising adult who goes with the shoppers (a name, no contact details here). */
		supervisor: text().notNull(),
		status: text().$type<VisitStatus>().notNull().default('planned'),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		index().on(t.programmeId, t.windowFrom),
		check('shopping_visits_window_in_order', sql`${t.windowFrom} <= ${t.windowTo}`),
		check('shopping_visits_status_known', sql`${t.status} in ('planned','cancelled')`)
	]
);
export type ShoppingVisit = typeof shoppingVisits.$inferSelect;

/** Who goes on a visit (usually a pair). Kept when the person is deleted: issue 8 anonymises. */
export const visitShoppers = pgTable(
	'visit_shoppers',
	{
		visitId: text()
			.notNull()
			.references(() => shoppingVisits.id, { onDelete: 'cascade' }),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		assignedBy: text().references(() => users.id, { onDelete: 'set null' }),
		assignedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.visitId, t.userId), index().on(t.userId)]
);

/** Each shopper's own report on a visit: one per shopper and visit, sent exactly once. */
export const shoppingReports = pgTable(
	'shopping_reports',
	{
		id: text().primaryKey(),
		visitId: text()
			.notNull()
			.references(() => shoppingVisits.id, { onDelete: 'cascade' }),
		shopperId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		/** The phone's key for the latest submission: a retry with it is "already received". */
		idempotencyKey: text().notNull(),
		/** The day they went or made contact (within the visit's window). */
		visitedOn: date().notNull(),
		wentWell: text().notNull().default(''),
		couldBeBetter: text().notNull().default(''),
		otherComments: text().notNull().default(''),
		status: text().$type<ReportStatus>().notNull().default('submitted'),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		reviewedAt: timestamp({ withTimezone: true }),
		reviewedBy: text().references(() => users.id, { onDelete: 'set null' }),
		/** The champion's note when returning a report (shown to the shopper). */
		reviewNote: text().notNull().default(''),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.visitId, t.shopperId),
		index().on(t.shopperId),
		index().on(t.status),
		check('shopping_reports_status_known', sql`${t.status} in ('submitted','approved','returned')`)
	]
);
export type ShoppingReport = typeof shoppingReports.$inferSelect;

/** A report's rating and comment for one checklist item (rating null: "didn't see this"). */
export const reportRatings = pgTable(
	'report_ratings',
	{
		reportId: text()
			.notNull()
			.references(() => shoppingReports.id, { onDelete: 'cascade' }),
		itemId: text()
			.notNull()
			.references(() => checklistItems.id, { onDelete: 'cascade' }),
		rating: smallint(),
		comment: text().notNull().default('')
	},
	(t) => [
		uniqueIndex().on(t.reportId, t.itemId),
		index().on(t.itemId),
		check('report_ratings_on_scale', sql`${t.rating} is null or ${t.rating} between 1 and 5`)
	]
);
