// Setting up sessions: the form's rules (times in England, where, capacity, hours), the code,
// editing, start, cancel and back in the plan, other organisations' ids. Refusals change nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { generateLiveCode, normaliseLiveCode, withFreshCode } from '../../src/lib/server/workshops/live-code';
import { sessionByCode, sessionInOrganisation } from '../../src/lib/server/workshops/lookup';
import { londonDateTime, londonInputValue } from '../../src/lib/server/workshops/session-input';
import { editSessionPage, sessionPage, sessionsPage } from '../../src/lib/server/workshops/session-pages';
import { createSession, moveSession, newSessionCode, updateSession } from '../../src/lib/server/workshops/sessions';
import { registerForSession } from '../../src/lib/server/workshops/registrations';
import { workshopSessions } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor } from '../helpers/fixtures-integration';
import { NOW, form, quickSession, refused, sessionWorld, type SessionWorld } from './sessions-fixture';

let t: TestDatabase;
let db: Db;
let w: SessionWorld;
const row = async (id: string) => (await db.select().from(workshopSessions).where(eq(workshopSessions.id, id)))[0];

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	w = await sessionWorld(db);
});
afterAll(async () => t?.close());

describe('times in England', () => {
	it('reads a clock time in GMT and in BST, and refuses the hour the clocks skip', () => {
		expect(londonDateTime('2026-01-10T18:00')?.toISOString()).toBe('2026-01-10T18:00:00.000Z');
		expect(londonDateTime('2026-07-10T18:00')?.toISOString()).toBe('2026-07-10T17:00:00.000Z');
		// 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never happens.
		expect(londonDateTime('2026-03-29T01:30')).toBeNull();
		// 25 October 2026: 01:30 happens twice; the first (BST) is taken.
		expect(londonDateTime('2026-10-25T01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(londonDateTime('2026-02-30T10:00')).toBeNull();
		expect(londonDateTime('2026-02-10T24:00')).toBeNull();
		expect(londonDateTime('10/02/2026 10:00')).toBeNull();
		expect(londonInputValue(new Date('2026-07-10T23:30:00Z'))).toBe('2026-07-11T00:30');
	});
});

describe('codes', () => {
	it('are six characters of the unambiguous alphabet, and what people type is forgiven', () => {
		for (let i = 0; i < 200; i++) expect(generateLiveCode()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		expect(normaliseLiveCode(' k7q-m2x ')).toBe('K7QM2X');
		for (const bad of ['K7QM2', 'K7QM2XX', 'K7QM2O', 'K7QM21', '', 'K7QM2\u0000', 'K7\uD800M2X', 'x'.repeat(5000), 42]) expect(normaliseLiveCode(bad)).toBeNull();
	});

	it('a collision is retried with another code', async () => {
		const taken = (await row(await quickSession(db, w))).code;
		const id = await quickSession(db, w);
		let tries = 0;
		const code = await withFreshCode(db, async (tx, fresh) => {
			tries++;
			const use = tries === 1 ? taken : fresh;
			await tx.update(workshopSessions).set({ code: use }).where(eq(workshopSessions.id, id));
			return use;
		});
		expect(tries).toBe(2);
		expect(code).not.toBe(taken);
	});
});

describe('creating and editing', () => {
	it('creates a planned session with a code, times as typed in England, audited with ids and settings only', async () => {
		const id = await createSession(db, w.champion, form(w.projectId, { startsAt: '2026-06-01T18:00', endsAt: '2026-06-01T20:30', capacity: '12', showNicknames: 'yes', onlineLink: 'https://meet.example.org/room' }), NOW);
		const s = await row(id);
		expect(s).toMatchObject({ status: 'planned', step: 2, kind: 'workshop', capacity: 12, hoursCredited: 2, showNicknames: true, invite: 'participants', walkIns: 0 });
		expect(s.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		expect(s.startsAt.toISOString()).toBe('2026-06-01T17:00:00.000Z');
		expect(s.endsAt.toISOString()).toBe('2026-06-01T19:30:00.000Z');
		const [audit] = (await auditFor(db, 'workshop_session.created')).filter((a) => a.targetId === id);
		expect(audit.detail).toEqual({ projectId: w.projectId, step: 2, kind: 'workshop', invite: 'participants', capacity: 12, hoursCredited: 2, showNicknames: true });
		expect(JSON.stringify(audit)).not.toContain(s.code);
		expect((await sessionByCode(db, s.code.toLowerCase()))?.id).toBe(id);
		const edit = await editSessionPage(db, w.orgA, id);
		expect(edit.values).toMatchObject({ startsAt: '2026-06-01T18:00', endsAt: '2026-06-01T20:30', capacity: '12', showNicknames: 'yes' });
		// An officer may run sessions too.
		await createSession(db, w.officer, form(w.projectId), NOW);
	});

	it('refuses what makes no sense, with plain messages on the right field', async () => {
		const p = w.projectId;
		const cases: [Partial<Parameters<typeof form>[1]>, RegExp, string][] = [
			[{ endsAt: '2026-03-20T17:00' }, /end after it starts/, 'endsAt'],
			[{ endsAt: '2026-03-20T18:00' }, /end after it starts/, 'endsAt'],
			[{ endsAt: '2026-03-29T18:00' }, /at most 7 days/, 'endsAt'],
			[{ startsAt: '2026-03-29T01:30', endsAt: '2026-03-29T03:00' }, /isn’t a real time in the UK/, 'startsAt'],
			[{ startsAt: '2026-02-31T10:00' }, /isn’t a real time/, 'startsAt'],
			[{ startsAt: '' }, /Please enter when it starts/, 'startsAt'],
			[{ startsAt: '1999-12-31T10:00' }, /between the years 2000 and 2099/, 'startsAt'],
			[{ startsAt: 'tomorrow' }, /as a date and time/, 'startsAt'],
			[{ place: '', onlineLink: '' }, /a place, an online link, or both/, 'place'],
			[{ onlineLink: 'http://meet.example.org' }, /starting with https:\/\//, 'onlineLink'],
			[{ onlineLink: 'javascript:alert(1)' }, /starting with https:\/\//, 'onlineLink'],
			[{ onlineLink: 'https://exa mple.org' }, /starting with https:\/\//, 'onlineLink'],
			[{ capacity: '0' }, /from 1 to 10,000/, 'capacity'],
			[{ capacity: '10001' }, /from 1 to 10,000/, 'capacity'],
			[{ capacity: '2.5' }, /from 1 to 10,000/, 'capacity'],
			[{ capacity: '-3' }, /from 1 to 10,000/, 'capacity'],
			[{ hoursCredited: '25' }, /at most 24 hours/, 'hoursCredited'],
			[{ hoursCredited: '-1' }, /from 0 to 24/, 'hoursCredited'],
			[{ hoursCredited: '1e3' }, /from 0 to 24/, 'hoursCredited'],
			[{ step: '9' }, /step of the cycle/, 'step'],
			[{ kind: 'party' as never }, /what kind of session/, 'kind'],
			[{ invite: 'everyone' as never }, /who can come/, 'invite'],
			[{ title: '   ' }, /Please enter a title/, 'title'],
			[{ title: 'x'.repeat(151) }, /at most 150 characters/, 'title'],
			[{ title: 'Pizza\u0000' }, /character in it we can’t accept/, 'title'],
			[{ description: 'y'.repeat(2001) }, /at most 2000/, 'description'],
			[{ showNicknames: 'on' }, /Tick the box/, 'showNicknames'],
			[{ projectId: 'nope' }, /one of your projects/, 'projectId'],
			[{ projectId: w.projectB }, /one of your projects/, 'projectId']
		];
		for (const [overrides, message, field] of cases) await refused(db, () => createSession(db, w.champion, form(p, overrides), NOW), message, field);
		// A lone surrogate is stored as typed would be: Postgres takes it as the replacement character, no 500.
		const odd = await createSession(db, w.champion, form(p, { title: 'Ideas \uD800 night' }), NOW);
		expect((await row(odd)).title).toMatch(/^Ideas .+ night$/);
	});

	it('edits: nothing changed is not saved; the capacity can’t drop below who signed up', async () => {
		const id = await quickSession(db, w, { capacity: '5' });
		expect(await updateSession(db, w.champion, id, form(w.projectId, { capacity: '5' }), NOW)).toBe(false);
		await registerForSession(db, w.jay, id, NOW);
		await registerForSession(db, w.priya, id, NOW);
		await refused(db, () => updateSession(db, w.champion, id, form(w.projectId, { capacity: '1' }), NOW), /2 people have already signed up.+can’t be less than 2/, 'capacity');
		expect(await updateSession(db, w.champion, id, form(w.projectId, { capacity: '2', title: 'Renamed' }), NOW)).toBe(true);
		expect(await row(id)).toMatchObject({ capacity: 2, title: 'Renamed' });
		expect(await updateSession(db, w.champion, id, form(w.projectId, { capacity: '', title: 'Renamed' }), NOW)).toBe(true);
		expect(JSON.stringify(await auditFor(db, 'workshop_session.updated'))).not.toContain('Renamed');
		await refused(db, () => updateSession(db, w.champion, id, form(w.projectId, { endsAt: '2026-03-19T10:00' }), NOW), /end after it starts/, 'endsAt');
	});

	it('another organisation’s session is not found, for every change', async () => {
		const id = await quickSession(db, w);
		await refused(db, () => updateSession(db, w.championB, id, form(w.projectB), NOW), /does not exist/);
		await refused(db, () => moveSession(db, w.championB, id, 'start', NOW), /does not exist/);
		await refused(db, () => newSessionCode(db, w.championB, id, NOW), /does not exist/);
		await refused(db, () => moveSession(db, w.champion, 'not-an-id', 'start', NOW), /does not exist/);
		await expect(sessionInOrganisation(db, w.orgB, id)).rejects.toThrow(/does not exist/);
		await expect(sessionPage(db, w.orgB, id)).rejects.toThrow(/does not exist/);
	});
});

describe('moving a session along', () => {
	it('planned → live → cancelled → planned; refuses moves that don’t fit, audited', async () => {
		const id = await quickSession(db, w);
		await moveSession(db, w.champion, id, 'start', NOW);
		expect((await row(id)).status).toBe('live');
		await refused(db, () => moveSession(db, w.champion, id, 'start', NOW), /Only a planned session can be started/);
		await refused(db, () => moveSession(db, w.champion, id, 'reinstate', NOW), /Only a cancelled session/);
		await moveSession(db, w.champion, id, 'cancel', NOW);
		expect((await row(id)).status).toBe('cancelled');
		await refused(db, () => updateSession(db, w.champion, id, form(w.projectId, { title: 'Changed' }), NOW), /Put it back in the plan first/);
		await refused(db, () => newSessionCode(db, w.champion, id, NOW), /Only a planned or live session/);
		await moveSession(db, w.champion, id, 'reinstate', NOW);
		expect((await row(id)).status).toBe('planned');
		for (const action of ['started', 'cancelled', 'reinstated']) expect((await auditFor(db, `workshop_session.${action}`)).some((a) => a.targetId === id)).toBe(true);
	});

	it('a new code replaces the old one at once, and the code is never logged', async () => {
		const id = await quickSession(db, w);
		const before = (await row(id)).code;
		await newSessionCode(db, w.champion, id, NOW);
		const after = (await row(id)).code;
		expect(after).not.toBe(before);
		expect(await sessionByCode(db, before)).toBeNull();
		const [audit] = (await auditFor(db, 'workshop_session.code_changed')).filter((a) => a.targetId === id);
		expect(JSON.stringify(audit)).not.toContain(after);
		expect(JSON.stringify(audit)).not.toContain(before);
	});
});

describe('pages', () => {
	it('lists current sessions soonest first and past ones after, with counts; the overview has who signed up', async () => {
		const id = await quickSession(db, w, { title: 'Listed session', startsAt: '2026-03-16T10:00', endsAt: '2026-03-16T12:00' });
		await registerForSession(db, w.jay, id, NOW);
		const page = await sessionsPage(db, w.orgA);
		const listed = page.current.find((s) => s.id === id);
		expect(listed).toMatchObject({ title: 'Listed session', registered: 1, attended: 0, status: 'planned' });
		expect(page.current.map((s) => s.startsAt.getTime())).toEqual([...page.current.map((s) => s.startsAt.getTime())].sort((a, b) => a - b));
		expect(page.choices.projects.map((p) => p.id)).toContain(w.projectId);
		expect(page.choices.projects.map((p) => p.id)).not.toContain(w.projectB);
		expect((await sessionsPage(db, w.orgB)).current).toHaveLength(0);
		const overview = await sessionPage(db, w.orgA, id);
		expect(overview.registrations).toEqual([expect.objectContaining({ displayName: 'Jay', attendedAt: null })]);
		expect(overview.counts).toEqual({ registered: 1, attended: 0 });
		expect(overview.stepName).toBe('Investigate');
	});
});
