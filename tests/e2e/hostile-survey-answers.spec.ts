import type { APIRequestContext, APIResponse } from '@playwright/test';
import { test, expect, postForm, expect4xx, ORIGIN } from './fixtures';

// Bad input at the survey answering endpoints, JSON and form: every refusal is a 4xx with a plain
// message, and nothing is stored (the same device can still answer afterwards). Each test has its
// own address, so the per-address limit is its own.

const PATH = '/api/surveys/YCLUB7/responses';
const key = () => `hostile-${crypto.randomUUID()}`;

interface Question {
	id: string;
	page: number;
	kind: string;
}

/** The survey's question ids, from the page's own data (the answering page needs them all). */
async function questionsOf(request: APIRequestContext, code: string): Promise<Record<string, Question>> {
	const html = await (await request.get(`/survey/${code}`)).text();
	const found: Record<string, Question> = {};
	for (const m of html.matchAll(/id:"([a-z2-7]{16})",page:(\d+),position:\d+,kind:"(\w+)"/g)) found[m[3]] = { id: m[1], page: Number(m[2]), kind: m[3] };
	expect(Object.keys(found).sort()).toEqual(['long_text', 'multiple_choice', 'ranking', 'rating', 'single_choice', 'yes_no']);
	return found;
}

function postJson(request: APIRequestContext, body: unknown, headers: Record<string, string> = {}, path = PATH): Promise<APIResponse> {
	return request.post(path, {
		data: typeof body === 'string' ? body : JSON.stringify(body),
		headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
		maxRedirects: 0
	});
}

async function expectRefused(response: APIResponse, label: string, status?: number) {
	const text = await response.text();
	expect(response.status(), `${label}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
	expect(response.status(), `${label}: ${text.slice(0, 200)}`).toBeLessThan(500);
	if (status) expect(response.status(), label).toBe(status);
	expect(text, `${label}: no internals`).not.toMatch(/node_modules|\bat \S+ \(|\.svelte-kit\//);
	const body = JSON.parse(text) as { message?: unknown };
	expect(typeof body.message, `${label}: a plain message`).toBe('string');
}

async function stillUnanswered(request: APIRequestContext) {
	const html = await (await request.get('/survey/YCLUB7')).text();
	expect(html).toContain('Page 1 of 4');
	expect(html).not.toContain('already answered');
}

test('the JSON endpoint refuses bad submissions plainly and stores nothing', async ({ playwright }) => {
	const request = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { 'x-forwarded-for': '10.45.2.1' } });
	const q = await questionsOf(request, 'YCLUB7');
	const go = q.yes_no.id;
	const bad: [string, unknown][] = [
		['unknown question', { [go]: 'no', zzzzzzzzzzzzzzzz: 'o1' }],
		['outside the options', { [go]: 'maybe' }],
		['outside the scale', { [go]: 'no', [q.rating.id]: 6 }],
		['rating as text', { [go]: 'no', [q.rating.id]: '3' }],
		['too many choices', { [go]: 'no', [q.multiple_choice.id]: ['o1', 'o2', 'o3'] }],
		['choice not a list', { [go]: 'no', [q.multiple_choice.id]: 'o1' }],
		['ranking repeats', { [go]: 'no', [q.ranking.id]: ['o1', 'o1'] }],
		['ranking too long', { [go]: 'no', [q.ranking.id]: ['o1', 'o2', 'o3'] }],
		['text over 5,000', { [go]: 'no', [q.long_text.id]: 'x'.repeat(5001) }],
		['NUL in text', { [go]: 'no', [q.long_text.id]: 'a\u0000b' }],
		['NUL in a choice', { [go]: 'no\u0000' }],
		['object as answer', { [go]: { $ne: null } }],
		['missing required', {}],
		['answers as a list', ['no']],
		['answers as text', 'no']
	];
	for (const [label, answers] of bad) {
		const response = await postJson(request, { idempotencyKey: key(), answers });
		await expectRefused(response, label, 400);
	}
	const invalid = await postJson(request, { idempotencyKey: key(), answers: { [go]: 'maybe' } });
	expect(((await invalid.json()) as { errors: Record<string, string> }).errors[go]).toBe('Please pick yes, no or not sure.');

	await expectRefused(await postJson(request, `{"idempotencyKey":"${key()}","answers":{"${go}":"no","${q.long_text.id}":"\\ud800"}}`), 'lone surrogate', 400);
	await expectRefused(await postJson(request, '{"idempotencyKey": '), 'malformed JSON', 400);
	await expectRefused(await postJson(request, '[1,2]'), 'JSON list', 400);
	await expectRefused(await postJson(request, 'null'), 'JSON null', 400);
	await expectRefused(await postJson(request, ''), 'empty body', 400);
	for (const idempotencyKey of [undefined, '', 'short', 42, 'x'.repeat(65), 'has spaces in the key!']) {
		await expectRefused(await postJson(request, { idempotencyKey, answers: { [go]: 'no' } }), `key ${String(idempotencyKey).slice(0, 10)}`, 400);
	}
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: { [go]: 'no', [q.long_text.id]: 'x'.repeat(300_000) } }), 'huge body', 413);
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: { [go]: 'no' } }, { 'content-type': 'text/plain' }), 'text/plain', 415);
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: { [go]: 'no' } }, { 'content-type': 'application/x-json-ish' }), 'odd type', 415);
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: { [go]: 'no' } }, { origin: 'https://evil.example' }), 'cross-origin', 403);
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: {} }, {}, '/api/surveys/MHNEED/responses'), 'closed survey', 403);
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: {} }, {}, '/api/surveys/ZZZZZZ/responses'), 'unknown survey', 404);
	await expectRefused(await postJson(request, { idempotencyKey: key(), answers: {} }, {}, '/api/surveys/BREAKS/responses'), 'signed-in survey, signed out', 401);
	await stillUnanswered(request);

	// One good submission; replaying its key, or answering again from this device, stores nothing more.
	const k = key();
	const stored = await postJson(request, { idempotencyKey: k, answers: { [go]: 'no' } });
	expect(stored.status()).toBe(201);
	const replay = await postJson(request, { idempotencyKey: k, answers: { [go]: 'no' } });
	expect(replay.status()).toBe(409);
	expect(await replay.json()).toMatchObject({ code: 'already_received' });
	const again = await postJson(request, { idempotencyKey: key(), answers: { [go]: 'yes' } });
	expect(again.status()).toBe(409);
	expect(await again.json()).toMatchObject({ code: 'already_answered' });
	await request.dispose();
});

test('too many anonymous submissions from one address get 429 with Retry-After', async ({ playwright }) => {
	const request = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { 'x-forwarded-for': '10.45.2.2' } });
	// Every complete, valid submission counts towards the address's limit (100 per 15 minutes by
	// default), whether it is stored or refused as a repeat from the same phone; answers that fail
	// the checks write nothing, so they are not counted.
	const q = await questionsOf(request, 'YCLUB7');
	const answers = { [q.yes_no.id]: 'no' };
	const statuses: number[] = [];
	for (let i = 0; i < 100; i++) statuses.push((await postJson(request, { idempotencyKey: key(), answers })).status());
	expect(statuses[0]).toBe(201);
	expect(statuses.slice(1).every((s) => s === 409)).toBe(true);
	const limited = await postJson(request, { idempotencyKey: key(), answers });
	await expectRefused(limited, '429', 429);
	expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
	// Another address is unaffected.
	const other = await postJson(request, { idempotencyKey: 'short', answers: {} }, { 'x-forwarded-for': '10.45.2.3' });
	expect(other.status()).toBe(400);
	await request.dispose();
});

test('the no-JavaScript form refuses bad answers plainly and stores nothing', async ({ playwright }) => {
	const request = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { 'x-forwarded-for': '10.45.2.4' } });
	const q = await questionsOf(request, 'YCLUB7');
	const go = `q-${q.yes_no.id}`;
	const good = { [go]: 'no', page: '4', key: key() };
	const bad: [string, Record<string, string>][] = [
		['unknown question', { ...good, 'q-zzzzzzzzzzzzzzzz': 'o1' }],
		['outside the options', { ...good, [go]: 'maybe' }],
		['outside the scale', { ...good, [`q-${q.rating.id}`]: '9' }],
		['rating junk', { ...good, [`q-${q.rating.id}`]: 'lots' }],
		['unknown choice', { ...good, [`q-${q.multiple_choice.id}`]: 'o99' }],
		['ranking junk', { ...good, [`q-${q.ranking.id}-o1`]: 'first' }],
		['ranking gap', { ...good, [`q-${q.ranking.id}-o1`]: '2' }],
		['text over 5,000', { ...good, [`q-${q.long_text.id}`]: 'x'.repeat(5001) }],
		['NUL in text', { ...good, [`q-${q.long_text.id}`]: 'a\u0000b' }],
		['missing required', { page: '4', key: key() }],
		['bad key', { ...good, key: 'short' }],
		['no key', { [go]: 'no', page: '4' }]
	];
	for (const [label, fields] of bad) await expect4xx(await postForm(request, '/survey/YCLUB7?/submit', fields), label);
	// Too many choices, as a browser sends them: the same field three times.
	const tooMany = await request.post('/survey/YCLUB7?/next', {
		data: new URLSearchParams([['page', '2'], ['key', key()], [go, 'no'], ...['o1', 'o2', 'o3'].map((o) => [`q-${q.multiple_choice.id}`, o])]).toString(),
		headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		maxRedirects: 0
	});
	await expect4xx(tooMany, 'too many choices');
	expect(await tooMany.text()).toContain('Please pick no more than 2.');
	const file = await request.post('/survey/YCLUB7?/submit', {
		multipart: { page: '4', key: key(), [go]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('no') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
	await expect4xx(file, 'file as an answer');
	for (const page of ['-1', 'abc', '99999999999999999999', '']) {
		expect((await postForm(request, '/survey/YCLUB7?/next', { ...good, page })).status(), `page ${page}`).toBeLessThan(500);
	}
	await expect4xx(await postForm(request, '/survey/YCLUB7?/submit', good, { origin: 'https://evil.example' }), 'cross-origin form');
	await expect4xx(await postForm(request, '/survey/MHNEED?/submit', { page: '1', key: key() }), 'closed survey');
	await expect4xx(await postForm(request, '/survey/ZZZZZZ?/submit', good), 'unknown survey');
	const closed = await postForm(request, '/survey/MHNEED?/submit', { page: '1', key: key() });
	expect(await closed.text()).toContain('This survey has closed');
	await stillUnanswered(request);

	// The same key sent twice (a double tap on "Send") stores one response and shows thanks both times.
	const once = await postForm(request, '/survey/YCLUB7?/submit', good);
	expect(once.status()).toBe(303);
	expect(once.headers().location).toBe('/survey/YCLUB7/thanks');
	const twice = await postForm(request, '/survey/YCLUB7?/submit', good);
	expect(twice.status()).toBe(303);
	const html = await (await request.get('/survey/YCLUB7')).text();
	expect(html).toContain('already answered');
	await request.dispose();
});
