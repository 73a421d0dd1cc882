// Who has a ledger: the organisation's participants (young people and parents or carers) whose
// accounts haven't been deleted. Anyone else's id is "not found".
import { and, asc, eq, exists, inArray, isNull, or, sql } from 'drizzle-orm';
import { PARTICIPANT_ROLES, userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { containsText } from '../db/like';
import { InputError } from '../forms';
import { contributions } from '../participation/schema';

export interface LedgerPerson {
	id: string;
	username: string;
	displayName: string;
}

const isParticipant = (db: Db) =>
	exists(
		db
			.select({ one: sql`1` })
			.from(userRoles)
			.where(and(eq(userRoles.userId, users.id), inArray(userRoles.role, [...PARTICIPANT_ROLES])))
	);

/** One participant of the organisation with a ledger; throws InputError (a 404 on pages) otherwise. */
export async function ledgerPerson(db: Db, organisationId: string, userId: string): Promise<LedgerPerson> {
	const [row] = await db
		.select({ id: users.id, username: users.username, displayName: users.displayName })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId), isNull(users.deletedAt), isParticipant(db)));
	if (!row) throw new InputError('That participant does not exist.');
	return row;
}

/** Participants with their total hours and how many activities, by name; a search matches name or username. */
export async function ledgerPeople(db: Db, organisationId: string, search = '') {
	const q = search.trim().slice(0, 80);
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			hours: sql<string>`coalesce(sum(${contributions.hours}), 0)`,
			activities: sql<number>`count(${contributions.id})::int`
		})
		.from(users)
		.leftJoin(contributions, and(eq(contributions.userId, users.id), eq(contributions.organisationId, organisationId)))
		.where(
			and(
				eq(users.organisationId, organisationId),
				isNull(users.deletedAt),
				isParticipant(db),
				q ? or(containsText(users.displayName, q), containsText(users.username, q)) : undefined
			)
		)
		.groupBy(users.id)
		.orderBy(asc(users.displayName), asc(users.username))
		.limit(500);
	return rows.map((r) => ({ ...r, hours: Number(r.hours), activities: Number(r.activities) }));
}

/**
 * Everyone's hours together: every contribution of the organisation, including those of people
 * whose accounts were deleted (kept, linked to the scrubbed placeholder or to nobody).
 */
export async function organisationHours(db: Db, organisationId: string) {
	const [row] = await db
		.select({ hours: sql<string>`coalesce(sum(${contributions.hours}), 0)`, activities: sql<number>`count(*)::int` })
		.from(contributions)
		.where(eq(contributions.organisationId, organisationId));
	return { hours: Number(row.hours), activities: Number(row.activities) };
}
