// Who came: a registered person checks in by typing the session's code (while it is live, or on
// its day), or the champion ticks them; people without accounts are counted as walk-ins. Hours
// are credited to attended registrations when the session closes (closing.ts), once each: the
// contributions table's unique (activity, source) makes a second credit do nothing.
import { and, eq, isNotNull } from 'drizzle-orm';
import * as v from 'valibot';
import { londonDay } from '../../dates';
import { SESSION_KIND_LABELS } from '../../live/kinds';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, validate } from '../forms';
import { creditContributions } from '../recognition/credit';
import { normaliseLiveCode } from './live-code';
import { ID, lockSession, sessionByCode, type Actor } from './lookup';
import { addRegistration, registrationOf, signUpHold, SESSION_FULL } from './registrations';
import { whole } from './session-input';
import { sessionRegistrations, workshopSessions, type WorkshopSession } from './schema';

export const CODE_SHAPE = 'That doesn’t look like a session code. It has 6 letters and numbers, for example K7QM2X.';
export const CODE_UNKNOWN = 'We couldn’t find a session with that code. Check it with your champion and try again.';

/**
 * A code that isn't one (malformed, unknown, another organisation's, or another session's that
 * can't be checked in to now): the one message, so trying codes tells nothing about them, and a
 * wrong guess the caller counts (check-in.ts).
 */
export class UnknownCode extends InputError {
	constructor(message = CODE_UNKNOWN) {
		super(message, 'code');
	}
}

/** Why the code can't be used to check in now, or null when it can. */
function checkInClosed(session: WorkshopSession, now: Date): string | null {
	if (session.status === 'cancelled') return 'That session was cancelled, so its code doesn’t work.';
	if (session.status === 'closed') return 'That session has finished, so its code doesn’t work any more.';
	if (session.status === 'live') return null;
	const today = londonDay(now);
	if (today < londonDay(session.startsAt)) return 'That session hasn’t started yet. You can check in with the code on the day.';
	if (today > londonDay(session.endsAt)) return 'That session has finished, so its code doesn’t work any more.';
	return null;
}

/**
 * Checks the signed-in person in with the code they typed. Registered: attendance is set (again
 * changes nothing). Not registered: they are signed up and checked in, except on a full session
 * for participants only. `checkedIn` is true when this call checked them in, false when they
 * already were. Anything wrong (code, timing, consent, a full session) is an InputError on 'code';
 * a code that isn't one is an UnknownCode. `typedOn` is the session whose page the code was typed
 * on: only that session's code says why it can't be used now (cancelled, not started, finished);
 * any other session's says just what an unknown code says.
 */
export async function checkInByCode(
	db: Db,
	user: { id: string; organisationId: string },
	code: string,
	now = new Date(),
	typedOn?: string
): Promise<{ sessionId: string; checkedIn: boolean }> {
	if (!normaliseLiveCode(code)) throw new UnknownCode(CODE_SHAPE);
	const found = await sessionByCode(db, code);
	if (!found || found.organisationId !== user.organisationId) throw new UnknownCode();
	return db.transaction(async (tx) => {
		const session = await lockSession(tx, user.organisationId, found.id);
		// The code may have changed while we waited for the lock.
		if (session.code !== found.code) throw new UnknownCode();
		const closed = checkInClosed(session, now);
		if (closed) throw typedOn === undefined || typedOn === session.id ? new InputError(closed, 'code') : new UnknownCode();
		const existing = await registrationOf(tx, session.id, user.id);
		if (existing?.attendedAt) return { sessionId: session.id, checkedIn: false };
		if (existing) {
			await tx.update(sessionRegistrations).set({ attendedAt: now, checkedInBy: null }).where(eq(sessionRegistrations.id, existing.id));
			await recordAudit(tx, {
				organisationId: user.organisationId,
				actorId: user.id,
				action: 'session_registration.checked_in',
				targetType: 'workshop_session',
				targetId: session.id,
				detail: { registrationId: existing.id, by: 'code' }
			});
			return { sessionId: session.id, checkedIn: true };
		}
		const hold = await signUpHold(tx, user.id);
		if (hold) throw new InputError(hold, 'code');
		try {
			await addRegistration(tx, user, session, { now, attended: true, overCapacity: session.invite === 'open' });
		} catch (err) {
			if (err instanceof InputError && err.message === SESSION_FULL)
				throw new InputError('Sorry, this session is full and you weren’t signed up for it. Please talk to the person running it.', 'code');
			throw err;
		}
		return { sessionId: session.id, checkedIn: true };
	});
}

/**
 * Credits the session's hours to every attended registration that hasn't had them yet, in a
 * transaction holding the session's lock. Returns how many were credited now. No hours set, no rows.
 */
export async function creditHours(tx: Db, actor: Actor, session: WorkshopSession, now: Date): Promise<number> {
	if (!(session.hoursCredited > 0)) return 0;
	const attended = await tx
		.select({ id: sessionRegistrations.id, userId: sessionRegistrations.userId })
		.from(sessionRegistrations)
		.where(and(eq(sessionRegistrations.sessionId, session.id), isNotNull(sessionRegistrations.attendedAt)));
	if (!attended.length) return 0;
	const credited = await creditContributions(
		tx,
		attended.map((r) => ({
			organisationId: session.organisationId,
			userId: r.userId,
			projectId: session.projectId,
			activity: 'session' as const,
			sourceId: r.id,
			description: `${SESSION_KIND_LABELS[session.kind]}: ${session.title}`,
			hours: session.hoursCredited,
			happenedOn: londonDay(session.startsAt),
			creditedBy: actor.id,
			createdAt: now
		}))
	);
	return credited.length;
}

const tickSchema = v.object({ attended: v.boolean() });

/**
 * The champion ticks (or unticks) someone who signed up. After closing, a tick credits their
 * hours at once, and unticking is refused: the hours are already on their record.
 */
export async function markAttendance(db: Db, actor: Actor, sessionId: string, registrationId: string, attended: boolean, now = new Date()): Promise<boolean> {
	validate(tickSchema, { attended });
	return db.transaction(async (tx) => {
		const session = await lockSession(tx, actor.organisationId, sessionId);
		if (session.status === 'cancelled') throw new InputError('This session is cancelled, so attendance can’t change.');
		const [registration] = ID.test(registrationId)
			? await tx
					.select()
					.from(sessionRegistrations)
					.where(and(eq(sessionRegistrations.id, registrationId), eq(sessionRegistrations.sessionId, sessionId)))
					.for('update')
			: [];
		if (!registration) throw new InputError('That person isn’t signed up for this session.');
		if (!!registration.attendedAt === attended) return false;
		if (!attended && session.status === 'closed') throw new InputError('This session is closed and their hours have been credited, so they stay ticked.');
		await tx
			.update(sessionRegistrations)
			.set(attended ? { attendedAt: now, checkedInBy: actor.id } : { attendedAt: null, checkedInBy: null })
			.where(eq(sessionRegistrations.id, registration.id));
		const credited = session.status === 'closed' ? await creditHours(tx, actor, session, now) : 0;
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: attended ? 'session_registration.ticked' : 'session_registration.unticked',
			targetType: 'workshop_session',
			targetId: sessionId,
			detail: { registrationId: registration.id, credited }
		});
		return true;
	});
}

export const WALK_INS_MESSAGE = 'Enter the number of walk-ins as a whole number from 0 to 10,000.';
export const walkInsField = whole(WALK_INS_MESSAGE, 0, 10000);

/** Counts walk-ins at the door: one more or one fewer (`change`), or a number (`set`). Returns the new count. */
export async function countWalkIns(db: Db, actor: Actor, sessionId: string, change: { by: 1 | -1 } | { set: number }, now = new Date()): Promise<number> {
	return db.transaction(async (tx) => {
		const session = await lockSession(tx, actor.organisationId, sessionId);
		if (session.status === 'cancelled') throw new InputError('This session is cancelled, so there are no walk-ins to count.', 'walkIns');
		if (session.status === 'closed') throw new InputError('This session is closed: change the walk-ins in the closing record.', 'walkIns');
		const next = 'set' in change ? change.set : session.walkIns + change.by;
		if ('by' in change && change.by !== 1 && change.by !== -1) throw new InputError(WALK_INS_MESSAGE, 'walkIns');
		if (!Number.isInteger(next) || next > 10000 || next < 0) throw new InputError(next < 0 ? 'There are no walk-ins to take off.' : WALK_INS_MESSAGE, 'walkIns');
		if (next === session.walkIns) return next;
		await tx.update(workshopSessions).set({ walkIns: next, updatedAt: now }).where(eq(workshopSessions.id, sessionId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'workshop_session.walk_ins_counted', targetType: 'workshop_session', targetId: sessionId, detail: { from: session.walkIns, to: next } });
		return next;
	});
}
