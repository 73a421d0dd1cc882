import { error, fail, redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { ownReportAnswers, visitBrief } from '$lib/server/mystery-shopping/my-visits';
import { reportFromForm } from '$lib/server/mystery-shopping/report-input';
import { submitReport, REPORT_MESSAGES } from '$lib/server/mystery-shopping/reports';
import { formValuesOf } from '$lib/monitoring/visit-report';
import type { Actions, PageServerLoad } from './$types';

// The report for one of their own visits: a phone form that works offline (the offline queue
// posts to /api/visits/<id>/report) and, without JavaScript, as a plain form post to `send`.
export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const visitId = idParam(event.params.visitId);
	const db = await getDb();
	const brief = await found(async () => visitBrief(db, user, visitId));
	event.setHeaders({ 'cache-control': 'no-store' });
	// On hold (consent withdrawn, account switched off): only the reason, nothing of the visit.
	if (brief.hold !== null) return { hold: brief.hold, visitId, visit: null, items: [], previous: null, scope: '', idempotencyKey: '' };
	// A report that came back for a change starts from what they sent.
	const previous = brief.stage === 'returned' && brief.reportId ? await ownReportAnswers(db, user, brief.reportId) : null;
	return {
		hold: null,
		visitId,
		visit: {
			id: brief.visitId,
			serviceTitle: brief.serviceTitle,
			windowFrom: brief.windowFrom,
			windowTo: brief.windowTo,
			stage: brief.stage,
			reviewNote: brief.reviewNote,
			today: brief.today
		},
		items: brief.items.map((i) => ({ id: i.id, question: i.question, hint: i.hint })),
		previous: previous ? formValuesOf(previous) : null,
		scope: brief.scope,
		idempotencyKey: crypto.randomUUID()
	};
};

const STATUS: Record<string, number> = { not_found: 404, cancelled: 403, not_allowed: 403, not_for_you: 403, already_sent: 409, other_person: 409, bad_key: 400, invalid: 400 };

export const actions: Actions = {
	send: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		const visitId = idParam(event.params.visitId ?? '');
		const db = await getDb();
		const brief = await found(async () => visitBrief(db, user, visitId));
		if (brief.hold !== null) return fail(403, { errors: {}, values: {}, message: brief.hold });
		const form = await readForm(event.request);
		const itemIds = brief.items.map((i) => i.id);
		const report = reportFromForm(itemIds, form);
		const outcome = await submitReport(db, { actor: user, visitId, idempotencyKey: form.get('key'), report });
		if (outcome.outcome === 'stored' || outcome.outcome === 'already_received') redirect(303, `/visits/${visitId}?sent=1`);
		if (outcome.outcome === 'sign_in') error(401, REPORT_MESSAGES.sign_in);
		const values: Record<string, string> = {};
		for (const [name, value] of form) if (typeof value === 'string' && name !== 'key' && value.length <= 4000) values[name] = value.replace(/\u0000/g, '');
		const message = outcome.outcome === 'already_sent' ? REPORT_MESSAGES.already_sent : 'message' in outcome ? outcome.message : null;
		return fail(STATUS[outcome.outcome] ?? 400, { errors: outcome.outcome === 'invalid' ? outcome.errors : {}, values, message });
	}
};
