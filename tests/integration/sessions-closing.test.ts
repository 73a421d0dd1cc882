// The closing record: required summary, capped text, final walk-ins; closing closes open
// activities, marks the session closed and credits hours to those who came exactly once (closing
// again, ticking after closing); the record can be corrected; the project's evidence shows it.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { contributions } from '../../src/lib/server/participation/schema';
import { participationCounts } from '../../src/lib/server/projects/evidence';
import { listProjectEvidence } from '../../src/lib/server/projects/sources';
import { checkInByCode, countWalkIns, markAttendance } from '../../src/lib/server/workshops/attendance';
import { closeSession, closingPage, type ClosingInput } from '../../src/lib/server/workshops/closing';
import { sessionEvidence } from '../../src/lib/server/workshops/evidence';
import { registerForSession } from '../../src/lib/server/workshops/registrations';
import { liveActivities, liveParticipants, liveResponses, workshopSessions } from '../../src/lib/server/workshops/schema';
import { moveSession, updateSession } from '../../src/lib/server/workshops/sessions';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor } from '../helpers/fixtures-integration';
import { NOW, form, quickSession, refused, sessionWorld, type SessionWorld } from './sessions-fixture';

let t: TestDatabase;
let db: Db;
let w: SessionWorld;
let firstSession: string;
const record = (overrides: Partial<ClosingInput> = {}): ClosingInput => ({ summary: 'We agreed three priorities.', outputs: 'A list of priorities.', walkIns: '5', ...overrides });
const session = async (id: string) => (await db.select().from(workshopSessions).where(eq(workshopSessions.id, id)))[0];
const hoursFor = (userId: string) => db.select().from(contributions).where(and(eq(contributions.userId, userId), eq(contributions.activity, 'session')));
const today = (overrides = {}) => quickSession(db, w, { startsAt: '2026-03-15T18:00', endsAt: '2026-03-15T20:00', ...overrides });

async function activity(sessionId: string, position: number, state: 'draft' | 'open' | 'closed', answers: number) {
	const id = newId();
	await db.insert(liveActivities).values({ id, sessionId, position, type: 'rating', prompt: `Question ${position}`, state });
	for (let i = 0; i < answers; i++) {
		const participantId = newId();
		await db.insert(liveParticipants).values({ id: participantId, sessionId, tokenHash: newId() + newId() });
		await db.insert(liveResponses).values({ id: newId(), activityId: id, participantId, rating: 4 });
	}
	return id;
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	w = await sessionWorld(db);
});
afterAll(async () => t?.close());

describe('closing', () => {
	it('closes open activities, records the counts, credits hours to those who came once; closing again only corrects the record', async () => {
		const id = await today({ hoursCredited: '2.5' });
		firstSession = id;
		for (const p of [w.jay, w.mia, w.priya]) await registerForSession(db, p, id, NOW);
		await moveSession(db, w.champion, id, 'start', NOW);
		await checkInByCode(db, w.jay, (await session(id)).code, NOW);
		const page0 = await closingPage(db, w.orgA, id);
		expect(page0.counts).toMatchObject({ registered: 3, attended: 1, walkIns: 0 });
		const { registrationId: miaReg } = await registerForSession(db, w.mia, id, NOW);
		await markAttendance(db, w.champion, id, miaReg, true, NOW);
		await countWalkIns(db, w.champion, id, { set: 3 }, NOW);
		const open = await activity(id, 1, 'open', 4);
		const done = await activity(id, 2, 'closed', 2);
		const draft = await activity(id, 3, 'draft', 0);

		expect(await closeSession(db, w.champion, id, record(), NOW)).toEqual({ closed: true, credited: 2 });
		const s = await session(id);
		expect(s).toMatchObject({ status: 'closed', summary: 'We agreed three priorities.', outputs: 'A list of priorities.', walkIns: 5, closedBy: w.champion.id });
		const states = Object.fromEntries((await db.select().from(liveActivities).where(eq(liveActivities.sessionId, id))).map((a) => [a.id, a.state]));
		expect(states).toEqual({ [open]: 'closed', [done]: 'closed', [draft]: 'draft' });
		const jayHours = await hoursFor(w.jay.id);
		expect(jayHours).toHaveLength(1);
		expect(jayHours[0]).toMatchObject({ hours: 2.5, projectId: w.projectId, happenedOn: '2026-03-15', creditedBy: w.champion.id, description: 'Workshop: What makes a good youth club?' });
		expect(await hoursFor(w.priya.id)).toHaveLength(0);
		const [audit] = (await auditFor(db, 'workshop_session.closed')).filter((a) => a.targetId === id);
		expect(audit.detail).toEqual({ from: 'live', registered: 3, attended: 2, walkIns: 5, credited: 2, activitiesClosed: 1 });

		const page = await closingPage(db, w.orgA, id);
		expect(page.counts).toEqual({ registered: 3, attended: 2, walkIns: 5, attendedTotal: 7 });
		expect(page.activities.map((a) => a.answers)).toEqual([4, 2, 0]);

		// Again: the record is corrected, audited, no hours twice.
		expect(await closeSession(db, w.champion, id, record({ summary: 'Corrected minutes.', walkIns: '6' }), new Date(NOW.getTime() + 3600_000))).toEqual({ closed: false, credited: 0 });
		expect(await session(id)).toMatchObject({ summary: 'Corrected minutes.', walkIns: 6, status: 'closed' });
		expect(await hoursFor(w.jay.id)).toHaveLength(1);
		expect((await auditFor(db, 'workshop_session.record_updated')).filter((a) => a.targetId === id)).toHaveLength(1);
		expect(JSON.stringify(await auditFor(db, 'workshop_session.record_updated'))).not.toContain('Corrected');

		// Closed: details, walk-ins at the door and unticking are refused; a late tick credits at once.
		await refused(db, () => updateSession(db, w.champion, id, form(w.projectId, { title: 'Changed' }), NOW), /closed.+closing record/);
		await refused(db, () => countWalkIns(db, w.champion, id, { by: 1 }, NOW), /closing record/, 'walkIns');
		await refused(db, () => markAttendance(db, w.champion, id, miaReg, false, NOW), /stay ticked/);
		await refused(db, () => moveSession(db, w.champion, id, 'cancel', NOW), /Only a planned or live/);
		const priyaReg = await registrationIdOf(id, w.priya.id);
		expect(await markAttendance(db, w.champion, id, priyaReg, true, NOW)).toBe(true);
		expect(await hoursFor(w.priya.id)).toHaveLength(1);
		await closeSession(db, w.champion, id, record(), NOW);
		expect(await db.$count(contributions, eq(contributions.activity, 'session'))).toBe(3);
	});

	it('refuses a missing summary, oversized text, bad walk-ins, NUL, cancelled and other organisations’ sessions', async () => {
		const id = await today();
		await refused(db, () => closeSession(db, w.champion, id, record({ summary: '  ' }), NOW), /Please enter a summary or the minutes/, 'summary');
		await refused(db, () => closeSession(db, w.champion, id, record({ summary: 'x'.repeat(20001) }), NOW), /at most 20000/, 'summary');
		await refused(db, () => closeSession(db, w.champion, id, record({ outputs: 'x'.repeat(10001) }), NOW), /at most 10000/, 'outputs');
		await refused(db, () => closeSession(db, w.champion, id, record({ summary: 'ok\u0000' }), NOW), /character in it we can’t accept/, 'summary');
		for (const walkIns of ['-1', '10001', '2.5', 'lots', ''])
			await refused(db, () => closeSession(db, w.champion, id, record({ walkIns }), NOW), /from 0 to 10,000/, 'walkIns');
		await refused(db, () => closeSession(db, w.champion, id, { summary: 5, outputs: null, walkIns: '1' } as never, NOW), /.+/);
		await refused(db, () => closeSession(db, w.championB, id, record(), NOW), /does not exist/);
		await moveSession(db, w.champion, id, 'cancel', NOW);
		await refused(db, () => closeSession(db, w.champion, id, record(), NOW), /cancelled/);
		await expect(closingPage(db, w.orgB, id)).rejects.toThrow(/does not exist/);
	});

	it('no hours set: nothing credited, the session still closes', async () => {
		const id = await today({ hoursCredited: '0' });
		await registerForSession(db, w.jay, id, NOW);
		await checkInByCode(db, w.jay, (await session(id)).code, NOW);
		const before = (await hoursFor(w.jay.id)).length;
		expect(await closeSession(db, w.champion, id, record(), NOW)).toEqual({ closed: true, credited: 0 });
		expect(await hoursFor(w.jay.id)).toHaveLength(before);
	});
});

describe('evidence', () => {
	it('closed sessions of the project at their step, with people and activities, in the project’s participation', async () => {
		const storytelling = await today({ kind: 'storytelling', step: '5', title: 'Our stories' });
		await registerForSession(db, w.priya, storytelling, NOW);
		await checkInByCode(db, w.priya, (await session(storytelling)).code, NOW);
		await activity(storytelling, 1, 'closed', 1);
		await closeSession(db, w.champion, storytelling, record({ walkIns: '1' }), NOW);
		await today({ title: 'Not closed yet' });
		const items = await sessionEvidence.list(db, w.projectId);
		const item = items.find((i) => i.title === 'Our stories');
		expect(item).toEqual({
			kind: 'session',
			step: 5,
			title: 'Our stories',
			summary: 'Storytelling session, 2 people (1 registered, 1 walked in), 1 activity',
			date: '2026-03-15',
			href: `/staff/sessions/${storytelling}/results`,
			participation: { activity: 'storytelling', participants: 2 }
		});
		expect(items.some((i) => i.title === 'Not closed yet')).toBe(false);
		const workshop = items.find((i) => i.href === `/staff/sessions/${firstSession}/results`);
		expect(workshop).toMatchObject({ step: 2, summary: 'Workshop, 8 people (3 registered, 5 walked in), 2 activities', participation: { activity: 'workshop', participants: 8 } });
		const evidence = await listProjectEvidence(db, w.projectId);
		expect(evidence.find((e) => e.step === 5)?.items.map((i) => i.kind)).toContain('session');
		expect(participationCounts(evidence).get('storytelling')).toBe(2);
		expect(await sessionEvidence.list(db, w.projectB)).toEqual([]);
	});
});

async function registrationIdOf(sessionId: string, userId: string): Promise<string> {
	const { sessionRegistrations } = await import('../../src/lib/server/workshops/schema');
	const [row] = await db.select().from(sessionRegistrations).where(and(eq(sessionRegistrations.sessionId, sessionId), eq(sessionRegistrations.userId, userId)));
	return row.id;
}
