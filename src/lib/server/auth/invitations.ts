import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { config } from '../config';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { withUniqueUsername } from '../db/errors';
import { InputError, optionalText, text, username as usernameSchema, password as passwordSchema, validate } from '../forms';
import { getOrganisation } from '../organisations/organisations';
import { generateCode, hashCode, normaliseCode } from './codes';
import { hashPassword, passwordProblem } from './passwords';
import { invitations, userRoles, users, type ParticipantRole } from './schema';
import { createSession, generateSessionToken, invalidateUserSessions } from './sessions';

const DAY = 24 * 60 * 60 * 1000;

export const invitationSchema = v.object({
	role: v.picklist(['young_person', 'parent_carer'], 'Choose young person or parent or carer.'),
	label: optionalText('the note', 80),
	birthMonth: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^\d{4}-(0[1-9]|1[0-2])$/.test(s), 'Enter the month of birth as year and month, for example 2011-04.'),
		v.transform((s) => (s === '' ? null : `${s}-01`))
	)
});
export type InvitationInput = v.InferOutput<typeof invitationSchema>;

export async function createJoinInvitation(db: Db, actor: { id: string; organisationId: string }, raw: InvitationInput, now = new Date()) {
	const input = validate(invitationSchema, { ...raw, label: raw.label ?? '', birthMonth: raw.birthMonth?.slice(0, 7) ?? '' });
	if (input.birthMonth && input.role !== 'young_person') throw new InputError('Only young people need a month of birth.', 'birthMonth');
	if (input.birthMonth) {
		const born = new Date(`${input.birthMonth}T00:00:00Z`);
		const age = (now.getTime() - born.getTime()) / (365.25 * DAY);
		if (age < 8 || age > 26) throw new InputError('Young people here are usually 8 to 25. Check the month of birth.', 'birthMonth');
	}
	const code = generateCode();
	const id = newId();
	const expiresAt = new Date(now.getTime() + config.invitationDays * DAY);
	await db.transaction(async (tx) => {
		await tx.insert(invitations).values({
			id,
			organisationId: actor.organisationId,
			codeHash: hashCode(normaliseCode(code)!),
			purpose: 'join',
			role: input.role,
			label: input.label,
			birthMonth: input.birthMonth,
			expiresAt,
			createdBy: actor.id,
			createdAt: now
		});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'invitation.created',
			targetType: 'invitation',
			targetId: id,
			detail: { role: input.role }
		});
	});
	return { id, code, expiresAt };
}

/** A one-time code that lets a person choose a new password (participants, or new staff). */
export async function createResetCode(db: Db, actor: { id: string; organisationId: string }, userId: string, now = new Date()) {
	const [target] = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)));
	if (!target) throw new InputError('That account does not exist.');
	const code = generateCode();
	const id = newId();
	const expiresAt = new Date(now.getTime() + 3 * DAY);
	await db.transaction(async (tx) => {
		// Only the newest code works.
		await tx
			.update(invitations)
			.set({ revokedAt: now })
			.where(and(eq(invitations.userId, userId), eq(invitations.purpose, 'reset'), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
		await tx.insert(invitations).values({
			id,
			organisationId: actor.organisationId,
			codeHash: hashCode(normaliseCode(code)!),
			purpose: 'reset',
			userId,
			expiresAt,
			createdBy: actor.id,
			createdAt: now
		});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'password.reset_code_created',
			targetType: 'user',
			targetId: userId
		});
	});
	return { id, code, expiresAt };
}

/** The invitation behind a typed code, if it can still be used. */
export async function findUsableInvitation(db: Db, typed: string, now = new Date()) {
	const code = normaliseCode(typed);
	if (!code) return null;
	const [row] = await db
		.select({
			id: invitations.id,
			organisationId: invitations.organisationId,
			purpose: invitations.purpose,
			role: invitations.role,
			userId: invitations.userId,
			birthMonth: invitations.birthMonth
		})
		.from(invitations)
		.where(and(eq(invitations.codeHash, hashCode(code)), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)));
	return row ?? null;
}
export type UsableInvitation = NonNullable<Awaited<ReturnType<typeof findUsableInvitation>>>;

export const joinSchema = v.object({
	displayName: text('the name you’d like us to use', 40),
	username: usernameSchema,
	password: passwordSchema
});
export type JoinInput = v.InferOutput<typeof joinSchema>;

/** Marks the code used; fails (and the caller's transaction rolls back) if someone used it first. */
async function spendInvitation(tx: Db, invitationId: string, userId: string, now: Date) {
	const spent = await tx
		.update(invitations)
		.set({ usedAt: now, usedBy: userId })
		.where(and(eq(invitations.id, invitationId), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
		.returning({ id: invitations.id });
	if (spent.length !== 1) throw new InputError('This code has already been used or has run out. Ask for a new one.');
}

/** Creates the participant, spends the code and signs them in, all or nothing. */
export async function redeemJoinInvitation(db: Db, typedCode: string, raw: JoinInput, now = new Date()) {
	const input = validate(joinSchema, raw);
	const invitation = await findUsableInvitation(db, typedCode, now);
	if (!invitation || invitation.purpose !== 'join') throw new InputError('This code has already been used or has run out. Ask for a new one.');
	const organisation = await getOrganisation(db, invitation.organisationId);
	const problem = passwordProblem(input.password, [input.username, input.displayName, organisation.name]);
	if (problem) throw new InputError(problem, 'password');
	const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
	if (taken) throw new InputError('Someone already has that username. Try another.', 'username');
	const passwordHash = await hashPassword(input.password);
	const userId = newId();
	const token = generateSessionToken();
	const session = await withUniqueUsername(() => db.transaction(async (tx) => {
		await tx.insert(users).values({
			id: userId,
			organisationId: invitation.organisationId,
			username: input.username,
			displayName: input.displayName,
			passwordHash,
			birthMonth: invitation.birthMonth,
			createdAt: now,
			lastActiveAt: now,
			passwordChangedAt: now
		});
		await tx.insert(userRoles).values({ userId, role: invitation.role as ParticipantRole });
		await spendInvitation(tx, invitation.id, userId, now);
		await recordAudit(tx, {
			organisationId: invitation.organisationId,
			actorId: userId,
			action: 'invitation.used',
			targetType: 'invitation',
			targetId: invitation.id,
			detail: { role: invitation.role }
		});
		return createSession(tx, token, userId, now);
	}));
	return { userId, token, expiresAt: session.expiresAt };
}

export const resetSchema = v.object({ password: passwordSchema });

/** Sets the new password, ends every other session, spends the code and signs the person in. */
export async function redeemResetCode(db: Db, typedCode: string, newPassword: string, now = new Date()) {
	const invitation = await findUsableInvitation(db, typedCode, now);
	if (!invitation || invitation.purpose !== 'reset' || !invitation.userId) {
		throw new InputError('This code has already been used or has run out. Ask for a new one.');
	}
	const userId = invitation.userId;
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user || user.disabledAt || user.deletedAt) throw new InputError('This code has already been used or has run out. Ask for a new one.');
	const organisation = await getOrganisation(db, user.organisationId);
	const problem = passwordProblem(newPassword, [user.username, user.displayName, organisation.name]);
	if (problem) throw new InputError(problem, 'password');
	const passwordHash = await hashPassword(newPassword);
	const token = generateSessionToken();
	const session = await db.transaction(async (tx) => {
		await spendInvitation(tx, invitation.id, userId, now);
		await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId);
		await recordAudit(tx, {
			organisationId: user.organisationId,
			actorId: userId,
			action: 'password.reset',
			targetType: 'user',
			targetId: userId
		});
		return createSession(tx, token, userId, now);
	});
	return { userId, displayName: user.displayName, token, expiresAt: session.expiresAt };
}

export type InvitationStatus = 'waiting' | 'used' | 'expired' | 'withdrawn';

export async function listJoinInvitations(db: Db, organisationId: string, now = new Date()) {
	const rows = await db
		.select({
			id: invitations.id,
			role: invitations.role,
			label: invitations.label,
			createdAt: invitations.createdAt,
			expiresAt: invitations.expiresAt,
			usedAt: invitations.usedAt,
			revokedAt: invitations.revokedAt
		})
		.from(invitations)
		.where(and(eq(invitations.organisationId, organisationId), eq(invitations.purpose, 'join')))
		.orderBy(desc(invitations.createdAt))
		.limit(200);
	return rows.map((r) => ({
		...r,
		status: (r.usedAt ? 'used' : r.revokedAt ? 'withdrawn' : r.expiresAt <= now ? 'expired' : 'waiting') as InvitationStatus
	}));
}

export async function withdrawInvitation(db: Db, actor: { id: string; organisationId: string }, invitationId: string, now = new Date()) {
	await db.transaction(async (tx) => {
		const done = await tx
			.update(invitations)
			.set({ revokedAt: now })
			.where(
				and(
					eq(invitations.id, invitationId),
					eq(invitations.organisationId, actor.organisationId),
					isNull(invitations.usedAt),
					isNull(invitations.revokedAt)
				)
			)
			.returning({ id: invitations.id });
		if (done.length !== 1) throw new InputError('That invitation can’t be withdrawn: it was used, withdrawn already, or isn’t yours.');
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'invitation.withdrawn',
			targetType: 'invitation',
			targetId: invitationId
		});
	});
}

const ADJECTIVES = ['blue', 'brave', 'bright', 'calm', 'clever', 'cosy', 'daring', 'eager', 'fast', 'gentle', 'green', 'happy', 'jolly', 'kind', 'lucky', 'merry', 'neat', 'proud', 'quick', 'quiet', 'rapid', 'sunny', 'swift', 'tidy', 'warm', 'wise'];
const ANIMALS = ['badger', 'bee', 'eagle', 'falcon', 'fox', 'gecko', 'hare', 'heron', 'koala', 'lemur', 'lynx', 'otter', 'owl', 'panda', 'puffin', 'robin', 'seal', 'swan', 'tiger', 'wolf', 'wren', 'yak', 'zebra'];

/** A friendly username that says nothing about the person, e.g. "sunny-otter-42". */
export function suggestUsername(): string {
	const pick = (list: string[]) => list[crypto.getRandomValues(new Uint32Array(1))[0] % list.length];
	const n = 10 + (crypto.getRandomValues(new Uint32Array(1))[0] % 90);
	return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${n}`;
}
