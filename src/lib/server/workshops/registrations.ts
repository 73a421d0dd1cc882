// Signing up for a session and cancelling. Young people and parents sign up for planned or live
// sessions of their own organisation straight away: unlike panels and visits, workshops don't wait
// for a parent's or carer's consent (the foundation's rule, policy.ts canJoinSurveysAndWorkshops).
// The session's row is locked first, so the
// last place can't be given twice: of two people taking it at once, one gets it.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { isParticipant } from '../auth/policy';
import { userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { lockSession, type Actor } from './lookup';
import { registeredCount } from './sessions';
import { sessionRegistrations, type WorkshopSession } from './schema';

export const SESSION_FULL = 'Sorry, this session is full. Your participation champion may be able to tell you about another one.';
export const NOT_SIGNED_UP = 'You’re not signed up for this session.';

/** Why this person can't sign up for sessions now, or null when they can. */
export async function signUpHold(db: Db, userId: string): Promise<string | null> {
	const [person] = await db
		.select({ disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, userId));
	if (!person || person.disabledAt) return 'Your account is switched off, so you can’t sign up for sessions. Please talk to your participation champion.';
	const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role);
	if (!isParticipant({ roles })) return 'Signing up is for young people and parents who take part. Staff don’t need to sign up: you can see who’s coming on the session’s page.';
	return null;
}

/** Why a session can't take sign-ups or cancellations now, or null when it can. */
export function closedToSignUps(session: Pick<WorkshopSession, 'status' | 'endsAt'>, now = new Date()): string | null {
	if (session.status === 'cancelled') return 'This session was cancelled, so there’s nothing to sign up for.';
	if (session.status === 'closed' || session.endsAt <= now) return 'This session has finished.';
	return null;
}

export async function registrationOf(db: Db, sessionId: string, userId: string) {
	const [row] = await db
		.select()
		.from(sessionRegistrations)
		.where(and(eq(sessionRegistrations.sessionId, sessionId), eq(sessionRegistrations.userId, userId)));
	return row ?? null;
}

/**
 * Adds a registration in a transaction that already holds the session's lock: the capacity is
 * counted under it. `overCapacity` lets someone in at the door of an open session.
 */
export async function addRegistration(
	tx: Db,
	user: Actor,
	session: WorkshopSession,
	options: { now: Date; attended?: boolean; overCapacity?: boolean }
): Promise<string> {
	if (session.capacity !== null && !options.overCapacity && (await registeredCount(tx, session.id)) >= session.capacity) throw new InputError(SESSION_FULL);
	const id = newId();
	await tx.insert(sessionRegistrations).values({ id, sessionId: session.id, userId: user.id, registeredAt: options.now, attendedAt: options.attended ? options.now : null });
	await recordAudit(tx, {
		organisationId: user.organisationId,
		actorId: user.id,
		action: 'session_registration.created',
		targetType: 'workshop_session',
		targetId: session.id,
		detail: { registrationId: id, checkedIn: !!options.attended }
	});
	return id;
}

/** Signs the person up; signing up again changes nothing. Returns whether they were signed up just now. */
export async function registerForSession(db: Db, user: Actor, sessionId: string, now = new Date()): Promise<{ registrationId: string; created: boolean }> {
	return db.transaction(async (tx) => {
		const session = await lockSession(tx, user.organisationId, sessionId);
		const closed = closedToSignUps(session, now);
		if (closed) throw new InputError(closed);
		const existing = await registrationOf(tx, sessionId, user.id);
		if (existing) return { registrationId: existing.id, created: false };
		const hold = await signUpHold(tx, user.id);
		if (hold) throw new InputError(hold);
		return { registrationId: await addRegistration(tx, user, session, { now }), created: true };
	});
}

/** Takes the person off the list, before the session ends and before they've checked in. */
export async function cancelRegistration(db: Db, user: Actor, sessionId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const session = await lockSession(tx, user.organisationId, sessionId);
		const existing = await registrationOf(tx, sessionId, user.id);
		if (!existing) throw new InputError(NOT_SIGNED_UP);
		const closed = closedToSignUps(session, now);
		if (closed) throw new InputError(closed);
		if (existing.attendedAt) throw new InputError('You’ve already checked in to this session, so you can’t cancel now.');
		await tx.delete(sessionRegistrations).where(eq(sessionRegistrations.id, existing.id));
		await recordAudit(tx, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'session_registration.cancelled',
			targetType: 'workshop_session',
			targetId: sessionId,
			detail: { registrationId: existing.id }
		});
	});
}
