// A participant's sessions: those they've signed up for, those they could sign up for (planned or
// live, not finished, in their organisation), and the ones they went to. Never the code: that is
// given out in the room, so checking in means being there.
import { and, asc, desc, eq, gt, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import { londonDay } from '../../dates';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { projects } from '../projects/schema';
import { ID, NO_SESSION, type Actor } from './lookup';
import { closedToSignUps, signUpHold } from './registrations';
import { sessionRegistrations, workshopSessions } from './schema';

const registeredCount = sql<number>`(select count(*)::int from session_registrations r where r.session_id = ${workshopSessions}.id)`.mapWith(Number);

const columns = {
	id: workshopSessions.id,
	title: workshopSessions.title,
	kind: workshopSessions.kind,
	status: workshopSessions.status,
	startsAt: workshopSessions.startsAt,
	endsAt: workshopSessions.endsAt,
	place: workshopSessions.place,
	online: sql<boolean>`${workshopSessions.onlineLink} is not null`,
	capacity: workshopSessions.capacity,
	registered: registeredCount,
	registrationId: sessionRegistrations.id,
	attendedAt: sessionRegistrations.attendedAt
};

function card(r: Awaited<ReturnType<typeof query>>[number]) {
	return {
		id: r.id,
		title: r.title,
		kind: r.kind,
		status: r.status,
		startsAt: r.startsAt,
		endsAt: r.endsAt,
		place: r.place,
		online: r.online,
		signedUp: r.registrationId !== null,
		attended: r.attendedAt !== null,
		full: r.capacity !== null && r.registered >= r.capacity,
		placesLeft: r.capacity === null ? null : Math.max(0, r.capacity - r.registered)
	};
}
export type SessionCard = ReturnType<typeof card>;

function query(db: Db, user: Actor) {
	return db
		.select(columns)
		.from(workshopSessions)
		.leftJoin(sessionRegistrations, and(eq(sessionRegistrations.sessionId, workshopSessions.id), eq(sessionRegistrations.userId, user.id)))
		.$dynamic();
}

/** What /sessions shows, and (hold) why they can't sign up, if they can't. */
export async function mySessions(db: Db, user: Actor, now = new Date()) {
	const [upcoming, past, hold] = await Promise.all([
		query(db, user)
			.where(and(eq(workshopSessions.organisationId, user.organisationId), inArray(workshopSessions.status, ['planned', 'live']), gt(workshopSessions.endsAt, now)))
			.orderBy(asc(workshopSessions.startsAt), asc(workshopSessions.id))
			.limit(100),
		query(db, user)
			.where(
				and(
					eq(workshopSessions.organisationId, user.organisationId),
					isNotNull(sessionRegistrations.id),
					or(inArray(workshopSessions.status, ['closed', 'cancelled']), lte(workshopSessions.endsAt, now))
				)
			)
			.orderBy(desc(workshopSessions.startsAt), asc(workshopSessions.id))
			.limit(30),
		signUpHold(db, user.id)
	]);
	const cards = upcoming.map(card);
	return { signedUp: cards.filter((c) => c.signedUp), open: cards.filter((c) => !c.signedUp), past: past.map(card), hold };
}

/** How many upcoming sessions they're signed up for: for My space. */
export async function upcomingSignUps(db: Db, user: Actor, now = new Date()): Promise<number> {
	return (await mySessions(db, user, now)).signedUp.length;
}

/** Check-in by code is possible now: the session is live, or it's the day. */
export function checkInOpen(s: { status: string; startsAt: Date; endsAt: Date }, now = new Date()): boolean {
	if (s.status === 'live') return true;
	if (s.status !== 'planned') return false;
	const today = londonDay(now);
	return today >= londonDay(s.startsAt) && today <= londonDay(s.endsAt);
}

/**
 * One session as a participant sees it: planned or live ones of their organisation, and any they
 * signed up for. The online link only once they've signed up (or for sessions open to anyone).
 */
export async function mySession(db: Db, user: Actor, sessionId: string, now = new Date()) {
	const [row] = ID.test(sessionId)
		? await db
				.select({ s: workshopSessions, projectTitle: projects.title, registered: registeredCount, registrationId: sessionRegistrations.id, attendedAt: sessionRegistrations.attendedAt })
				.from(workshopSessions)
				.innerJoin(projects, eq(projects.id, workshopSessions.projectId))
				.leftJoin(sessionRegistrations, and(eq(sessionRegistrations.sessionId, workshopSessions.id), eq(sessionRegistrations.userId, user.id)))
				.where(and(eq(workshopSessions.id, sessionId), eq(workshopSessions.organisationId, user.organisationId)))
		: [];
	if (!row) throw new InputError(NO_SESSION);
	const s = row.s;
	const signedUp = row.registrationId !== null;
	if (!signedUp && s.status !== 'planned' && s.status !== 'live') throw new InputError(NO_SESSION);
	const full = s.capacity !== null && row.registered >= s.capacity;
	return {
		session: {
			id: s.id,
			title: s.title,
			kind: s.kind,
			description: s.description,
			status: s.status,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			onlineLink: signedUp || s.invite === 'open' ? s.onlineLink : null,
			online: s.onlineLink !== null,
			invite: s.invite
		},
		projectTitle: row.projectTitle,
		signedUp,
		attended: row.attendedAt !== null,
		full,
		placesLeft: s.capacity === null ? null : Math.max(0, s.capacity - row.registered),
		/** Why signing up or cancelling isn't possible now (finished, cancelled), or null. */
		closed: closedToSignUps(s, now),
		hold: signedUp ? null : await signUpHold(db, user.id),
		checkInOpen: checkInOpen(s, now)
	};
}
export type MySession = Awaited<ReturnType<typeof mySession>>;
