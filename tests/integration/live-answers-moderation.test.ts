// Moderating what phones sent: ideas wait until approved; any idea or word can be hidden and
// brought back; staff only see and change their own organisation's; each decision is audited
// with ids only and announced to the screens.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';

const announced = vi.hoisted(() => [] as { sessionId: string; what: string }[]);
vi.mock('../../src/lib/server/realtime', () => ({ announce: async (signal: { sessionId: string; what: string }) => void announced.push(signal) }));

import type { Db } from '../../src/lib/server/db/client';
import { submitAnswer } from '../../src/lib/server/live/answers';
import { approveEntry, hiddenEntries, hideEntry, NO_ENTRY, pendingEntries, restoreEntry } from '../../src/lib/server/live/moderation';
import { joinLive } from '../../src/lib/server/live/participants';
import { liveEntries } from '../../src/lib/server/workshops/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError } from '../helpers/fixtures-integration';
import { liveCouncil, liveWithActivities, quickSession } from './live-answers-fixture';

let t: TestDatabase;
let db: Db;
let council: Awaited<ReturnType<typeof liveCouncil>>;
let other: Awaited<ReturnType<typeof liveCouncil>>;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	council = await liveCouncil(db, 'Riverside');
	other = await liveCouncil(db, 'Hillside');
});
afterAll(async () => t?.close());
beforeEach(() => void announced.splice(0));

const entriesOf = (activityId: string) => db.select().from(liveEntries).where(eq(liveEntries.activityId, activityId)).orderBy(asc(liveEntries.createdAt));
const status = async (id: string) => (await db.select({ s: liveEntries.status }).from(liveEntries).where(eq(liveEntries.id, id)))[0].s;

async function withIdeas() {
	const made = await liveWithActivities(db, council);
	await submitAnswer(db, made.phoneA, made.ids.ideas, { entries: ['A trip to the seaside', 'Later opening'] });
	await submitAnswer(db, made.phoneB, made.ids.ideas, { entries: ['Free snacks'] });
	await submitAnswer(db, made.phoneA, made.ids.words, { entries: ['music', 'art'] });
	announced.splice(0);
	return made;
}

describe('the approval queue', () => {
	it('lists ideas waiting, oldest first, without names; approving puts one on the screen', async () => {
		const { session, ids } = await withIdeas();
		const pending = await pendingEntries(db, council.champion, session.id, ids.ideas);
		expect(pending.map((p) => p.text)).toEqual(['A trip to the seaside', 'Later opening', 'Free snacks']);
		expect(pending.every((p) => !('nickname' in p))).toBe(true);
		await approveEntry(db, council.champion, session.id, pending[0].id);
		expect(await status(pending[0].id)).toBe('approved');
		expect((await pendingEntries(db, council.champion, session.id, ids.ideas)).map((p) => p.text)).toEqual(['Later opening', 'Free snacks']);
		expect(announced).toEqual([{ sessionId: session.id, what: 'moderation' }]);
		const [audit] = (await auditFor(db, 'live_entry.approved')).filter((a) => a.targetId === session.id);
		expect(audit.actorId).toBe(council.champion.id);
		expect(audit.detail).toEqual({ activityId: ids.ideas, entryId: pending[0].id, from: 'pending', to: 'approved' });
		expect(JSON.stringify(audit)).not.toContain('seaside');
		// Approving again changes nothing and says nothing.
		await approveEntry(db, council.champion, session.id, pending[0].id);
		expect(announced).toHaveLength(1);
		expect((await auditFor(db, 'live_entry.approved')).filter((a) => a.targetId === session.id)).toHaveLength(1);
		// The entry keeps who decided and when.
		const [row] = (await entriesOf(ids.ideas)).filter((e) => e.id === pending[0].id);
		expect(row.moderatedBy).toBe(council.champion.id);
		expect(row.moderatedAt).toBeInstanceOf(Date);
	});

	it('shows nicknames only when the session shows names', async () => {
		const s = await quickSession(db, council, { status: 'live', showNicknames: true });
		const { addActivity } = await import('../../src/lib/server/live/activities');
		const { activityInput, KINDS, setState } = await import('./live-answers-fixture');
		const id = await addActivity(db, council.champion, s.id, activityInput(KINDS.ideas));
		await setState(db, id, 'open');
		const { participant } = await joinLive(db, { session: { id: s.id, status: 'live', showNicknames: true }, user: null, token: null, nickname: 'Sky' });
		await submitAnswer(db, participant, id, { entries: ['Music nights'] });
		expect((await pendingEntries(db, council.champion, s.id, id)).map((p) => [p.text, p.nickname])).toEqual([['Music nights', 'Sky']]);
	});
});

describe('hiding and restoring', () => {
	it('hides an idea or a word and brings each back to what its kind shows', async () => {
		const { session, ids } = await withIdeas();
		const [idea] = await entriesOf(ids.ideas);
		const [word] = await entriesOf(ids.words);
		await hideEntry(db, council.champion, session.id, idea.id);
		await hideEntry(db, council.champion, session.id, word.id);
		expect([await status(idea.id), await status(word.id)]).toEqual(['hidden', 'hidden']);
		expect((await hiddenEntries(db, council.champion, session.id, ids.words)).map((e) => e.text)).toEqual(['music']);
		await restoreEntry(db, council.champion, session.id, idea.id);
		await restoreEntry(db, council.champion, session.id, word.id);
		expect([await status(idea.id), await status(word.id)]).toEqual(['approved', 'shown']);
		expect(announced).toHaveLength(4);
		// Restoring what isn't hidden does nothing.
		await restoreEntry(db, council.champion, session.id, word.id);
		expect(await status(word.id)).toBe('shown');
		expect(announced).toHaveLength(4);
	});

	it('refuses to approve a word (words aren’t queued)', async () => {
		const { session, ids } = await withIdeas();
		const [word] = await entriesOf(ids.words);
		expect((await expectInputError(approveEntry(db, council.champion, session.id, word.id))).message).toBe('Only ideas wait for approval: words go straight to the cloud.');
		expect(await status(word.id)).toBe('shown');
	});
});

describe('only the organisation’s own', () => {
	it('refuses another council’s staff, and ids that aren’t there, changing nothing', async () => {
		const { session, ids } = await withIdeas();
		const [idea] = await entriesOf(ids.ideas);
		const mine = await quickSession(db, council);
		const before = await allCounts(db);
		for (const work of [approveEntry, hideEntry, restoreEntry]) {
			expect((await expectInputError(work(db, other.champion, session.id, idea.id))).message).toBe(NO_ENTRY);
			// Another of the council's own sessions in the address: not this session's idea.
			expect((await expectInputError(work(db, council.champion, mine.id, idea.id))).message).toBe(NO_ENTRY);
			await expectInputError(work(db, council.champion, session.id, 'zzzzzzzzzzzzzzzz'));
			await expectInputError(work(db, council.champion, session.id, "' or 1=1 --"));
			await expectInputError(work(db, council.champion, "' or 1=1 --", idea.id));
		}
		await expectInputError(pendingEntries(db, other.champion, session.id, ids.ideas));
		await expectInputError(pendingEntries(db, council.champion, mine.id, ids.ideas));
		await expectInputError(pendingEntries(db, council.champion, session.id, 'nope'));
		expect(await allCounts(db)).toEqual(before);
		expect(await status(idea.id)).toBe('pending');
		expect(announced).toEqual([]);
	});
});
