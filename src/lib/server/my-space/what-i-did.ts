// What one person did, from each place it is recorded: their signed-in survey answers, panels
// where they submitted scores, visits they reported on, sessions they came to, live activities
// they answered signed in, and their contribution hours. Only their own rows, only in their own
// organisation; nothing about anyone else is selected.
import { and, countDistinct, eq, isNotNull, max } from 'drizzle-orm';
import { londonDay } from '../../dates';
import type { Db } from '../db/client';
import { panelMembers, panels, panelScores, tenders, tenderSections } from '../evaluation/schema';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from '../mystery-shopping/schema';
import { contributions } from '../participation/schema';
import { surveyResponses, surveys } from '../surveys/schema';
import { liveActivities, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../workshops/schema';

type Actor = { id: string; organisationId: string };

export type ActivityKind = 'survey' | 'panel' | 'visit' | 'session' | 'live' | 'hours';

export interface ActivityItem {
	kind: ActivityKind;
	projectId: string | null;
	title: string;
	/** Plain words: what they did. */
	detail: string;
	/** YYYY-MM-DD (England). */
	on: string;
	href: string | null;
	hours: number | null;
}

/** Ids the outcomes need: the surveys they answered and the panels they scored on. */
export interface Involvement {
	items: ActivityItem[];
	surveyIds: string[];
	panelIds: string[];
}

const REPORT_STATUS: Record<string, string> = {
	submitted: 'You sent your report. Your participation worker is reading it.',
	returned: 'Your report came back with a note. Please have a look.',
	approved: 'Your report was accepted. Thank you!'
};

export async function whatIDid(db: Db, user: Actor): Promise<Involvement> {
	const org = user.organisationId;
	const [answered, scored, reported, attended, live, hours] = await Promise.all([
		db
			.select({ surveyId: surveys.id, projectId: surveys.projectId, title: surveys.title, submittedAt: surveyResponses.submittedAt })
			.from(surveyResponses)
			.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
			.where(and(eq(surveyResponses.userId, user.id), eq(surveys.organisationId, org))),
		db
			.select({
				panelId: panels.id,
				projectId: tenders.projectId,
				tenderTitle: tenders.title,
				sectionName: tenderSections.name,
				lastAt: max(panelScores.submittedAt),
				bids: countDistinct(panelScores.bidId)
			})
			.from(panelScores)
			.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
			.innerJoin(panels, eq(panels.id, panelMembers.panelId))
			.innerJoin(tenders, eq(tenders.id, panels.tenderId))
			.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
			.where(and(eq(panelMembers.userId, user.id), eq(tenders.organisationId, org), isNotNull(panelScores.submittedAt)))
			.groupBy(panels.id, tenders.projectId, tenders.title, tenderSections.name),
		db
			.select({ visitId: shoppingVisits.id, projectId: contracts.projectId, serviceTitle: contracts.title, visitedOn: shoppingReports.visitedOn, status: shoppingReports.status })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
			.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
			.where(and(eq(shoppingReports.shopperId, user.id), eq(shoppingProgrammes.organisationId, org))),
		db
			.select({ sessionId: workshopSessions.id, projectId: workshopSessions.projectId, title: workshopSessions.title, startsAt: workshopSessions.startsAt })
			.from(sessionRegistrations)
			.innerJoin(workshopSessions, eq(workshopSessions.id, sessionRegistrations.sessionId))
			.where(and(eq(sessionRegistrations.userId, user.id), eq(workshopSessions.organisationId, org), isNotNull(sessionRegistrations.attendedAt))),
		db
			.select({
				sessionId: workshopSessions.id,
				projectId: workshopSessions.projectId,
				title: workshopSessions.title,
				startsAt: workshopSessions.startsAt,
				answered: countDistinct(liveResponses.activityId)
			})
			.from(liveParticipants)
			.innerJoin(liveResponses, eq(liveResponses.participantId, liveParticipants.id))
			.innerJoin(liveActivities, eq(liveActivities.id, liveResponses.activityId))
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
			.where(and(eq(liveParticipants.userId, user.id), eq(workshopSessions.organisationId, org)))
			.groupBy(workshopSessions.id, workshopSessions.projectId, workshopSessions.title, workshopSessions.startsAt),
		db
			.select({ id: contributions.id, projectId: contributions.projectId, description: contributions.description, hours: contributions.hours, happenedOn: contributions.happenedOn })
			.from(contributions)
			.where(and(eq(contributions.userId, user.id), eq(contributions.organisationId, org)))
	]);
	const items: ActivityItem[] = [
		...answered.map((r) => ({ kind: 'survey' as const, projectId: r.projectId, title: r.title, detail: 'You answered this survey.', on: londonDay(r.submittedAt), href: null, hours: null })),
		...scored.map((r) => ({
			kind: 'panel' as const,
			projectId: r.projectId,
			title: r.tenderTitle,
			detail: `You sat on the panel for “${r.sectionName}” and sent your scores for ${r.bids === 1 ? 'one bid' : `${r.bids} bids`}.`,
			on: r.lastAt ? londonDay(r.lastAt) : '',
			href: `/panels/${r.panelId}`,
			hours: null
		})),
		...reported.map((r) => ({
			kind: 'visit' as const,
			projectId: r.projectId,
			title: `Mystery shopping: ${r.serviceTitle}`,
			detail: REPORT_STATUS[r.status] ?? '',
			on: r.visitedOn,
			href: `/visits/${r.visitId}`,
			hours: null
		})),
		...attended.map((r) => ({ kind: 'session' as const, projectId: r.projectId, title: r.title, detail: 'You came to this session.', on: londonDay(r.startsAt), href: `/sessions/${r.sessionId}`, hours: null })),
		...live.map((r) => ({
			kind: 'live' as const,
			projectId: r.projectId,
			title: r.title,
			detail: `You answered ${r.answered === 1 ? 'one question' : `${r.answered} questions`} on your phone during the session.`,
			on: londonDay(r.startsAt),
			href: null,
			hours: null
		})),
		...hours.map((r) => ({ kind: 'hours' as const, projectId: r.projectId, title: r.description, detail: 'Hours recorded for you.', on: r.happenedOn, href: null, hours: Number(r.hours) }))
	];
	items.sort((a, b) => b.on.localeCompare(a.on) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
	return { items, surveyIds: [...new Set(answered.map((r) => r.surveyId))], panelIds: scored.map((r) => r.panelId) };
}
