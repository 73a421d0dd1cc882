import type { APIRequestContext, APIResponse } from '@playwright/test';
import postgres from 'postgres';
import { test, expect, postForm, DEMO, ORIGIN, BASE_URL } from './fixtures';
import { e2eDatabaseUrl, isoDay, newId, setUpVisits, type VisitSetup } from './visit-setup';
import { MAX_CHECKLIST_ITEMS } from '../../src/lib/server/mystery-shopping/checklist';
import { REPORT_BODY_MAX_BYTES } from '../../src/lib/server/mystery-shopping/report-input';
import { REPORT_TEXT_MAX } from '../../src/lib/monitoring/visit-report';

// Bad input at the visit report endpoint: every refusal is a 4xx with a plain message and nothing
// is stored. Then the good report is stored once: the same key again is "already received", a new
// key is "already sent".

const key = () => `hostile-${crypto.randomUUID()}`;

async function signedIn(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, who: 'jay' | 'champion' | 'mia', address: string) {
	const request = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'x-forwarded-for': address } });
	const response = await postForm(request, '/sign-in', { username: DEMO[who].username, password: DEMO[who].password });
	expect(response.status(), `signing in as ${who}`).toBe(303);
	return request;
}

function postJson(request: APIRequestContext, path: string, body: unknown, headers: Record<string, string> = {}): Promise<APIResponse> {
	return request.post(path, {
		data: typeof body === 'string' ? body : JSON.stringify(body),
		headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
		maxRedirects: 0
	});
}

async function expectRefused(response: APIResponse, label: string, status?: number, code?: string) {
	const text = await response.text();
	expect(response.status(), `${label}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
	expect(response.status(), `${label}: ${text.slice(0, 200)}`).toBeLessThan(500);
	if (status) expect(response.status(), label).toBe(status);
	expect(text, `${label}: no internals`).not.toMatch(/node_modules|\bat \S+ \(|\.svelte-kit\//);
	const body = JSON.parse(text) as { message?: unknown; code?: unknown };
	expect(typeof body.message, `${label}: a plain message`).toBe('string');
	if (code) expect(body.code, label).toBe(code);
	return body;
}

test('the report endpoint refuses bad and misplaced reports plainly, then stores a good one exactly once', async ({ playwright }) => {
	test.setTimeout(90_000);
	const url = e2eDatabaseUrl();
	test.skip(!url, 'sets up its visit in the run’s Postgres database');
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	const jay = await signedIn(playwright, 'jay', '10.46.1.1');
	const champion = await signedIn(playwright, 'champion', '10.46.1.2');
	const anonymous = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'x-forwarded-for': '10.46.1.3' } });
	try {
		const s: VisitSetup = await setUpVisits(sql);
		const path = `/api/visits/${s.visitId}/report`;
		const good = (over: Record<string, unknown> = {}) => ({
			visitedOn: isoDay(-1),
			ratings: Object.fromEntries(s.itemIds.map((id, i) => [id, { rating: i === 0 ? 'not_seen' : 4, comment: '' }])),
			wentWell: 'Friendly.',
			couldBeBetter: '',
			otherComments: '',
			...over
		});
		const withRating = (rating: unknown) => good({ ratings: { ...good().ratings, [s.itemIds[1]]: { rating, comment: '' } } });
		const stored = () => sql`select id from shopping_reports where visit_id in (${s.visitId}, ${s.othersVisitId}, ${s.cancelledVisitId})`;

		// The envelope: origin, type, size, JSON.
		await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers: good() }, { origin: 'https://evil.example' }), 'cross-origin', 403);
		await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers: good() }, { 'content-type': 'text/plain' }), 'text/plain', 415);
		await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers: good({ otherComments: 'x'.repeat(REPORT_BODY_MAX_BYTES) }) }), 'huge body', 413, 'too_large');
		await expectRefused(await postJson(jay, path, '{"idempotencyKey": '), 'malformed JSON', 400);
		await expectRefused(await postJson(jay, path, '[1,2]'), 'JSON list', 400);

		// Who and which visit.
		await expectRefused(await postJson(anonymous, path, { idempotencyKey: key(), answers: good() }), 'signed out', 401, 'sign_in');
		await expectRefused(await postJson(champion, path, { idempotencyKey: key(), answers: good() }), 'staff', 403, 'not_for_you');
		await expectRefused(await postJson(jay, `/api/visits/${s.othersVisitId}/report`, { idempotencyKey: key(), answers: good() }), 'not his visit', 404, 'not_found');
		await expectRefused(await postJson(jay, `/api/visits/${s.cancelledVisitId}/report`, { idempotencyKey: key(), answers: good() }), 'cancelled visit', 403, 'cancelled');
		await expectRefused(await postJson(jay, '/api/visits/zzzzzzzzzzzzzzzz/report', { idempotencyKey: key(), answers: good() }), 'unknown visit', 404, 'not_found');
		await expectRefused(await postJson(jay, '/api/visits/NOT-AN-ID/report', { idempotencyKey: key(), answers: good() }), 'odd id', 404);
		await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers: good(), scope: 'someone-else-0001' }), 'another person’s scope', 409, 'other_person');
		await expectRefused(await postJson(jay, path, { idempotencyKey: 'short', answers: good() }), 'bad key', 400, 'bad_key');

		// The report itself.
		const bad: [string, unknown][] = [
			['rating 0', withRating(0)],
			['rating 6', withRating(6)],
			['rating "abc"', withRating('abc')],
			['no rating', withRating(null)],
			['unknown item', good({ ratings: { ...good().ratings, zzzzzzzzzzzzzzzz: { rating: 3, comment: '' } } })],
			['comment too long', good({ ratings: { ...good().ratings, [s.itemIds[0]]: { rating: 3, comment: 'x'.repeat(2001) } } })],
			['NUL', good({ wentWell: 'a\u0000b' })],
			['future day', good({ visitedOn: isoDay(2) })],
			['before the window', good({ visitedOn: isoDay(-8) })],
			['a photo', good({ photo: 'data:image/png;base64,AAAA' })],
			['report as text', 'hello']
		];
		for (const [label, answers] of bad) await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers }), label, 400, 'invalid');
		const body = (await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers: withRating(6) }), 'rating 6 message', 400)) as { errors?: Record<string, string> };
		expect(body.errors?.[`rating-${s.itemIds[1]}`]).toBe('Please pick a number from 1 to 5, or “I didn’t see this”.');
		expect(await stored()).toHaveLength(0);

		// Exactly once.
		const k = key();
		const first = await postJson(jay, path, { idempotencyKey: k, answers: good() });
		expect(first.status(), await first.text()).toBe(201);
		await expectRefused(await postJson(jay, path, { idempotencyKey: k, answers: good() }), 'same key', 409, 'already_received');
		const again = await expectRefused(await postJson(jay, path, { idempotencyKey: key(), answers: good() }), 'new key', 409, 'already_sent');
		expect(again.message).toBe('You’ve already sent your report for this visit.');
		expect(await stored()).toHaveLength(1);
	} finally {
		await Promise.all([jay.dispose(), champion.dispose(), anonymous.dispose()]);
		await sql.end();
	}
});

test('the longest report the rules accept is taken; a body bigger than that is refused with 413', async ({ playwright }) => {
	test.setTimeout(90_000);
	const url = e2eDatabaseUrl();
	test.skip(!url, 'sets up its visit in the run’s Postgres database');
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	const jay = await signedIn(playwright, 'jay', '10.46.1.4');
	try {
		const s = await setUpVisits(sql);
		// The longest checklist a programme can have.
		for (let position = s.itemIds.length; position < MAX_CHECKLIST_ITEMS; position++) {
			const id = newId();
			await sql`insert into checklist_items (id, programme_id, position, theme, question, hint) values (${id}, ${s.programmeId}, ${position}, 'welcome', ${`Question ${position + 1}?`}, '')`;
			s.itemIds.push(id);
		}
		// Every answer at its longest, in characters that take 3 bytes each (the most real text takes).
		const longest = '中'.repeat(REPORT_TEXT_MAX);
		const answers = {
			visitedOn: isoDay(-1),
			ratings: Object.fromEntries(s.itemIds.map((id) => [id, { rating: 3, comment: longest }])),
			wentWell: longest,
			couldBeBetter: longest,
			otherComments: longest
		};
		const body = JSON.stringify({ idempotencyKey: key(), answers });
		expect(Buffer.byteLength(body)).toBeGreaterThan(250_000);
		expect(Buffer.byteLength(body)).toBeLessThanOrEqual(REPORT_BODY_MAX_BYTES);
		const path = `/api/visits/${s.visitId}/report`;

		const tooBig = JSON.stringify({ idempotencyKey: key(), answers: { ...answers, otherComments: 'x'.repeat(REPORT_BODY_MAX_BYTES + 1 - Buffer.byteLength(body) + Buffer.byteLength(longest)) } });
		expect(Buffer.byteLength(tooBig)).toBe(REPORT_BODY_MAX_BYTES + 1);
		await expectRefused(await postJson(jay, path, tooBig), 'one byte over', 413, 'too_large');

		const response = await postJson(jay, path, body);
		expect(response.status(), (await response.text()).slice(0, 300)).toBe(201);
		const [report] = await sql`select id, length(other_comments) as n from shopping_reports where visit_id = ${s.visitId}`;
		expect(Number(report.n)).toBe(REPORT_TEXT_MAX);
		const [ratings] = await sql`select count(*)::int as n from report_ratings where report_id = ${report.id}`;
		expect(ratings.n).toBe(MAX_CHECKLIST_ITEMS);
	} finally {
		await jay.dispose();
		await sql.end();
	}
});

test('a shopper on hold (no consent on record) sees only why, and the page carries nothing of the brief', async ({ playwright }) => {
	test.setTimeout(90_000);
	const url = e2eDatabaseUrl();
	test.skip(!url, 'sets up its visit in the run’s Postgres database');
	const sql = postgres(url!, { max: 1, onnotice: () => {} });
	const request = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'x-forwarded-for': '10.46.1.5' } });
	try {
		const s = await setUpVisits(sql);
		// Leo (13, no consent) put on jay and mia's visit straight in the database, as if his consent was withdrawn since.
		const [leo] = await sql`select id from users where username = 'leo'`;
		const [champion] = await sql`select id from users where username = 'champion'`;
		await sql`insert into visit_shoppers (visit_id, user_id, assigned_by) values (${s.visitId}, ${leo.id}, ${champion.id})`;
		expect((await postForm(request, '/sign-in', { username: DEMO.leo.username, password: DEMO.leo.password })).status()).toBe(303);
		const secrets = [/Sam \(youth worker\)/, /Ask at reception/, /Jay/, /Mia/, /How were you welcomed/, new RegExp(s.service)];
		for (const path of [`/visits/${s.visitId}`, `/visits/${s.visitId}/__data.json`, `/visits/${s.visitId}/report`, `/visits/${s.visitId}/report/__data.json`]) {
			const response = await request.get(path, { maxRedirects: 0 });
			expect(response.status(), path).toBe(200);
			const text = await response.text();
			expect(text, path).toContain('consent on record');
			for (const secret of secrets) expect(text, `${path} must not carry ${secret}`).not.toMatch(secret);
		}
		const sent = await postForm(request, `/visits/${s.visitId}/report?/send`, { key: key(), visitedOn: isoDay(-1) });
		expect(sent.status()).toBe(403);
		expect(await sql`select id from shopping_reports where visit_id = ${s.visitId}`).toHaveLength(0);
	} finally {
		await request.dispose();
		await sql.end();
	}
});
