// Tender evaluation (issue 5). Bidder identity lives in its own table (bid_identities), which no
// panel-facing query ever joins: panels see bids only by their random label and the officer's
// anonymised answers.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { projects } from '../projects/schema';
import { timestamps } from '../db/columns';

export const TENDER_STATUSES = ['setup', 'evaluating', 'moderating', 'finalised', 'awarded'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];
export const PANEL_AUDIENCES = ['young_people', 'parents', 'staff'] as const;
export type PanelAudience = (typeof PANEL_AUDIENCES)[number];
export const MEMBER_STATUSES = ['invited', 'active', 'interest_declared', 'removed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];


export const tenders = pgTable(
	'tenders',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		reference: text().notNull(),
		publishedOn: date(),
		closesOn: date(),
		contractValuePence: bigint({ mode: 'number' }).notNull(),
		contractMonths: integer().notNull(),
		/** The scoring scale, e.g. 0-5, with one plain descriptor per point (min..max). */
		scaleMin: integer().notNull().default(0),
		scaleMax: integer().notNull().default(5),
		scaleDescriptors: jsonb().$type<string[]>().notNull(),
		status: text().$type<TenderStatus>().notNull().default('setup'),
		/** When the scoring system (sections, criteria, weights, scale) went on the public project page. */
		scoringPublishedAt: timestamp({ withTimezone: true }),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.organisationId, t.reference),
		index().on(t.projectId),
		check('tenders_status_known', sql`${t.status} in ('setup','evaluating','moderating','finalised','awarded')`),
		check('tenders_scale_sane', sql`${t.scaleMin} >= 0 and ${t.scaleMax} > ${t.scaleMin} and ${t.scaleMax} <= 10`),
		check('tenders_money_positive', sql`${t.contractValuePence} >= 0 and ${t.contractMonths} > 0`)
	]
);
export type Tender = typeof tenders.$inferSelect;

export const tenderSections = pgTable(
	'tender_sections',
	{
		id: text().primaryKey(),
		tenderId: text()
			.notNull()
			.references(() => tenders.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		/** Plain words on what this section covers (shown to its panel). */
		about: text().notNull().default(''),
		position: integer().notNull(),
		/** Who scores it: a young people's or parents' panel (the participant section), or staff. */
		audience: text().$type<PanelAudience>().notNull().default('staff')
	},
	(t) => [index().on(t.tenderId, t.position), check('tender_sections_audience_known', sql`${t.audience} in ('young_people','parents','staff')`)]
);

export const tenderCriteria = pgTable(
	'tender_criteria',
	{
		id: text().primaryKey(),
		tenderId: text()
			.notNull()
			.references(() => tenders.id, { onDelete: 'cascade' }),
		sectionId: text()
			.notNull()
			.references(() => tenderSections.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		/** The question put to bidders. */
		title: text().notNull(),
		guidance: text().notNull().default(''),
		/** Hundredths of a percentage point: 1500 is 15%. All of a tender's add up to 10,000. */
		weightHundredths: integer().notNull(),
		/** Scored as lowest price / this price x weight, not by a panel. */
		price: boolean().notNull().default(false),
		/** Scored during the bidders' presentations. */
		presentation: boolean().notNull().default(false)
	},
	(t) => [index().on(t.tenderId, t.sectionId, t.position), check('tender_criteria_weight_positive', sql`${t.weightHundredths} > 0 and ${t.weightHundredths} <= 10000`)]
);

export const bids = pgTable(
	'bids',
	{
		id: text().primaryKey(),
		tenderId: text()
			.notNull()
			.references(() => tenders.id, { onDelete: 'cascade' }),
		/** "A", "B", ... assigned at random, not in entry order. */
		label: text().notNull(),
		pricePence: bigint({ mode: 'number' }),
		/** When the anonymised answers were released to the panels (only with no identity left in them). */
		releasedAt: timestamp({ withTimezone: true }),
		...timestamps
	},
	(t) => [uniqueIndex().on(t.tenderId, t.label), check('bids_price_positive', sql`${t.pricePence} is null or ${t.pricePence} > 0`)]
);
export type Bid = typeof bids.$inferSelect;

/** Who the bidder is: officers only. Never joined by anything a panel member can reach. */
export const bidIdentities = pgTable('bid_identities', {
	bidId: text()
		.primaryKey()
		.references(() => bids.id, { onDelete: 'cascade' }),
	bidderName: text().notNull(),
	contactName: text().notNull().default(''),
	contactEmail: text().notNull().default(''),
	contactPhone: text().notNull().default('')
});

export const bidAnswers = pgTable(
	'bid_answers',
	{
		id: text().primaryKey(),
		bidId: text()
			.notNull()
			.references(() => bids.id, { onDelete: 'cascade' }),
		criterionId: text()
			.notNull()
			.references(() => tenderCriteria.id, { onDelete: 'cascade' }),
		/** As the bidder wrote it: officers only. */
		answerText: text().notNull(),
		/** What panels read, prepared by the officer with every trace of the bidder removed. */
		anonymisedText: text(),
		/** The officer's explanation of this bid's score here, for the bidder's assessment summary. */
		explanation: text()
	},
	(t) => [uniqueIndex().on(t.bidId, t.criterionId)]
);

export const panels = pgTable(
	'panels',
	{
		id: text().primaryKey(),
		tenderId: text()
			.notNull()
			.references(() => tenders.id, { onDelete: 'cascade' }),
		sectionId: text()
			.notNull()
			.references(() => tenderSections.id, { onDelete: 'cascade' }),
		/** Submitted scores a bid needs from this panel for its section to count. */
		quorum: integer().notNull(),
		opensAt: timestamp({ withTimezone: true }),
		closesAt: timestamp({ withTimezone: true }),
		/** A thank-you to the members, shown with the outcome once the award is published. */
		thanksMessage: text(),
		thankedAt: timestamp({ withTimezone: true }),
		/** Hours credited to each member in the contributions ledger once they submit their scores. */
		creditedHours: numeric({ precision: 4, scale: 2, mode: 'number' }).notNull().default(3),
		...timestamps
	},
	(t) => [uniqueIndex().on(t.sectionId), index().on(t.tenderId), check('panels_quorum_positive', sql`${t.quorum} >= 1`)]
);

export const panelMembers = pgTable(
	'panel_members',
	{
		id: text().primaryKey(),
		panelId: text()
			.notNull()
			.references(() => panels.id, { onDelete: 'cascade' }),
		/** Restrict: deleting a person must not silently drop scores a finalised result was built on. */
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		status: text().$type<MemberStatus>().notNull().default('invited'),
		confidentialityAcceptedAt: timestamp({ withTimezone: true }),
		declaredAt: timestamp({ withTimezone: true }),
		/** What they declared, in their words; only officers read it. */
		interest: text(),
		/** An officer's decision on a declared interest, with a note. */
		decision: text().$type<'stays' | 'removed'>(),
		decisionNote: text(),
		decidedBy: text().references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp({ withTimezone: true }),
		...timestamps
	},
	(t) => [
		uniqueIndex().on(t.panelId, t.userId),
		index().on(t.userId),
		check('panel_members_status_known', sql`${t.status} in ('invited','active','interest_declared','removed')`)
	]
);

export const panelScores = pgTable(
	'panel_scores',
	{
		id: text().primaryKey(),
		panelMemberId: text()
			.notNull()
			.references(() => panelMembers.id, { onDelete: 'cascade' }),
		bidId: text()
			.notNull()
			.references(() => bids.id, { onDelete: 'cascade' }),
		criterionId: text()
			.notNull()
			.references(() => tenderCriteria.id, { onDelete: 'cascade' }),
		score: integer().notNull(),
		comment: text(),
		/** Null while a draft; drafts never count and are never shown to anyone else. */
		submittedAt: timestamp({ withTimezone: true }),
		...timestamps
	},
	(t) => [uniqueIndex().on(t.panelMemberId, t.bidId, t.criterionId), index().on(t.bidId, t.criterionId)]
);

export const moderations = pgTable(
	'moderations',
	{
		id: text().primaryKey(),
		bidId: text()
			.notNull()
			.references(() => bids.id, { onDelete: 'cascade' }),
		criterionId: text()
			.notNull()
			.references(() => tenderCriteria.id, { onDelete: 'cascade' }),
		score: integer().notNull(),
		rationale: text().notNull(),
		moderatedBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [uniqueIndex().on(t.bidId, t.criterionId)]
);

export const presentations = pgTable(
	'presentations',
	{
		id: text().primaryKey(),
		bidId: text()
			.notNull()
			.references(() => bids.id, { onDelete: 'cascade' }),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		/** A room, or an online link. */
		place: text().notNull()
	},
	(t) => [uniqueIndex().on(t.bidId)]
);

/** The panel's prepared questions (a shared list the champion edits), and which were asked. */
export const panelQuestions = pgTable(
	'panel_questions',
	{
		id: text().primaryKey(),
		panelId: text()
			.notNull()
			.references(() => panels.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		question: text().notNull(),
		createdBy: text().references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(t) => [index().on(t.panelId, t.position)]
);

export const questionsAsked = pgTable(
	'questions_asked',
	{
		questionId: text()
			.notNull()
			.references(() => panelQuestions.id, { onDelete: 'cascade' }),
		presentationId: text()
			.notNull()
			.references(() => presentations.id, { onDelete: 'cascade' }),
		recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex().on(t.questionId, t.presentationId)]
);

export const awards = pgTable(
	'awards',
	{
		tenderId: text()
			.primaryKey()
			.references(() => tenders.id, { onDelete: 'cascade' }),
		winningBidId: text()
			.notNull()
			.references(() => bids.id),
		valuePence: bigint({ mode: 'number' }).notNull(),
		startsOn: date().notNull(),
		endsOn: date().notNull(),
		decidedOn: date().notNull(),
		/** Who approved it, from the organisation's approval bands for this value. */
		approvedBy: text().notNull(),
		rationale: text().notNull(),
		decidedBy: text().references(() => users.id, { onDelete: 'set null' }),
		/** Only now does the winner's name become public. */
		publishedAt: timestamp({ withTimezone: true }),
		...timestamps
	},
	(t) => [check('awards_dates_in_order', sql`${t.startsOn} < ${t.endsOn}`), check('awards_value_positive', sql`${t.valuePence} > 0`)]
);
