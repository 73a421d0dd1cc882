import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { hashPassword } from '../../src/lib/server/auth/passwords';
import { userRoles, users, type Role } from '../../src/lib/server/auth/schema';
import { AFC_APPROVAL_BANDS } from '../../src/lib/server/demo/seed';
import { approvalBands, organisations } from '../../src/lib/server/organisations/schema';

export async function makeOrganisation(db: Db, name = 'Test Council') {
	const id = newId();
	await db.insert(organisations).values({ id, name });
	await db.insert(approvalBands).values(AFC_APPROVAL_BANDS.map((b) => ({ id: newId(), organisationId: id, ...b })));
	return id;
}

export async function makeUser(
	db: Db,
	organisationId: string,
	roles: Role[],
	options: { username?: string; password?: string; birthMonth?: string | null; displayName?: string } = {}
) {
	const id = newId();
	const username = options.username ?? `user-${id.slice(0, 6)}`;
	await db.insert(users).values({
		id,
		organisationId,
		username,
		displayName: options.displayName ?? 'Test person',
		passwordHash: await hashPassword(options.password ?? 'a-long-test-passphrase'),
		birthMonth: options.birthMonth ?? null
	});
	await db.insert(userRoles).values(roles.map((role) => ({ userId: id, role })));
	return { id, organisationId, username, roles };
}

/** Row counts of every table: "nothing written" means these don't change. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
	const tables = ['organisations', 'approval_bands', 'users', 'user_roles', 'sessions', 'invitations', 'consents'];
	const counts: Record<string, number> = {};
	for (const t of tables) {
		// postgres.js returns the rows themselves, PGlite an object holding them.
		const result = (await db.execute(`select count(*)::int as n from ${t}`)) as unknown;
		const rows = (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows) as { n: number }[];
		counts[t] = Number(rows[0].n);
	}
	return counts;
}
