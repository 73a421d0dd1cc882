// Who took part, and in what: the one list that notifications ("who was involved in this project"),
// My space and reach all read. A person took part in a project when they answered one of its surveys
// signed in, submitted scores on one of its tender panels, sent a mystery-shopping report on one of
// its programmes, came to one of its sessions (marked attended) or answered a live activity there
// signed in, or have contribution hours on it. Ids only, and only accounts of the organisation.
// Deleted accounts keep their links (their placeholder row, with nothing personal on it), so they
// are in the list too: callers that write to people skip them.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { panelMembers, panels, panelScores, tenders } from '../evaluation/schema';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from '../mystery-shopping/schema';
import { surveyResponses, surveys } from '../surveys/schema';
import { liveActivities, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../workshops/schema';
import { contributions } from './schema';

export const TOOK_PART_ACTIVITIES = ['survey', 'panel', 'mystery_shopping', 'session', 'other'] as const;
export type TookPartActivity = (typeof TOOK_PART_ACTIVITIES)[number];

export interface TookPartRow {
	userId: string;
	activity: TookPartActivity;
	/** The project it was for; null for things not tied to a project (organisation-wide only). */
	projectId: string | null;
}

/** The whole organisation, or one of its projects. */
export interface TookPartScope {
	organisationId: string;
	projectId?: string;
}

/** One row per person, kind of activity and project (deduplicated), sorted by person. */
export async function tookPart(db: Db, scope: TookPartScope): Promise<TookPartRow[]> {
	const org = scope.organisationId;
	const inProject = (column: AnyPgColumn) => (scope.projectId ? eq(column, scope.projectId) : undefined);
	const lists = await Promise.all([
		db
			.selectDistinct({ userId: sql<string>`${surveyResponses.userId}`, projectId: surveys.projectId, activity: sql<TookPartActivity>`'survey'` })
			.from(surveyResponses)
			.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
			.where(and(eq(surveys.organisationId, org), isNotNull(surveyResponses.userId), inProject(surveys.projectId))),
		db
			.selectDistinct({ userId: panelMembers.userId, projectId: tenders.projectId, activity: sql<TookPartActivity>`'panel'` })
			.from(panelScores)
			.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
			.innerJoin(panels, eq(panels.id, panelMembers.panelId))
			.innerJoin(tenders, eq(tenders.id, panels.tenderId))
			.where(and(eq(tenders.organisationId, org), isNotNull(panelScores.submittedAt), inProject(tenders.projectId))),
		db
			.selectDistinct({ userId: shoppingReports.shopperId, projectId: contracts.projectId, activity: sql<TookPartActivity>`'mystery_shopping'` })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
			.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
			.where(and(eq(shoppingProgrammes.organisationId, org), inProject(contracts.projectId))),
		db
			.selectDistinct({ userId: sessionRegistrations.userId, projectId: workshopSessions.projectId, activity: sql<TookPartActivity>`'session'` })
			.from(sessionRegistrations)
			.innerJoin(workshopSessions, eq(workshopSessions.id, sessionRegistrations.sessionId))
			.where(and(eq(workshopSessions.organisationId, org), isNotNull(sessionRegistrations.attendedAt), inProject(workshopSessions.projectId))),
		db
			.selectDistinct({ userId: sql<string>`${liveParticipants.userId}`, projectId: workshopSessions.projectId, activity: sql<TookPartActivity>`'session'` })
			.from(liveResponses)
			.innerJoin(liveParticipants, eq(liveParticipants.id, liveResponses.participantId))
			.innerJoin(liveActivities, eq(liveActivities.id, liveResponses.activityId))
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
			.where(and(eq(workshopSessions.organisationId, org), isNotNull(liveParticipants.userId), inProject(workshopSessions.projectId))),
		db
			.selectDistinct({ userId: sql<string>`${contributions.userId}`, projectId: contributions.projectId, activity: contributions.activity })
			.from(contributions)
			.where(and(eq(contributions.organisationId, org), isNotNull(contributions.userId), inProject(contributions.projectId)))
	]);
	const seen = new Map<string, TookPartRow>();
	for (const r of lists.flat()) {
		const activity: TookPartActivity = (TOOK_PART_ACTIVITIES as readonly string[]).includes(r.activity) ? r.activity : 'other';
		const row = { userId: r.userId, activity, projectId: r.projectId ?? null };
		seen.set(`${row.userId}|${row.activity}|${row.projectId}`, row);
	}
	const ids = [...new Set([...seen.values()].map((r) => r.userId))];
	if (ids.length === 0) return [];
	// Only people of the organisation, whatever a stray row says.
	const mine = new Set<string>();
	for (let i = 0; i < ids.length; i += 2000) {
		const chunk = ids.slice(i, i + 2000);
		for (const r of await db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, org), inArray(users.id, chunk)))) mine.add(r.id);
	}
	return [...seen.values()].filter((r) => mine.has(r.userId)).sort((a, b) => a.userId.localeCompare(b.userId) || a.activity.localeCompare(b.activity) || String(a.projectId).localeCompare(String(b.projectId)));
}
