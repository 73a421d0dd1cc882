// Checking a visit report on the server: the shared rules (src/lib/monitoring/visit-report.ts)
// applied to this visit's checklist, window and today's date, plus the phone's key and scope.
import { londonToday } from '../../dates';
import { createHash } from 'node:crypto';
import { checkReport, REPORT_TEXT_FIELDS, REPORT_TEXT_MAX, reportFromForm, type ReportErrors, type ReportPayload } from '../../monitoring/visit-report';
import { MAX_CHECKLIST_ITEMS } from './checklist';

export { checkReport, reportFromForm };
export type { ReportErrors, ReportPayload };

/** The phone's idempotency key: a UUID or similar, never anything a person typed. */
export const REPORT_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The largest report body the phone's queue may send (bytes): a comment on every question of the
 * longest checklist plus the three answers, each at REPORT_TEXT_MAX characters. A character (a
 * UTF-16 unit, as the limit counts them) is at most 3 bytes of UTF-8, or 2 when JSON escapes it
 * (a quote, a backslash, a new line); 4 leaves room, and 16 kB covers the keys, ids and envelope.
 * Only control characters JSON writes as \u00XX could go past it, and no keyboard types those.
 * About 352 kB: under adapter-node's 512 kB BODY_SIZE_LIMIT, so our plain message is the one seen.
 */
export const REPORT_BODY_MAX_BYTES = (MAX_CHECKLIST_ITEMS + REPORT_TEXT_FIELDS.length) * REPORT_TEXT_MAX * 4 + 16 * 1024;

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
