// The demo's workshops and live sessions, seeded through the domain functions on a fresh database:
// the past workshop that ran live (all five kinds, 15 phones, the closing record, hours credited
// to jay, mia and priya and never leo) in the project's evidence with its results; the upcoming
// session jay signed up for; the session ready to run with its activities waiting.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Seeding runs the live functions, which tell the screens to look again: nobody listens here.
vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { DEMO_PAST_SESSION, DEMO_READY_SESSION, DEMO_UPCOMING_SESSION } from '../../src/lib/server/demo/sessions';
import { sessionResults } from '../../src/lib/server/live/results';
import { sessionResultsCsv } from '../../src/lib/server/live/results-export';
import { listProjectEvidence } from '../../src/lib/server/projects/sources';
import { publicProject } from '../../src/lib/server/publishing/portal';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
const NOW = new Date('2026-11-20T12:00:00Z');
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, NOW);
}, 180_000);
afterAll(async () => {
	await t?.close();
});

type SessionRow = { id: string; organisation_id: string; title: string; status: string; step: number; kind: string; starts_at: string; walk_ins: number; code: string; summary: string };
async function session(title: string): Promise<SessionRow> {
	const [row] = await rows<SessionRow>(t.db, `select id, organisation_id, title, status, step, kind, starts_at, walk_ins, code, summary from workshop_sessions where title = '${title.replaceAll("'", "''")}'`);
	expect(row, title).toBeTruthy();
	return row;
}

const registered = (sessionId: string) =>
	rows<{ username: string; attended: boolean }>(
		t.db,
		`select u.username, r.attended_at is not null as attended from session_registrations r join users u on u.id = r.user_id where r.session_id = '${sessionId}' order by u.username`
	);

describe('demo sessions', () => {
	it('has three sessions on the youth mental-health project: past and closed, upcoming, and ready to run', async () => {
		const all = await rows<{ title: string; status: string; slug: string }>(t.db, `select s.title, s.status, p.slug from workshop_sessions s join projects p on p.id = s.project_id order by s.starts_at`);
		expect(all).toEqual([
			{ title: DEMO_PAST_SESSION, status: 'closed', slug: 'youth-mental-health-support' },
			{ title: DEMO_READY_SESSION, status: 'planned', slug: 'youth-mental-health-support' },
			{ title: DEMO_UPCOMING_SESSION, status: 'planned', slug: 'youth-mental-health-support' }
		]);
		const past = await session(DEMO_PAST_SESSION);
		expect(new Date(past.starts_at).getTime()).toBeLessThan(NOW.getTime());
		expect(new Date((await session(DEMO_UPCOMING_SESSION)).starts_at).getTime()).toBeGreaterThan(NOW.getTime());
	});

	it('ran the past workshop live: jay, mia and priya signed up and came (never leo), 12 walk-ins, 15 phones', async () => {
		const past = await session(DEMO_PAST_SESSION);
		expect(await registered(past.id)).toEqual([
			{ username: 'jay', attended: true },
			{ username: 'mia', attended: true },
			{ username: 'priya', attended: true }
		]);
		const r = await sessionResults(t.db, past.organisation_id, past.id);
		expect(r.attendance).toEqual({ registered: 3, attended: 3, walkIns: 12, present: 15 });
		expect(r.joined).toBe(15);
		expect(r.session.summary).toContain('Fifteen people came');
		expect(r.session.outputs).toContain('Short waits');
	});

	it('has realistic results for all five kinds of activity', async () => {
		const past = await session(DEMO_PAST_SESSION);
		const [poll, rating, words, ideas, priority] = (await sessionResults(t.db, past.organisation_id, past.id)).activities;
		expect([poll, rating, words, ideas, priority].map((a) => [a.type, a.state])).toEqual([
			['poll', 'closed'],
			['rating', 'closed'],
			['word_cloud', 'closed'],
			['ideas', 'closed'],
			['priority', 'closed']
		]);
		expect(poll.tally.responses).toBe(14);
		expect(poll.tally.options.map((o) => o.count)).toEqual([3, 6, 4, 1, 0]);
		expect(rating.tally.rating).toEqual({ counts: [4, 6, 3, 2, 0], mean: 2.2 });
		// "Safe" and "safe" are one word.
		expect(words.tally.words.slice(0, 4)).toEqual([
			{ text: 'safe', count: 6 },
			{ text: 'welcoming', count: 5 },
			{ text: 'friendly', count: 3 },
			{ text: 'quick', count: 3 }
		]);
		expect(ideas.tally.notes).toHaveLength(8);
		expect([ideas.hiddenNotes, ideas.waitingNotes]).toEqual([1, 1]);
		expect(ideas.tally.notes.every((n) => n.nickname === undefined)).toBe(true);
		expect(priority.tally.options.map((o) => [o.label, o.count])).toEqual([
			['Short waits for a first appointment', 17],
			['Evening and weekend times', 9],
			['The same worker each time', 8],
			['Drop in without a referral', 7],
			['Help for families too', 4]
		]);
	});

	it('credited 2 hours to each person who signed up and came, once', async () => {
		const past = await session(DEMO_PAST_SESSION);
		const hours = await rows<{ username: string; hours: number; happened_on: string }>(
			t.db,
			`select u.username, c.hours::float as hours, c.happened_on::text from contributions c join users u on u.id = c.user_id
			 join session_registrations r on r.id = c.source_id where c.activity = 'session' and r.session_id = '${past.id}' order by u.username`
		);
		expect(hours.map((h) => [h.username, h.hours])).toEqual([
			['jay', 2],
			['mia', 2],
			['priya', 2]
		]);
		const leo = await rows(t.db, `select 1 from session_registrations r join users u on u.id = r.user_id where u.username = 'leo'`);
		expect(leo).toEqual([]);
	});

	it('shows the workshop in the project’s evidence, linked to its results', async () => {
		const past = await session(DEMO_PAST_SESSION);
		const [project] = await rows<{ id: string }>(t.db, `select id from projects where slug = 'youth-mental-health-support'`);
		const items = (await listProjectEvidence(t.db, project.id)).flatMap((s) => s.items).filter((i) => i.kind === 'session');
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ step: 2, title: DEMO_PAST_SESSION, href: `/staff/sessions/${past.id}/results` });
		expect(items[0].summary).toContain('15 people');
		const page = await publicProject(t.db, 'youth-mental-health-support');
		expect(page).not.toBeNull();
	});

	it('keeps names and hidden or waiting ideas out of the results and the CSV', async () => {
		const past = await session(DEMO_PAST_SESSION);
		const results = await sessionResults(t.db, past.organisation_id, past.id);
		const text = JSON.stringify(results.activities) + sessionResultsCsv(results);
		for (const hidden of ['Same as above', 'where everyone can see you go in']) expect(text).not.toContain(hidden);
		for (const a of DEMO_ACCOUNTS) expect(text).not.toMatch(new RegExp(`(?<![\\p{L}])${a.displayName}(?![\\p{L}])`, 'u'));
	});

	it('has jay signed up for the upcoming workshop, and the ready session planned with five activities waiting', async () => {
		const upcoming = await session(DEMO_UPCOMING_SESSION);
		expect(upcoming.step).toBe(3);
		expect(await registered(upcoming.id)).toEqual([{ username: 'jay', attended: false }]);
		const ready = await session(DEMO_READY_SESSION);
		const activities = await rows<{ type: string; state: string; answers: number }>(
			t.db,
			`select a.type, a.state, (select count(*)::int from live_responses r where r.activity_id = a.id) as answers from live_activities a where a.session_id = '${ready.id}' order by a.position`
		);
		expect(activities.map((a) => a.type)).toEqual(['poll', 'rating', 'word_cloud', 'ideas', 'priority']);
		expect(activities.every((a) => a.state === 'draft' && a.answers === 0)).toBe(true);
		expect(ready.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
	});
});
