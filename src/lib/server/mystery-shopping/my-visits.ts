// A shopper's own visits: only those they are assigned to (visit_shoppers), never cancelled ones,
// with where their report is. Whether they may still go is asked again every time (consent may
// have been withdrawn since they were assigned).
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { hasActiveConsent } from '../auth/consent';
import { canJoinPanelOrVisit, isParticipant } from '../auth/policy';
import { userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { contracts } from '../monitoring/schema';
import { organisations } from '../organisations/schema';
import { londonToday } from '../../dates';
import { reportScope } from './report-input';
import { checklistItems, reportRatings, shoppingProgrammes, shoppingReports, shoppingScenarios, shoppingVisits, visitShoppers, type ReportStatus } from './schema';
import { NOT_SEEN_VALUE, type ReportPayload } from '../../monitoring/visit-report';

type Actor = { id: string; organisationId: string };

/** Where a shopper is with a visit. */
export type VisitStage = 'upcoming' | 'to_report' | 'sent' | 'returned' | 'approved';

export const NOT_ASSIGNED = 'We couldn’t find that visit in your visits.';
export const HOLD_CONSENT = 'We need a parent’s or carer’s consent on record before you can go on visits or send reports. Please talk to your participation champion.';

/** Why this person can't take part in visits now, or null when they can. */
export async function shopperHold(db: Db, userId: string, now = new Date()): Promise<string | null> {
	const [person] = await db
		.select({ birthMonth: users.birthMonth, disabledAt: users.disabledAt, consentAge: organisations.consentAge })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(users.id, userId));
	if (!person || person.disabledAt) return 'Your account is switched off, so you can’t take part in visits. Please talk to your participation champion.';
	const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role);
	if (!isParticipant({ roles })) return 'Visits are for young people and parents who take part, so this account can’t send reports.';
	if (!canJoinPanelOrVisit({ roles, birthMonth: person.birthMonth }, person.consentAge, await hasActiveConsent(db, userId), now)) return HOLD_CONSENT;
	return null;
}

export function stageOf(report: { status: ReportStatus } | null, windowFrom: string, today: string): VisitStage {
	if (!report) return windowFrom > today ? 'upcoming' : 'to_report';
	return report.status === 'submitted' ? 'sent' : report.status;
}

const STAGE_ORDER: VisitStage[] = ['returned', 'to_report', 'upcoming', 'sent', 'approved'];

function assigned(db: Db, user: Actor, visitId?: string) {
	return db
		.select({
			visitId: shoppingVisits.id,
			windowFrom: shoppingVisits.windowFrom,
			windowTo: shoppingVisits.windowTo,
			supervisor: shoppingVisits.supervisor,
			scenarioId: shoppingVisits.scenarioId,
			programmeId: shoppingProgrammes.id,
			programmeTitle: shoppingProgrammes.title,
			purpose: shoppingProgrammes.purpose,
			contactKind: shoppingProgrammes.contactKind,
			announced: shoppingProgrammes.announced,
			announcedFrom: shoppingProgrammes.announcedFrom,
			announcedTo: shoppingProgrammes.announcedTo,
			serviceTitle: contracts.title,
			provider: contracts.provider,
			reportId: shoppingReports.id,
			reportStatus: shoppingReports.status,
			reviewNote: shoppingReports.reviewNote,
			visitedOn: shoppingReports.visitedOn,
			submittedAt: shoppingReports.submittedAt
		})
		.from(visitShoppers)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, visitShoppers.visitId))
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
		.leftJoin(shoppingReports, and(eq(shoppingReports.visitId, shoppingVisits.id), eq(shoppingReports.shopperId, user.id)))
		.where(
			and(
				eq(visitShoppers.userId, user.id),
				eq(shoppingProgrammes.organisationId, user.organisationId),
				ne(shoppingVisits.status, 'cancelled'),
				visitId ? eq(shoppingVisits.id, visitId) : undefined
			)
		);
}

type AssignedRow = Awaited<ReturnType<typeof assigned>>[number];

function summary(r: AssignedRow, today: string) {
	const stage = stageOf(r.reportStatus ? { status: r.reportStatus } : null, r.windowFrom, today);
	return {
		visitId: r.visitId,
		programmeTitle: r.programmeTitle,
		serviceTitle: r.serviceTitle,
		provider: r.provider,
		contactKind: r.contactKind,
		windowFrom: r.windowFrom,
		windowTo: r.windowTo,
		stage,
		visitedOn: r.visitedOn,
		reviewNote: stage === 'returned' ? (r.reviewNote ?? '') : ''
	};
}
export type MyVisit = ReturnType<typeof summary>;

/** The signed-in person's visits, what needs doing first. */
export async function myVisits(db: Db, user: Actor, now = new Date()): Promise<MyVisit[]> {
	const today = londonToday(now);
	const rows = await assigned(db, user);
	return rows
		.map((r) => summary(r, today))
		.sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) || a.windowFrom.localeCompare(b.windowFrom));
}

/** How many visits need a report from them now (returned or due): for My space. */
export async function visitsNeedingReport(db: Db, user: Actor, now = new Date()): Promise<number> {
	return (await myVisits(db, user, now)).filter((v) => v.stage === 'to_report' || v.stage === 'returned').length;
}

/** A visit they can't take part in now: only why, nothing of the brief. */
export type VisitOnHold = { visitId: string; hold: string };

/**
 * One of their visits: the brief (what, when, with whom, how), the checklist and their report's
 * state. While they are on hold (consent withdrawn, account switched off) only the reason: the
 * scenarios, the adult going and their partner's name stay with those who may go.
 */
export async function visitBrief(db: Db, user: Actor, visitId: string, now = new Date()) {
	const [row] = await assigned(db, user, visitId);
	if (!row) throw new InputError(NOT_ASSIGNED);
	const hold = await shopperHold(db, user.id, now);
	if (hold) return { visitId, hold } satisfies VisitOnHold;
	// The visit's own scenario, or (when the champion left it open) the programme's agreed ones.
	const scenarios = await db
		.select({ title: shoppingScenarios.title, script: shoppingScenarios.script })
		.from(shoppingScenarios)
		.where(row.scenarioId ? eq(shoppingScenarios.id, row.scenarioId) : eq(shoppingScenarios.programmeId, row.programmeId))
		.orderBy(asc(shoppingScenarios.position));
	// The other shopper's first name is fine to show to their partner; nothing else about them.
	const others = await db
		.select({ displayName: users.displayName })
		.from(visitShoppers)
		.innerJoin(users, eq(users.id, visitShoppers.userId))
		.where(and(eq(visitShoppers.visitId, visitId), ne(visitShoppers.userId, user.id)))
		.orderBy(asc(users.displayName));
	const items = await db
		.select({ id: checklistItems.id, theme: checklistItems.theme, question: checklistItems.question, hint: checklistItems.hint })
		.from(checklistItems)
		.where(eq(checklistItems.programmeId, row.programmeId))
		.orderBy(asc(checklistItems.position));
	return {
		...summary(row, londonToday(now)),
		today: londonToday(now),
		supervisor: row.supervisor,
		purpose: row.purpose,
		announced: row.announced,
		announcedFrom: row.announcedFrom,
		announcedTo: row.announcedTo,
		scenarios,
		partners: others.map((o) => o.displayName.trim().split(/\s+/)[0]).filter(Boolean),
		items,
		reportId: row.reportId,
		hold: null,
		scope: reportScope(user.id, visitId)
	};
}
export type VisitBrief = Exclude<Awaited<ReturnType<typeof visitBrief>>, VisitOnHold>;

/** What they sent (to change a report that came back): their own report only. */
export async function ownReportAnswers(db: Db, user: Actor, reportId: string): Promise<ReportPayload | null> {
	const [report] = await db.select().from(shoppingReports).where(and(eq(shoppingReports.id, reportId), eq(shoppingReports.shopperId, user.id)));
	if (!report) return null;
	const ratings = await db.select().from(reportRatings).where(inArray(reportRatings.reportId, [report.id]));
	return {
		visitedOn: report.visitedOn,
		ratings: Object.fromEntries(ratings.map((r) => [r.itemId, { rating: r.rating === null ? NOT_SEEN_VALUE : (r.rating as 1 | 2 | 3 | 4 | 5), comment: r.comment }])),
		wentWell: report.wentWell,
		couldBeBetter: report.couldBeBetter,
		otherComments: report.otherComments
	};
}
