// Codes on the phone's side: a phone still on a code the champion has replaced is sent to the new
// one (answers endpoint 409 code_changed, the page redirects) and isn't counted as guessing, so a
// room behind one address isn't locked out; nobody without the phone's cookie learns the new code.
// /join checks its limit before looking for a live code. New anonymous phones are limited per
// address. The routes are called as SvelteKit calls them, with this file's database.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isActionFailure, isRedirect, type Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';

const holder = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));
vi.mock('../../src/lib/server/db', () => ({ getDb: async () => holder.db }));

import type { Db } from '../../src/lib/server/db/client';
import { throttleKey } from '../../src/lib/server/auth/sign-in';
import { joinActions } from '../../src/lib/server/http/join';
import { joinLive, openSessionByCode, sessionForCode, TooManyJoins, type Joined } from '../../src/lib/server/live/participants';
import { generateLiveCode } from '../../src/lib/server/workshops/live-code';
import { liveParticipants, liveResponses, workshopSessions } from '../../src/lib/server/workshops/schema';
import * as answersRoute from '../../src/routes/api/live/[code]/answers/+server';
import * as phoneRoute from '../../src/routes/live/[code]/+page.server';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { liveCouncil, liveWithActivities, quickSession } from './live-answers-fixture';

let t: TestDatabase;
let db: Db;
let council: Awaited<ReturnType<typeof liveCouncil>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	holder.db = db;
	council = await liveCouncil(db, 'Riverside');
});
afterAll(async () => t?.close());

const ORIGIN = 'http://127.0.0.1:4186';
const liveOf = (s: { id: string }) => ({ id: s.id, status: 'live' as const, showNicknames: false });
const failures = async (kind: string, value: string) => {
	const [row] = await rows<{ failures: number }>(db, `select failures from throttles where key = '${throttleKey(kind, value)}'`);
	return row ? Number(row.failures) : 0;
};
const participantsOf = async (sessionId: string) => (await db.select().from(liveParticipants).where(eq(liveParticipants.sessionId, sessionId))).length;
/** What the control panel's "Make a new code" does to the session row. */
async function newCode(sessionId: string): Promise<string> {
	const code = generateLiveCode();
	await db.update(workshopSessions).set({ code }).where(eq(workshopSessions.id, sessionId));
	return code;
}

/** A request as SvelteKit hands it to a route: its address, the phone's live cookie, headers set. */
function requestEvent(path: string, options: { address: string; tokens?: string[]; method?: string; body?: BodyInit; contentType?: string; params?: Record<string, string> }) {
	const url = new URL(path, ORIGIN);
	const headers: Record<string, string> = { origin: ORIGIN };
	if (options.contentType) headers['content-type'] = options.contentType;
	const jar = new Map<string, string>(options.tokens ? [['live', options.tokens.join('.')]] : []);
	const set: Record<string, string> = {};
	return {
		url,
		params: options.params ?? { code: url.pathname.split('/')[url.pathname.startsWith('/api/') ? 3 : 2] },
		request: new Request(url, { method: options.method ?? 'GET', headers, body: options.body }),
		cookies: { get: (name: string) => jar.get(name), set: (name: string, value: string) => void jar.set(name, value) } as unknown as Cookies,
		locals: { user: null },
		getClientAddress: () => options.address,
		setHeaders: (h: Record<string, string>) => Object.assign(set, h),
		headersSet: set,
		jar
	} as never as Parameters<typeof answersRoute.GET>[0] & { headersSet: Record<string, string>; jar: Map<string, string> };
}

/** What a route returned ({ returned }), or what it threw (a redirect, say). */
async function thrown(result: unknown): Promise<unknown> {
	try {
		return { returned: await result };
	} catch (err) {
		return err;
	}
}

const postAnswer = (code: string, address: string, tokens: string[] | undefined, body: unknown) =>
	answersRoute.POST(requestEvent(`/api/live/${code}/answers`, { address, tokens, method: 'POST', body: JSON.stringify(body), contentType: 'application/json' }));

describe('a phone on a code the champion has replaced', () => {
	it('is told the new code and not counted against its address; others get the usual 404, counted', async () => {
		const made = await liveWithActivities(db, council);
		const phone = await joinLive(db, { session: liveOf(made.session), user: null, token: null });
		const oldCode = made.session.code;
		const code = await newCode(made.session.id);
		const address = '10.61.0.1';

		const post = await postAnswer(oldCode, address, [phone.token], { activityId: made.ids.poll, choices: [] });
		expect(post.status).toBe(409);
		expect(await post.json()).toEqual({ code: 'code_changed', message: 'This session has a new code. Taking you there now…', next: `/live/${code}` });
		const get = await answersRoute.GET(requestEvent(`/api/live/${oldCode}/answers?activityId=${made.ids.poll}`, { address, tokens: [phone.token] }));
		expect(get.status).toBe(409);
		expect(((await get.json()) as { next: string }).next).toBe(`/live/${code}`);
		expect(await failures('live-address', address)).toBe(0);
		// Nothing was stored by the refused post.
		expect(await db.select().from(liveResponses).where(eq(liveResponses.participantId, phone.participant.id))).toEqual([]);

		// Without the phone's cookie (or with a stranger's): the usual answer, counted, no new code in it.
		for (const tokens of [undefined, ['a'.repeat(32)], [`${phone.token}x`]]) {
			const refused = await postAnswer(oldCode, address, tokens, { activityId: made.ids.poll, choices: [] });
			expect(refused.status).toBe(404);
			expect(await refused.text()).not.toContain(code);
		}
		expect(await failures('live-address', address)).toBe(3);
	});

	it('a whole room behind one address keeps answering after the code changes, and moves to the new code', async () => {
		const made = await liveWithActivities(db, council);
		const address = '10.61.0.2';
		const phones: Joined[] = [];
		for (let i = 0; i < 35; i++) phones.push(await joinLive(db, { session: liveOf(made.session), user: null, token: null }));
		const options = (await rows<{ id: string }>(db, `select id from live_options where activity_id = '${made.ids.poll}' order by position`)).map((r) => r.id);
		const code = await newCode(made.session.id);
		for (const phone of phones) {
			// Each phone's answer goes to the old code first (as the page does), then to the new one.
			const old = await postAnswer(made.session.code, address, [phone.token], { activityId: made.ids.poll, choices: [options[0]] });
			expect(old.status).toBe(409);
			const moved = ((await old.json()) as { next: string }).next;
			expect((await postAnswer(moved.slice('/live/'.length), address, [phone.token], { activityId: made.ids.poll, choices: [options[0]] })).status).toBe(201);
		}
		expect(await failures('live-address', address)).toBe(0);
		expect((await postAnswer(code, address, [phones[0].token], { activityId: made.ids.poll, choices: [options[0]] })).status).toBe(201);
	});

	it('goes to the session it is answering when its cookie holds several, else the one joined last', async () => {
		const first = await liveWithActivities(db, council);
		const second = await liveWithActivities(db, council);
		const inFirst = await joinLive(db, { session: liveOf(first.session), user: null, token: null });
		const inSecond = await joinLive(db, { session: liveOf(second.session), user: null, token: [inFirst.token] });
		const tokens = [inSecond.token, inFirst.token];
		const firstCode = await newCode(first.session.id);
		const secondCode = await newCode(second.session.id);
		const lookup = (activityId?: string) => sessionForCode(db, '10.61.0.3', first.session.code, { tokens, activityId });
		expect(await lookup(first.ids.words)).toMatchObject({ state: 'moved', session: { code: firstCode } });
		expect(await lookup(second.ids.words)).toMatchObject({ state: 'moved', session: { code: secondCode } });
		expect(await lookup()).toMatchObject({ state: 'moved', session: { code: secondCode } });
		expect(await lookup('zzzzzzzzzzzzzzzz')).toMatchObject({ state: 'moved', session: { code: secondCode } });
		expect(await failures('live-address', '10.61.0.3')).toBe(0);
	});

	it('is counted per phone instead, so a cookie is no way to try codes without limit', async () => {
		const made = await liveWithActivities(db, council);
		const phone = await joinLive(db, { session: liveOf(made.session), user: null, token: null });
		for (let i = 0; i < 30; i++) expect((await sessionForCode(db, '10.61.0.4', 'ZZZZZ2', { tokens: [phone.token] })).state).toBe('moved');
		expect(await failures('live-phone', phone.participant.id)).toBe(30);
		const stopped = await sessionForCode(db, '10.61.0.4', 'ZZZZZ3', { tokens: [phone.token] });
		expect(stopped.state).toBe('throttled');
		expect(await failures('live-address', '10.61.0.4')).toBe(0);
		// The session's real code still works for it.
		expect((await sessionForCode(db, '10.61.0.4', made.session.code, { tokens: [phone.token] })).state).toBe('found');
	});

	it('the phone page at the old code redirects a phone that was in the session; for anyone else it is closed and counted', async () => {
		const made = await liveWithActivities(db, council);
		const phone = await joinLive(db, { session: liveOf(made.session), user: null, token: null });
		const oldCode = made.session.code;
		const code = await newCode(made.session.id);
		const address = '10.61.0.5';
		const load = (tokens?: string[], search = '') => phoneRoute.load(requestEvent(`/live/${oldCode}${search}`, { address, tokens }) as never);

		const moved = await thrown(load([phone.token], '?sent=1'));
		expect(isRedirect(moved) && [moved.status, moved.location]).toEqual([303, `/live/${code}?sent=1`]);
		expect(await failures('live-address', address)).toBe(0);
		expect(await load()).toMatchObject({ state: 'closed', problem: expect.stringContaining('isn’t open right now') });
		expect(await failures('live-address', address)).toBe(1);
		// Not live any more: closed for the phone too, and no code given away.
		await db.update(workshopSessions).set({ status: 'closed' }).where(eq(workshopSessions.id, made.session.id));
		expect(await openSessionByCode(db, address, oldCode, { tokens: [phone.token] })).toEqual({ state: 'not_open', code: null });
	});
});

describe('/join', () => {
	it('checks the address’s limit before looking for a live session’s code', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const address = '10.62.0.1';
		const check = (code: string) => {
			const form = new FormData();
			form.set('code', code);
			return thrown(joinActions.check!(requestEvent('/join?/check', { address, method: 'POST', body: form, params: {} }) as never));
		};
		// Below the limit a live code goes to the session, uncounted; wrong codes count.
		const sent = await check(s.code.toLowerCase());
		expect(isRedirect(sent) && sent.location).toBe(`/live/${s.code}`);
		for (let i = 0; i < 20; i++) await check('WRONG-CODE');
		expect(await failures('join-address', address)).toBe(20);
		// Throttled: the live code is refused like any other, and says nothing about the session.
		const refused = (await check(s.code)) as { returned: unknown };
		expect(isRedirect(refused)).toBe(false);
		expect(isActionFailure(refused.returned) && refused.returned.status).toBe(429);
		expect(JSON.stringify(refused.returned)).toContain('Too many tries');
		// A planned session's code is still a miss at /join (as before).
		const planned = await quickSession(db, council, { status: 'planned' });
		const other = '10.62.0.2';
		const form = new FormData();
		form.set('code', planned.code);
		await thrown(joinActions.check!(requestEvent('/join?/check', { address: other, method: 'POST', body: form, params: {} }) as never));
		expect(await failures('join-address', other)).toBe(1);
	});
});

describe('new phones per address', () => {
	it('takes 300 new anonymous phones from one address in 15 minutes, then asks the next to wait', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const address = '10.63.0.1';
		const joined: Joined[] = [];
		for (let i = 0; i < 300; i++) joined.push(await joinLive(db, { session: liveOf(s), user: null, token: null, address }));
		expect(await participantsOf(s.id)).toBe(300);
		const before = await allCounts(db);
		const err = await expectInputError(joinLive(db, { session: liveOf(s), user: null, token: null, address }), 'form');
		expect(err).toBeInstanceOf(TooManyJoins);
		expect(err.message).toMatch(/^Lots of phones have joined from this connection, so joining is paused for now\. Please wait \d+ minutes? and try again, or ask the person running the session\.$/);
		expect((err as TooManyJoins).retryAfter).toBeGreaterThan(0);
		expect(await allCounts(db)).toEqual(before);
		// Phones already in come back; signed-in people and other addresses still join.
		expect((await joinLive(db, { session: liveOf(s), user: null, token: joined[7].token, address })).participant.id).toBe(joined[7].participant.id);
		const jay = await quickUser(db, council.organisationId, ['young_person']);
		expect((await joinLive(db, { session: liveOf(s), user: jay, token: null, address })).participant.userId).toBe(jay.id);
		await joinLive(db, { session: liveOf(s), user: null, token: null, address: '10.63.0.2' });
		expect(await participantsOf(s.id)).toBe(302);
	});

	it('the join form says so plainly with 429, and makes nobody', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const address = '10.63.0.3';
		const join = () => {
			const form = new FormData();
			form.set('nickname', '');
			return thrown(phoneRoute.actions.join!(requestEvent(`/live/${s.code}?/join`, { address, method: 'POST', body: form }) as never));
		};
		const first = await join();
		expect(isRedirect(first) && first.location).toBe(`/live/${s.code}`);
		await rows(db, `update throttles set failures = 300, blocked_until = now() + interval '10 minutes' where key = '${throttleKey('live-join', address)}'`);
		const refused = (await join()) as { returned: unknown };
		expect(isActionFailure(refused.returned) && refused.returned.status).toBe(429);
		expect(JSON.stringify(refused.returned)).toContain('joining is paused for now. Please wait 10 minutes');
		expect(await participantsOf(s.id)).toBe(1);
	});
});
