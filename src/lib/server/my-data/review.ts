// What a champion sees before deleting accounts: the requests waiting in their organisation, and
// participant accounts nobody has used for longer than the organisation keeps them, each with a
// count of what will stay counted without a name once the account is deleted.
import { and, asc, count, eq, inArray, isNull, lt, notInArray, sum } from 'drizzle-orm';
import { PARTICIPANT_ROLES, STAFF_ROLES, userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { panelMembers } from '../evaluation/schema';
import { InputError } from '../forms';
import { visitShoppers } from '../mystery-shopping/schema';
import { getOrganisation } from '../organisations/organisations';
import { contributions } from '../participation/schema';
import { rewards } from '../recognition/schema';
import { surveyResponses } from '../surveys/schema';
import { sessionRegistrations } from '../workshops/schema';
import { retentionCutoff } from './deletion';
import { deletionRequests } from './schema';

export interface KeptSummary {
	surveyResponses: number;
	panels: number;
	visits: number;
	sessions: number;
	hours: number;
	rewards: number;
}

const empty = (): KeptSummary => ({ surveyResponses: 0, panels: 0, visits: 0, sessions: 0, hours: 0, rewards: 0 });

async function keptSummaries(db: Db, userIds: string[]): Promise<Map<string, KeptSummary>> {
	const out = new Map(userIds.map((id) => [id, empty()]));
	if (!userIds.length) return out;
	const add = (rows: { userId: string | null; n: unknown }[], key: keyof KeptSummary) => {
		for (const r of rows) if (r.userId) out.get(r.userId)![key] = Number(r.n ?? 0);
	};
	add(await db.select({ userId: surveyResponses.userId, n: count() }).from(surveyResponses).where(inArray(surveyResponses.userId, userIds)).groupBy(surveyResponses.userId), 'surveyResponses');
	add(await db.select({ userId: panelMembers.userId, n: count() }).from(panelMembers).where(inArray(panelMembers.userId, userIds)).groupBy(panelMembers.userId), 'panels');
	add(await db.select({ userId: visitShoppers.userId, n: count() }).from(visitShoppers).where(inArray(visitShoppers.userId, userIds)).groupBy(visitShoppers.userId), 'visits');
	add(
		await db.select({ userId: sessionRegistrations.userId, n: count() }).from(sessionRegistrations).where(inArray(sessionRegistrations.userId, userIds)).groupBy(sessionRegistrations.userId),
		'sessions'
	);
	add(await db.select({ userId: contributions.userId, n: sum(contributions.hours) }).from(contributions).where(inArray(contributions.userId, userIds)).groupBy(contributions.userId), 'hours');
	add(await db.select({ userId: rewards.userId, n: count() }).from(rewards).where(inArray(rewards.userId, userIds)).groupBy(rewards.userId), 'rewards');
	return out;
}

/** Requests waiting for a champion in this organisation, oldest first. */
export async function listPendingDeletions(db: Db, organisationId: string) {
	const rows = await db
		.select({ userId: users.id, username: users.username, displayName: users.displayName, requestedAt: deletionRequests.requestedAt })
		.from(deletionRequests)
		.innerJoin(users, eq(users.id, deletionRequests.userId))
		.where(and(eq(deletionRequests.organisationId, organisationId), eq(deletionRequests.status, 'pending'), isNull(users.deletedAt)))
		.orderBy(asc(deletionRequests.requestedAt))
		.limit(500);
	const kept = await keptSummaries(db, rows.map((r) => r.userId));
	return rows.map((r) => ({ ...r, kept: kept.get(r.userId)! }));
}

/** Participant accounts (not staff, not yet deleted) not used since the retention cutoff, least recent first. */
export async function listInactiveAccounts(db: Db, organisationId: string, now = new Date()) {
	const organisation = await getOrganisation(db, organisationId);
	const cutoff = retentionCutoff(organisation.retentionMonths, now);
	const staff = db.select({ id: userRoles.userId }).from(userRoles).where(inArray(userRoles.role, [...STAFF_ROLES]));
	const rows = await db
		.selectDistinct({ userId: users.id, username: users.username, displayName: users.displayName, lastActiveAt: users.lastActiveAt })
		.from(users)
		.innerJoin(userRoles, and(eq(userRoles.userId, users.id), inArray(userRoles.role, [...PARTICIPANT_ROLES])))
		.where(and(eq(users.organisationId, organisationId), isNull(users.deletedAt), lt(users.lastActiveAt, cutoff), notInArray(users.id, staff)))
		.orderBy(asc(users.lastActiveAt), asc(users.id))
		.limit(500);
	const kept = await keptSummaries(db, rows.map((r) => r.userId));
	return { retentionMonths: organisation.retentionMonths, cutoff, accounts: rows.map((r) => ({ ...r, kept: kept.get(r.userId)! })) };
}

/** A participant of this organisation that a champion may act on; anyone else is "not found". */
export async function deletionTarget(db: Db, organisationId: string, userId: string) {
	const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	if (!row) throw new InputError('That account does not exist.');
	return row;
}
