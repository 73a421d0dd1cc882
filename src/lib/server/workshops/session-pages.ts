// What the staff session pages show: one call per page, scoped to the organisation.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { SESSION_KIND_LABELS, SESSION_KINDS } from '../../live/kinds';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { CYCLE } from '../projects/cycle';
import { projects } from '../projects/schema';
import { activityAnswers, attendanceCounts } from './closing';
import { sessionInOrganisation } from './lookup';
import { sessionValues } from './session-input';
import { sessionRegistrations, workshopSessions } from './schema';

/** The choices the session form offers. */
export async function sessionChoices(db: Db, organisationId: string) {
	const rows = await db
		.select({ id: projects.id, title: projects.title })
		.from(projects)
		.where(eq(projects.organisationId, organisationId))
		.orderBy(asc(projects.title))
		.limit(500);
	return {
		projects: rows,
		steps: CYCLE.map((c) => ({ step: c.step, name: c.name })),
		kinds: SESSION_KINDS.map((value) => ({ value, label: SESSION_KIND_LABELS[value] }))
	};
}

const listColumns = {
	id: workshopSessions.id,
	title: workshopSessions.title,
	kind: workshopSessions.kind,
	status: workshopSessions.status,
	startsAt: workshopSessions.startsAt,
	endsAt: workshopSessions.endsAt,
	capacity: workshopSessions.capacity,
	walkIns: workshopSessions.walkIns,
	projectTitle: projects.title,
	registered: sql<number>`(select count(*)::int from session_registrations r where r.session_id = ${workshopSessions}.id)`.mapWith(Number),
	attended: sql<number>`(select count(*)::int from session_registrations r where r.session_id = ${workshopSessions}.id and r.attended_at is not null)`.mapWith(Number)
};

/** Sessions still to run (soonest first) and those closed or cancelled (latest first). */
export async function sessionsPage(db: Db, organisationId: string) {
	const base = () => db.select(listColumns).from(workshopSessions).innerJoin(projects, eq(projects.id, workshopSessions.projectId));
	const [current, past, choices] = await Promise.all([
		base()
			.where(and(eq(workshopSessions.organisationId, organisationId), inArray(workshopSessions.status, ['planned', 'live'])))
			.orderBy(asc(workshopSessions.startsAt), asc(workshopSessions.id))
			.limit(200),
		base()
			.where(and(eq(workshopSessions.organisationId, organisationId), inArray(workshopSessions.status, ['closed', 'cancelled'])))
			.orderBy(desc(workshopSessions.startsAt), asc(workshopSessions.id))
			.limit(100),
		sessionChoices(db, organisationId)
	]);
	return { current, past, choices };
}
export type SessionListRow = Awaited<ReturnType<typeof sessionsPage>>['current'][number];

/** The overview: details, the code, who signed up and who came, walk-ins and the activities. */
export async function sessionPage(db: Db, organisationId: string, sessionId: string) {
	const { session, projectTitle } = await sessionInOrganisation(db, organisationId, sessionId);
	const [registrations, counts, activities] = await Promise.all([
		db
			.select({
				id: sessionRegistrations.id,
				displayName: users.displayName,
				registeredAt: sessionRegistrations.registeredAt,
				attendedAt: sessionRegistrations.attendedAt,
				selfCheckIn: sql<boolean>`${sessionRegistrations.attendedAt} is not null and ${sessionRegistrations.checkedInBy} is null`
			})
			.from(sessionRegistrations)
			.innerJoin(users, eq(users.id, sessionRegistrations.userId))
			.where(eq(sessionRegistrations.sessionId, sessionId))
			.orderBy(asc(users.displayName), asc(sessionRegistrations.id)),
		attendanceCounts(db, sessionId),
		activityAnswers(db, sessionId)
	]);
	return {
		session: {
			id: session.id,
			projectId: session.projectId,
			step: session.step,
			kind: session.kind,
			title: session.title,
			description: session.description,
			startsAt: session.startsAt,
			endsAt: session.endsAt,
			place: session.place,
			onlineLink: session.onlineLink,
			capacity: session.capacity,
			invite: session.invite,
			status: session.status,
			code: session.code,
			showNicknames: session.showNicknames,
			walkIns: session.walkIns,
			hoursCredited: session.hoursCredited,
			summary: session.summary,
			closedAt: session.closedAt
		},
		projectTitle,
		stepName: CYCLE.find((c) => c.step === session.step)?.name ?? '',
		registrations,
		counts,
		activities: activities.map((a) => ({ id: a.id, type: a.type, prompt: a.prompt, state: a.state, answers: a.answers }))
	};
}

/** The edit form's values and choices. */
export async function editSessionPage(db: Db, organisationId: string, sessionId: string) {
	const { session } = await sessionInOrganisation(db, organisationId, sessionId);
	return {
		session: { id: session.id, title: session.title, status: session.status },
		values: sessionValues(session),
		choices: await sessionChoices(db, organisationId)
	};
}
