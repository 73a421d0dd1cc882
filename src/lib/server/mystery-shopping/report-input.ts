// Checking a visit report on the server: the shared rules (src/lib/monitoring/visit-report.ts)
// applied to this visit's checklist, window and today's date, plus the phone's key and scope.
import { createHash } from 'node:crypto';
import { checkReport, reportFromForm, type ReportErrors, type ReportPayload } from '../../monitoring/visit-report';

export { checkReport, reportFromForm };
export type { ReportErrors, ReportPayload };

/** The phone's idempotency key: a UUID or similar, never anything a person typed. */
export const REPORT_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Today's date in England (visits happen there), YYYY-MM-DD. */
export function londonToday(now: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Whose report this is on a shared phone, without saying who: drafts and queued reports are kept
 * per person and visit, and the server refuses a report queued by someone else.
 */
export function reportScope(userId: string, visitId: string): string {
	return createHash('sha256').update(`visit-report:${userId}:${visitId}`).digest('hex').slice(0, 16);
}

export function checkVisitReport(itemIds: readonly string[], visit: { windowFrom: string; windowTo: string }, raw: unknown, now: Date) {
	return checkReport({ itemIds, windowFrom: visit.windowFrom, windowTo: visit.windowTo, today: londonToday(now) }, raw);
}
