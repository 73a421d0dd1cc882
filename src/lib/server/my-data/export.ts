// Everything held about one participant, for their "My data" page and download. Each query reads
// only the person's own rows and only the columns about them: never another participant's name,
// never a bidder's identity (bids appear by their anonymised label), never the supervising adult
// on a visit. Consent records say "a participation champion" rather than naming the staff member;
// they keep "given by" (the parent or carer's own consent about this person, in the words the
// champion recorded). The note on the invitation they joined with is theirs to see too.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { consents, invitations, userRoles, users, type Role } from '../auth/schema';
import { DELETION_WORDS } from '../../my-data/labels';
import { bids, panelMembers, panelScores, panels, tenderCriteria, tenderSections, tenders } from '../evaluation/schema';
import { checklistItems, reportRatings, shoppingProgrammes, shoppingReports, shoppingVisits, visitShoppers } from '../mystery-shopping/schema';
import { notifications } from '../notifications/schema';
import { contributions } from '../participation/schema';
import { rewards } from '../recognition/schema';
import { surveyResponses, surveys } from '../surveys/schema';
import { answerableQuestions, loadQuestions } from '../surveys/surveys';
import { liveActivities, liveChoices, liveEntries, liveOptions, liveParticipants, liveResponses, sessionRegistrations, workshopSessions } from '../workshops/schema';
import { deletionRequests } from './schema';
import { readableAnswers, type ReadableAnswer } from './answers';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function collectMyData(db: Db, person: { id: string; organisationId: string }, now = new Date()) {
	const [account] = await db
		.select({
			username: users.username,
			displayName: users.displayName,
			email: users.email,
			birthMonth: users.birthMonth,
			createdAt: users.createdAt,
			lastActiveAt: users.lastActiveAt,
			notifyInApp: users.notifyInApp,
			notifyByEmail: users.notifyByEmail,
			deletedAt: users.deletedAt
		})
		.from(users)
		.where(and(eq(users.id, person.id), eq(users.organisationId, person.organisationId)));
	if (!account || account.deletedAt) throw new InputError('That account does not exist.');
	const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, person.id));
	// The note the champion wrote on the invitation they joined with (e.g. "Tuesday youth forum").
	const [joined] = await db
		.select({ label: invitations.label })
		.from(invitations)
		.where(and(eq(invitations.usedBy, person.id), eq(invitations.purpose, 'join'), eq(invitations.organisationId, person.organisationId)))
		.orderBy(asc(invitations.usedAt))
		.limit(1);

	return {
		exportedAt: now.toISOString(),
		account: {
			username: account.username,
			displayName: account.displayName,
			roles: roles.map((r) => r.role as Role).sort(),
			email: account.email,
			birthMonth: account.birthMonth ? account.birthMonth.slice(0, 7) : null,
			createdAt: iso(account.createdAt),
			lastActiveAt: iso(account.lastActiveAt),
			notifications: { inApp: account.notifyInApp, byEmail: account.notifyByEmail },
			invitationNote: joined?.label ?? null
		},
		consents: await myConsents(db, person.id),
		surveyResponses: await mySurveyResponses(db, person.id),
		panels: await myPanels(db, person.id),
		visits: await myVisits(db, person.id),
		sessions: await mySessions(db, person.id),
		liveAnswers: await myLiveAnswers(db, person.id),
		contributions: (
			await db
				.select({ activity: contributions.activity, description: contributions.description, hours: contributions.hours, happenedOn: contributions.happenedOn })
				.from(contributions)
				.where(eq(contributions.userId, person.id))
				.orderBy(asc(contributions.happenedOn))
		).map((c) => ({ ...c, hours: Number(c.hours) })),
		rewards: await db
			.select({ kind: rewards.kind, description: rewards.description, valuePence: rewards.valuePence, givenOn: rewards.givenOn })
			.from(rewards)
			.where(eq(rewards.userId, person.id))
			.orderBy(asc(rewards.givenOn)),
		notifications: (
			await db
				.select({ kind: notifications.kind, title: notifications.title, body: notifications.body, href: notifications.href, createdAt: notifications.createdAt, readAt: notifications.readAt })
				.from(notifications)
				.where(eq(notifications.userId, person.id))
				.orderBy(desc(notifications.createdAt))
		).map((n) => ({ ...n, createdAt: iso(n.createdAt), readAt: iso(n.readAt) })),
		deletionRequests: (
			await db
				.select({ origin: deletionRequests.origin, status: deletionRequests.status, requestedAt: deletionRequests.requestedAt, decidedAt: deletionRequests.decidedAt })
				.from(deletionRequests)
				.where(eq(deletionRequests.userId, person.id))
				.orderBy(desc(deletionRequests.requestedAt))
		).map((d) => ({ ...d, outcome: DELETION_WORDS[d.status] ?? d.status, requestedAt: iso(d.requestedAt), decidedAt: iso(d.decidedAt) }))
	};
}
export type MyData = Awaited<ReturnType<typeof collectMyData>>;

async function myConsents(db: Db, userId: string) {
	const rows = await db
		.select({ givenBy: consents.givenBy, relationship: consents.relationship, givenOn: consents.givenOn, method: consents.method, recordedAt: consents.recordedAt, withdrawnAt: consents.withdrawnAt })
		.from(consents)
		.where(eq(consents.userId, userId))
		.orderBy(asc(consents.recordedAt));
	return rows.map((c) => ({ ...c, recordedBy: 'A participation champion', recordedAt: iso(c.recordedAt), withdrawnAt: iso(c.withdrawnAt) }));
}

async function mySurveyResponses(db: Db, userId: string) {
	const rows = await db
		.select({ survey: surveys, answers: surveyResponses.answers, submittedAt: surveyResponses.submittedAt })
		.from(surveyResponses)
		.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
		.where(eq(surveyResponses.userId, userId))
		.orderBy(asc(surveyResponses.submittedAt));
	const out: { survey: string; submittedAt: string | null; answers: ReadableAnswer[] }[] = [];
	for (const row of rows) {
		const questions = answerableQuestions(row.survey, await loadQuestions(db, row.survey.id));
		out.push({ survey: row.survey.title, submittedAt: iso(row.submittedAt), answers: readableAnswers(questions, row.answers) });
	}
	return out;
}

async function myPanels(db: Db, userId: string) {
	const members = await db
		.select({
			memberId: panelMembers.id,
			tender: tenders.title,
			section: tenderSections.name,
			status: panelMembers.status,
			joinedAt: panelMembers.createdAt,
			confidentialityAcceptedAt: panelMembers.confidentialityAcceptedAt,
			declaredAt: panelMembers.declaredAt,
			interest: panelMembers.interest,
			decision: panelMembers.decision
		})
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(eq(panelMembers.userId, userId))
		.orderBy(asc(panelMembers.createdAt));
	const ids = members.map((m) => m.memberId);
	// Bids by their label only: bid_identities is never joined here.
	const scores = ids.length
		? await db
				.select({ memberId: panelScores.panelMemberId, bid: bids.label, criterion: tenderCriteria.title, score: panelScores.score, comment: panelScores.comment, submittedAt: panelScores.submittedAt })
				.from(panelScores)
				.innerJoin(bids, eq(bids.id, panelScores.bidId))
				.innerJoin(tenderCriteria, eq(tenderCriteria.id, panelScores.criterionId))
				.where(inArray(panelScores.panelMemberId, ids))
				.orderBy(asc(bids.label), asc(tenderCriteria.position))
		: [];
	return members.map(({ memberId, ...m }) => ({
		...m,
		joinedAt: iso(m.joinedAt),
		confidentialityAcceptedAt: iso(m.confidentialityAcceptedAt),
		declaredAt: iso(m.declaredAt),
		scores: scores
			.filter((s) => s.memberId === memberId)
			.map(({ memberId: _m, ...s }) => ({ ...s, bid: `Bid ${s.bid}`, submittedAt: iso(s.submittedAt), draft: s.submittedAt === null }))
	}));
}

async function myVisits(db: Db, userId: string) {
	const visits = await db
		.select({ visitId: shoppingVisits.id, programme: shoppingProgrammes.title, windowFrom: shoppingVisits.windowFrom, windowTo: shoppingVisits.windowTo, status: shoppingVisits.status, assignedAt: visitShoppers.assignedAt })
		.from(visitShoppers)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, visitShoppers.visitId))
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.where(eq(visitShoppers.userId, userId))
		.orderBy(asc(shoppingVisits.windowFrom));
	const reports = await db
		.select({
			id: shoppingReports.id,
			visitId: shoppingReports.visitId,
			visitedOn: shoppingReports.visitedOn,
			wentWell: shoppingReports.wentWell,
			couldBeBetter: shoppingReports.couldBeBetter,
			otherComments: shoppingReports.otherComments,
			status: shoppingReports.status,
			submittedAt: shoppingReports.submittedAt,
			reviewNote: shoppingReports.reviewNote
		})
		.from(shoppingReports)
		.where(eq(shoppingReports.shopperId, userId));
	const ratings = reports.length
		? await db
				.select({ reportId: reportRatings.reportId, question: checklistItems.question, rating: reportRatings.rating, comment: reportRatings.comment })
				.from(reportRatings)
				.innerJoin(checklistItems, eq(checklistItems.id, reportRatings.itemId))
				.where(inArray(reportRatings.reportId, reports.map((r) => r.id)))
				.orderBy(asc(checklistItems.position))
		: [];
	return visits.map(({ visitId, ...v }) => {
		const report = reports.find((r) => r.visitId === visitId);
		return {
			...v,
			assignedAt: iso(v.assignedAt),
			report: report
				? {
						visitedOn: report.visitedOn,
						wentWell: report.wentWell,
						couldBeBetter: report.couldBeBetter,
						otherComments: report.otherComments,
						status: report.status,
						submittedAt: iso(report.submittedAt),
						reviewNote: report.reviewNote,
						ratings: ratings.filter((r) => r.reportId === report.id).map(({ reportId: _r, ...r }) => r)
					}
				: null
		};
	});
}

async function mySessions(db: Db, userId: string) {
	const rows = await db
		.select({ title: workshopSessions.title, startsAt: workshopSessions.startsAt, registeredAt: sessionRegistrations.registeredAt, attendedAt: sessionRegistrations.attendedAt })
		.from(sessionRegistrations)
		.innerJoin(workshopSessions, eq(workshopSessions.id, sessionRegistrations.sessionId))
		.where(eq(sessionRegistrations.userId, userId))
		.orderBy(asc(workshopSessions.startsAt));
	return rows.map((r) => ({ title: r.title, startsAt: iso(r.startsAt), registeredAt: iso(r.registeredAt), attended: r.attendedAt !== null, attendedAt: iso(r.attendedAt) }));
}

async function myLiveAnswers(db: Db, userId: string) {
	const joined = await db
		.select({ participantId: liveParticipants.id, session: workshopSessions.title, nickname: liveParticipants.nickname, joinedAt: liveParticipants.joinedAt })
		.from(liveParticipants)
		.innerJoin(workshopSessions, eq(workshopSessions.id, liveParticipants.sessionId))
		.where(eq(liveParticipants.userId, userId))
		.orderBy(asc(liveParticipants.joinedAt));
	if (!joined.length) return [];
	const responses = await db
		.select({ id: liveResponses.id, participantId: liveResponses.participantId, activity: liveActivities.prompt, type: liveActivities.type, position: liveActivities.position, rating: liveResponses.rating })
		.from(liveResponses)
		.innerJoin(liveActivities, eq(liveActivities.id, liveResponses.activityId))
		.where(inArray(liveResponses.participantId, joined.map((j) => j.participantId)))
		.orderBy(asc(liveActivities.position));
	const responseIds = responses.map((r) => r.id);
	const choices = responseIds.length
		? await db
				.select({ responseId: liveChoices.responseId, option: liveOptions.label, dots: liveChoices.dots })
				.from(liveChoices)
				.innerJoin(liveOptions, eq(liveOptions.id, liveChoices.optionId))
				.where(inArray(liveChoices.responseId, responseIds))
				.orderBy(asc(liveOptions.position))
		: [];
	const entries = responseIds.length
		? await db
				.select({ responseId: liveEntries.responseId, text: liveEntries.text, status: liveEntries.status })
				.from(liveEntries)
				.where(and(inArray(liveEntries.responseId, responseIds), isNotNull(liveEntries.text)))
				.orderBy(asc(liveEntries.createdAt))
		: [];
	return joined.map((j) => ({
		session: j.session,
		nickname: j.nickname,
		joinedAt: iso(j.joinedAt),
		answers: responses
			.filter((r) => r.participantId === j.participantId)
			.map((r) => ({
				activity: r.activity,
				type: r.type,
				rating: r.rating,
				choices: choices.filter((c) => c.responseId === r.id).map((c) => ({ option: c.option, dots: c.dots })),
				entries: entries.filter((e) => e.responseId === r.id).map((e) => ({ text: e.text, status: e.status }))
			}))
	}));
}
