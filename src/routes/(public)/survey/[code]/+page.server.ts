import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { clientAddress, readForm } from '$lib/server/http/actions';
import { readStep, stepResult } from '$lib/server/surveys/answer-form';
import { answerState, ensureDeviceToken, participantSurvey, resultsHref } from '$lib/server/surveys/answering';
import { answeringScope, loadSurveyByCode, submitResponse, SUBMIT_MESSAGES } from '$lib/server/surveys/responses';
import { availability, normaliseSurveyCode } from '$lib/server/surveys/surveys';
import type { Direction } from '$lib/surveys/paging';
import type { Actions, PageServerLoad } from './$types';

// Public: anonymous surveys need no account; signed-in ones send people to sign in and back.
async function launched(code: string) {
	const loaded = await loadSurveyByCode(await getDb(), code);
	if (!loaded || loaded.survey.status === 'draft') error(404, 'We couldn’t find that survey.');
	return loaded;
}

/** A fresh key for this visit's submission, so a double-tapped "Send" stores it once. */
function newKey(): string {
	return crypto.randomUUID();
}

export const load: PageServerLoad = async (event) => {
	const code = normaliseSurveyCode(event.params.code.slice(0, 20));
	if (code && code !== event.params.code) redirect(308, `/survey/${code}`);
	const loaded = await launched(event.params.code);
	event.setHeaders({ 'cache-control': 'no-store' });
	const open = availability(loaded.survey);
	const deviceToken = loaded.survey.anonymous && open === 'open' ? ensureDeviceToken(event.cookies, event.url) : null;
	const state = await answerState(await getDb(), loaded, open === 'draft' ? 'closed' : open, event.locals.user, deviceToken);
	if (state === 'sign_in') redirect(303, `/sign-in?next=${encodeURIComponent(`/survey/${loaded.survey.code}`)}`);
	const survey = participantSurvey(loaded);
	return {
		state,
		survey: state === 'open' ? survey : { ...survey, questions: [] },
		resultsHref: resultsHref(loaded.survey),
		opensOn: loaded.survey.opensAt?.toISOString().slice(0, 10) ?? null,
		idempotencyKey: newKey(),
		// Keeps this person's drafts and queued answers apart from anyone else's on a shared phone.
		scope: answeringScope(loaded.survey, event.locals.user?.id ?? null)
	};
};

async function step(event: RequestEvent, direction: Direction) {
	const loaded = await launched(event.params.code ?? '');
	const form = await readForm(event.request);
	const posted = readStep(loaded.questions, form, direction);
	if (direction !== 'submit' || !posted.complete) {
		const open = availability(loaded.survey);
		return stepResult(posted, open === 'open' ? null : SUBMIT_MESSAGES[open === 'draft' ? 'not_found' : open]);
	}
	// Sending: submitResponse checks everything, a retry of answers already received first.
	const outcome = await submitResponse(await getDb(), {
		survey: loaded,
		actor: event.locals.user,
		deviceToken: loaded.survey.anonymous ? ensureDeviceToken(event.cookies, event.url) : null,
		address: clientAddress(event),
		idempotencyKey: posted.key,
		rawAnswers: posted.complete
	});
	const here = `/survey/${loaded.survey.code}`;
	if (outcome.outcome === 'stored' || outcome.outcome === 'already_received') redirect(303, `${here}/thanks`);
	if (outcome.outcome === 'sign_in') redirect(303, `/sign-in?next=${encodeURIComponent(here)}`);
	if (outcome.outcome === 'rate_limited') event.setHeaders({ 'retry-after': String(outcome.retryAfter) });
	const errors = outcome.outcome === 'invalid' ? outcome.errors : {};
	const message = outcome.outcome === 'already_answered' ? SUBMIT_MESSAGES.already_answered : 'message' in outcome ? outcome.message : null;
	return stepResult({ ...posted, errors, complete: null }, message);
}

export const actions: Actions = {
	next: (event) => step(event, 'next'),
	back: (event) => step(event, 'back'),
	submit: (event) => step(event, 'submit')
};
