import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { organisations } from '../../src/lib/server/organisations/schema';
import type { EvidenceSource } from '../../src/lib/server/projects/evidence';
import { createProject, type ProjectInput } from '../../src/lib/server/projects/projects';
import { decisions, decommissionings, equalityFindings, projectSteps, projects } from '../../src/lib/server/projects/schema';
import { listProjectEvidence } from '../../src/lib/server/projects/sources';
import {
	addYouSaid,
	deleteYouSaid,
	getYouSaid,
	listYouSaid,
	publishYouSaid,
	updateYouSaid,
	withdrawYouSaid,
	type YouSaidInput
} from '../../src/lib/server/projects/you-said';
import { feedEntries, portalHome, publicParticipation, publicProject, publicProjectPreview, publicProjectsList } from '../../src/lib/server/publishing/portal';
import { publishProject, withdrawProject } from '../../src/lib/server/publishing/publish';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let orgB: string;
let officer: Person;
let officerB: Person;

const NOW = new Date('2026-03-15T12:00:00Z');
const input = (title: string, over: Partial<ProjectInput> = {}): ProjectInput => ({
	title,
	summary: `A summary of ${title} for young people.`,
	serviceArea: 'Youth services',
	level: 'strategic',
	route: 'procurement',
	annualValue: 12_500_000,
	contractMonths: 36,
	leadOfficerId: null,
	publicContact: 'commissioning@example.gov.uk',
	status: 'planned',
	...over
});
const entry = (over: Partial<YouSaidInput> = {}): YouSaidInput => ({
	activity: 'survey',
	source: 'Survey of 120 young people, March',
	youSaid: 'Opening hours are too short.',
	weDid: 'The service will open until 9pm.',
	status: 'changed',
	decidedOn: '2026-03-01',
	step: 2,
	...over
});
const setStep = (projectId: string, step: number, fields: Partial<typeof projectSteps.$inferInsert>) =>
	db.update(projectSteps).set(fields).where(and(eq(projectSteps.projectId, projectId), eq(projectSteps.step, step)));

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	officerB = await quickUser(db, orgB, ['officer']);
});
afterAll(async () => {
	await t?.close();
});

describe('publishing a project', () => {
	it('is not public until published, shows only public facts, and disappears when withdrawn', async () => {
		const p = await createProject(db, officer, input('Youth mental health support', { leadOfficerId: officer.id }), NOW);
		// Internal details that must never reach the public.
		await setStep(p.id, 2, { notes: 'SECRET-STEP-NOTE' });
		await db.insert(decisions).values({
			id: newId(),
			projectId: p.id,
			step: 2,
			decidedOn: '2026-03-01',
			decision: 'SECRET-DECISION',
			decidedBy: 'Board',
			totalValuePence: 37_500_000,
			requiredApprover: 'The board',
			notes: 'SECRET-DECISION-NOTE',
			recordedBy: officer.id
		});
		await db.insert(equalityFindings).values({ id: newId(), projectId: p.id, characteristic: 'age', findings: 'SECRET-EQUALITY' });

		expect(await publicProject(db, p.slug)).toBeNull();
		expect((await publicProjectsList(db)).map((x) => x.slug)).not.toContain(p.slug);
		expect((await feedEntries(db)).map((e) => e.path)).not.toContain(`/projects/${p.slug}`);
		expect((await portalHome(db, NOW)).commissioningNow.map((x) => x.slug)).not.toContain(p.slug);

		await publishProject(db, officer, p.id, NOW);
		const pub = await publicProject(db, p.slug);
		expect(pub).not.toBeNull();
		expect(pub!.title).toBe('Youth mental health support');
		expect(pub!.routeLabel).toBe('Bought from another organisation (a tender)');
		expect(pub!.steps).toHaveLength(8);
		expect(pub!.currentStep).toMatchObject({ step: 1, name: 'Initiate' });
		expect(pub!.nextStep).toMatchObject({ step: 2, name: 'Investigate' });
		expect(pub!.publishedAt).toBe(NOW.toISOString());
		const json = JSON.stringify(pub);
		for (const secret of ['leadOfficerId', 'organisationId', '"notes"', 'SECRET', 'recordedBy', 'requiredApprover', officer.id, p.id, orgA])
			expect(json, secret).not.toContain(secret);
		for (const listed of [await publicProjectsList(db), await portalHome(db, NOW), await feedEntries(db)]) {
			const text = JSON.stringify(listed);
			expect(text).toContain(p.slug);
			for (const secret of ['leadOfficerId', 'organisationId', 'SECRET', officer.id, p.id, orgA]) expect(text, secret).not.toContain(secret);
		}
		expect((await portalHome(db, NOW)).commissioningNow.map((x) => x.slug)).toContain(p.slug);

		// Publishing again keeps the first date and adds no second audit entry.
		await publishProject(db, officer, p.id, new Date(NOW.getTime() + 60_000));
		expect((await publicProject(db, p.slug))!.publishedAt).toBe(NOW.toISOString());
		expect((await auditFor(db, 'project.published')).filter((a) => a.targetId === p.id)).toHaveLength(1);

		await withdrawProject(db, officer, p.id);
		expect(await publicProject(db, p.slug)).toBeNull();
		expect((await publicProjectsList(db)).map((x) => x.slug)).not.toContain(p.slug);
		expect((await feedEntries(db)).map((e) => e.path)).not.toContain(`/projects/${p.slug}`);
		expect((await portalHome(db, NOW)).commissioningNow.map((x) => x.slug)).not.toContain(p.slug);
		const withdrawn = (await auditFor(db, 'project.withdrawn')).filter((a) => a.targetId === p.id);
		expect(withdrawn).toHaveLength(1);
		expect(withdrawn[0].actorId).toBe(officer.id);
	});

	it('refuses another organisation’s project (IDOR) and never finds odd slugs', async () => {
		const p = await createProject(db, officer, input('Short breaks'), NOW);
		await expectInputError(publishProject(db, officerB, p.id));
		await expectInputError(publicProjectPreview(db, orgB, p.id));
		await publishProject(db, officer, p.id);
		await expectInputError(withdrawProject(db, officerB, p.id));
		expect(await publicProject(db, p.slug)).not.toBeNull();
		for (const slug of ['', 'x'.repeat(10_000), "a' or '1'='1", '../etc/passwd', 'UPPER', p.slug + '\u0000', `${p.slug}/x`, p.id])
			expect(await publicProject(db, slug), slug.slice(0, 20)).toBeNull();
	});

	it('previews exactly the public shape before publishing', async () => {
		const p = await createProject(db, officer, input('Preview me'), NOW);
		const preview = await publicProjectPreview(db, orgA, p.id);
		expect(preview.publishedAt).toBeNull();
		expect(preview.slug).toBe(p.slug);
		await publishProject(db, officer, p.id, NOW);
		const pub = await publicProject(db, p.slug);
		expect(Object.keys(pub!).sort()).toEqual(Object.keys(preview).sort());
		expect({ ...pub, publishedAt: null }).toEqual({ ...preview, updatedAt: pub!.updatedAt });
	});
});

describe('how young people and parents took part', () => {
	const fakeSource = (counts: [string, number][]): EvidenceSource => ({
		kind: 'fake',
		label: 'Fake',
		list: async () =>
			counts.map(([activity, participants]) => ({ kind: 'fake', step: 2, title: 'x', summary: 'x', date: null, participation: { activity: activity as 'survey', participants } }))
	});

	it('never shows a count below the organisation’s threshold', async () => {
		const p = await createProject(db, officer, input('Counting'), NOW);
		await publishProject(db, officer, p.id, NOW);
		const source = fakeSource([['survey', 120], ['workshop', 3], ['panel', 5], ['storytelling', 2], ['storytelling', 2]]);
		const pub = await publicProject(db, p.slug, { sources: [source] });
		expect(pub!.participation.threshold).toBe(5);
		const byKind = Object.fromEntries(pub!.participation.activities.map((a) => [a.activity, a]));
		expect(byKind.survey).toMatchObject({ participants: 120, display: '120' });
		expect(byKind.workshop).toMatchObject({ participants: null, display: 'fewer than 5' });
		expect(byKind.panel).toMatchObject({ participants: 5, display: '5' });
		// Two small groups of the same kind add up to four: still hidden.
		expect(byKind.storytelling).toMatchObject({ participants: null, display: 'fewer than 5' });
		expect(JSON.stringify(pub!.participation)).not.toMatch(/"participants":[1-4]\b/);

		await db.update(organisations).set({ smallNumberThreshold: 10 }).where(eq(organisations.id, orgA));
		const stricter = await publicProject(db, p.slug, { sources: [source] });
		expect(stricter!.participation.activities.find((a) => a.activity === 'panel')).toMatchObject({ participants: null, display: 'fewer than 10' });
		await db.update(organisations).set({ smallNumberThreshold: 5 }).where(eq(organisations.id, orgA));
	});

	it('publicParticipation keeps the activity order and hides small counts', () => {
		const out = publicParticipation(new Map([['other', 9], ['survey', 1]]), 5);
		expect(out.map((o) => o.activity)).toEqual(['survey', 'other']);
		expect(out[0]).toMatchObject({ participants: null, display: 'fewer than 5' });
	});
});

describe('the portal home', () => {
	it('plans tenders twelve months ahead, with the contact', async () => {
		const now = new Date('2030-06-15T09:00:00Z');
		const make = async (title: string, start: string | null, over: Partial<ProjectInput> = {}) => {
			const p = await createProject(db, officer, input(title, over), now);
			await setStep(p.id, 5, { plannedStart: start });
			await publishProject(db, officer, p.id, now);
			return p.slug;
		};
		const today = await make('Tender today', '2030-06-15');
		const soon = await make('Tender soon', '2030-09-01');
		const lastDay = await make('Tender last day', '2031-06-14');
		const tooLate = await make('Tender in a year', '2031-06-15');
		const past = await make('Tender last month', '2030-05-15');
		const none = await make('No date', null);
		const closed = await make('Closed one', '2030-09-01', { status: 'closed' });
		const hidden = await createProject(db, officer, input('Unpublished tender'), now);
		await setStep(hidden.id, 5, { plannedStart: '2030-09-01' });

		const home = await portalHome(db, now);
		const plan = home.forwardPlan.map((f) => f.slug);
		expect(plan).toEqual(expect.arrayContaining([today, soon, lastDay]));
		for (const out of [tooLate, past, none, closed, hidden.slug]) expect(plan).not.toContain(out);
		const ours = home.forwardPlan.filter((f) => [today, soon, lastDay].includes(f.slug));
		expect(ours.map((f) => f.tenderStarts)).toEqual(['2030-06-15', '2030-09-01', '2031-06-14']);
		expect(ours[0].publicContact).toBe('commissioning@example.gov.uk');
		expect(home.commissioningNow.map((x) => x.slug)).not.toContain(closed);
	});

	it('lists what is being decommissioned with the reasons in plain words and the notice date', async () => {
		const p = await createProject(db, officer, input('Riverside youth club'), NOW);
		await db.update(projects).set({ status: 'decommissioning' }).where(eq(projects.id, p.id));
		await db.insert(decommissionings).values({
			projectId: p.id,
			reasons: ['needs_no_longer_met', 'not_value_for_money'],
			explanation: 'SECRET-EXPLANATION',
			consultationPlan: 'SECRET-PLAN',
			providerNoticeDate: '2026-06-15',
			startedBy: officer.id
		});
		let home = await portalHome(db, NOW);
		expect(home.decommissioning.map((d) => d.slug)).not.toContain(p.slug);
		await publishProject(db, officer, p.id, NOW);
		home = await portalHome(db, NOW);
		const listed = home.decommissioning.find((d) => d.slug === p.slug)!;
		expect(listed.notice!.providerNoticeDate).toBe('2026-06-15');
		expect(listed.notice!.reasons.map((r) => r.code)).toEqual(['needs_no_longer_met', 'not_value_for_money']);
		expect(listed.notice!.reasons[1].label).toMatch(/value for money/);
		expect(home.commissioningNow.map((x) => x.slug)).not.toContain(p.slug);
		const pub = await publicProject(db, p.slug);
		expect(pub!.decommissioning!.providerNoticeDate).toBe('2026-06-15');
		expect(JSON.stringify([home, pub])).not.toContain('SECRET');
	});
});

describe('you said, we did', () => {
	it('adds, edits, publishes, withdraws and deletes entries, audited', async () => {
		const p = await createProject(db, officer, input('Youth clubs'), NOW);
		const id = await addYouSaid(db, officer, p.id, entry(), NOW);
		await updateYouSaid(db, officer, p.id, id, entry({ weDid: 'The clubs will open until 9pm on Fridays.', step: null }), NOW);
		expect(await getYouSaid(db, orgA, p.id, id)).toMatchObject({ weDid: 'The clubs will open until 9pm on Fridays.', step: null, publishedAt: null });
		const evidence = await listProjectEvidence(db, p.id);
		expect(evidence.flatMap((e) => e.items).some((i) => i.kind === 'you_said_we_did' && i.summary.includes('9pm'))).toBe(true);

		// Published entry on an unpublished project: nowhere public yet.
		await publishYouSaid(db, officer, p.id, id, new Date(NOW.getTime() + 1000));
		expect((await portalHome(db, NOW)).latestYouSaid.map((e) => e.id)).not.toContain(id);
		expect((await feedEntries(db)).some((e) => e.path.endsWith(`#you-said-${id}`))).toBe(false);
		expect((await publicProjectPreview(db, orgA, p.id)).youSaidWeDid.map((e) => e.id)).toEqual([id]);

		await publishProject(db, officer, p.id, NOW);
		const pub = await publicProject(db, p.slug);
		expect(pub!.youSaidWeDid).toHaveLength(1);
		expect(pub!.youSaidWeDid[0]).toMatchObject({ statusLabel: 'We changed something', activityLabel: 'Survey', youSaid: 'Opening hours are too short.' });
		expect((await portalHome(db, NOW)).latestYouSaid[0]).toMatchObject({ id, project: { slug: p.slug, title: 'Youth clubs' } });
		const feed = await feedEntries(db);
		const feedEntry = feed.find((e) => e.path === `/projects/${p.slug}#you-said-${id}`)!;
		expect(feedEntry.title).toBe('You said, we did: Youth clubs');
		// Newest first.
		expect([...feed].sort((a, b) => b.updated.localeCompare(a.updated))).toEqual(feed);

		// A second, unpublished entry stays private.
		const draft = await addYouSaid(db, officer, p.id, entry({ youSaid: 'DRAFT-ONLY' }), NOW);
		expect(JSON.stringify(await publicProject(db, p.slug))).not.toContain('DRAFT-ONLY');
		expect(await listYouSaid(db, orgA, p.id)).toHaveLength(2);

		await withdrawYouSaid(db, officer, p.id, id);
		expect((await publicProject(db, p.slug))!.youSaidWeDid).toHaveLength(0);
		expect((await feedEntries(db)).some((e) => e.path.endsWith(`#you-said-${id}`))).toBe(false);
		await withdrawYouSaid(db, officer, p.id, id); // already withdrawn: no second audit
		await deleteYouSaid(db, officer, p.id, draft);
		expect(await listYouSaid(db, orgA, p.id)).toHaveLength(1);

		for (const [action, n] of [['you_said.added', 2], ['you_said.updated', 1], ['you_said.published', 1], ['you_said.withdrawn', 1], ['you_said.deleted', 1]] as const) {
			const rows = (await auditFor(db, action)).filter((a) => a.detail?.projectId === p.id);
			expect(rows, action).toHaveLength(n);
			expect(JSON.stringify(rows)).not.toContain('Opening hours');
		}
	});

	it('refuses entries of other projects and organisations, and bad input', async () => {
		const p = await createProject(db, officer, input('Mine'), NOW);
		const other = await createProject(db, officer, input('Other'), NOW);
		const theirs = await createProject(db, officerB, input('Theirs'), NOW);
		const id = await addYouSaid(db, officer, p.id, entry(), NOW);
		const theirId = await addYouSaid(db, officerB, theirs.id, entry(), NOW);

		await expectInputError(addYouSaid(db, officerB, p.id, entry()));
		await expectInputError(getYouSaid(db, orgB, p.id, id));
		await expectInputError(updateYouSaid(db, officerB, p.id, id, entry({ youSaid: 'hijacked' })));
		await expectInputError(publishYouSaid(db, officerB, p.id, id));
		await expectInputError(deleteYouSaid(db, officerB, p.id, id));
		// The right organisation, the wrong project, or another organisation's entry through our project.
		await expectInputError(getYouSaid(db, orgA, other.id, id));
		await expectInputError(publishYouSaid(db, officer, other.id, id));
		await expectInputError(deleteYouSaid(db, officer, p.id, theirId));
		await expectInputError(updateYouSaid(db, officer, theirs.id, theirId, entry()));
		expect(await getYouSaid(db, orgA, p.id, id)).toMatchObject({ youSaid: 'Opening hours are too short.', publishedAt: null });
		expect(await getYouSaid(db, orgB, theirs.id, theirId)).toBeTruthy();

		// Domain functions re-check their input.
		await expectInputError(addYouSaid(db, officer, p.id, entry({ youSaid: '' })), 'youSaid');
		await expectInputError(addYouSaid(db, officer, p.id, entry({ weDid: 'x'.repeat(2001) })), 'weDid');
		await expectInputError(addYouSaid(db, officer, p.id, entry({ step: 9 })), 'step');
		await expectInputError(addYouSaid(db, officer, p.id, entry({ decidedOn: '2026-02-31' })), 'decidedOn');
		await expectInputError(addYouSaid(db, officer, p.id, entry({ status: 'maybe' as 'changed' })), 'status');
		expect(await listYouSaid(db, orgA, p.id)).toHaveLength(1);
	});
});

describe('projects', () => {
	it('a project in another organisation stays unpublished when someone else tries', async () => {
		const theirs = await createProject(db, officerB, input('Not yours'), NOW);
		await expectInputError(publishProject(db, officer, theirs.id));
		const [row] = await db.select({ publishedAt: projects.publishedAt }).from(projects).where(eq(projects.id, theirs.id));
		expect(row.publishedAt).toBeNull();
	});
});
