// The champion's review of shoppers' reports: the list per programme, one whole report (staff may
// see the shopper's name), approving (final; credits the shopper's contribution hours once) and
// returning with a note the shopper sees. Everything is found within the reviewer's organisation.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { notifyReportReturned } from '../notifications/events';
import { InputError, noNul, validate } from '../forms';
import { contracts } from '../monitoring/schema';
import { creditContribution } from '../recognition/credit';
import { programmeInOrganisation } from './lookup';
import { checklistItems, reportRatings, shoppingProgrammes, shoppingReports, shoppingScenarios, shoppingVisits, type ReportStatus } from './schema';

type Actor = { id: string; organisationId: string };

export const REPORT_FILTERS = ['waiting', 'returned', 'approved', 'all'] as const;
export type ReportFilter = (typeof REPORT_FILTERS)[number];
const FILTER_STATUS: Record<Exclude<ReportFilter, 'all'>, ReportStatus> = { waiting: 'submitted', returned: 'returned', approved: 'approved' };

export function reportFilter(raw: string | null): ReportFilter {
	return (REPORT_FILTERS as readonly string[]).includes(raw ?? '') ? (raw as ReportFilter) : 'waiting';
}

/** A programme's reports, newest first, with how many are in each state. */
export async function programmeReports(db: Db, actor: Actor, programmeId: string, filter: ReportFilter = 'waiting') {
	const { programme, contractTitle } = await programmeInOrganisation(db, actor.organisationId, programmeId);
	const rows = await db
		.select({
			id: shoppingReports.id,
			status: shoppingReports.status,
			shopperName: users.displayName,
			visitedOn: shoppingReports.visitedOn,
			submittedAt: shoppingReports.submittedAt,
			windowFrom: shoppingVisits.windowFrom,
			windowTo: shoppingVisits.windowTo
		})
		.from(shoppingReports)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
		.innerJoin(users, eq(users.id, shoppingReports.shopperId))
		.where(eq(shoppingVisits.programmeId, programme.id))
		.orderBy(desc(shoppingReports.submittedAt));
	const counts = { waiting: 0, returned: 0, approved: 0, all: rows.length };
	for (const r of rows) counts[r.status === 'submitted' ? 'waiting' : r.status]++;
	const shown = filter === 'all' ? rows : rows.filter((r) => r.status === FILTER_STATUS[filter]);
	return { programme: { id: programme.id, title: programme.title, contractTitle }, reports: shown, counts };
}

export async function reportInProgramme(db: Db, actor: Actor, programmeId: string, reportId: string) {
	const [row] = await db
		.select({ report: shoppingReports, visit: shoppingVisits, programmeTitle: shoppingProgrammes.title, shopperName: users.displayName })
		.from(shoppingReports)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.innerJoin(users, eq(users.id, shoppingReports.shopperId))
		.where(and(eq(shoppingReports.id, reportId), eq(shoppingProgrammes.id, programmeId), eq(shoppingProgrammes.organisationId, actor.organisationId)));
	if (!row) throw new InputError('That report does not exist.');
	return row;
}

/** One whole report for the reviewer: every checklist item (rated or not) in the checklist's order. */
export async function reportForReview(db: Db, actor: Actor, programmeId: string, reportId: string) {
	const { report, visit, programmeTitle, shopperName } = await reportInProgramme(db, actor, programmeId, reportId);
	const ratings = await db
		.select({ itemId: checklistItems.id, theme: checklistItems.theme, question: checklistItems.question, rating: reportRatings.rating, comment: reportRatings.comment })
		.from(reportRatings)
		.innerJoin(checklistItems, eq(checklistItems.id, reportRatings.itemId))
		.where(eq(reportRatings.reportId, report.id))
		.orderBy(asc(checklistItems.position));
	const [scenario] = visit.scenarioId ? await db.select({ title: shoppingScenarios.title }).from(shoppingScenarios).where(eq(shoppingScenarios.id, visit.scenarioId)) : [];
	const [reviewer] = report.reviewedBy ? await db.select({ name: users.displayName }).from(users).where(inArray(users.id, [report.reviewedBy])) : [];
	return {
		programme: { id: programmeId, title: programmeTitle },
		report: {
			id: report.id,
			status: report.status,
			shopperName,
			visitedOn: report.visitedOn,
			submittedAt: report.submittedAt,
			reviewedAt: report.reviewedAt,
			reviewerName: reviewer?.name ?? null,
			reviewNote: report.reviewNote,
			wentWell: report.wentWell,
			couldBeBetter: report.couldBeBetter,
			otherComments: report.otherComments
		},
		visit: { id: visit.id, windowFrom: visit.windowFrom, windowTo: visit.windowTo, supervisor: visit.supervisor, scenarioTitle: scenario?.title ?? null },
		ratings
	};
}

/** The report locked for a decision, with what approving needs (hours, contract, project). */
async function lockForReview(tx: Db, actor: Actor, reportId: string) {
	const [row] = await tx
		.select({
			id: shoppingReports.id,
			status: shoppingReports.status,
			shopperId: shoppingReports.shopperId,
			visitedOn: shoppingReports.visitedOn,
			visitId: shoppingReports.visitId,
			programmeId: shoppingProgrammes.id,
			hours: shoppingProgrammes.hoursPerVisit,
			contractTitle: contracts.title,
			projectId: contracts.projectId
		})
		.from(shoppingReports)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
		.where(and(eq(shoppingReports.id, reportId), eq(shoppingProgrammes.organisationId, actor.organisationId)))
		.for('update', { of: shoppingReports });
	if (!row) throw new InputError('That report does not exist.');
	if (row.status === 'approved') throw new InputError('This report is already approved.');
	if (row.status === 'returned') throw new InputError('This report was returned to the shopper. You can review it again once they send it back.');
	return row;
}

/** Approves a report (final) and credits the shopper's hours for the visit, exactly once. */
export async function approveReport(db: Db, actor: Actor, reportId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const row = await lockForReview(tx, actor, reportId);
		await tx.update(shoppingReports).set({ status: 'approved', reviewedAt: now, reviewedBy: actor.id, updatedAt: now }).where(eq(shoppingReports.id, row.id));
		const contributionId = await creditContribution(tx, {
			organisationId: actor.organisationId,
			userId: row.shopperId,
			projectId: row.projectId,
			activity: 'mystery_shopping',
			sourceId: row.id,
			description: `Mystery shopping: ${row.contractTitle}`,
			hours: row.hours,
			happenedOn: row.visitedOn,
			creditedBy: actor.id,
			createdAt: now
		});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'shopping_report.approved',
			targetType: 'shopping_report',
			targetId: row.id,
			detail: { visitId: row.visitId, programmeId: row.programmeId, contributionId }
		});
	});
}

export const returnSchema = v.object({
	note: v.pipe(
		v.string(),
		noNul,
		v.trim(),
		v.minLength(1, 'Please write a note saying what to change: the shopper sees it.'),
		v.maxLength(2000, 'Please keep the note to 2,000 characters or fewer.')
	)
});

/** Returns a report to the shopper with a note (shown on their visits); they may change and resend it. */
export async function returnReport(db: Db, actor: Actor, reportId: string, input: { note: string }, now = new Date()): Promise<void> {
	const { note } = validate(returnSchema, input);
	await db.transaction(async (tx) => {
		const row = await lockForReview(tx, actor, reportId);
		await tx.update(shoppingReports).set({ status: 'returned', reviewNote: note, reviewedAt: now, reviewedBy: actor.id, updatedAt: now }).where(eq(shoppingReports.id, row.id));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'shopping_report.returned',
			targetType: 'shopping_report',
			targetId: row.id,
			detail: { visitId: row.visitId, programmeId: row.programmeId }
		});
		await notifyReportReturned(tx, actor.organisationId, row.id, row.visitId, row.shopperId, now);
	});
}
