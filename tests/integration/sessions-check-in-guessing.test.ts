// Checking in with a code from a session's page can't be used to find codes: wrong ones count per
// address (the same count as /live's) and per account, then every code is refused for a while;
// another session's code that can't be used now says only what an unknown one says.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { openSessionByCode } from '../../src/lib/server/live/participants';
import { CODE_UNKNOWN } from '../../src/lib/server/workshops/attendance';
import { checkInWithCode } from '../../src/lib/server/workshops/check-in';
import { closeSession } from '../../src/lib/server/workshops/closing';
import { registerForSession } from '../../src/lib/server/workshops/registrations';
import { sessionRegistrations, workshopSessions } from '../../src/lib/server/workshops/schema';
import { moveSession } from '../../src/lib/server/workshops/sessions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectInputError, quickUser } from '../helpers/fixtures-integration';
import { NOW, quickSession, snapshot, sessionWorld, type SessionWorld } from './sessions-fixture';

let t: TestDatabase;
let db: Db;
let w: SessionWorld;
const codeOf = async (id: string) => (await db.select().from(workshopSessions).where(eq(workshopSessions.id, id)))[0].code;
const today = (overrides = {}) => quickSession(db, w, { startsAt: '2026-03-15T18:00', endsAt: '2026-03-15T20:00', ...overrides });
const attended = async (sessionId: string, userId: string) =>
	!!(await db.select().from(sessionRegistrations).where(and(eq(sessionRegistrations.sessionId, sessionId), eq(sessionRegistrations.userId, userId))))[0]?.attendedAt;
/** A six-character code nobody has (the alphabet has no 1). */
const wrong = (i: number) => `ZZZZ${'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[i % 32]}${'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(i / 32) % 32]}`;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	w = await sessionWorld(db);
});
afterAll(async () => t?.close());

/** A parent with an account of their own, so each test's counts are its own. */
const person = () => quickUser(db, w.orgA, ['parent_carer']);

/** Refused with `message` on 'code', nothing but the throttle counts changed. */
async function refusedCode(run: () => Promise<unknown>, message: string | RegExp) {
	const before = await snapshot(db);
	const err = await expectInputError(run(), 'code');
	expect(err.message).toMatch(message);
	const after = await snapshot(db);
	expect({ ...after.counts, throttles: 0 }).toEqual({ ...before.counts, throttles: 0 });
	expect(after.registrations).toEqual(before.registrations);
}

describe('guessing codes on a session’s page', () => {
	it('an account that keeps guessing is refused every code for a while, from any address, the right one too', async () => {
		const page = await today({ invite: 'open' });
		const target = await today({ invite: 'open' });
		// Malformed codes count too.
		for (let i = 0; i < 10; i++) await refusedCode(() => checkInWithCode(db, w.jay, `10.1.0.${i}`, i === 5 ? 'K7\u0000M2X' : wrong(i), page, NOW), /couldn’t find|doesn’t look like/);
		const right = await codeOf(target);
		const refused = await checkInWithCode(db, w.jay, '10.1.1.1', right, page, NOW);
		expect(refused).toMatchObject({ state: 'throttled' });
		expect(await attended(target, w.jay.id)).toBe(false);
		// Someone else at one of those addresses isn't held up by Jay's guesses.
		expect(await checkInWithCode(db, w.priya, '10.1.0.1', right, page, NOW)).toEqual({ state: 'done', sessionId: target, checkedIn: true });
		// After the window, Jay may try again.
		const later = new Date(NOW.getTime() + 16 * 60_000);
		expect(await checkInWithCode(db, w.jay, '10.1.1.1', right, page, later)).toEqual({ state: 'done', sessionId: target, checkedIn: true });
	});

	it('an address that keeps guessing (whoever is signed in) is refused, and shares its count with /live', async () => {
		// Now, as /live counts in real time; the session being checked in to is live.
		const page = await today({ invite: 'open' });
		const target = await today({ invite: 'open' });
		await moveSession(db, w.champion, target, 'start', NOW);
		const address = '10.2.0.1';
		const people = [await person(), await person(), await person()];
		for (let i = 0; i < 27; i++) await refusedCode(() => checkInWithCode(db, people[i % 3], address, i % 9 === 0 ? 'not a code' : wrong(i), page), /couldn’t find|doesn’t look like/);
		// Three wrong codes at /live from the same address make 30.
		for (let i = 0; i < 3; i++) expect((await openSessionByCode(db, address, wrong(40 + i))).state).toBe('not_open');
		const newcomer = await person();
		expect(await checkInWithCode(db, newcomer, address, await codeOf(target), page)).toMatchObject({ state: 'throttled' });
		expect(await attended(target, newcomer.id)).toBe(false);
		// And /live refuses that address too.
		expect(await openSessionByCode(db, address, await codeOf(target))).toMatchObject({ state: 'throttled' });
	});

	it('the right code is never counted', async () => {
		const page = await today({ invite: 'open' });
		await registerForSession(db, w.mia, page, NOW);
		for (let i = 0; i < 12; i++) expect((await checkInWithCode(db, w.mia, '10.3.0.1', await codeOf(page), page, NOW)).state).toBe('done');
		expect(await checkInWithCode(db, w.mia, '10.3.0.1', await codeOf(page), page, NOW)).toEqual({ state: 'done', sessionId: page, checkedIn: false });
	});

	it('another session’s cancelled, finished or not-yet code says what an unknown code says (and counts); the session’s own page says why', async () => {
		const page = await today();
		const cancelled = await today();
		await moveSession(db, w.champion, cancelled, 'cancel', NOW);
		const closed = await today();
		await closeSession(db, w.champion, closed, { summary: 'Done.', outputs: '', walkIns: '0' }, NOW);
		const later = await quickSession(db, w, { startsAt: '2026-03-20T18:00', endsAt: '2026-03-20T20:00' });
		const finished = await quickSession(db, w, { startsAt: '2026-03-10T18:00', endsAt: '2026-03-10T20:00' });
		const guesser = await person();
		let n = 0;
		for (const other of [cancelled, closed, later, finished]) {
			const code = await codeOf(other);
			await refusedCode(() => checkInWithCode(db, guesser, `10.4.0.${n++}`, code, page, NOW), new RegExp(`^${CODE_UNKNOWN}$`));
		}
		// Four wrong codes counted: six more and they wait.
		for (let i = 0; i < 6; i++) await refusedCode(() => checkInWithCode(db, guesser, '10.4.1.1', wrong(i), page, NOW), CODE_UNKNOWN);
		expect(await checkInWithCode(db, guesser, '10.4.1.2', await codeOf(page), page, NOW)).toMatchObject({ state: 'throttled' });
		// On their own pages, the reasons (and they aren't guesses).
		const own: [string, RegExp][] = [
			[cancelled, /was cancelled/],
			[closed, /has finished/],
			[later, /hasn’t started yet/],
			[finished, /has finished/]
		];
		for (const [id, message] of own) {
			const code = await codeOf(id);
			await refusedCode(() => checkInWithCode(db, w.mia, '10.4.2.2', code, id, NOW), message);
		}
	});
});
