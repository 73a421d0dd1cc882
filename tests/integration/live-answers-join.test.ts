// Joining a live session: only a live session's code works, other codes get one plain answer and
// wrong guesses are counted per address; a phone is known again by its cookie (only the token's
// hash is kept); a signed-in person is one participant on any device; nicknames only when the
// session shows names, and clean.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';

vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import type { Db } from '../../src/lib/server/db/client';
import { joinLive, liveCookieName, liveTokenHash, openSessionByCode, participantFor, liveSessionCode, checkNickname, checkInOnJoin, readLiveToken, readLiveTokens, setLiveCookies } from '../../src/lib/server/live/participants';
import { liveParticipants } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { liveCouncil, quickSession } from './live-answers-fixture';

let t: TestDatabase;
let db: Db;
let council: Awaited<ReturnType<typeof liveCouncil>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	council = await liveCouncil(db, 'Riverside');
});
afterAll(async () => t?.close());

const liveOf = (s: { id: string }, showNicknames = false) => ({ id: s.id, status: 'live' as const, showNicknames });
const participantsOf = (sessionId: string) => db.select().from(liveParticipants).where(eq(liveParticipants.sessionId, sessionId));
const failures = async (address: string) => {
	const { throttleKey } = await import('../../src/lib/server/auth/sign-in');
	const [row] = await rows<{ failures: number }>(db, `select failures from throttles where key = '${throttleKey('live-address', address)}'`);
	return row ? Number(row.failures) : 0;
};

describe('the code', () => {
	it('opens a live session however it is typed', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		for (const typed of [s.code, s.code.toLowerCase(), ` ${s.code.slice(0, 3)} ${s.code.slice(3)} `, `${s.code.slice(0, 3)}-${s.code.slice(3)}`]) {
			const check = await openSessionByCode(db, '10.1.0.1', typed);
			expect(check.state, typed).toBe('ok');
			expect(check.state === 'ok' && check.session.id).toBe(s.id);
		}
		expect(await liveSessionCode(db, s.code.toLowerCase())).toBe(s.code);
		expect(await failures('10.1.0.1')).toBe(0);
	});

	it('gives one answer for sessions that aren’t live and for unknown codes, counting only the unknown', async () => {
		for (const status of ['planned', 'closed', 'cancelled'] as const) {
			const s = await quickSession(db, council, { status });
			expect(await openSessionByCode(db, '10.1.0.2', s.code)).toEqual({ state: 'not_open', code: s.code });
			expect(await liveSessionCode(db, s.code)).toBeNull();
		}
		expect(await failures('10.1.0.2')).toBe(0);
		for (const typed of ['ZZZZZ2', 'abc', '', 'x'.repeat(5000), 'AAAAAI', 'a\u0000bcdef']) expect((await openSessionByCode(db, '10.1.0.2', typed)).state).toBe('not_open');
		expect(await failures('10.1.0.2')).toBe(6);
	});

	it('stops an address after 30 wrong codes, even for a right one, and not other addresses', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		for (let i = 0; i < 30; i++) await openSessionByCode(db, '10.1.0.3', 'ZZZZZ2');
		const check = await openSessionByCode(db, '10.1.0.3', s.code);
		expect(check.state).toBe('throttled');
		expect(check.state === 'throttled' && check.retryAfter).toBeGreaterThan(0);
		expect((await openSessionByCode(db, '10.1.0.4', s.code)).state).toBe('ok');
	});
});

describe('joining', () => {
	it('makes a participant with only the token’s hash, and knows the phone again', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const first = await joinLive(db, { session: liveOf(s), user: null, token: null, nickname: 'Sam' });
		expect(first.token).toMatch(/^[a-z2-7]{32}$/);
		const [row] = await participantsOf(s.id);
		expect(row.tokenHash).toBe(liveTokenHash(first.token));
		expect(JSON.stringify(row)).not.toContain(first.token);
		// Names are off: the nickname isn't kept.
		expect(row.nickname).toBe('');
		expect(row.userId).toBeNull();
		const again = await joinLive(db, { session: liveOf(s), user: null, token: first.token });
		expect(again).toEqual({ participant: first.participant, token: first.token });
		expect(await participantFor(db, s.id, first.token, null)).toEqual(row);
		expect(await participantsOf(s.id)).toHaveLength(1);
		// Another phone is another participant; a token from another session is nobody here.
		const other = await quickSession(db, council, { status: 'live' });
		expect(await participantFor(db, other.id, first.token, null)).toBeNull();
		const second = await joinLive(db, { session: liveOf(other), user: null, token: first.token });
		expect(second.participant.id).not.toBe(first.participant.id);
		for (const bad of [null, '', 'short', first.token.toUpperCase(), `${first.token}x`]) expect(await participantFor(db, s.id, bad, null)).toBeNull();
	});

	it('remembers the phone in the last few sessions it joined, through one cookie', async () => {
		const jar = new Map<string, { value: string; path?: string }[]>();
		const cookies = {
			get: (name: string) => jar.get(name)?.[0]?.value,
			set: (name: string, value: string, opts: { path?: string }) => jar.set(name, [{ value, path: opts.path }, ...(jar.get(name) ?? []).filter((c) => c.path !== opts.path)])
		} as unknown as import('@sveltejs/kit').Cookies;
		const url = new URL('http://127.0.0.1/live/ABCDEF');
		const sessions = [];
		for (let i = 0; i < 5; i++) {
			const s = await quickSession(db, council, { status: 'live' });
			const joined = await joinLive(db, { session: liveOf(s), user: null, token: readLiveTokens(cookies, url) });
			setLiveCookies(cookies, url, joined.token);
			sessions.push({ s, joined });
		}
		expect(jar.get('live')!.map((c) => c.path).sort()).toEqual(['/api/live', '/live']);
		expect(readLiveTokens(cookies, url)).toHaveLength(4);
		expect(readLiveToken(cookies, url)).toBe(sessions[4].joined.token);
		// The four newest are known again; the oldest has dropped out of the cookie.
		for (const { s, joined } of sessions.slice(1)) expect((await participantFor(db, s.id, readLiveTokens(cookies, url), null))?.id).toBe(joined.participant.id);
		expect(await participantFor(db, sessions[0].s.id, readLiveTokens(cookies, url), null)).toBeNull();
		// Joining an earlier one again is the same participant, and moves it to the front.
		const back = await joinLive(db, { session: liveOf(sessions[2].s), user: null, token: readLiveTokens(cookies, url) });
		expect(back.participant.id).toBe(sessions[2].joined.participant.id);
		setLiveCookies(cookies, url, back.token);
		expect(readLiveToken(cookies, url)).toBe(sessions[2].joined.token);
		expect(new URL('https://x.example/live').protocol === 'https:' && liveCookieName(new URL('https://x.example/live'))).toBe('__Secure-live');
	});

	it('keeps a clean nickname when the session shows names', async () => {
		const s = await quickSession(db, council, { status: 'live', showNicknames: true });
		const joined = await joinLive(db, { session: liveOf(s, true), user: null, token: null, nickname: '  Sam   the  DJ ' });
		expect(joined.participant.nickname).toBe('Sam the DJ');
		const renamed = await joinLive(db, { session: liveOf(s, true), user: null, token: joined.token, nickname: 'Sammy' });
		expect(renamed.participant.nickname).toBe('Sammy');
		expect((await participantsOf(s.id))[0].nickname).toBe('Sammy');
	});

	it('refuses bad nicknames and sessions that aren’t live, making nothing', async () => {
		const s = await quickSession(db, council, { status: 'live', showNicknames: true });
		const before = await allCounts(db);
		const count = (await participantsOf(s.id)).length;
		const bad: [unknown, string][] = [
			['x'.repeat(31), 'A nickname can be at most 30 characters.'],
			['x'.repeat(100_000), 'A nickname can be at most 30 characters.'],
			['Sa\u0000m', 'That has a character in it we can’t accept. Please type it again.'],
			['Sa\udc00m', 'That has a character in it we can’t accept. Please type it again.'],
			['b1tch', 'Please choose different words – this one can’t go on the screen'],
			[{ name: 'Sam' }, 'Please type a nickname, or leave it empty.'],
			[['Sam'], 'Please type a nickname, or leave it empty.']
		];
		for (const [nickname, message] of bad) {
			const err = await expectInputError(joinLive(db, { session: liveOf(s, true), user: null, token: null, nickname }), 'nickname');
			expect(err.message).toBe(message);
		}
		// Refused even when names are off: the filter doesn't depend on the setting.
		await expectInputError(joinLive(db, { session: liveOf(s, false), user: null, token: null, nickname: 'c u n t' }), 'nickname');
		for (const status of ['planned', 'closed', 'cancelled'] as const)
			expect((await expectInputError(joinLive(db, { session: { id: s.id, status, showNicknames: false }, user: null, token: null }))).message).toBe(
				'That code isn’t open right now. Check it with the person running the session, or wait until they start it.'
			);
		expect(await allCounts(db)).toEqual(before);
		expect(await participantsOf(s.id)).toHaveLength(count);
		expect(checkNickname(undefined)).toBe('');
		expect(checkNickname(' 🎧 ')).toBe('🎧');
		expect(checkNickname('😀'.repeat(30))).toBe('😀'.repeat(30));
	});
});

describe('signed in', () => {
	it('is one participant on two phones, each phone with its own fresh token', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const jay = await quickUser(db, council.organisationId, ['young_person']);
		const phone1 = await joinLive(db, { session: liveOf(s), user: jay, token: null });
		const phone2 = await joinLive(db, { session: liveOf(s), user: jay, token: null });
		expect(phone2.participant.id).toBe(phone1.participant.id);
		expect(phone2.token).not.toBe(phone1.token);
		expect(await participantsOf(s.id)).toHaveLength(1);
		// Known by the account on either phone, with or without the cookie.
		expect((await participantFor(db, s.id, phone1.token, jay))?.id).toBe(phone1.participant.id);
		expect((await participantFor(db, s.id, null, jay))?.id).toBe(phone1.participant.id);
	});

	it('never takes over the anonymous participant left in a shared phone’s cookie: signed in, a person is their own', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const mia = await quickUser(db, council.organisationId, ['young_person']);
		// Someone else used this phone without signing in; then Mia signs in on it.
		const anonymous = await joinLive(db, { session: liveOf(s), user: null, token: null });
		expect(await participantFor(db, s.id, anonymous.token, mia)).toBeNull();
		const signedIn = await joinLive(db, { session: liveOf(s), user: mia, token: anonymous.token });
		expect(signedIn.participant.id).not.toBe(anonymous.participant.id);
		expect(signedIn.participant.userId).toBe(mia.id);
		expect(signedIn.token).not.toBe(anonymous.token);
		// Mia, with both tokens in the cookie, is always her own participant; the other person's is untouched.
		expect((await participantFor(db, s.id, [signedIn.token, anonymous.token], mia))?.id).toBe(signedIn.participant.id);
		expect((await participantFor(db, s.id, [anonymous.token], mia))?.id).toBe(signedIn.participant.id);
		const rowsNow = await participantsOf(s.id);
		expect(rowsNow).toHaveLength(2);
		expect(rowsNow.find((r) => r.id === anonymous.participant.id)?.userId).toBeNull();
		// Signed out again, the phone is the anonymous person's once more.
		expect((await participantFor(db, s.id, [signedIn.token, anonymous.token], null))?.id).toBe(anonymous.participant.id);
	});

	it('on a shared phone, one account’s cookie is nobody else’s', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const a = await quickUser(db, council.organisationId, ['young_person']);
		const b = await quickUser(db, council.organisationId, ['parent_carer']);
		const joinedA = await joinLive(db, { session: liveOf(s), user: a, token: null });
		// Signed out: the cookie left behind doesn't answer as them.
		expect(await participantFor(db, s.id, joinedA.token, null)).toBeNull();
		expect(await participantFor(db, s.id, joinedA.token, b)).toBeNull();
		const anonymous = await joinLive(db, { session: liveOf(s), user: null, token: joinedA.token });
		expect(anonymous.participant.id).not.toBe(joinedA.participant.id);
		expect(anonymous.participant.userId).toBeNull();
		const joinedB = await joinLive(db, { session: liveOf(s), user: b, token: joinedA.token });
		expect(new Set([joinedA.participant.id, anonymous.participant.id, joinedB.participant.id]).size).toBe(3);
	});

	it('checks a young person in when they join; staff and other councils’ people join without it', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const { sessionRegistrations } = await import('../../src/lib/server/workshops/schema');
		const registrations = () => db.select().from(sessionRegistrations).where(eq(sessionRegistrations.sessionId, s.id));
		const jay = await quickUser(db, council.organisationId, ['young_person'], { birthMonth: birthMonthYearsAgo(17) });
		expect(await checkInOnJoin(db, { ...jay, roles: ['young_person'] }, s.code)).toBe(true);
		expect((await registrations()).map((r) => [r.userId, r.attendedAt instanceof Date])).toEqual([[jay.id, true]]);
		expect(await checkInOnJoin(db, { ...jay, roles: ['young_person'] }, s.code)).toBe(false);
		expect(await checkInOnJoin(db, { ...council.champion, roles: ['champion'] }, s.code)).toBe(false);
		expect(await checkInOnJoin(db, null, s.code)).toBe(false);
		const outsider = await liveCouncil(db, 'Elsewhere');
		const stranger = await quickUser(db, outsider.organisationId, ['young_person'], { birthMonth: birthMonthYearsAgo(17) });
		expect(await checkInOnJoin(db, { ...stranger, roles: ['young_person'] }, s.code)).toBe(false);
		expect(await registrations()).toHaveLength(1);
	});

	it.runIf(!!process.env.TEST_DATABASE_URL)('joining on several phones at the same moment still makes one participant (Postgres)', async () => {
		const s = await quickSession(db, council, { status: 'live' });
		const leo = await quickUser(db, council.organisationId, ['young_person']);
		const joins = await Promise.all(Array.from({ length: 8 }, () => joinLive(db, { session: liveOf(s), user: leo, token: null })));
		expect(new Set(joins.map((j) => j.participant.id)).size).toBe(1);
		expect(await participantsOf(s.id)).toHaveLength(1);
	});
});
