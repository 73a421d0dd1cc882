// Who took part in a project: the people an outcome is for. One list, shared by notifications
// (an award or a "you said, we did" entry is published) and anything else that asks "who was
// involved here": signed-in survey answers, panel members who submitted scores, shoppers who sent a
// report, people who came to a session or answered a live activity signed in, and anyone with
// contribution hours on the project. Ids only, and only accounts of the project's organisation.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { panelMembers, panels, panelScores, tenders } from '../evaluation/schema';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from '../mystery-shopping/schema';
import { contributions } from '../participation/schema';
import { projects } from '../projects/schema';
import { surveyResponses, surveys } from '../surveys/schema';
import { liveActivities, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../workshops/schema';

/** The ids of everyone who took part in the project (empty for another organisation's project). */
export async function peopleWhoTookPart(db: Db, organisationId: string, projectId: string): Promise<string[]> {
	const [project] = await db
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!project) return [];
	const lists = await Promise.all([
		db
			.selectDistinct({ userId: sql<string>`${surveyResponses.userId}` })
			.from(surveyResponses)
			.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
			.where(and(eq(surveys.projectId, projectId), isNotNull(surveyResponses.userId))),
		db
			.selectDistinct({ userId: panelMembers.userId })
			.from(panelScores)
			.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
			.innerJoin(panels, eq(panels.id, panelMembers.panelId))
			.innerJoin(tenders, eq(tenders.id, panels.tenderId))
			.where(and(eq(tenders.projectId, projectId), isNotNull(panelScores.submittedAt))),
		db
			.selectDistinct({ userId: shoppingReports.shopperId })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
			.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
			.where(eq(contracts.projectId, projectId)),
		db
			.selectDistinct({ userId: sessionRegistrations.userId })
			.from(sessionRegistrations)
			.innerJoin(workshopSessions, eq(workshopSessions.id, sessionRegistrations.sessionId))
			.where(and(eq(workshopSessions.projectId, projectId), isNotNull(sessionRegistrations.attendedAt))),
		db
			.selectDistinct({ userId: sql<string>`${liveParticipants.userId}` })
			.from(liveResponses)
			.innerJoin(liveParticipants, eq(liveParticipants.id, liveResponses.participantId))
			.innerJoin(liveActivities, eq(liveActivities.id, liveResponses.activityId))
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
			.where(and(eq(workshopSessions.projectId, projectId), isNotNull(liveParticipants.userId))),
		db
			.selectDistinct({ userId: sql<string>`${contributions.userId}` })
			.from(contributions)
			.where(and(eq(contributions.projectId, projectId), isNotNull(contributions.userId)))
	]);
	const ids = [...new Set(lists.flat().map((r) => r.userId))];
	if (ids.length === 0) return [];
	// Only people of the project's own organisation, whatever a stray row says.
	const mine = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.organisationId, organisationId), inArray(users.id, ids)));
	return mine.map((r) => r.id).sort();
}
