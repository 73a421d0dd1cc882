// Visits: a date window within the programme, an optional scenario, the supervising adult, and the
// shoppers who go (usually a pair, one to four). Only active participants can go, and a young person
// under the organisation's consent age only with a parent's or carer's consent on record.
import { and, eq, gt, lt, or } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { hasActiveConsent } from '../auth/consent';
import { canJoinPanelOrVisit, isParticipant, isStaff } from '../auth/policy';
import { userRoles, users, type Role } from '../auth/schema';
import type { Db } from '../db/client';
import { notifyVisitAssigned } from '../notifications/events';
import { newId } from '../db/ids';
import { InputError, realDate, validate } from '../forms';
import { organisations } from '../organisations/schema';
import { shortDate } from '../../project-labels';
import { ID, lockProgramme, words, type Actor } from './programme-fields';
import { shoppingReports, shoppingScenarios, shoppingVisits, visitShoppers, type ShoppingProgramme } from './schema';

export const MAX_SHOPPERS = 4;
export const MAX_VISITS = 200;

export const visitSchema = v.object({
	windowFrom: realDate('the first day of the visit window'),
	windowTo: realDate('the last day of the visit window'),
	scenarioId: v.pipe(
		v.string(),
		v.check((s) => s === '' || ID.test(s), 'Choose one of this programme’s scenarios.')
	),
	supervisor: words('the supervising adult', 200)
});
export type VisitInput = v.InferInput<typeof visitSchema>;
export const VISIT_FIELDS = ['windowFrom', 'windowTo', 'scenarioId', 'supervisor'] as const;

async function checked(tx: Db, programme: ShoppingProgramme, input: VisitInput) {
	const data = validate(visitSchema, input);
	if (data.windowTo < data.windowFrom) throw new InputError('The last day has to be on or after the first day.', 'windowTo');
	if (data.windowFrom < programme.startsOn || data.windowTo > programme.endsOn)
		throw new InputError(`The visit has to fall within the programme’s dates (${shortDate(programme.startsOn)} to ${shortDate(programme.endsOn)}).`, 'windowFrom');
	if (data.scenarioId) {
		const [scenario] = await tx
			.select({ id: shoppingScenarios.id })
			.from(shoppingScenarios)
			.where(and(eq(shoppingScenarios.id, data.scenarioId), eq(shoppingScenarios.programmeId, programme.id)));
		if (!scenario) throw new InputError('Choose one of this programme’s scenarios.', 'scenarioId');
	}
	return { windowFrom: data.windowFrom, windowTo: data.windowTo, scenarioId: data.scenarioId || null, supervisor: data.supervisor };
}

const audit = (tx: Db, actor: Actor, action: string, visitId: string, detail: Record<string, string | number | null> = {}) =>
	recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action, targetType: 'shopping_visit', targetId: visitId, detail });

export async function createVisit(db: Db, actor: Actor, programmeId: string, input: VisitInput, now = new Date()): Promise<string> {
	return db.transaction(async (tx) => {
		const programme = await lockProgramme(tx, actor.organisationId, programmeId);
		const values = await checked(tx, programme, input);
		const existing = await tx.select({ id: shoppingVisits.id }).from(shoppingVisits).where(eq(shoppingVisits.programmeId, programmeId));
		if (existing.length >= MAX_VISITS) throw new InputError(`A programme can have at most ${MAX_VISITS} visits.`);
		const id = newId();
		await tx.insert(shoppingVisits).values({ id, programmeId, ...values, createdBy: actor.id, createdAt: now, updatedAt: now });
		await audit(tx, actor, 'shopping_visit.created', id, { programmeId, scenarioId: values.scenarioId });
		return id;
	});
}

/** The visit, locked after its programme (the lock order everywhere), or "not found". */
async function lockVisit(tx: Db, actor: Actor, visitId: string) {
	const [row] = ID.test(visitId)
		? await tx
				.select({ programmeId: shoppingVisits.programmeId })
				.from(shoppingVisits)
				.where(eq(shoppingVisits.id, visitId))
		: [];
	if (!row) throw new InputError('That visit does not exist.');
	const programme = await lockProgramme(tx, actor.organisationId, row.programmeId);
	const [visit] = await tx.select().from(shoppingVisits).where(eq(shoppingVisits.id, visitId)).for('update');
	return { programme, visit };
}

/** Returns false when nothing changed. Reports already sent must still fall in the window. */
export async function updateVisit(db: Db, actor: Actor, visitId: string, input: VisitInput, now = new Date()): Promise<boolean> {
	return db.transaction(async (tx) => {
		const { programme, visit } = await lockVisit(tx, actor, visitId);
		const values = await checked(tx, programme, input);
		if (visit.windowFrom === values.windowFrom && visit.windowTo === values.windowTo && visit.scenarioId === values.scenarioId && visit.supervisor === values.supervisor) return false;
		const [outside] = await tx
			.select({ id: shoppingReports.id })
			.from(shoppingReports)
			.where(and(eq(shoppingReports.visitId, visitId), or(lt(shoppingReports.visitedOn, values.windowFrom), gt(shoppingReports.visitedOn, values.windowTo))))
			.limit(1);
		if (outside) throw new InputError('A report already sent is from a day outside that window.', 'windowFrom');
		await tx.update(shoppingVisits).set({ ...values, updatedAt: now }).where(eq(shoppingVisits.id, visitId));
		await audit(tx, actor, 'shopping_visit.updated', visitId, { scenarioId: values.scenarioId });
		return true;
	});
}

async function reportCount(tx: Db, visitId: string, shopperId?: string) {
	const found = await tx
		.select({ id: shoppingReports.id })
		.from(shoppingReports)
		.where(and(eq(shoppingReports.visitId, visitId), shopperId ? eq(shoppingReports.shopperId, shopperId) : undefined));
	return found.length;
}

export async function cancelVisit(db: Db, actor: Actor, visitId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const { visit } = await lockVisit(tx, actor, visitId);
		if (visit.status === 'cancelled') throw new InputError('This visit is already cancelled.');
		if (await reportCount(tx, visitId)) throw new InputError('A shopper has already sent a report on this visit, so it can’t be cancelled.');
		await tx.update(shoppingVisits).set({ status: 'cancelled', updatedAt: now }).where(eq(shoppingVisits.id, visitId));
		await audit(tx, actor, 'shopping_visit.cancelled', visitId);
	});
}

/** Puts a cancelled visit back in the plan. */
export async function reinstateVisit(db: Db, actor: Actor, visitId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const { visit } = await lockVisit(tx, actor, visitId);
		if (visit.status === 'planned') throw new InputError('This visit is already planned.');
		await tx.update(shoppingVisits).set({ status: 'planned', updatedAt: now }).where(eq(shoppingVisits.id, visitId));
		await audit(tx, actor, 'shopping_visit.reinstated', visitId);
	});
}

type Candidate = { displayName: string; birthMonth: string | null; disabledAt: Date | null };

/** Why this person can't go on a visit, in plain words; null when they can. */
export function whyNotShopper(consentAge: number, person: Candidate, roles: Role[], hasConsent: boolean, today = new Date()): string | null {
	const name = person.displayName;
	if (person.disabledAt) return `${name}’s account is switched off.`;
	if (isStaff({ roles }) || !isParticipant({ roles })) return `${name} is staff; shoppers are young people or parents and carers.`;
	if (!canJoinPanelOrVisit({ roles, birthMonth: person.birthMonth, disabled: false }, consentAge, hasConsent, today))
		return `${name} needs a parent’s or carer’s consent on record before going on a visit.`;
	return null;
}

export async function assignShopper(db: Db, actor: Actor, visitId: string, userId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const { visit } = await lockVisit(tx, actor, visitId);
		if (visit.status === 'cancelled') throw new InputError('This visit is cancelled, so nobody can be added to it.', 'userId');
		const [person] = ID.test(userId)
			? await tx
					.select({ displayName: users.displayName, birthMonth: users.birthMonth, disabledAt: users.disabledAt, consentAge: organisations.consentAge })
					.from(users)
					.innerJoin(organisations, eq(organisations.id, users.organisationId))
					.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
			: [];
		if (!person) throw new InputError('Choose someone from your organisation’s participants.', 'userId');
		const roles = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role);
		const problem = whyNotShopper(person.consentAge, person, roles, await hasActiveConsent(tx, userId), now);
		if (problem) throw new InputError(problem, 'userId');
		const going = await tx.select({ userId: visitShoppers.userId }).from(visitShoppers).where(eq(visitShoppers.visitId, visitId));
		if (going.some((g) => g.userId === userId)) throw new InputError(`${person.displayName} is already going on this visit.`, 'userId');
		if (going.length >= MAX_SHOPPERS) throw new InputError(`A visit has at most ${MAX_SHOPPERS} shoppers.`, 'userId');
		await tx.insert(visitShoppers).values({ visitId, userId, assignedBy: actor.id, assignedAt: now });
		await audit(tx, actor, 'shopping_visit.shopper_assigned', visitId, { userId });
		await notifyVisitAssigned(tx, actor.organisationId, visitId, userId, now);
	});
}

/** Takes a shopper off a visit, only while they haven't sent a report on it. */
export async function removeShopper(db: Db, actor: Actor, visitId: string, userId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await lockVisit(tx, actor, visitId);
		const [going] = ID.test(userId)
			? await tx
					.select({ userId: visitShoppers.userId })
					.from(visitShoppers)
					.where(and(eq(visitShoppers.visitId, visitId), eq(visitShoppers.userId, userId)))
			: [];
		if (!going) throw new InputError('They aren’t going on this visit.', 'userId');
		if (await reportCount(tx, visitId, userId)) throw new InputError('They have already sent a report on this visit, so they stay on it.', 'userId');
		await tx.delete(visitShoppers).where(and(eq(visitShoppers.visitId, visitId), eq(visitShoppers.userId, userId)));
		await audit(tx, actor, 'shopping_visit.shopper_removed', visitId, { userId });
	});
}
