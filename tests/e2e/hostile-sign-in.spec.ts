import { randomBytes } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { test, expect, postForm, ORIGIN } from './fixtures';

// Malformed, oversized and wrongly typed input at sign-in and joining. Every answer is a 4xx
// (or a 303 where redirecting is right), never a 5xx, and pages that render say what's wrong
// in plain words. Sign-in attempts use throwaway usernames so no real account gets throttled.
// The join checks send only five wrong codes: /join counts wrong codes per address (20 per 15 min).

const throwaway = () => `hostile-${randomBytes(6).toString('hex')}`;

const STACK_TRACE = /\bat\s+\S+\s+\(.*:\d+:\d+\)|node_modules|\.svelte-kit\/|file:\/\//;

async function expectClientError(response: APIResponse, label: string, options: { allow303?: boolean; statuses?: number[] } = {}) {
	const status = response.status();
	const body = await response.text();
	if (options.statuses) {
		expect(options.statuses, `${label}: got ${status}: ${body.slice(0, 300)}`).toContain(status);
	} else if (!(options.allow303 && status === 303)) {
		expect(status, `${label}: expected a 4xx, got ${status}: ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
		expect(status, `${label}: expected a 4xx, got ${status}: ${body.slice(0, 300)}`).toBeLessThan(500);
	}
	expect(body, `${label}: no internals in the answer`).not.toMatch(STACK_TRACE);
	return body;
}

/** A raw POST with any body and content type, Origin set as a browser would. */
function rawPost(request: APIRequestContext, path: string, body: string | Buffer, contentType: string, origin: string | null = ORIGIN) {
	const headers: Record<string, string> = { 'content-type': contentType, accept: 'text/html' };
	if (origin) headers.origin = origin;
	return request.post(path, { data: body, headers, maxRedirects: 0 });
}

test.describe('hostile input at /sign-in', () => {
	test('empty fields get field messages', async ({ request }) => {
		const body = await expectClientError(await postForm(request, '/sign-in', { username: '', password: '' }), 'empty fields', {
			statuses: [400]
		});
		expect(body).toContain('Please enter your username.');
		expect(body).toContain('Please enter a password.');
	});

	test('missing fields altogether are treated as empty', async ({ request }) => {
		const body = await expectClientError(await postForm(request, '/sign-in', {}), 'no fields', { statuses: [400] });
		expect(body).toContain('Please enter your username.');
	});

	test('a 10,000-character username is refused politely', async ({ request }) => {
		const body = await expectClientError(
			await postForm(request, '/sign-in', { username: 'u'.repeat(10_000), password: 'whatever-it-is' }),
			'long username',
			{ statuses: [400] }
		);
		expect(body).toContain('That username is too long.');
		// The 10,000 characters are not echoed back in full.
		expect(body).not.toContain('u'.repeat(2001));
	});

	test('a very long password is refused, not hashed', async ({ request }) => {
		const body = await expectClientError(
			await postForm(request, '/sign-in', { username: throwaway(), password: 'p'.repeat(5_000) }),
			'long password',
			{ statuses: [400] }
		);
		expect(body).toContain('That password is too long.');
	});

	test('a 2 MB body is refused as too large', async ({ request }) => {
		const big = `username=${throwaway()}&password=${'x'.repeat(2 * 1024 * 1024)}`;
		const response = await rawPost(request, '/sign-in', big, 'application/x-www-form-urlencoded');
		await expectClientError(response, '2 MB body', { statuses: [400, 413] });
	});

	test('a file in the username field is refused', async ({ request }) => {
		const response = await request.post('/sign-in', {
			multipart: {
				username: { name: 'username.txt', mimeType: 'text/plain', buffer: Buffer.from('jay') },
				password: 'not-a-real-password'
			},
			headers: { origin: ORIGIN, accept: 'text/html' },
			maxRedirects: 0
		});
		const body = await expectClientError(response, 'file as username', { statuses: [400] });
		expect(body).toContain('Please type this in rather than attaching a file.');
	});

	test('JSON sent as a form is just an empty form', async ({ request }) => {
		const json = JSON.stringify({ username: 'jay', password: 'paper-boat-summer' });
		const response = await rawPost(request, '/sign-in', json, 'application/x-www-form-urlencoded');
		const body = await expectClientError(response, 'JSON with form content type', { statuses: [400] });
		expect(body).toContain('Please enter your username.');
		expect(response.headers()['set-cookie'] ?? '').not.toMatch(/session=/);
	});

	test('JSON with a JSON content type is refused', async ({ request }) => {
		const json = JSON.stringify({ username: 'jay', password: 'paper-boat-summer' });
		const response = await rawPost(request, '/sign-in', json, 'application/json');
		await expectClientError(response, 'application/json');
		expect(response.headers()['set-cookie'] ?? '').not.toMatch(/session=/);
	});

	test('text/plain is refused', async ({ request }) => {
		const response = await rawPost(request, '/sign-in', `username=${throwaway()}\npassword=x`, 'text/plain');
		await expectClientError(response, 'text/plain');
	});

	test('a malformed multipart body is refused', async ({ request }) => {
		const response = await rawPost(request, '/sign-in', '--nope\r\ngarbage\r\n', 'multipart/form-data; boundary=something-else');
		await expectClientError(response, 'broken multipart');
	});

	test('a POST without an Origin header is refused by the cross-site check', async ({ request }) => {
		const response = await postForm(request, '/sign-in', { username: throwaway(), password: 'whatever-it-is' }, { origin: null });
		await expectClientError(response, 'missing Origin', { statuses: [403] });
	});

	test('a POST from another site is refused by the cross-site check', async ({ request }) => {
		const response = await postForm(request, '/sign-in', { username: throwaway(), password: 'whatever-it-is' }, { origin: 'https://evil.example' });
		await expectClientError(response, 'foreign Origin', { statuses: [403] });
	});

	test('odd characters in the username are just a failed sign-in', async ({ request }) => {
		const oddities = [
			`${throwaway()}\u0000nul`,
			`${throwaway()}' OR '1'='1`,
			`${throwaway()}<script>alert(1)</script>`,
			`${throwaway()}\u202e\u200b😀`,
			`  ${throwaway()}\t\r\n`
		];
		// Every oddity is tried (soft assertions) so one run reports all that fail.
		for (const username of oddities) {
			const label = `username ${JSON.stringify(username)}`;
			const response = await postForm(request, '/sign-in', { username, password: 'whatever-it-is' });
			const body = await response.text();
			expect.soft(response.status(), `${label}: got ${response.status()}`).toBe(400);
			expect.soft(body, label).toMatch(/don’t match|Please enter|can’t|not allowed|Use only/);
			expect.soft(body, label).not.toContain('<script>alert(1)</script>');
			expect.soft(body, label).not.toMatch(STACK_TRACE);
		}
	});

	test('bytes that are not UTF-8 are just a failed sign-in', async ({ request }) => {
		const response = await rawPost(request, '/sign-in', `username=%FF%FE${throwaway()}&password=%C0%AF`, 'application/x-www-form-urlencoded');
		await expectClientError(response, 'invalid UTF-8', { statuses: [400] });
	});

	test('repeated fields do not confuse the form', async ({ request }) => {
		const name = throwaway();
		const response = await rawPost(request, '/sign-in', `username=${name}&username=jay&password=a&password=b`, 'application/x-www-form-urlencoded');
		await expectClientError(response, 'repeated fields', { statuses: [400] });
	});

	test('an unknown action name is refused', async ({ request }) => {
		const response = await postForm(request, '/sign-in?/nope', { username: throwaway(), password: 'x' });
		await expectClientError(response, 'unknown action');
	});
});

test.describe('hostile input at /join', () => {
	test('?/check: empty, too long and wrong codes get plain messages', async ({ request }) => {
		let body = await expectClientError(await postForm(request, '/join?/check', { code: '' }), 'empty code', { statuses: [400] });
		expect(body).toContain('Please type the code you were given.');

		body = await expectClientError(await postForm(request, '/join?/check', {}), 'missing code', { statuses: [400] });
		expect(body).toContain('Please type the code you were given.');

		body = await expectClientError(await postForm(request, '/join?/check', { code: 'Z'.repeat(10_000) }), '10,000-char code', {
			statuses: [400]
		});
		expect(body).toContain('That code is too long.');

		body = await expectClientError(await postForm(request, '/join?/check', { code: 'ZZZZZ-ZZZZZ' }), 'wrong code', {
			statuses: [400, 429]
		});
		expect(body).toMatch(/That code didn’t work|Too many tries/);
	});

	test('?/check: files, NUL bytes and wrong content types are refused', async ({ request }) => {
		const file = await request.post('/join?/check', {
			multipart: { code: { name: 'code.txt', mimeType: 'text/plain', buffer: Buffer.from('ABCDE-FGHJK') } },
			headers: { origin: ORIGIN, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(await expectClientError(file, 'file as code', { statuses: [400] })).toContain('Please type this in rather than attaching a file.');

		// Not a possible code (wrong characters), so it never reaches the database or the throttle.
		await expectClientError(await postForm(request, '/join?/check', { code: '\u0000\u0000\u0000' }), 'NUL code', { statuses: [400, 429] });

		await expectClientError(await rawPost(request, '/join?/check', 'code=ABCDE-FGHJK', 'text/plain'), 'text/plain');
		await expectClientError(await rawPost(request, '/join?/check', '{"code":"ABCDE-FGHJK"}', 'application/json'), 'JSON');
		await expectClientError(await rawPost(request, '/join?/check', `code=${'Z'.repeat(2 * 1024 * 1024)}`, 'application/x-www-form-urlencoded'), '2 MB', {
			statuses: [400, 413]
		});
		await expectClientError(await postForm(request, '/join?/check', { code: 'ABCDE-FGHJK' }, { origin: null }), 'missing Origin', { statuses: [403] });
	});

	test('?/join: missing details and a code that does not exist are refused', async ({ request }) => {
		let body = await expectClientError(await postForm(request, '/join?/join', {}), 'empty join', { statuses: [400] });
		expect(body).toContain('Please type the code you were given.');

		body = await expectClientError(
			await postForm(request, '/join?/join', { code: 'ABCDE-FGHJK', displayName: 'x'.repeat(10_000), username: '../../etc/passwd', password: 'short' }),
			'bad details',
			{ statuses: [400] }
		);
		expect(body).not.toContain('x'.repeat(2001));

		body = await expectClientError(
			await postForm(request, '/join?/join', {
				code: 'ABCDE-FGHJK',
				displayName: 'Sam',
				username: throwaway(),
				password: 'a-long-enough-and-unusual-passphrase'
			}),
			'unknown code',
			{ statuses: [400] }
		);
		expect(body).toContain('That code didn’t work');

		const file = await request.post('/join?/join', {
			multipart: {
				code: 'ABCDE-FGHJK',
				displayName: { name: 'name.txt', mimeType: 'text/plain', buffer: Buffer.from('Sam') },
				username: throwaway(),
				password: 'a-long-enough-and-unusual-passphrase'
			},
			headers: { origin: ORIGIN, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(await expectClientError(file, 'file as display name', { statuses: [400] })).toContain('Please type this in rather than attaching a file.');
	});

	test('?/reset: missing fields and a code that does not exist are refused', async ({ request }) => {
		let body = await expectClientError(await postForm(request, '/join?/reset', {}), 'empty reset', { statuses: [400] });
		expect(body).toContain('Please type the code you were given.');

		body = await expectClientError(
			await postForm(request, '/join?/reset', { code: 'ABCDE-FGHJK', password: 'a-long-enough-and-unusual-passphrase' }),
			'unknown reset code',
			{ statuses: [400] }
		);
		expect(body).toContain('That code didn’t work');

		await expectClientError(await postForm(request, '/join?/reset', { code: 'ABCDE-FGHJK', password: 'p'.repeat(5_000) }), 'long password', {
			statuses: [400]
		});
	});

	test('the code page and its actions refuse nonsense without errors', async ({ request }) => {
		// A wrong code in a link: a friendly page, not an error.
		const wrong = await request.get('/join/ZZZZZ-ZZZZZ', { maxRedirects: 0 });
		expect([200, 429], `GET /join/ZZZZZ-ZZZZZ: ${wrong.status()}`).toContain(wrong.status());
		expect(await wrong.text()).toMatch(/That code didn’t work|Too many tries/);

		// Impossible codes (each counts as a wrong guess, so only two).
		for (const code of ['%00%F0%9F%98%80', 'x'.repeat(5_000)]) {
			const response = await request.get(`/join/${code}`, { maxRedirects: 0 });
			expect([200, 400, 404, 414, 429], `GET /join/${code.slice(0, 40)}: ${response.status()}`).toContain(response.status());
			expect(await response.text()).not.toMatch(STACK_TRACE);
		}

		await expectClientError(await postForm(request, '/join/ABCDE-FGHJK?/join', {}), 'empty join on code page', { statuses: [400] });
		await expectClientError(await postForm(request, '/join/ABCDE-FGHJK?/nope', {}), 'unknown action');
		// /join has only named actions, so a plain POST is a client error.
		await expectClientError(await postForm(request, '/join', { code: 'ABCDE-FGHJK' }), 'POST without an action name');
	});
});
