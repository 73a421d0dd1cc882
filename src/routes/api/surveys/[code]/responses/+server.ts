import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { clientAddress } from '$lib/server/http/actions';
import { newDeviceToken, readDeviceToken, setDeviceCookie } from '$lib/server/surveys/answering';
import { submitResponse, SUBMIT_MESSAGES, type SubmitOutcome } from '$lib/server/surveys/responses';

// Submissions from the phone's offline queue: JSON { idempotencyKey, answers, scope? }. Every refusal is a
// 4xx with a plain message the phone can show; a retry with the same key is never stored twice.
const MAX_BODY_BYTES = 256 * 1024;

const problem = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
	json({ code, message, ...extra }, { status, headers: { 'cache-control': 'no-store', ...headers } });

/** The body as text, refusing (null) anything over the cap without reading it all into memory. */
async function readCapped(request: Request): Promise<string | null | 'unreadable'> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return null;
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > MAX_BODY_BYTES) {
				await reader.cancel().catch(() => {});
				return null;
			}
			chunks.push(value);
		}
		return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
	} catch (err) {
		// adapter-node errors the stream when BODY_SIZE_LIMIT is passed.
		return err instanceof Error && /limit|too large/i.test(err.message) ? null : 'unreadable';
	}
}

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
	const { request, url } = event;
	// SvelteKit's CSRF check covers form posts only; a JSON post must come from our own pages too.
	if (request.headers.get('origin') !== url.origin) return problem(403, 'forbidden', 'Answers can only be sent from this website.');
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json') return problem(415, 'unsupported', 'Please send the answers as JSON.');
	const text = await readCapped(request);
	// The rest of the body is never read, so the connection can't be reused for another request.
	if (text === null) return problem(413, 'too_large', 'Those answers are too long to send. Please shorten your longer answers.', {}, { connection: 'close' });
	if (text === 'unreadable') return problem(400, 'unreadable', 'We couldn’t read those answers. Please try again.');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return problem(400, 'unreadable', 'We couldn’t read those answers. Please try again.');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'unreadable', 'We couldn’t read those answers. Please try again.');
	const { idempotencyKey, answers, scope } = body as Record<string, unknown>;

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
