import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { containsText } from '../db/like';
import { InputError } from '../forms';
import { getOrganisation } from '../organisations/organisations';
import { listConsents } from '../auth/consent';
import { canJoinPanelOrVisit, needsParentalConsent, ageOn } from '../auth/policy';
import { consents, PARTICIPANT_ROLES, userRoles, users, type ParticipantRole } from '../auth/schema';

export interface ParticipantSummary {
	id: string;
	username: string;
	displayName: string;
	role: ParticipantRole;
	age: number | null;
	disabled: boolean;
	needsConsent: boolean;
	hasConsent: boolean;
	canJoinPanels: boolean;
}

export async function listParticipants(db: Db, organisationId: string, search = '', today = new Date()): Promise<ParticipantSummary[]> {
	const organisation = await getOrganisation(db, organisationId);
	const q = search.trim().slice(0, 80);
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			birthMonth: users.birthMonth,
			disabledAt: users.disabledAt,
			role: userRoles.role,
			activeConsents: sql<number>`(select count(*)::int from ${consents} where ${consents.userId} = ${users.id} and ${consents.withdrawnAt} is null)`
		})
		.from(users)
		.innerJoin(userRoles, eq(userRoles.userId, users.id))
		.where(
			and(
				eq(users.organisationId, organisationId),
				isNull(users.deletedAt),
				inArray(userRoles.role, [...PARTICIPANT_ROLES]),
				q ? or(containsText(users.displayName, q), containsText(users.username, q)) : undefined
			)
		)
		.orderBy(asc(users.displayName))
		.limit(500);
	return rows.map((r) => summarise(r, organisation.consentAge, today));
}

function summarise(
	r: { id: string; username: string; displayName: string; birthMonth: string | null; disabledAt: Date | null; role: string; activeConsents: number },
	consentAge: number,
	today: Date
): ParticipantSummary {
	const person = { roles: [r.role as ParticipantRole], birthMonth: r.birthMonth, disabled: !!r.disabledAt };
	const hasConsent = Number(r.activeConsents) > 0;
	return {
		id: r.id,
		username: r.username,
		displayName: r.displayName,
		role: r.role as ParticipantRole,
		age: r.birthMonth ? ageOn(r.birthMonth, today) : null,
		disabled: !!r.disabledAt,
		needsConsent: needsParentalConsent(person, consentAge, today),
		hasConsent,
		canJoinPanels: canJoinPanelOrVisit(person, consentAge, hasConsent, today)
	};
}

/** One participant of the actor's organisation, with their consent records; anyone else is "not found". */
export async function getParticipant(db: Db, organisationId: string, userId: string, today = new Date()) {
	const organisation = await getOrganisation(db, organisationId);
	const [row] = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			birthMonth: users.birthMonth,
			disabledAt: users.disabledAt,
			email: users.email,
			role: userRoles.role,
			activeConsents: sql<number>`(select count(*)::int from ${consents} where ${consents.userId} = ${users.id} and ${consents.withdrawnAt} is null)`
		})
		.from(users)
		.innerJoin(userRoles, and(eq(userRoles.userId, users.id), inArray(userRoles.role, [...PARTICIPANT_ROLES])))
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId), isNull(users.deletedAt)));
	if (!row) throw new InputError('That participant does not exist.');
	return {
		...summarise(row, organisation.consentAge, today),
		hasEmail: !!row.email,
		consentAge: organisation.consentAge,
		consents: await listConsents(db, userId)
	};
}

