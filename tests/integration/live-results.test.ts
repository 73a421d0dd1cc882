// A session's saved results (the staff results page and its CSV): counts per option, rating point,
// word and approved idea; hidden and waiting entries only counted; nicknames only when the session
// shows them and never in the CSV; other organisations' sessions are "not found".
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/server/db/ids';
import { sessionResults } from '../../src/lib/server/live/results';
import { sessionResultsCsv, sessionResultsFilename } from '../../src/lib/server/live/results-export';
import { organisations } from '../../src/lib/server/organisations/schema';
import { liveActivities, liveChoices, liveEntries, liveOptions, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../../src/lib/server/workshops/schema';
import { parseCsv } from '../helpers/csv';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectInputError, quickUser } from '../helpers/fixtures-integration';
import { quickProject } from '../helpers/projects';

let t: TestDatabase;
let organisationId: string;
let otherOrganisationId: string;
let sessionId: string;
const ids: Record<string, string> = {};
let approvals = 0;

async function addActivity(position: number, values: Partial<typeof liveActivities.$inferInsert> & { type: typeof liveActivities.$inferInsert.type; prompt: string }) {
	const id = newId();
	await t.db.insert(liveActivities).values({ id, sessionId, position, state: 'closed', ...values });
	return id;
}

async function addOptions(activityId: string, labels: string[]) {
	const optionIds = labels.map(() => newId());
	await t.db.insert(liveOptions).values(labels.map((label, position) => ({ id: optionIds[position], activityId, position, label })));
	return optionIds;
}

async function respond(activityId: string, participantId: string, extra: { rating?: number; choices?: [string, number][]; entries?: [string, 'shown' | 'hidden' | 'pending' | 'approved'][] }) {
	const id = newId();
	await t.db.insert(liveResponses).values({ id, activityId, participantId, rating: extra.rating ?? null });
	if (extra.choices?.length) await t.db.insert(liveChoices).values(extra.choices.map(([optionId, dots]) => ({ responseId: id, optionId, activityId, dots })));
	if (extra.entries?.length)
		await t.db.insert(liveEntries).values(
			extra.entries.map(([text, status]) => ({ id: newId(), responseId: id, activityId, text, normalised: text.trim().toLowerCase(), status, moderatedAt: status === 'approved' ? new Date(Date.now() + ++approvals * 1000) : null }))
		);
}

beforeAll(async () => {
	t = await createTestDatabase();
	organisationId = newId();
	otherOrganisationId = newId();
	await t.db.insert(organisations).values([
		{ id: organisationId, name: 'Results council' },
		{ id: otherOrganisationId, name: 'Other council' }
	]);
	const champion = await quickUser(t.db, organisationId, ['champion']);
	const projectId = await quickProject(t.db, champion, 'Wellbeing service');
	sessionId = newId();
	// 23:30 UTC on 14 June is 00:30 on 15 June in England (summer time).
	await t.db.insert(workshopSessions).values({
		id: sessionId,
		organisationId,
		projectId,
		step: 3,
		kind: 'workshop',
		title: 'Designing the service',
		startsAt: new Date('2026-06-14T23:30:00Z'),
		endsAt: new Date('2026-06-15T01:00:00Z'),
		code: 'RSLT23',
		status: 'closed',
		walkIns: 4,
		summary: 'We ranked what matters.',
		outputs: 'A top three for the specification.',
		closedAt: new Date('2026-06-15T01:05:00Z')
	});
	const people = await Promise.all([0, 1, 2].map(() => quickUser(t.db, organisationId, ['young_person'])));
	await t.db.insert(sessionRegistrations).values(people.map((p, i) => ({ id: newId(), sessionId, userId: p.id, attendedAt: i < 2 ? new Date('2026-06-14T23:35:00Z') : null })));
	const participants = ['Sky', 'River', '', 'Ash', 'Moss'].map((nickname) => ({ id: newId(), sessionId, tokenHash: newId(), nickname }));
	await t.db.insert(liveParticipants).values(participants);
	const [p1, p2, p3, p4, p5] = participants.map((p) => p.id);

	ids.poll = await addActivity(1, { type: 'poll', prompt: 'Where should we meet?' });
	const [school, online, hub] = await addOptions(ids.poll, ['At school', 'Online', 'A youth hub']);
	await respond(ids.poll, p1, { choices: [[hub, 1]] });
	await respond(ids.poll, p2, { choices: [[hub, 1]] });
	await respond(ids.poll, p3, { choices: [[online, 1]] });
	ids.school = school;

	ids.rating = await addActivity(2, { type: 'rating', prompt: 'How easy is it to get help now?', minLabel: 'Really hard', maxLabel: 'Really easy' });
	await respond(ids.rating, p1, { rating: 2 });
	await respond(ids.rating, p2, { rating: 2 });
	await respond(ids.rating, p3, { rating: 5 });

	ids.words = await addActivity(3, { type: 'word_cloud', prompt: 'One word for a good service' });
	await respond(ids.words, p1, { entries: [['Kind', 'shown'], ['quick', 'shown']] });
	await respond(ids.words, p2, { entries: [['kind ', 'shown'], ['rudeword', 'hidden']] });
	await respond(ids.words, p3, { entries: [['Quick', 'shown'], ['Kind', 'shown'], ['=HYPERLINK("x")', 'shown']] });

	ids.ideas = await addActivity(4, { type: 'ideas', prompt: 'One idea' });
	await respond(ids.ideas, p1, { entries: [['Evening drop-ins', 'approved']] });
	await respond(ids.ideas, p2, { entries: [['=cmd|calc', 'approved'], ['Something hidden', 'hidden']] });
	await respond(ids.ideas, p4, { entries: [['Still waiting', 'pending']] });

	ids.priority = await addActivity(5, { type: 'priority', prompt: 'What matters most?', dots: 3 });
	const [wait, place, staff] = await addOptions(ids.priority, ['Short waits', 'Near home', 'Friendly staff']);
	await respond(ids.priority, p1, { choices: [[wait, 2], [staff, 1]] });
	await respond(ids.priority, p5, { choices: [[wait, 3]] });
	ids.place = place;

	ids.draft = await addActivity(6, { type: 'poll', prompt: 'Never asked', state: 'draft' });
	await addOptions(ids.draft, ['Yes', 'No']);
}, 120_000);

afterAll(async () => {
	await t?.close();
});

describe('session results', () => {
	it('has the session, the closing record counts and every activity in order', async () => {
		const r = await sessionResults(t.db, organisationId, sessionId);
		expect(r.session).toMatchObject({ title: 'Designing the service', step: 3, status: 'closed', summary: 'We ranked what matters.' });
		expect(r.project.title).toBe('Wellbeing service');
		expect(r.attendance).toEqual({ registered: 3, attended: 2, walkIns: 4, present: 6 });
		expect(r.joined).toBe(5);
		expect(r.activities.map((a) => [a.number, a.type, a.tally.responses])).toEqual([
			[1, 'poll', 3],
			[2, 'rating', 3],
			[3, 'word_cloud', 3],
			[4, 'ideas', 3],
			[5, 'priority', 2],
			[6, 'poll', 0]
		]);
	});

	it('counts people per poll option, dots per priority option and people per rating point', async () => {
		const [poll, rating, , , priority, draft] = (await sessionResults(t.db, organisationId, sessionId)).activities;
		expect(poll.tally.options.map((o) => [o.label, o.count])).toEqual([
			['At school', 0],
			['Online', 1],
			['A youth hub', 2]
		]);
		expect(priority.tally.options.map((o) => [o.label, o.count])).toEqual([
			['Short waits', 5],
			['Near home', 0],
			['Friendly staff', 1]
		]);
		expect(rating.tally.rating).toEqual({ counts: [0, 2, 0, 0, 1], mean: 3 });
		expect(rating).toMatchObject({ scaleMin: 1, scaleMax: 5, minLabel: 'Really hard', maxLabel: 'Really easy' });
		expect(draft.state).toBe('draft');
		expect(draft.tally.options.every((o) => o.count === 0)).toBe(true);
	});

	it('ranks shown words by people (each once) and only counts hidden ones', async () => {
		const words = (await sessionResults(t.db, organisationId, sessionId)).activities[2];
		expect(words.tally.words).toEqual([
			{ text: 'kind', count: 3 },
			{ text: 'quick', count: 2 },
			{ text: '=hyperlink("x")', count: 1 }
		]);
		expect(words.hiddenWords).toBe(1);
		expect(JSON.stringify(words)).not.toContain('rudeword');
	});

	it('keeps approved ideas only, the last approved first, without nicknames unless the session shows them', async () => {
		let ideas = (await sessionResults(t.db, organisationId, sessionId)).activities[3];
		expect(ideas.tally.notes.map((n) => n.text)).toEqual(['=cmd|calc', 'Evening drop-ins']);
		expect(ideas.tally.notes.every((n) => !('nickname' in n))).toBe(true);
		expect([ideas.hiddenNotes, ideas.waitingNotes]).toEqual([1, 1]);
		const json = JSON.stringify(await sessionResults(t.db, organisationId, sessionId));
		for (const secret of ['Something hidden', 'Still waiting', 'Sky', 'River', 'Ash', 'Moss', 'token']) expect(json).not.toContain(secret);

		await t.db.update(workshopSessions).set({ showNicknames: true }).where(eq(workshopSessions.id, sessionId));
		try {
			ideas = (await sessionResults(t.db, organisationId, sessionId)).activities[3];
			expect(ideas.tally.notes.map((n) => n.nickname)).toEqual(['River', 'Sky']);
			// Even then, the CSV carries no names.
			const csv = sessionResultsCsv(await sessionResults(t.db, organisationId, sessionId));
			for (const name of ['Sky', 'River']) expect(csv).not.toContain(name);
		} finally {
			await t.db.update(workshopSessions).set({ showNicknames: false }).where(eq(workshopSessions.id, sessionId));
		}
	});

	it('treats another organisation’s session, or an unknown one, as not found', async () => {
		await expectInputError(sessionResults(t.db, otherOrganisationId, sessionId));
		await expectInputError(sessionResults(t.db, organisationId, newId()));
	});
});

describe('session results CSV', () => {
	it('has one row per activity and answer with its count, formulas guarded, named by the day in England', async () => {
		const results = await sessionResults(t.db, organisationId, sessionId);
		const csv = sessionResultsCsv(results);
		expect(csv.startsWith('\ufeff')).toBe(true);
		const table = parseCsv(csv);
		expect(table[0]).toEqual(['Activity', 'Question', 'Type', 'Answer', 'Count']);
		const of = (n: string) => table.filter((row) => row[0] === n).map((row) => [row[3], row[4]]);
		expect(of('1')).toEqual([
			['People who answered', '3'],
			['At school', '0'],
			['Online', '1'],
			['A youth hub', '2']
		]);
		expect(of('2')).toEqual([['People who answered', '3'], ['1', '0'], ['2', '2'], ['3', '0'], ['4', '0'], ['5', '1'], ['Average', '3']]);
		expect(of('3')).toEqual([['People who answered', '3'], ['kind', '3'], ['quick', '2'], ['\'=hyperlink("x")', '1']]);
		expect(of('4')).toEqual([['People who answered', '3'], ["'=cmd|calc", '1'], ['Evening drop-ins', '1']]);
		expect(of('5')).toEqual([['People who answered', '2'], ['Short waits (dots)', '5'], ['Near home (dots)', '0'], ['Friendly staff (dots)', '1']]);
		expect(table.filter((row) => row[0] === '2').every((row) => row[1] === 'How easy is it to get help now?' && row[2] === 'Rating scale')).toBe(true);
		for (const secret of ['rudeword', 'Something hidden', 'Still waiting', sessionId, ids.poll]) expect(csv).not.toContain(secret);
		expect(sessionResultsFilename(results)).toBe('session-results-2026-06-15.csv');
	});
});
