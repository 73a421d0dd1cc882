import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { getDb, type Db } from '$lib/server/db';
import type { LiveParticipant } from '$lib/server/workshops/schema';
import { clientAddress } from '$lib/server/http/actions';
import { problem, readJsonObject } from '$lib/server/http/json-body';
import { ANSWER_MESSAGES, myAnswer, submitAnswer, type AnswerOutcome } from '$lib/server/live/answers';
import { NOT_OPEN, participantFor, readLiveTokens, sessionForCode, throttledMessage } from '$lib/server/live/participants';

// A phone's answer to the activity on its screen: JSON { activityId, choices?, dots?, rating?,
// entries? } from the live page. Same origin, JSON only, small. The phone must have joined this
// session (its cookie, or its account). Every refusal is a 4xx with a plain message to show. A
// phone still on a code the champion has replaced gets 409 code_changed with `next`, the session's
// page at its new code (only a phone whose cookie was in that session; nobody else learns it).
const MAX_BODY_BYTES = 16 * 1024;
const NOT_JOINED = 'Please join the session first: open its page and tap “Join”.';
const CODE_CHANGED = 'This session has a new code. Taking you there now…';

const STATUS: Record<Exclude<AnswerOutcome['outcome'], 'stored'>, number> = {
	invalid: 400,
	not_found: 404,
	closed: 409,
	already_answered: 409
};

/** The session by its code and this phone's participant in it, or the refusal. */
async function whoIsAnswering(event: RequestEvent, activityId: unknown): Promise<{ refusal: Response } | { db: Db; participant: LiveParticipant }> {
	const db = await getDb();
	const tokens = readLiveTokens(event.cookies, event.url);
	const found = await sessionForCode(db, clientAddress(event), event.params.code ?? '', { tokens, activityId });
	if (found.state === 'throttled') return { refusal: problem(429, 'throttled', throttledMessage(found.retryAfter), {}, { 'retry-after': String(found.retryAfter) }) };
	if (found.state === 'unknown') return { refusal: problem(404, 'not_found', NOT_OPEN) };
	// The champion made a new code: this phone (its cookie says it was in the session) goes there.
	if (found.state === 'moved') return { refusal: problem(409, 'code_changed', CODE_CHANGED, { next: `/live/${found.session.code}` }) };
	const participant = await participantFor(db, found.session.id, tokens, event.locals.user);
	if (!participant) return { refusal: problem(401, 'not_joined', NOT_JOINED) };
	return { db, participant };
}

export const POST: RequestHandler = async (event) => {
	const read = await readJsonObject(event, MAX_BODY_BYTES, {
		crossOrigin: 'Answers can only be sent from this website.',
		notJson: 'Please send the answer as JSON.',
		tooLarge: 'That answer is too long to send. Please shorten it.',
		unreadable: 'We couldn’t read that answer. Please try again.'
	});
	if ('refusal' in read) return read.refusal;
	const who = await whoIsAnswering(event, read.body.activityId);
	if ('refusal' in who) return who.refusal;
	const { activityId, choices, dots, rating, entries } = read.body;
	const outcome = await submitAnswer(who.db, who.participant, activityId, { choices, dots, rating, entries });
	if (outcome.outcome === 'stored')
		return json({ ok: true, changed: outcome.changed, message: ANSWER_MESSAGES.stored }, { status: 201, headers: { 'cache-control': 'no-store' } });
	return problem(STATUS[outcome.outcome], outcome.outcome, outcome.message, outcome.outcome === 'invalid' ? { field: outcome.field } : {});
};

/** What this phone answered to an activity (the page asks when the champion moves to one). */
export const GET: RequestHandler = async (event) => {
	const activityId = event.url.searchParams.get('activityId') ?? '';
	const who = await whoIsAnswering(event, activityId);
	if ('refusal' in who) return who.refusal;
	if (!/^[a-z2-7]{16}$/.test(activityId)) return problem(404, 'not_found', ANSWER_MESSAGES.not_found);
	return json({ answer: await myAnswer(who.db, who.participant.id, activityId) }, { headers: { 'cache-control': 'no-store' } });
};
