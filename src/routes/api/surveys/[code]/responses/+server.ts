import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/actions';
import { problem, readJsonObject } from '$lib/server/http/json-body';
import { newDeviceToken, readDeviceToken, setDeviceCookie } from '$lib/server/surveys/answering';
import { submitResponse, SUBMIT_MESSAGES, type SubmitOutcome } from '$lib/server/surveys/responses';

// Submissions from the phone's offline queue: JSON { idempotencyKey, answers, scope? }. Every refusal is a
// 4xx with a plain message the phone can show; a retry with the same key is never stored twice.
const MAX_BODY_BYTES = 256 * 1024;

const STATUS: Record<Exclude<SubmitOutcome['outcome'], 'stored'>, number> = {
	already_received: 409,
	already_answered: 409,
	not_found: 404,
	closed: 403,
	not_yet_open: 403,
	sign_in: 401,
	not_for_you: 403,
	no_device: 400,
	bad_key: 400,
	rate_limited: 429,
	invalid: 400,
	other_person: 409,
	changed: 409
};

export const POST: RequestHandler = async (event) => {
	const { url } = event;
	const read = await readJsonObject(event, MAX_BODY_BYTES, {
		crossOrigin: 'Answers can only be sent from this website.',
		notJson: 'Please send the answers as JSON.',
		tooLarge: 'Those answers are too long to send. Please shorten your longer answers.',
		unreadable: 'We couldn’t read those answers. Please try again.'
	});
	if ('refusal' in read) return read.refusal;
	const { idempotencyKey, answers, scope } = read.body;

	const db = await getDb();
	// The page set this cookie; one that went missing is replaced rather than losing the answers.
	const existingToken = readDeviceToken(event.cookies);
	const deviceToken = existingToken ?? newDeviceToken();
	const outcome = await submitResponse(db, {
		survey: { code: event.params.code ?? '' },
		actor: event.locals.user,
		deviceToken,
		address: clientAddress(event),
		idempotencyKey,
		rawAnswers: answers,
		scope
	});
	if (!existingToken && 'survey' in outcome && outcome.survey.anonymous) setDeviceCookie(event.cookies, url, deviceToken);
	if (outcome.outcome === 'stored') return json({ code: 'stored', message: 'Thank you! Your answers have been sent.' }, { status: 201, headers: { 'cache-control': 'no-store' } });
	const status = STATUS[outcome.outcome];
	if (outcome.outcome === 'already_received' || outcome.outcome === 'already_answered') return problem(status, outcome.outcome, SUBMIT_MESSAGES[outcome.outcome]);
	if (outcome.outcome === 'invalid') return problem(status, 'invalid', outcome.message, { errors: outcome.errors });
	if (outcome.outcome === 'rate_limited') return problem(status, 'rate_limited', outcome.message, {}, { 'retry-after': String(outcome.retryAfter) });
	return problem(status, outcome.outcome, 'message' in outcome ? outcome.message : SUBMIT_MESSAGES.invalid);
};
