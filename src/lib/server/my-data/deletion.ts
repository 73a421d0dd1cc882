// Deleting a participant's account. The person asks (or a champion picks an account past the
// retention period); a champion confirms, and in one transaction every personal detail goes: the
// users row becomes an empty placeholder ("Deleted account", a random username, no password that
// can ever match, deletedAt set), sign-ins, consent records and notifications are deleted, and what
// they gave stays only as anonymous. Survey answers, live answers, hours, rewards, panel scores,
// visit reports and registrations keep pointing at the placeholder, so one deleted person stays
// one anonymous person in reach figures and their hours keep adding up; every page that names a
// person shows the placeholder as "Deleted account" or leaves it out.
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { can, type Actor } from '../auth/policy';
import { consents, invitations, PARTICIPANT_ROLES, sessions, STAFF_ROLES, userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../db/ids';
import { panelMembers } from '../evaluation/schema';
import { InputError } from '../forms';
import { notifications } from '../notifications/schema';
import { organisations } from '../organisations/schema';
import { liveParticipants } from '../workshops/schema';
import { deletionRequests, type DeletionOrigin } from './schema';

export interface Person extends Actor {
	id: string;
	organisationId: string;
}

/** Only participant accounts (never anyone with a staff role) are deleted here. */
async function isParticipantOnly(db: Db, userId: string): Promise<boolean> {
	const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role as string);
	return roles.some((r) => (PARTICIPANT_ROLES as readonly string[]).includes(r)) && !roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
}

const ALREADY_ASKED = 'You’ve already asked for your account to be deleted. A participation champion will confirm it soon.';

/** The person's own request waiting for a champion, if there is one. */
export async function myPendingDeletion(db: Db, userId: string) {
	const [row] = await db
		.select({ id: deletionRequests.id, requestedAt: deletionRequests.requestedAt })
		.from(deletionRequests)
		.where(and(eq(deletionRequests.userId, userId), eq(deletionRequests.status, 'pending')));
	return row ?? null;
}

/** A participant asks for their own account to be deleted; one request waits at a time. */
export async function requestDeletion(db: Db, actor: Person, now = new Date()): Promise<string> {
	if (!(await isParticipantOnly(db, actor.id))) throw new InputError('Only participants can ask for their account to be deleted here.');
	if (await myPendingDeletion(db, actor.id)) throw new InputError(ALREADY_ASKED);
	const id = newId();
	try {
		await db.transaction(async (tx) => {
			// The account row locked, as deleting locks it: a champion deleting for retention at the
			// same moment either sees this request (and confirms it) or has already deleted the account.
			const [me] = await tx.select({ deletedAt: users.deletedAt }).from(users).where(eq(users.id, actor.id)).for('update');
			if (!me || me.deletedAt) throw new InputError('Your account has already been deleted.');
			await tx.insert(deletionRequests).values({ id, organisationId: actor.organisationId, userId: actor.id, origin: 'participant', status: 'pending', requestedAt: now });
			await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'account_deletion.requested', targetType: 'deletion_request', targetId: id });
		});
	} catch (err) {
		// Two taps at once: the partial unique index lets only one pending request in.
		if (isUniqueViolation(err)) throw new InputError(ALREADY_ASKED);
		throw err;
	}
	return id;
}

/** The person changes their mind while the request is still waiting. */
export async function withdrawDeletionRequest(db: Db, actor: Person, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(deletionRequests)
			.set({ status: 'withdrawn', decidedAt: now, decidedBy: actor.id })
			.where(and(eq(deletionRequests.userId, actor.id), eq(deletionRequests.status, 'pending')))
			.returning({ id: deletionRequests.id });
		if (!row) throw new InputError('There is no request to delete your account waiting, so there is nothing to cancel.');
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'account_deletion.withdrawn', targetType: 'deletion_request', targetId: row.id });
	});
}

function mayDelete(actor: Person) {
	if (!can(actor, 'accounts:delete')) throw new InputError('Only a participation champion can confirm deleting an account.');
}

/** A champion turns a request down (the reason is talked through with the person, not stored). */
export async function declineDeletionRequest(db: Db, actor: Person, userId: string, now = new Date()): Promise<void> {
	mayDelete(actor);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(deletionRequests)
			.set({ status: 'declined', decidedAt: now, decidedBy: actor.id })
			.where(and(eq(deletionRequests.userId, userId), eq(deletionRequests.organisationId, actor.organisationId), eq(deletionRequests.status, 'pending')))
			.returning({ id: deletionRequests.id });
		if (!row) throw new InputError('That request has already been dealt with.');
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'account_deletion.declined', targetType: 'deletion_request', targetId: row.id });
	});
}

/** The first moment an account counts as active under the organisation's retention period. */
export function retentionCutoff(retentionMonths: number, now = new Date()): Date {
	const cutoff = new Date(now);
	cutoff.setUTCMonth(cutoff.getUTCMonth() - retentionMonths);
	return cutoff;
}

/**
 * Deletes a participant's personal details, in one transaction with the account row locked, so
 * two champions confirming at once delete once. `participant`: confirms the person's waiting
 * request (there must be one). `retention`: the account must be inactive for longer than the
 * organisation keeps accounts; their own waiting request is confirmed if they made one, otherwise
 * a retention request row is written already confirmed.
 */
export async function deleteParticipantAccount(
	db: Db,
	actor: Person,
	userId: string,
	options: { origin?: DeletionOrigin; now?: Date } = {}
): Promise<string> {
	mayDelete(actor);
	const origin = options.origin ?? 'participant';
	const now = options.now ?? new Date();
	return db.transaction(async (tx) => {
		const [person] = await tx
			.select({ id: users.id, deletedAt: users.deletedAt, lastActiveAt: users.lastActiveAt })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
			.for('update');
		if (!person) throw new InputError('That account does not exist.');
		if (person.deletedAt) throw new InputError('That account has already been deleted.');
		if (!(await isParticipantOnly(tx, userId))) throw new InputError('Staff accounts can’t be deleted here.');
		const [pending] = await tx
			.select({ id: deletionRequests.id })
			.from(deletionRequests)
			.where(and(eq(deletionRequests.userId, userId), eq(deletionRequests.status, 'pending')))
			.for('update');
		let requestId: string;
		if (origin === 'participant') {
			if (!pending) throw new InputError('There is no request waiting to be confirmed for this account.');
			requestId = pending.id;
		} else {
			const [org] = await tx.select({ months: organisations.retentionMonths }).from(organisations).where(eq(organisations.id, actor.organisationId));
			if (person.lastActiveAt >= retentionCutoff(org.months, now)) throw new InputError('This account has been used recently, so it isn’t due for deletion.');
			requestId = pending?.id ?? newId();
			// Written confirmed, never pending: the one-pending-per-person index can't be raced into a 500
			// by the person asking at the same moment.
			if (!pending) await tx.insert(deletionRequests).values({ id: requestId, organisationId: actor.organisationId, userId, origin: 'retention', status: 'confirmed', requestedAt: now, decidedBy: actor.id, decidedAt: now });
		}
		await scrub(tx, userId, now);
		if (pending) await tx.update(deletionRequests).set({ status: 'confirmed', decidedBy: actor.id, decidedAt: now }).where(eq(deletionRequests.id, pending.id));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'account.deleted',
			targetType: 'user',
			targetId: userId,
			detail: { origin, requestId }
		});
		return requestId;
	});
}

async function scrub(tx: Db, userId: string, now: Date) {
	await tx
		.update(users)
		.set({
			username: `deleted-${newId()}`,
			displayName: 'Deleted account',
			// Not an argon2 hash, so no password can ever match it.
			passwordHash: '!deleted',
			email: null,
			birthMonth: null,
			disabledAt: now,
			deletedAt: now,
			notifyInApp: false,
			notifyByEmail: false
		})
		.where(eq(users.id, userId));
	await tx.delete(sessions).where(eq(sessions.userId, userId));
	await tx.delete(consents).where(eq(consents.userId, userId));
	// The email outbox goes with them (on delete cascade).
	await tx.delete(notifications).where(eq(notifications.userId, userId));
	await tx.delete(invitations).where(and(eq(invitations.userId, userId), eq(invitations.purpose, 'reset')));
	// The code they joined with keeps its place in the champion's list, without their birth month or label.
	await tx.update(invitations).set({ usedBy: null, label: null, birthMonth: null }).where(eq(invitations.usedBy, userId));
	// What they gave keeps pointing at the placeholder (no personal data left on it). Live answers
	// lose the nickname and the phone's token hash, so a phone still holding the old cookie can't
	// answer as the placeholder (the row's own id keeps the hash unique; no sha-256 looks like it).
	await tx.update(liveParticipants).set({ nickname: '', tokenHash: sql`'deleted-' || ${liveParticipants.id}` }).where(eq(liveParticipants.userId, userId));
	await tx.update(panelMembers).set({ interest: null, decisionNote: null }).where(eq(panelMembers.userId, userId));
}
