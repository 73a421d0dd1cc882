// A small world for My space and notifications tests: two organisations, a published project P and
// an unpublished one Q in organisation A, a project in B. Rows of what people did are inserted
// straight from the schema (each domain tests its own writes); the events that notify people are
// made through the domains' own functions.
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { contributions } from '../../src/lib/server/participation/schema';
import { projects } from '../../src/lib/server/projects/schema';
import { shoppingReports } from '../../src/lib/server/mystery-shopping/schema';
import { surveyResponses, surveys } from '../../src/lib/server/surveys/schema';
import { liveActivities, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../../src/lib/server/workshops/schema';
import { birthMonthYearsAgo, quickUser } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

export type Person = Awaited<ReturnType<typeof quickUser>>;
type Actor = { id: string; organisationId: string };

export const NOW = new Date('2026-03-15T12:00:00Z');
let seq = 0;

export async function world(db: Db) {
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	const officer = await quickUser(db, orgA, ['officer']);
	const champion = await quickUser(db, orgA, ['champion']);
	const officerB = await quickUser(db, orgB, ['officer']);
	const young = (org: string, displayName: string) => quickUser(db, org, ['young_person'], { displayName, birthMonth: birthMonthYearsAgo(17, NOW) });
	const me = await young(orgA, 'Jesse Mine');
	const someoneElse = await young(orgA, 'Pollyanna Elsewhere');
	const outsider = await young(orgB, 'Olu Outsider');
	const projectP = await quickProject(db, officer, 'Youth clubs');
	const projectQ = await quickProject(db, officer, 'Short breaks review');
	const projectR = await quickProject(db, officer, 'Someone else’s project');
	const projectB = await quickProject(db, officerB, 'Southbank parks');
	await publish(db, projectP);
	await publish(db, projectB);
	return { orgA, orgB, officer, champion, officerB, me, someoneElse, outsider, projectP, projectQ, projectR, projectB };
}
export type World = Awaited<ReturnType<typeof world>>;

export async function publish(db: Db, projectId: string) {
	await db.update(projects).set({ publishedAt: NOW }).where(eq(projects.id, projectId));
}

/** A survey (closed, signed in unless anonymous) with these people's answers. */
export async function surveyWith(
	db: Db,
	actor: Actor,
	projectId: string,
	respondents: string[],
	over: Partial<typeof surveys.$inferInsert> = {}
): Promise<{ id: string; code: string }> {
	seq += 1;
	const id = newId();
	const code = `MS${seq}${id.slice(0, 4).toUpperCase()}`;
	await db.insert(surveys).values({
		id,
		organisationId: actor.organisationId,
		projectId,
		step: 2,
		title: `Survey ${seq}`,
		introduction: 'Tell us.',
		audience: 'anyone',
		anonymous: false,
		status: 'closed',
		code,
		...over
	});
	for (const userId of respondents)
		await db.insert(surveyResponses).values({ id: newId(), surveyId: id, userId, idempotencyKey: newId(), respondentType: 'young_person', ageBand: 'unknown', answers: {}, submittedAt: NOW });
	return { id, code };
}

/** A closed session of the project that this person attended and answered one live question in. */
export async function sessionAttended(db: Db, actor: Actor, projectId: string, userId: string, title = 'Designing the youth club') {
	seq += 1;
	const id = newId();
	await db.insert(workshopSessions).values({
		id,
		organisationId: actor.organisationId,
		projectId,
		step: 2,
		kind: 'workshop',
		title,
		startsAt: new Date('2026-02-10T17:00:00Z'),
		endsAt: new Date('2026-02-10T19:00:00Z'),
		status: 'closed',
		code: id.slice(0, 6).toUpperCase()
	});
	await db.insert(sessionRegistrations).values({ id: newId(), sessionId: id, userId, attendedAt: new Date('2026-02-10T17:05:00Z') });
	const activityId = newId();
	await db.insert(liveActivities).values({ id: activityId, sessionId: id, position: 0, type: 'rating', prompt: 'How fun was it?', state: 'closed' });
	const participantId = newId();
	await db.insert(liveParticipants).values({ id: participantId, sessionId: id, userId, tokenHash: newId() });
	await db.insert(liveResponses).values({ id: newId(), activityId, participantId, rating: 4 });
	return id;
}

/** A visit of a programme on the project's contract, with this shopper's report (approved: with hours). */
export async function visitReported(db: Db, actor: Actor, projectId: string, shopperId: string, status: 'submitted' | 'approved' = 'approved') {
	const contractId = await quickContract(db, actor, projectId);
	const { programmeId } = await quickProgramme(db, actor, contractId);
	const visitId = await quickVisit(db, actor, programmeId, [shopperId]);
	const reportId = newId();
	await db.insert(shoppingReports).values({ id: reportId, visitId, shopperId, idempotencyKey: newId(), visitedOn: '2026-03-05', status });
	if (status === 'approved')
		await db.insert(contributions).values({
			id: newId(),
			organisationId: actor.organisationId,
			userId: shopperId,
			projectId,
			activity: 'mystery_shopping',
			sourceId: reportId,
			description: 'Mystery shopping: Youth counselling service',
			hours: 2.5,
			happenedOn: '2026-03-05'
		});
	return { visitId, reportId, programmeId };
}

export async function hoursFor(db: Db, actor: Actor, userId: string, projectId: string | null, hours: number, description = 'Helped at the summer fair') {
	await db.insert(contributions).values({
		id: newId(),
		organisationId: actor.organisationId,
		userId,
		projectId,
		activity: 'other',
		sourceId: newId(),
		description,
		hours,
		happenedOn: '2026-01-20'
	});
}
