// Signing up, cancelling, checking in by code, ticks and walk-ins: open to every participant at once
// (no consent needed, as for surveys), capacity, other organisations, wrong and stale codes. Refusals change nothing.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { checkInByCode, countWalkIns, markAttendance } from '../../src/lib/server/workshops/attendance';
import { mySession, mySessions } from '../../src/lib/server/workshops/my-sessions';
import { cancelRegistration, registerForSession } from '../../src/lib/server/workshops/registrations';
import { sessionRegistrations, workshopSessions } from '../../src/lib/server/workshops/schema';
import { createSession, moveSession, newSessionCode } from '../../src/lib/server/workshops/sessions';
import { closeSession } from '../../src/lib/server/workshops/closing';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor } from '../helpers/fixtures-integration';
import { NOW, form, quickSession, refused, sessionWorld, type SessionWorld } from './sessions-fixture';

let t: TestDatabase;
let db: Db;
let w: SessionWorld;
const codeOf = async (id: string) => (await db.select().from(workshopSessions).where(eq(workshopSessions.id, id)))[0].code;
const registration = async (sessionId: string, userId: string) =>
	(await db.select().from(sessionRegistrations).where(and(eq(sessionRegistrations.sessionId, sessionId), eq(sessionRegistrations.userId, userId))))[0] ?? null;
/** A session today (15 March 2026), 18:00-20:00 in London. */
const today = (overrides = {}) => quickSession(db, w, { startsAt: '2026-03-15T18:00', endsAt: '2026-03-15T20:00', ...overrides });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	w = await sessionWorld(db);
});
afterAll(async () => t?.close());

describe('signing up', () => {
	it('young people over the consent age, with consent, and parents sign up; again changes nothing; audited with ids', async () => {
		const id = await quickSession(db, w);
		for (const p of [w.jay, w.mia, w.priya]) expect(await registerForSession(db, p, id, NOW)).toMatchObject({ created: true });
		expect(await registerForSession(db, w.jay, id, NOW)).toMatchObject({ created: false });
		const audits = (await auditFor(db, 'session_registration.created')).filter((a) => a.targetId === id);
		expect(audits).toHaveLength(3);
		expect(JSON.stringify(audits)).not.toMatch(/Jay|Mia|Priya/);
	});

	it('young people under the consent age sign up without waiting for consent (workshops, like surveys, are open at once)', async () => {
		const id = await quickSession(db, w);
		expect(await registerForSession(db, w.leo, id, NOW)).toMatchObject({ created: true });
		expect((await mySession(db, w.leo, id, NOW)).hold).toBeNull();
		expect((await mySessions(db, w.leo, NOW)).hold).toBeNull();
		await cancelRegistration(db, w.leo, id, NOW);
	});

	it('refuses staff, switched-off accounts and other organisations, plainly', async () => {
		const id = await quickSession(db, w);
		await refused(db, () => registerForSession(db, w.champion, id, NOW), /for young people and parents/);
		await refused(db, () => registerForSession(db, w.outsider, id, NOW), /does not exist/);
		await db.update(users).set({ disabledAt: NOW }).where(eq(users.id, w.priya.id));
		try {
			await refused(db, () => registerForSession(db, w.priya, id, NOW), /switched off/);
		} finally {
			await db.update(users).set({ disabledAt: null }).where(eq(users.id, w.priya.id));
		}
	});

	it('a full session takes nobody else; cancelling frees the place', async () => {
		const id = await quickSession(db, w, { capacity: '1' });
		await registerForSession(db, w.jay, id, NOW);
		await refused(db, () => registerForSession(db, w.priya, id, NOW), /this session is full/);
		expect((await mySession(db, w.priya, id, NOW))).toMatchObject({ full: true, placesLeft: 0, signedUp: false });
		await cancelRegistration(db, w.jay, id, NOW);
		expect(await registration(id, w.jay.id)).toBeNull();
		expect((await auditFor(db, 'session_registration.cancelled')).some((a) => a.targetId === id)).toBe(true);
		await registerForSession(db, w.priya, id, NOW);
		await refused(db, () => cancelRegistration(db, w.jay, id, NOW), /not signed up/);
	});

	it('not for cancelled, closed or finished sessions; cancelling refused after checking in', async () => {
		const cancelled = await quickSession(db, w);
		await moveSession(db, w.champion, cancelled, 'cancel', NOW);
		await refused(db, () => registerForSession(db, w.jay, cancelled, NOW), /was cancelled/);
		const finished = await quickSession(db, w, { startsAt: '2026-03-10T18:00', endsAt: '2026-03-10T20:00' });
		await refused(db, () => registerForSession(db, w.jay, finished, NOW), /has finished/);
		const id = await today();
		await registerForSession(db, w.jay, id, NOW);
		await checkInByCode(db, w.jay, await codeOf(id), NOW);
		await refused(db, () => cancelRegistration(db, w.jay, id, NOW), /already checked in/);
	});

	it('the participant lists: signed up, open to sign up, past; never the code', async () => {
		const mine = await quickSession(db, w, { title: 'Mine', startsAt: '2026-03-21T10:00', endsAt: '2026-03-21T12:00' });
		const open = await quickSession(db, w, { title: 'Could go', startsAt: '2026-03-22T10:00', endsAt: '2026-03-22T12:00', onlineLink: 'https://meet.example.org/x' });
		await registerForSession(db, w.mia, mine, NOW);
		const lists = await mySessions(db, w.mia, NOW);
		expect(lists.signedUp.map((s) => s.id)).toContain(mine);
		expect(lists.open.map((s) => s.id)).toContain(open);
		expect(lists.open.map((s) => s.id)).not.toContain(mine);
		expect(JSON.stringify(lists)).not.toContain(await codeOf(mine));
		const view = await mySession(db, w.mia, open, NOW);
		expect(view.session.onlineLink).toBeNull();
		expect(view.session.online).toBe(true);
		expect(JSON.stringify(view)).not.toContain(await codeOf(open));
		await expect(mySession(db, w.outsider, open, NOW)).rejects.toThrow(/does not exist/);
		await expect(mySession(db, w.mia, 'zzzz', NOW)).rejects.toThrow(/does not exist/);
	});
});

describe('checking in by code', () => {
	it('on the day: attended once, again changes nothing; any case and spaces', async () => {
		const id = await today();
		await registerForSession(db, w.jay, id, NOW);
		const code = await codeOf(id);
		expect(await checkInByCode(db, w.jay, ` ${code.toLowerCase().slice(0, 3)} ${code.toLowerCase().slice(3)} `, NOW)).toEqual({ sessionId: id, checkedIn: true });
		const first = await registration(id, w.jay.id);
		expect(first?.attendedAt?.toISOString()).toBe(NOW.toISOString());
		expect(first?.checkedInBy).toBeNull();
		expect(await checkInByCode(db, w.jay, code, new Date(NOW.getTime() + 60_000))).toEqual({ sessionId: id, checkedIn: false });
		expect((await registration(id, w.jay.id))?.attendedAt?.toISOString()).toBe(NOW.toISOString());
		expect((await auditFor(db, 'session_registration.checked_in')).filter((a) => a.targetId === id)).toHaveLength(1);
	});

	it('a live session works any day; a planned one only on its day', async () => {
		const later = await quickSession(db, w, { startsAt: '2026-03-20T18:00', endsAt: '2026-03-20T20:00' });
		await registerForSession(db, w.jay, later, NOW);
		await refused(db, () => checkInByCode(db, w.jay, 'zz', NOW), /doesn’t look like a session code/, 'code');
		const code = await codeOf(later);
		await refused(db, () => checkInByCode(db, w.jay, code, NOW), /hasn’t started yet/, 'code');
		await moveSession(db, w.champion, later, 'start', NOW);
		expect((await checkInByCode(db, w.jay, code, NOW)).checkedIn).toBe(true);
	});

	it('wrong, stale, cancelled, closed and other organisations’ codes: a clear message, nothing changed', async () => {
		const id = await today();
		await registerForSession(db, w.jay, id, NOW);
		const old = await codeOf(id);
		await refused(db, () => checkInByCode(db, w.jay, 'K7QM2\u0000', NOW), /doesn’t look like/, 'code');
		await refused(db, () => checkInByCode(db, w.jay, 'x'.repeat(100_000), NOW), /doesn’t look like/, 'code');
		await refused(db, () => checkInByCode(db, w.jay, 'K7\uD800M2X', NOW), /doesn’t look like/, 'code');
		await refused(db, () => checkInByCode(db, w.jay, 42 as never, NOW), /doesn’t look like/, 'code');
		await newSessionCode(db, w.champion, id, NOW);
		await refused(db, () => checkInByCode(db, w.jay, old, NOW), /couldn’t find a session with that code/, 'code');
		const elsewhere = await codeOf(await createSession(db, w.championB, form(w.projectB, { startsAt: '2026-03-15T18:00', endsAt: '2026-03-15T20:00' }), NOW));
		await refused(db, () => checkInByCode(db, w.jay, elsewhere, NOW), /couldn’t find a session with that code/, 'code');
		const current = await codeOf(id);
		await moveSession(db, w.champion, id, 'cancel', NOW);
		await refused(db, () => checkInByCode(db, w.jay, current, NOW), /was cancelled/, 'code');
		const closed = await today();
		await registerForSession(db, w.mia, closed, NOW);
		await closeSession(db, w.champion, closed, { summary: 'Done.', outputs: '', walkIns: '0' }, NOW);
		const closedCode = await codeOf(closed);
		await refused(db, () => checkInByCode(db, w.mia, closedCode, NOW), /has finished/, 'code');
	});

	it('not signed up: an open session signs them up and checks them in, even when full; a participants-only one only if there is room', async () => {
		const open = await today({ invite: 'open', capacity: '1' });
		await registerForSession(db, w.priya, open, NOW);
		expect((await checkInByCode(db, w.jay, await codeOf(open), NOW)).checkedIn).toBe(true);
		expect((await registration(open, w.jay.id))?.attendedAt).not.toBeNull();
		const full = await today({ capacity: '1' });
		await registerForSession(db, w.priya, full, NOW);
		const code = await codeOf(full);
		await refused(db, () => checkInByCode(db, w.jay, code, NOW), /full and you weren’t signed up/, 'code');
		const roomy = await codeOf(await today());
		expect((await checkInByCode(db, w.mia, roomy, NOW)).checkedIn).toBe(true);
		expect((await checkInByCode(db, w.leo, roomy, NOW)).checkedIn).toBe(true);
		await refused(db, () => checkInByCode(db, w.champion, roomy, NOW), /for young people and parents/, 'code');
	});
});

describe('ticks and walk-ins', () => {
	it('the champion ticks and unticks; wrong and other sessions’ registrations are refused', async () => {
		const id = await today();
		const other = await today();
		const { registrationId } = await registerForSession(db, w.jay, id, NOW);
		const { registrationId: elsewhere } = await registerForSession(db, w.jay, other, NOW);
		expect(await markAttendance(db, w.champion, id, registrationId, true, NOW)).toBe(true);
		expect(await markAttendance(db, w.champion, id, registrationId, true, NOW)).toBe(false);
		expect((await registration(id, w.jay.id))?.checkedInBy).toBe(w.champion.id);
		expect(await markAttendance(db, w.champion, id, registrationId, false, NOW)).toBe(true);
		expect((await registration(id, w.jay.id))?.attendedAt).toBeNull();
		await refused(db, () => markAttendance(db, w.champion, id, elsewhere, true, NOW), /isn’t signed up for this session/);
		await refused(db, () => markAttendance(db, w.champion, id, 'nope', true, NOW), /isn’t signed up for this session/);
		await refused(db, () => markAttendance(db, w.championB, id, registrationId, true, NOW), /does not exist/);
		await refused(db, () => markAttendance(db, w.champion, id, registrationId, 'yes' as never, NOW), /.+/);
		expect((await auditFor(db, 'session_registration.ticked')).filter((a) => a.targetId === id)).toHaveLength(1);
	});

	it('walk-ins: one more, one fewer, a number; never below 0 or above 10,000', async () => {
		const id = await today();
		expect(await countWalkIns(db, w.champion, id, { by: 1 }, NOW)).toBe(1);
		expect(await countWalkIns(db, w.champion, id, { by: 1 }, NOW)).toBe(2);
		expect(await countWalkIns(db, w.champion, id, { by: -1 }, NOW)).toBe(1);
		expect(await countWalkIns(db, w.champion, id, { set: 7 }, NOW)).toBe(7);
		await countWalkIns(db, w.champion, id, { set: 0 }, NOW);
		await refused(db, () => countWalkIns(db, w.champion, id, { by: -1 }, NOW), /no walk-ins to take off/, 'walkIns');
		await refused(db, () => countWalkIns(db, w.champion, id, { set: 10001 }, NOW), /from 0 to 10,000/, 'walkIns');
		await refused(db, () => countWalkIns(db, w.champion, id, { set: 1.5 }, NOW), /from 0 to 10,000/, 'walkIns');
		await refused(db, () => countWalkIns(db, w.champion, id, { by: 5 as never }, NOW), /from 0 to 10,000/, 'walkIns');
		await refused(db, () => countWalkIns(db, w.championB, id, { by: 1 }, NOW), /does not exist/);
		await moveSession(db, w.champion, id, 'cancel', NOW);
		await refused(db, () => countWalkIns(db, w.champion, id, { by: 1 }, NOW), /cancelled/, 'walkIns');
		const audits = (await auditFor(db, 'workshop_session.walk_ins_counted')).filter((a) => a.targetId === id);
		// Five changes in the same instant: their order in the log isn't defined, so look for each.
		expect(audits).toHaveLength(5);
		expect(audits.map((a) => a.detail)).toEqual(expect.arrayContaining([{ from: 1, to: 7 }, { from: 7, to: 0 }]));
	});
});
