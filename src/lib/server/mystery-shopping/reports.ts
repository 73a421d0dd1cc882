// Taking a shopper's report on a visit, exactly once: from the phone's offline queue (JSON) or a
// page posted without JavaScript. Every rule is checked in order; the unique (visit, shopper) index
// decides between two sends racing with different keys, never a read-then-write. A retry with a
// key already stored is "already received" whatever changed since, so the phone never thinks a
// report it sent was lost. A report the champion returned may be sent again and replaces the first.
// The rules are checked and the report stored in one transaction holding the programme's row
// FOR SHARE, so the checklist, the visit, its shoppers and its window can't change in between.
import { and, asc, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { can } from '../auth/policy';
import type { Role } from '../auth/schema';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { shopperHold } from './my-visits';
import { checkVisitReport, REPORT_KEY_PATTERN, reportScope, type ReportErrors, type ReportPayload } from './report-input';
import { checklistItems, reportRatings, shoppingProgrammes, shoppingReports, shoppingVisits, visitShoppers } from './schema';
import { NOT_SEEN_VALUE } from '../../monitoring/visit-report';

export const REPORT_MESSAGES = {
	stored: 'Thank you! Your report has been sent.',
	already_received: 'We already have this report. Thank you!',
	already_sent: 'You’ve already sent your report for this visit.',
	sign_in: 'Please sign in to send your report.',
	not_for_you: 'Reports are sent by the young people and parents who go on visits, so this account can’t send one.',
	not_found: 'We couldn’t find that visit in your visits, so nothing was sent.',
	cancelled: 'This visit was cancelled, so it doesn’t need a report.',
	other_person: 'This report was saved on this phone by someone else, so we didn’t send it.',
	bad_key: 'We couldn’t match up this report. Please open the visit again and send it.',
	invalid: 'Some answers need changing before your report can be sent.'
} as const;

type Refusal = 'sign_in' | 'not_for_you' | 'not_found' | 'cancelled' | 'not_allowed' | 'other_person' | 'bad_key';

export type ReportOutcome =
	| { outcome: 'stored'; reportId: string; resent: boolean }
	| { outcome: 'already_received' | 'already_sent'; reportId: string }
	| { outcome: Refusal; message: string }
	| { outcome: 'invalid'; message: string; errors: ReportErrors };

export interface ReportSubmission {
	/** The signed-in person (null when signed out: the phone keeps the report and tries later). */
	actor: { id: string; organisationId: string; roles: readonly Role[] } | null;
	visitId: string;
	/** From the phone (or the page's hidden field): the same key is stored once. */
	idempotencyKey: unknown;
	/** From the phone's queue: whose report this is (reportScope); absent from form posts. */
	scope?: unknown;
	/** The report as sent: { visitedOn, ratings: { [itemId]: { rating: 1-5 | 'not_seen', comment } }, wentWell, couldBeBetter, otherComments }. */
	report: unknown;
	now?: Date;
}

const refuse = (outcome: Exclude<Refusal, 'not_allowed'>) => ({ outcome, message: REPORT_MESSAGES[outcome] }) as const;

async function assignedVisit(db: Db, actor: { id: string; organisationId: string }, visitId: string) {
	const [row] = await db
		.select({ id: shoppingVisits.id, status: shoppingVisits.status, windowFrom: shoppingVisits.windowFrom, windowTo: shoppingVisits.windowTo, programmeId: shoppingVisits.programmeId })
		.from(visitShoppers)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, visitShoppers.visitId))
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.where(and(eq(visitShoppers.visitId, visitId), eq(visitShoppers.userId, actor.id), eq(shoppingProgrammes.organisationId, actor.organisationId)));
	return row ?? null;
}

export async function submitReport(db: Db, submission: ReportSubmission): Promise<ReportOutcome> {
	const now = submission.now ?? new Date();
	const { actor, visitId } = submission;
	if (!actor) return refuse('sign_in');
	if (!can(actor, 'participant:home')) return refuse('not_for_you');
	// Only to learn which programme to lock: everything is read again under the lock.
	const found = await assignedVisit(db, actor, visitId);
	if (!found) return refuse('not_found');
	const key = typeof submission.idempotencyKey === 'string' && REPORT_KEY_PATTERN.test(submission.idempotencyKey) ? submission.idempotencyKey : null;

	return db.transaction(async (tx) => {
		// Lock order programme → visit → report, as every change to a programme, its checklist or its
		// visits takes (FOR UPDATE there). FOR SHARE here, so reports never wait for each other, but a
		// checklist change, a cancel, a shopper taken off or a window moved either finishes first (and
		// this report is checked against what it left) or waits and then sees this report.
		const [programme] = await tx
			.select({ id: shoppingProgrammes.id })
			.from(shoppingProgrammes)
			.where(and(eq(shoppingProgrammes.id, found.programmeId), eq(shoppingProgrammes.organisationId, actor.organisationId)))
			.for('share');
		const visit = programme ? await assignedVisit(tx, actor, visitId) : null;
		if (!visit) return refuse('not_found');

		const [existing] = await tx
			.select({ id: shoppingReports.id, key: shoppingReports.idempotencyKey, status: shoppingReports.status })
			.from(shoppingReports)
			.where(and(eq(shoppingReports.visitId, visitId), eq(shoppingReports.shopperId, actor.id)));
		if (existing && key && existing.key === key) return { outcome: 'already_received', reportId: existing.id } as const;

		if (visit.status === 'cancelled') return refuse('cancelled');
		if (submission.scope !== undefined && submission.scope !== reportScope(actor.id, visitId)) return refuse('other_person');
		const hold = await shopperHold(tx, actor.id, now);
		if (hold) return { outcome: 'not_allowed', message: hold } as const;
		if (!key) return refuse('bad_key');
		if (existing && existing.status !== 'returned') return { outcome: 'already_sent', reportId: existing.id } as const;

		const items = await tx.select({ id: checklistItems.id }).from(checklistItems).where(eq(checklistItems.programmeId, visit.programmeId)).orderBy(asc(checklistItems.position));
		const { report, errors } = checkVisitReport(
			items.map((i) => i.id),
			visit,
			submission.report,
			now
		);
		if (!report) return { outcome: 'invalid', message: errors.form ?? REPORT_MESSAGES.invalid, errors } as const;
		return store(tx, { id: actor.id, organisationId: actor.organisationId }, visitId, key, report, now);
	});
}

function ratingRows(reportId: string, report: ReportPayload) {
	return Object.entries(report.ratings).map(([itemId, r]) => ({ reportId, itemId, rating: r.rating === NOT_SEEN_VALUE ? null : r.rating, comment: r.comment }));
}

/** Inside submitReport's transaction, under the programme's lock, once every rule has passed. */
async function store(tx: Db, actor: { id: string; organisationId: string }, visitId: string, key: string, report: ReportPayload, now: Date): Promise<ReportOutcome> {
	const words = { visitedOn: report.visitedOn, wentWell: report.wentWell, couldBeBetter: report.couldBeBetter, otherComments: report.otherComments };
	const id = newId();
	const inserted = await tx
		.insert(shoppingReports)
		.values({ id, visitId, shopperId: actor.id, idempotencyKey: key, ...words, status: 'submitted', submittedAt: now, createdAt: now, updatedAt: now })
		.onConflictDoNothing({ target: [shoppingReports.visitId, shoppingReports.shopperId] })
		.returning({ id: shoppingReports.id });
	if (inserted.length) {
		const rows = ratingRows(id, report);
		if (rows.length) await tx.insert(reportRatings).values(rows);
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'shopping_report.submitted', targetType: 'shopping_report', targetId: id, detail: { visitId } });
		return { outcome: 'stored', reportId: id, resent: false } as const;
	}
	// Another send got there first (or this is a resend): decide under the row's lock.
	const [row] = await tx
		.select({ id: shoppingReports.id, key: shoppingReports.idempotencyKey, status: shoppingReports.status })
		.from(shoppingReports)
		.where(and(eq(shoppingReports.visitId, visitId), eq(shoppingReports.shopperId, actor.id)))
		.for('update');
	if (row.key === key) return { outcome: 'already_received', reportId: row.id } as const;
	if (row.status !== 'returned') return { outcome: 'already_sent', reportId: row.id } as const;
	// The champion's note stays with the report, so they can see what they asked for.
	const updated = await tx
		.update(shoppingReports)
		.set({ idempotencyKey: key, ...words, status: 'submitted', submittedAt: now, reviewedAt: null, reviewedBy: null, updatedAt: now })
		.where(and(eq(shoppingReports.id, row.id), eq(shoppingReports.status, 'returned'), ne(shoppingReports.idempotencyKey, key)))
		.returning({ id: shoppingReports.id });
	if (updated.length !== 1) return { outcome: 'already_sent', reportId: row.id } as const;
	await tx.delete(reportRatings).where(eq(reportRatings.reportId, row.id));
	const rows = ratingRows(row.id, report);
	if (rows.length) await tx.insert(reportRatings).values(rows);
	await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'shopping_report.resent', targetType: 'shopping_report', targetId: row.id, detail: { visitId } });
	return { outcome: 'stored', reportId: row.id, resent: true } as const;
}
