import { and, asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { withUniqueUsername } from '../db/errors';
import { newId } from '../db/ids';
import { InputError, text, username as usernameSchema } from '../forms';
import { rolesAreValid } from './policy';
import { hashPassword } from './passwords';
import { STAFF_ROLES, userRoles, users, type Role, type StaffRole } from './schema';
import { invalidateUserSessions } from './sessions';
import { generateSessionToken } from './sessions';

type Actor = { id: string; organisationId: string };

const staffRoles = v.pipe(
	v.array(v.picklist(STAFF_ROLES, 'Choose roles from the list.')),
	v.minLength(1, 'Choose at least one role.'),
	v.transform((roles) => [...new Set(roles)]),
	v.maxLength(STAFF_ROLES.length, 'Choose roles from the list.')
);

export const staffAccountSchema = v.object({
	displayName: text('a name', 80),
	username: usernameSchema,
	roles: staffRoles
});
export type StaffAccountInput = v.InferOutput<typeof staffAccountSchema>;
export const staffRolesSchema = v.object({ roles: staffRoles });

async function rolesOf(db: Db, userId: string): Promise<Role[]> {
	const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
	return rows.map((r) => r.role);
}

async function userInOrganisation(db: Db, organisationId: string, userId: string) {
	const [user] = await db
		.select()
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	if (!user) throw new InputError('That account does not exist.');
	return user;
}

/**
 * An admin creates a staff account. It has no usable password until the person redeems the
 * set-up code the admin hands over (see createResetCode), so no password travels by email or chat.
 */
export async function createStaffAccount(db: Db, actor: Actor, input: StaffAccountInput) {
	const id = newId();
	// A random secret nobody knows: the account can't be signed into until a code sets a password.
	const passwordHash = await hashPassword(generateSessionToken());
	await withUniqueUsername(() =>
		db.transaction(async (tx) => {
			await tx.insert(users).values({
				id,
				organisationId: actor.organisationId,
				username: input.username,
				displayName: input.displayName,
				passwordHash,
				createdBy: actor.id
			});
			await tx.insert(userRoles).values(input.roles.map((role) => ({ userId: id, role })));
			await recordAudit(tx, {
				organisationId: actor.organisationId,
				actorId: actor.id,
				action: 'user.created',
				targetType: 'user',
				targetId: id,
				detail: { roles: input.roles.join(',') }
			});
		})
	);
	return id;
}

export async function setStaffRoles(db: Db, actor: Actor, userId: string, roles: StaffRole[]) {
	const user = await userInOrganisation(db, actor.organisationId, userId);
	const before = await rolesOf(db, user.id);
	if (!before.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) throw new InputError('Only staff accounts have staff roles.');
	if (!rolesAreValid(roles)) throw new InputError('Choose at least one role.', 'roles');
	if (actor.id === userId && !roles.includes('admin')) throw new InputError('You can’t remove your own admin role. Ask another admin.', 'roles');
	await db.transaction(async (tx) => {
		await tx.delete(userRoles).where(eq(userRoles.userId, userId));
		await tx.insert(userRoles).values(roles.map((role) => ({ userId, role })));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'user.roles_changed',
			targetType: 'user',
			targetId: userId,
			detail: { before: before.sort().join(','), after: [...roles].sort().join(',') }
		});
	});
}

/** Disabling ends every session at once; enabling lets the person sign in again. */
export async function setAccountDisabled(db: Db, actor: Actor, userId: string, disabled: boolean, now = new Date()) {
	const target = await userInOrganisation(db, actor.organisationId, userId);
	if (actor.id === userId) throw new InputError('You can’t disable your own account.');
	if (target.deletedAt) throw new InputError('That account has been deleted, so it stays switched off.');
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ disabledAt: disabled ? now : null })
			.where(eq(users.id, userId));
		if (disabled) await invalidateUserSessions(tx, userId);
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: disabled ? 'user.disabled' : 'user.enabled',
			targetType: 'user',
			targetId: userId
		});
	});
}

export async function listStaff(db: Db, organisationId: string) {
	const rows = await db
		.select({ id: users.id, username: users.username, displayName: users.displayName, disabledAt: users.disabledAt, role: userRoles.role })
		.from(users)
		.innerJoin(userRoles, eq(userRoles.userId, users.id))
		.where(and(eq(users.organisationId, organisationId), inArray(userRoles.role, [...STAFF_ROLES])))
		.orderBy(asc(users.displayName));
	const byId = new Map<string, { id: string; username: string; displayName: string; disabled: boolean; roles: Role[] }>();
	for (const r of rows) {
		const entry = byId.get(r.id) ?? { id: r.id, username: r.username, displayName: r.displayName, disabled: !!r.disabledAt, roles: [] };
		entry.roles.push(r.role);
		byId.set(r.id, entry);
	}
	return [...byId.values()];
}

export async function getStaffMember(db: Db, organisationId: string, userId: string) {
	const user = await userInOrganisation(db, organisationId, userId);
	const roles = await rolesOf(db, userId);
	if (!roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) throw new InputError('That account does not exist.');
	return { id: user.id, username: user.username, displayName: user.displayName, disabled: !!user.disabledAt, roles };
}
