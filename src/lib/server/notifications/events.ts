// What each event tells whom. Called by the domain that makes the change, inside its own
// transaction, so a notification exists exactly when the change does. Plain product words only:
// never a bidder's name, another person's name or anything typed by staff beyond titles.
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { panelMembers, panels, tenders } from '../evaluation/schema';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingVisits } from '../mystery-shopping/schema';
import { peopleWhoTookPart } from '../my-space/took-part';
import { projects } from '../projects/schema';
import { surveyResponses, surveys, type ResultsVisibility } from '../surveys/schema';
import { notify } from './notify';

/** Where a project's outcomes show in the person's own space. */
export const activityHref = (projectId: string) => `/me/activity#project-${projectId}`;

/** An award is public: the tender's panel members and everyone who took part in the project. */
export async function notifyAwardPublished(db: Db, organisationId: string, tenderId: string, now = new Date()): Promise<number> {
	const [tender] = await db
		.select({ title: tenders.title, projectId: tenders.projectId })
		.from(tenders)
		.where(and(eq(tenders.id, tenderId), eq(tenders.organisationId, organisationId)));
	if (!tender) return 0;
	const members = await db
		.select({ userId: panelMembers.userId })
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.where(and(eq(panels.tenderId, tenderId), ne(panelMembers.status, 'removed')));
	const userIds = [...members.map((m) => m.userId), ...(await peopleWhoTookPart(db, organisationId, tender.projectId))];
	return notify(
		db,
		{
			userIds,
			organisationId,
			projectId: tender.projectId,
			kind: 'outcome',
			title: `A decision is made: ${tender.title}`,
			body: 'The council has chosen who will run this service. See what was decided and what your part changed.',
			href: activityHref(tender.projectId),
			sourceKey: `award:${tenderId}`
		},
		now
	);
}

/** A "you said, we did" entry is public (only while its project is): everyone who took part in the project. */
export async function notifyYouSaidPublished(db: Db, organisationId: string, projectId: string, entryId: string, now = new Date()): Promise<number> {
	const [project] = await db
		.select({ title: projects.title, publishedAt: projects.publishedAt })
		.from(projects)
		.where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!project?.publishedAt) return 0;
	return notify(
		db,
		{
			userIds: await peopleWhoTookPart(db, organisationId, projectId),
			organisationId,
			projectId,
			kind: 'outcome',
			title: `You said, we did: ${project.title}`,
			body: 'The council has written what it did about something people said. See what changed.',
			href: activityHref(projectId),
			sourceKey: `you-said:${entryId}`
		},
		now
	);
}

/** Survey results published to participants (or the public too): the survey's signed-in respondents. */
export async function notifySurveyResultsPublished(db: Db, organisationId: string, surveyId: string, visibility: ResultsVisibility, now = new Date()): Promise<number> {
	if (visibility === 'staff') return 0;
	const [survey] = await db
		.select({ title: surveys.title, code: surveys.code, projectId: surveys.projectId })
		.from(surveys)
		.where(and(eq(surveys.id, surveyId), eq(surveys.organisationId, organisationId)));
	if (!survey) return 0;
	const respondents = await db.selectDistinct({ userId: surveyResponses.userId }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId));
	return notify(
		db,
		{
			userIds: respondents.flatMap((r) => (r.userId ? [r.userId] : [])),
			organisationId,
			projectId: survey.projectId,
			kind: 'outcome',
			title: `Results are out: ${survey.title}`,
			body: 'You answered this survey. See what everyone said.',
			href: `/survey/${survey.code}/results`,
			sourceKey: `survey-results:${surveyId}`
		},
		now
	);
}

/** Someone was added to a panel: they have something to do. */
export async function notifyAddedToPanel(db: Db, organisationId: string, panelId: string, memberId: string, userId: string, now = new Date()): Promise<number> {
	const [panel] = await db
		.select({ title: tenders.title, projectId: tenders.projectId })
		.from(panels)
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.where(and(eq(panels.id, panelId), eq(tenders.organisationId, organisationId)));
	if (!panel) return 0;
	return notify(
		db,
		{
			userIds: [userId],
			organisationId,
			projectId: panel.projectId,
			kind: 'action',
			title: `You’re on a panel: ${panel.title}`,
			body: 'You’ve been asked to help choose who runs a service. Open the panel to see what happens and what to do first.',
			href: `/panels/${panelId}`,
			sourceKey: `panel-member:${memberId}`
		},
		now
	);
}

async function visitProject(db: Db, organisationId: string, visitId: string): Promise<string | null | undefined> {
	const [row] = await db
		.select({ projectId: contracts.projectId })
		.from(shoppingVisits)
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
		.where(and(eq(shoppingVisits.id, visitId), eq(shoppingProgrammes.organisationId, organisationId)));
	return row ? row.projectId : undefined;
}

/** A shopper was given a visit. */
export async function notifyVisitAssigned(db: Db, organisationId: string, visitId: string, userId: string, now = new Date()): Promise<number> {
	const projectId = await visitProject(db, organisationId, visitId);
	if (projectId === undefined) return 0;
	return notify(
		db,
		{
			userIds: [userId],
			organisationId,
			projectId,
			kind: 'action',
			title: 'You have a mystery-shopping visit',
			body: 'Open it to see which service to visit, when, and what to look out for.',
			href: `/visits/${visitId}`,
			sourceKey: `visit:${visitId}`
		},
		now
	);
}

/** A report came back to its shopper for changes (each time it comes back is its own event). */
export async function notifyReportReturned(db: Db, organisationId: string, reportId: string, visitId: string, shopperId: string, now = new Date()): Promise<number> {
	const projectId = await visitProject(db, organisationId, visitId);
	if (projectId === undefined) return 0;
	return notify(
		db,
		{
			userIds: [shopperId],
			organisationId,
			projectId,
			kind: 'action',
			title: 'Your visit report needs a change',
			body: 'Your participation worker sent your report back with a note. Read it, change what it asks, and send the report again.',
			href: `/visits/${visitId}`,
			sourceKey: `report-returned:${reportId}:${now.getTime()}`
		},
		now
	);
}
