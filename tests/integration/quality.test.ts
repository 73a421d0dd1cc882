// The participation quality view (Lundy model) and its public headline counts: what each count is
// (voice: the same deduplicated people as reach, never a sum of per-activity counts; audience: input
// items responded to, from published you-said-we-did entries, reviewed mystery-shopping reports and
// moderated workshop ideas; influence: published entries with a decision), the toggle (audited,
// organisation-scoped), the public page and JSON showing the headline counts only when published,
// and accessible formats on plan items (validated).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPlanItem, listPlanItems } from '../../src/lib/server/projects/plans';
import { participationPlans, projects, youSaidWeDid } from '../../src/lib/server/projects/schema';
import type { EvidenceByStep } from '../../src/lib/server/projects/evidence';
import { publicProject } from '../../src/lib/server/publishing/portal';
import { projectQuality, publicQuality, setQualityPublished } from '../../src/lib/server/reach/quality';
import { newId } from '../../src/lib/server/db/ids';
import { shoppingReports } from '../../src/lib/server/mystery-shopping/schema';
import { surveyResponses, surveys } from '../../src/lib/server/surveys/schema';
import { liveActivities, liveEntries, liveParticipants, liveResponses, workshopSessions } from '../../src/lib/server/workshops/schema';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

let t: TestDatabase;
let officer: { id: string; organisationId: string };
let stranger: { id: string; organisationId: string };
let projectId: string;
let slug: string;
const young = () => quickUser(t.db, officer.organisationId, ['young_person']);
beforeAll(async () => {
	t = await createTestDatabase();
	officer = await quickUser(t.db, await makeOrganisation(t.db), ['officer']);
	stranger = await quickUser(t.db, await makeOrganisation(t.db, 'Elsewhere'), ['officer']);
	projectId = await quickProject(t.db, officer, 'Youth centres');
	await addPlanItem(t.db, officer, projectId, { step: 2, activity: 'survey', audience: 'young_people', description: null, formats: ['easy_read', 'online'] });
	await addPlanItem(t.db, officer, projectId, { step: 2, activity: 'workshop', audience: 'both', description: null, formats: ['online', 'evening_weekend'] });
	await addPlanItem(t.db, officer, projectId, { step: 5, activity: 'panel', audience: 'young_people', description: null });
	const entry = (status: 'considering' | 'changed' | 'not_changed', decidedOn: string | null, published = true) => ({
		id: newId(),
		projectId,
		activity: 'survey' as const,
		source: 'Survey',
		youSaid: 'x',
		weDid: 'y',
		status,
		decidedOn,
		publishedAt: published ? new Date() : null
	});
	// Published: considering, changed (dated), changed (no date), not changed (dated). Not published: a dated change.
	await t.db.insert(youSaidWeDid).values([entry('considering', null), entry('changed', '2026-05-01'), entry('changed', null), entry('not_changed', '2026-05-02'), entry('changed', '2026-05-03', false)]);

	// Three young shoppers' reports on the project's programme: waiting, approved, returned. Another project's report isn't counted.
	const shoppers = [await young(), await young(), await young()];
	const report = async (project: string, shopperId: string, status: 'submitted' | 'approved' | 'returned') => {
		const { programmeId } = await quickProgramme(t.db, officer, await quickContract(t.db, officer, project));
		const visitId = await quickVisit(t.db, officer, programmeId, [shopperId]);
		await t.db.insert(shoppingReports).values({ id: newId(), visitId, shopperId, idempotencyKey: newId(), visitedOn: '2026-03-10', status });
	};
	await report(projectId, shoppers[0].id, 'submitted');
	await report(projectId, shoppers[1].id, 'approved');
	await report(projectId, shoppers[2].id, 'returned');
	const otherProject = await quickProject(t.db, officer, 'Short breaks');
	await report(otherProject, shoppers[0].id, 'approved');

	// Workshop ideas on the project's session: waiting, approved, hidden; a word-cloud word isn't an idea.
	const sessionId = newId();
	const now = new Date('2026-05-01T18:00:00Z');
	await t.db.insert(workshopSessions).values({ id: sessionId, organisationId: officer.organisationId, projectId, step: 2, kind: 'workshop', title: 'Ideas night', startsAt: now, endsAt: new Date(now.getTime() + 3_600_000), code: 'QLTABC', status: 'closed' });
	const ideas = newId();
	const words = newId();
	await t.db.insert(liveActivities).values([
		{ id: ideas, sessionId, position: 1, type: 'ideas', prompt: 'Ideas?' },
		{ id: words, sessionId, position: 2, type: 'word_cloud', prompt: 'One word?' }
	]);
	const participantId = newId();
	await t.db.insert(liveParticipants).values({ id: participantId, sessionId, userId: null, tokenHash: newId() });
	const ideasResponse = newId();
	const wordsResponse = newId();
	await t.db.insert(liveResponses).values([
		{ id: ideasResponse, activityId: ideas, participantId },
		{ id: wordsResponse, activityId: words, participantId }
	]);
	await t.db.insert(liveEntries).values([
		...(['pending', 'approved', 'hidden'] as const).map((status) => ({ id: newId(), responseId: ideasResponse, activityId: ideas, text: 'An idea', normalised: 'an idea', status })),
		{ id: newId(), responseId: wordsResponse, activityId: words, text: 'fun', normalised: 'fun', status: 'shown' as const }
	]);

	// Four anonymous survey answers and one signed in, from a shopper (who is counted once).
	const surveyId = newId();
	await t.db.insert(surveys).values({ id: surveyId, organisationId: officer.organisationId, projectId, step: 2, title: 'Have your say', introduction: 'Tell us.', audience: 'anyone', anonymous: false, status: 'open', code: 'QLTSRV' });
	for (const userId of [null, null, null, null, shoppers[0].id])
		await t.db.insert(surveyResponses).values({ id: newId(), surveyId, userId, idempotencyKey: newId(), respondentType: 'young_person', ageBand: '13_15', answers: {}, submittedAt: now });
	const [row] = await t.db.update(projects).set({ publishedAt: new Date() }).where(eq(projects.id, projectId)).returning({ slug: projects.slug });
	slug = row.slug;
}, 120_000);
afterAll(async () => {
	await t?.close();
});

describe('quality view', () => {
	it('counts space, voice, audience and influence', async () => {
		const q = await projectQuality(t.db, officer.organisationId, projectId);
		expect(q.space).toEqual({ steps: [2, 5], planned: 2, of: 8 });
		expect(q.voice.formats).toEqual(['easy_read', 'online', 'evening_weekend']);
		// 3 shoppers (one also answered the survey signed in) and 4 anonymous answers: 7 people, not 3 + 5.
		expect(q.voice.people).toEqual({ suppressed: false, value: 7, display: '7' });
		// The phone that sent ideas answered without signing in.
		expect(q.voice.withoutDetails).toEqual({ suppressed: true, value: null, display: 'fewer than 5' });
		// Published entries answered: changed (twice) and not changed, of 4; reports reviewed: approved and returned, of 3;
		// ideas moderated: approved and hidden, of 3 (the word isn't an idea). The unpublished entry isn't counted.
		expect(q.audience).toEqual({ responded: 7, of: 10, youSaid: { responded: 3, of: 4 }, reports: { responded: 2, of: 3 }, ideas: { responded: 2, of: 3 } });
		// Decided (with a date): changed and not changed; of them, one changed something.
		expect(q.influence).toEqual({ decided: 2, changed: 1 });
		expect(q.unpublishedEntries).toBe(1);
		expect(q.published).toBe(false);
	});

	it('hides the public people count when it could narrow down a hidden per-activity count', async () => {
		const evidence = (counts: [string, number][]): EvidenceByStep[] => [
			{ step: 2, items: counts.map(([activity, participants]) => ({ kind: 'x', step: 2, title: 't', summary: 's', date: null, participation: { activity: activity as 'survey', participants } })) }
		];
		// 5 survey answers shown, 3 shoppers "fewer than 5": 7 people less 5 is 2, a floor under the hidden 3. Not shown.
		const hidden = await publicQuality(t.db, officer.organisationId, projectId, evidence([['survey', 5], ['mystery_shopping', 3]]), 5);
		expect([hidden.peopleTakingPart, hidden.peopleTakingPartDisplay]).toEqual([null, 'not shown']);
		// Every per-activity count shown (or the people count no bigger than the shown ones): shown.
		const shown = await publicQuality(t.db, officer.organisationId, projectId, evidence([['survey', 5], ['mystery_shopping', 5]]), 5);
		expect([shown.peopleTakingPart, shown.peopleTakingPartDisplay]).toEqual([7, '7']);
		const covered = await publicQuality(t.db, officer.organisationId, projectId, evidence([['survey', 7], ['workshop', 1]]), 5);
		expect(covered.peopleTakingPart).toBe(7);
		// Small itself: "fewer than 5".
		const small = await publicQuality(t.db, officer.organisationId, projectId, evidence([['survey', 5]]), 8);
		expect([small.peopleTakingPart, small.peopleTakingPartDisplay]).toEqual([null, 'fewer than 8']);
	});

	it('shows nothing publicly until published, then the headline counts only, and stops again', async () => {
		expect((await publicProject(t.db, slug))!.quality).toBeNull();
		await setQualityPublished(t.db, officer, projectId, true);
		const q = (await publicProject(t.db, slug))!.quality!;
		expect(Object.keys(q).sort()).toEqual(['changesMade', 'decisionsMade', 'formatsOffered', 'inputResponded', 'inputTotal', 'peopleTakingPart', 'peopleTakingPartDisplay', 'stepsWithInvolvement']);
		// The public page shows the 3 shoppers as "fewer than 5" beside 5 survey answers: 7 people would give them away.
		expect(q).toEqual({
			stepsWithInvolvement: 2,
			formatsOffered: 3,
			peopleTakingPart: null,
			peopleTakingPartDisplay: 'not shown',
			inputResponded: 7,
			inputTotal: 10,
			decisionsMade: 2,
			changesMade: 1
		});
		await setQualityPublished(t.db, officer, projectId, false);
		expect((await publicProject(t.db, slug))!.quality).toBeNull();
		expect((await auditFor(t.db, 'project.quality_published')).map((a) => [a.actorId, a.targetId])).toEqual([[officer.id, projectId]]);
		expect(await auditFor(t.db, 'project.quality_unpublished')).toHaveLength(1);
	});

	it('is not found for another organisation, and changes nothing', async () => {
		const before = await allCounts(t.db);
		await expectInputError(setQualityPublished(t.db, stranger, projectId, true));
		await expectInputError(projectQuality(t.db, stranger.organisationId, projectId));
		expect(await allCounts(t.db)).toEqual(before);
		const [row] = await t.db.select({ on: projects.qualityPublished }).from(projects).where(eq(projects.id, projectId));
		expect(row.on).toBe(false);
	});
});

describe('accessible formats on plan items', () => {
	it('are listed with the plan', async () => {
		const items = await listPlanItems(t.db, officer.organisationId, projectId);
		expect(items.map((i) => i.formats)).toEqual([['easy_read', 'online'], ['online', 'evening_weekend'], []]);
	});

	for (const [name, formats] of [
		['an unknown format', ['easy_read', 'telepathy']],
		['a format twice', ['bsl', 'bsl']],
		['NUL', ['bsl\u0000']],
		['not text', [42]],
		['too many', Array(11).fill('bsl')]
	] as const)
		it(`refuses ${name}, writing nothing`, async () => {
			const before = await allCounts(t.db);
			const plans = await t.db.select().from(participationPlans);
			await expectInputError(addPlanItem(t.db, officer, projectId, { step: 3, activity: 'survey', audience: 'both', description: null, formats: formats as never }));
			expect(await allCounts(t.db)).toEqual(before);
			expect(await t.db.select().from(participationPlans)).toEqual(plans);
		});
});
