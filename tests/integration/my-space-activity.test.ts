// "What I did and what it changed": the person's own activities grouped by project, with only
// published outcomes, nothing of another organisation and nothing about anyone else.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { publishAward, recordAward, thankPanels } from '../../src/lib/server/evaluation/award';
import { panelMembers, panelScores, tenders } from '../../src/lib/server/evaluation/schema';
import { newId } from '../../src/lib/server/db/ids';
import { quickProject } from '../helpers/projects';
import { myActivity } from '../../src/lib/server/my-space/activity';
import { peopleWhoTookPart } from '../../src/lib/server/my-space/took-part';
import { addYouSaid, publishYouSaid } from '../../src/lib/server/projects/you-said';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { awardFixture, awardInput, BIDDERS, NOW as AWARD_NOW, type AwardFixture } from './award-fixture';
import { hoursFor, sessionAttended, surveyWith, visitReported, world, type Person, type World } from './my-space-world';

let t: TestDatabase;
let db: Db;
let w: World;
let me: Person;
let onP: AwardFixture;
let onQ: AwardFixture;
const youSaid = (text: string) => ({ activity: 'survey' as const, source: 'Our survey', youSaid: text, weDid: `We did: ${text}`, status: 'changed' as const, decidedOn: null, step: null });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	w = await world(db);
	// The award fixture makes its own panel members: "me" is one of its young people (y1).
	onP = await awardFixture(db, w.officer, w.projectP, 'MS/P/1');
	const [y1] = await db.select({ id: panelMembers.userId }).from(panelMembers).where(eq(panelMembers.panelId, onP.panelIds[1]));
	me = { ...w.me, id: y1.id };
	await recordAward(db, w.officer, onP.tenderId, awardInput(onP.bids.x), AWARD_NOW);
	await publishAward(db, w.officer, onP.tenderId, AWARD_NOW);
	await thankPanels(db, w.officer, onP.tenderId, { message: 'Thank you: your scores helped us choose.' }, AWARD_NOW);
	// Q is not published: its award is decided and published, but nobody is named to me.
	onQ = await awardFixture(db, w.officer, w.projectQ, 'MS/Q/1');
	await recordAward(db, w.officer, onQ.tenderId, awardInput(onQ.bids.y, { rationale: 'Chosen for what young people said about it, which mattered most to the panel and officers.' }), AWARD_NOW);
	await publishAward(db, w.officer, onQ.tenderId, AWARD_NOW);

	await surveyWith(db, w.officer, w.projectP, [me.id, w.someoneElse.id], { title: 'Answered, results to participants', resultsVisibility: 'participants', resultsSummary: 'Most of you want later opening.' });
	await surveyWith(db, w.officer, w.projectP, [me.id], { title: 'Answered, results for staff only', resultsVisibility: 'staff' });
	await surveyWith(db, w.officer, w.projectP, [], { title: 'Not answered, results public', resultsVisibility: 'public', resultsSummary: 'Everyone likes music.' });
	await surveyWith(db, w.officer, w.projectP, [], { title: 'Not answered, results to participants', resultsVisibility: 'participants' });
	await surveyWith(db, w.officer, w.projectP, [me.id], { title: 'Draft survey', status: 'draft', resultsVisibility: 'public' });
	await surveyWith(db, w.officer, w.projectQ, [me.id], { title: 'Q survey, results to participants', resultsVisibility: 'participants' });
	await surveyWith(db, w.officer, w.projectQ, [], { title: 'Q survey, public but the project is not', resultsVisibility: 'public' });
	await sessionAttended(db, w.champion, w.projectP, me.id);
	await visitReported(db, w.champion, w.projectP, me.id);
	await hoursFor(db, w.champion, me.id, null, 1.5);
	// Someone else's things: never in mine.
	await sessionAttended(db, w.champion, w.projectR, w.someoneElse.id, 'Pollyanna’s session');
	await hoursFor(db, w.champion, w.someoneElse.id, w.projectP, 7, 'Pollyanna’s hours');
	// Another organisation: a stray answer of mine to their survey, and their published entry.
	await surveyWith(db, w.officerB, w.projectB, [me.id, w.outsider.id], { title: 'Southbank survey', resultsVisibility: 'public' });

	const published = await addYouSaid(db, w.officer, w.projectP, youSaid('Open later on Fridays'));
	await publishYouSaid(db, w.officer, w.projectP, published, AWARD_NOW);
	await addYouSaid(db, w.officer, w.projectP, youSaid('Not yet published entry'));
	const onHiddenProject = await addYouSaid(db, w.officer, w.projectQ, youSaid('Entry on an unpublished project'));
	await publishYouSaid(db, w.officer, w.projectQ, onHiddenProject, AWARD_NOW);
}, 120_000);
afterAll(async () => t?.close());

describe('what I did, by project', () => {
	it('groups every kind of activity under its project, latest first, with hours', async () => {
		const { projects, totalHours } = await myActivity(db, me);
		expect(projects.map((p) => p.projectId)).toEqual([w.projectP, w.projectQ, null]);
		const p = projects[0];
		expect(p.title).toBe('Youth clubs');
		expect(p.publicHref).toMatch(/^\/projects\//);
		expect(p.items.filter((i) => i.kind !== 'hours').map((i) => i.kind).sort()).toEqual(['live', 'panel', 'session', 'survey', 'survey', 'survey', 'visit']);
		// Hours: the approved visit's (and the panel's, where submitting scores credits them).
		const hours = p.items.filter((i) => i.kind === 'hours');
		expect(hours.map((i) => i.title)).toContain('Mystery shopping: Youth counselling service');
		expect(p.hours).toBe(hours.reduce((sum, i) => sum + (i.hours ?? 0), 0));
		expect(p.items.find((i) => i.kind === 'panel')?.detail).toContain('3 bids');
		expect(p.items.find((i) => i.kind === 'visit')?.detail).toContain('accepted');
		const q = projects[1];
		expect(q.publicHref).toBeNull();
		expect(q.items.map((i) => i.title)).toEqual(['Q survey, results to participants']);
		expect(projects[2]).toMatchObject({ title: 'Other things you did', hours: 1.5, outcomes: null });
		expect(totalHours).toBe(p.hours + 1.5);
		// Dates are newest first within a project.
		const days = p.items.map((i) => i.on);
		expect([...days].sort().reverse()).toEqual(days);
	});

	it('shows only published outcomes: the award with its public winner, published entries, visible results, the panel’s thanks', async () => {
		const { projects } = await myActivity(db, me);
		const p = projects[0].outcomes!;
		expect(p.awards).toEqual([{ tenderId: onP.tenderId, tenderTitle: 'Short breaks MS/P/1', winner: BIDDERS.x.bidderName, startsOn: '2026-04-01', endsOn: '2029-03-31', decidedOn: '2026-03-10' }]);
		expect(p.youSaid.map((e) => e.youSaid)).toEqual(['Open later on Fridays']);
		expect(p.youSaid[0].status).toBe('We changed something');
		expect(p.results.map((r) => r.title).sort()).toEqual(['Answered, results to participants', 'Not answered, results public']);
		expect(p.results.find((r) => r.title === 'Answered, results to participants')).toMatchObject({ summary: 'Most of you want later opening.', href: expect.stringMatching(/^\/survey\/MS/) });
		expect(p.thanks).toEqual([{ panelId: onP.panelIds[1], tenderTitle: 'Short breaks MS/P/1', message: 'Thank you: your scores helped us choose.' }]);
		// Q isn't published: its award is there without a name; its entries and public-only results aren't.
		const q = projects[1].outcomes!;
		expect(q.awards).toEqual([{ tenderId: onQ.tenderId, tenderTitle: 'Short breaks MS/Q/1', winner: null, startsOn: '2026-04-01', endsOn: '2029-03-31', decidedOn: '2026-03-10' }]);
		expect(q.youSaid).toEqual([]);
		expect(q.results.map((r) => r.title)).toEqual(['Q survey, results to participants']);
		expect(q.thanks).toEqual([]);
	});

	it('never shows another organisation, other people’s rows or names, or anything about bids beyond the public winner', async () => {
		const text = JSON.stringify(await myActivity(db, me));
		for (const secret of ['Southbank', 'Pollyanna', 'Olu', 'Yusuf', 'Sally', 'Steve', 'Jesse', BIDDERS.y.bidderName, BIDDERS.z.bidderName, BIDDERS.x.contactName, BIDDERS.x.contactEmail, 'Not yet published', 'unpublished project', 'Not answered, results to participants', 'public but the project is not'])
			expect(text).not.toContain(secret);
		expect(text).not.toMatch(/Bid [XYZ]\b|"label"/);
		expect(text).not.toContain(w.projectR);
		expect(text).not.toContain(w.projectB);
	});

	it('is empty for someone who did nothing, and another organisation’s person sees only their own', async () => {
		const nobody = await world(db).then((x) => x.me);
		expect(await myActivity(db, nobody)).toEqual({ projects: [], totalHours: 0 });
		const theirs = await myActivity(db, w.outsider);
		expect(theirs.projects.map((p) => p.title)).toEqual(['Southbank parks']);
		expect(JSON.stringify(theirs)).not.toContain('Youth clubs');
	});
});

describe('who took part in a project', () => {
	it('lists each kind of taking part once, only for the project’s organisation', async () => {
		const people = await peopleWhoTookPart(db, w.orgA, w.projectP);
		expect(people).toContain(me.id);
		expect(people).toContain(w.someoneElse.id); // answered a survey, and has hours
		expect(people).not.toContain(w.outsider.id);
		expect(new Set(people).size).toBe(people.length);
		// The staff panel's members submitted scores too; the officer didn't take part.
		expect(people).not.toContain(w.officer.id);
		expect(await peopleWhoTookPart(db, w.orgB, w.projectP)).toEqual([]);
		expect(await peopleWhoTookPart(db, w.orgB, w.projectB)).toEqual([w.outsider.id]); // my stray answer there is not of their organisation
	});
});

describe('two panels of one tender, and two tenders with the same title', () => {
	it('gives each thank-you its panel and each decision its tender, so the page can key them apart', async () => {
		const project = await quickProject(db, w.officer, 'Holiday clubs');
		const a = await awardFixture(db, w.officer, project, 'MS/D/1');
		const b = await awardFixture(db, w.officer, project, 'MS/D/2');
		await db.update(tenders).set({ title: 'Holiday clubs tender' }).where(inArray(tenders.id, [a.tenderId, b.tenderId]));
		for (const f of [a, b]) {
			await recordAward(db, w.officer, f.tenderId, awardInput(f.bids.x), AWARD_NOW);
			await publishAward(db, w.officer, f.tenderId, AWARD_NOW);
			await thankPanels(db, w.officer, f.tenderId, { message: 'Thank you from the holiday clubs team.' }, AWARD_NOW);
		}
		// A's young person also sat on A's other panel and on B's young people's panel, and scored there.
		const [person] = await db.select({ id: panelMembers.userId }).from(panelMembers).where(eq(panelMembers.panelId, a.panelIds[1]));
		for (const [panelId, criterionId, bidId] of [
			[a.panelIds[0], a.criteria.q1, a.bids.x],
			[b.panelIds[1], b.criteria.y1, b.bids.x]
		]) {
			const memberId = newId();
			await db.insert(panelMembers).values({ id: memberId, panelId, userId: person.id, status: 'active' });
			await db.insert(panelScores).values({ id: newId(), panelMemberId: memberId, bidId, criterionId, score: 3, submittedAt: AWARD_NOW });
		}
		const { projects } = await myActivity(db, { id: person.id, organisationId: w.orgA });
		const group = projects.find((p) => p.projectId === project)!;
		expect(group.items.filter((i) => i.kind === 'panel')).toHaveLength(3);
		const outcomes = group.outcomes!;
		expect(outcomes.thanks.map((t) => t.tenderTitle)).toEqual(['Holiday clubs tender', 'Holiday clubs tender', 'Holiday clubs tender']);
		expect(outcomes.thanks.map((t) => t.panelId).sort()).toEqual([a.panelIds[0], a.panelIds[1], b.panelIds[1]].sort());
		expect(outcomes.awards.map((x) => x.tenderTitle)).toEqual(['Holiday clubs tender', 'Holiday clubs tender']);
		expect(outcomes.awards.map((x) => x.tenderId).sort()).toEqual([a.tenderId, b.tenderId].sort());
	});
});
