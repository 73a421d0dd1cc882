import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { problem, readJsonObject } from '$lib/server/http/json-body';
import { REPORT_BODY_MAX_BYTES } from '$lib/server/mystery-shopping/report-input';
import { submitReport, REPORT_MESSAGES, type ReportOutcome } from '$lib/server/mystery-shopping/reports';

// Visit reports from the phone's offline queue: JSON { idempotencyKey, answers, scope }, where
// answers is the report. Mirrors the survey responses endpoint: every refusal a 4xx with a plain
// message; a retry with the same key is never stored twice (409 already_received, which the phone
// treats as sent); 401 keeps it queued until the person signs in again. The size cap fits the
// longest report the rules accept (REPORT_BODY_MAX_BYTES), so a valid queued report is never a 413.

const STATUS: Record<Exclude<ReportOutcome['outcome'], 'stored'>, number> = {
	already_received: 409,
	already_sent: 409,
	sign_in: 401,
	not_for_you: 403,
	not_found: 404,
	cancelled: 403,
	not_allowed: 403,
	other_person: 409,
	bad_key: 400,
	invalid: 400
};

export const POST: RequestHandler = async (event) => {
	const read = await readJsonObject(event, REPORT_BODY_MAX_BYTES, {
		crossOrigin: 'Reports can only be sent from this website.',
		notJson: 'Please send the report as JSON.',
		tooLarge: 'That report is too long to send. Please shorten your longer answers.',
		unreadable: 'We couldn’t read that report. Please try again.'
	});
	if ('refusal' in read) return read.refusal;
	const { idempotencyKey, answers, scope } = read.body;
	const visitId = event.params.visitId ?? '';
	if (!/^[a-z2-7]{16}$/.test(visitId)) return problem(404, 'not_found', REPORT_MESSAGES.not_found);

	const outcome = await submitReport(await getDb(), { actor: event.locals.user, visitId, idempotencyKey, scope, report: answers });
	if (outcome.outcome === 'stored') return json({ code: 'stored', message: REPORT_MESSAGES.stored }, { status: 201, headers: { 'cache-control': 'no-store' } });
	const status = STATUS[outcome.outcome];
	if (outcome.outcome === 'already_received' || outcome.outcome === 'already_sent') return problem(status, outcome.outcome, REPORT_MESSAGES[outcome.outcome]);
	if (outcome.outcome === 'invalid') return problem(status, 'invalid', outcome.message, { errors: outcome.errors });
	return problem(status, outcome.outcome, 'message' in outcome ? outcome.message : REPORT_MESSAGES.invalid);
};
