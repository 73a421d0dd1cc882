// A constructed organisation for the reach tests: one project with people taking part in several
// ways (so deduplication matters), anonymous answers, walk-ins and phones, an account deleted
// through the real deletion (its survey answer stays linked to the placeholder), a staff panel
// member and a draft-only scorer (neither counted), a second project with an area literally named
// "unknown", and another organisation whose people must never appear.
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { consents } from '../../src/lib/server/auth/schema';
import { deleteParticipantAccount, requestDeletion } from '../../src/lib/server/my-data/deletion';
import { panelMembers, panelScores } from '../../src/lib/server/evaluation/schema';
import { contributions } from '../../src/lib/server/participation/schema';
import { surveyResponses, surveys } from '../../src/lib/server/surveys/schema';
import { liveActivities, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../../src/lib/server/workshops/schema';
import type { Answers } from '../../src/lib/surveys/definition';
import { birthMonthYearsAgo, quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { panelTender, ready } from '../helpers/panel-tender';
import { quickProject } from '../helpers/projects';

export const NOW = new Date('2026-06-15T12:00:00Z');
const AREAS = ['North', 'South'];

async function survey(db: Db, organisationId: string, projectId: string, anonymous: boolean, areas: string[], createdAt: Date) {
	const id = newId();
	await db.insert(surveys).values({ id, organisationId, projectId, step: 2, title: 'Have your say', introduction: 'Tell us.', audience: 'anyone', anonymous, equalityMonitoring: true, equalityAreas: areas, status: 'open', code: id.slice(0, 6).toUpperCase(), createdAt });
	return id;
}

async function respond(db: Db, surveyId: string, userId: string | null, respondentType: 'young_person' | 'parent_carer' | 'unknown', ageBand: string, answers: Answers, submittedAt = NOW) {
	await db.insert(surveyResponses).values({ id: newId(), surveyId, userId, idempotencyKey: newId(), respondentType, ageBand, answers, submittedAt });
}

export async function reachWorld(db: Db) {
	const org = await makeOrganisation(db, 'Reach Council');
	const officer = await quickUser(db, org, ['officer']);
	const staff = await quickUser(db, org, ['officer']);
	const young = (years: number) => quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(years, NOW) });
	const [y1, y2, y3, y4, y5, y6] = [await young(14), await young(14), await young(14), await young(16), await young(16), await young(12)];
	const p1 = await quickUser(db, org, ['parent_carer']);
	const p2 = await quickUser(db, org, ['parent_carer']);
	const d1 = await young(15);
	const champion = await quickUser(db, org, ['champion']);

	const project = await quickProject(db, officer, 'Youth centres');
	const other = await quickProject(db, officer, 'Short breaks');

	// Surveys: the older one (other project) first, so areas are offered North, South, then Eastfields.
	const signedIn = await survey(db, org, project, false, AREAS, new Date('2026-01-01T00:00:00Z'));
	const anonymous = await survey(db, org, project, true, AREAS, new Date('2026-01-02T00:00:00Z'));
	const older = await survey(db, org, other, false, ['Eastfields'], new Date('2026-01-03T00:00:00Z'));
	const earlier = new Date('2026-02-01T00:00:00Z');
	// y1 answered twice: the newer answers win question by question; religion only in the older one.
	await respond(db, older, y1.id, 'young_person', '13_15', { 'eq-sex': 'male', 'eq-religion': 'muslim', 'eq-area': 'a1' }, earlier);
	await respond(db, signedIn, y1.id, 'young_person', '13_15', { 'eq-sex': 'female', 'eq-area': 'a1', 'eq-ethnicity': 'black_african', 'eq-disability': 'yes' });
	await respond(db, signedIn, y2.id, 'young_person', '13_15', { 'eq-sex': 'female', 'eq-area': 'a2', 'eq-ethnicity': 'white_british', 'eq-disability': 'no' });
	await respond(db, signedIn, y3.id, 'young_person', '13_15', { 'eq-sex': 'male', 'eq-area': 'prefer_not', 'eq-ethnicity': 'asian_indian' });
	// The account deleted below answered too: after deletion it is one person with nothing known, never an anonymous answer.
	await respond(db, signedIn, d1.id, 'young_person', '13_15', { 'eq-sex': 'male', 'eq-area': 'a2', 'eq-ethnicity': 'asian_indian', 'eq-disability': 'yes', 'eq-religion': 'sikh' });
	await respond(db, signedIn, p1.id, 'parent_carer', '35_49', { 'eq-age': '35_49', 'eq-sex': 'female', 'eq-area': 'a1' });
	await respond(db, anonymous, null, 'young_person', '13_15', { 'eq-age': '13_15', 'eq-sex': 'female', 'eq-area': 'a1', 'eq-ethnicity': 'white_irish' });
	await respond(db, anonymous, null, 'young_person', '13_15', { 'eq-age': '13_15', 'eq-sex': 'female', 'eq-area': 'a1', 'eq-ethnicity': 'white_other' });
	await respond(db, anonymous, null, 'young_person', '16_17', { 'eq-age': '16_17', 'eq-sex': 'male', 'eq-area': 'a1', 'eq-ethnicity': 'white_british' });
	await respond(db, anonymous, null, 'young_person', '16_17', { 'eq-age': '16_17', 'eq-sex': 'prefer_not', 'eq-area': 'a2' });
	await respond(db, anonymous, null, 'young_person', 'unknown', { 'eq-age': 'prefer_not' });
	await respond(db, anonymous, null, 'parent_carer', '35_49', { 'eq-age': '35_49', 'eq-sex': 'female', 'eq-area': 'a9' });
	// The other project: one more anonymous answer (organisation figures only), living in an area called "unknown".
	const otherAnonymous = await survey(db, org, other, true, ['unknown'], new Date('2026-01-04T00:00:00Z'));
	await respond(db, otherAnonymous, null, 'young_person', '18_24', { 'eq-age': '18_24', 'eq-area': 'a1' });

	// Panel: y1 and y4 submitted, y5 only a draft, the staff member submitted (staff aren't counted).
	await db.insert(consents).values({ id: newId(), userId: y1.id, givenBy: 'Parent', relationship: 'Mother', givenOn: '2026-01-01', method: 'paper form', recordedBy: staff.id, recordedAt: NOW });
	const tender = await panelTender(db, officer, project, [y1, y4, y5], [staff]);
	for (const m of [y1, y4, y5]) await ready(db, m, tender.youngPanel);
	await ready(db, staff, tender.qualityPanel);
	const members = await db.select().from(panelMembers);
	const memberOf = (userId: string) => members.find((m) => m.userId === userId)!.id;
	for (const [userId, submitted, criterion] of [[y1.id, true, tender.y1], [y4.id, true, tender.y1], [y5.id, false, tender.y1], [staff.id, true, tender.q1]] as const)
		await db.insert(panelScores).values({ id: newId(), panelMemberId: memberOf(userId), bidId: tender.bidIds[0], criterionId: criterion, score: 3, submittedAt: submitted ? NOW : null });

	// A session: y2 and y6 came, p2 signed up but didn't; 7 walk-ins; y4 and 3 anonymous phones answered
	// a live poll; one more phone and y5 joined without answering (not counted as taking part).
	const sessionId = newId();
	await db.insert(workshopSessions).values({ id: sessionId, organisationId: org, projectId: project, step: 2, kind: 'workshop', title: 'Ideas night', startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), code: 'RCHABC', walkIns: 7, status: 'closed' });
	for (const [userId, came] of [[y2.id, true], [y6.id, true], [p2.id, false]] as const)
		await db.insert(sessionRegistrations).values({ id: newId(), sessionId, userId, attendedAt: came ? NOW : null });
	const poll = newId();
	await db.insert(liveActivities).values({ id: poll, sessionId, position: 1, type: 'poll', prompt: 'Which night?' });
	for (const [userId, answered] of [[y4.id, true], [null, true], [null, true], [null, true], [null, false], [y5.id, false]] as const) {
		const participantId = newId();
		await db.insert(liveParticipants).values({ id: participantId, sessionId, userId, tokenHash: newId() });
		if (answered) await db.insert(liveResponses).values({ id: newId(), activityId: poll, participantId });
	}

	// Contributions: the deleted account (other), y3 (a visit, credited as mystery shopping).
	await db.insert(contributions).values([
		{ id: newId(), organisationId: org, userId: d1.id, projectId: project, activity: 'other', sourceId: newId(), description: 'Helped', hours: 2, happenedOn: '2026-06-01' },
		{ id: newId(), organisationId: org, userId: y3.id, projectId: project, activity: 'mystery_shopping', sourceId: newId(), description: 'Visit', hours: 2, happenedOn: '2026-06-01' }
	]);

	// d1 asks for deletion and a champion confirms, through the real deletion.
	await requestDeletion(db, d1, NOW);
	await deleteParticipantAccount(db, champion, d1.id, { now: NOW });

	// Another organisation: its people and answers never count here.
	const otherOrg = await makeOrganisation(db, 'Elsewhere Council');
	const stranger = await quickUser(db, otherOrg, ['young_person'], { birthMonth: birthMonthYearsAgo(14, NOW) });
	const strangerOfficer = await quickUser(db, otherOrg, ['officer']);
	const strangerProject = await quickProject(db, strangerOfficer, 'Elsewhere project');
	const strangerSurvey = await survey(db, otherOrg, strangerProject, false, ['Faraway'], new Date('2026-01-05T00:00:00Z'));
	await respond(db, strangerSurvey, stranger.id, 'young_person', '13_15', { 'eq-sex': 'male' });
	await respond(db, strangerSurvey, null, 'young_person', '13_15', { 'eq-sex': 'male' });
	await db.insert(contributions).values({ id: newId(), organisationId: otherOrg, userId: stranger.id, projectId: strangerProject, activity: 'other', sourceId: newId(), description: 'Helped', hours: 1, happenedOn: '2026-06-01' });

	return { org, officer, staff, champion, project, other, otherOrg, strangerOfficer, strangerProject, people: { y1, y2, y3, y4, y5, y6, p1, p2, d1 } };
}
