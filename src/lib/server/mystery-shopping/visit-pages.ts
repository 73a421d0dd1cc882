// What the visits pages show: each visit's window, scenario, supervising adult and shoppers, with
// each shopper's report status, and who can (or can't yet, and why) be assigned.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { PARTICIPANT_ROLES, consents, userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { organisations } from '../organisations/schema';
import { programmeInOrganisation } from './lookup';
import { shoppingReports, shoppingScenarios, shoppingVisits, visitShoppers, type ReportStatus } from './schema';
import { MAX_SHOPPERS, whyNotShopper } from './visits';

export const REPORT_STATUS_LABELS: Record<ReportStatus | 'none', string> = {
	none: 'Not sent yet',
	submitted: 'Sent: waiting for review',
	approved: 'Approved',
	returned: 'Returned with a note'
};

function scenariosOf(db: Db, programmeId: string) {
	return db
		.select({ id: shoppingScenarios.id, title: shoppingScenarios.title })
		.from(shoppingScenarios)
		.where(eq(shoppingScenarios.programmeId, programmeId))
		.orderBy(asc(shoppingScenarios.position), asc(shoppingScenarios.createdAt));
}

export async function visitsPage(db: Db, organisationId: string, programmeId: string) {
	const { programme: p } = await programmeInOrganisation(db, organisationId, programmeId);
	const scenarios = await scenariosOf(db, programmeId);
	const visits = await db.select().from(shoppingVisits).where(eq(shoppingVisits.programmeId, programmeId)).orderBy(asc(shoppingVisits.windowFrom), asc(shoppingVisits.createdAt));
	const ids = visits.map((v) => v.id);
	const going = ids.length ? await db.select({ visitId: visitShoppers.visitId }).from(visitShoppers).where(inArray(visitShoppers.visitId, ids)) : [];
	const reports = ids.length ? await db.select({ visitId: shoppingReports.visitId, status: shoppingReports.status }).from(shoppingReports).where(inArray(shoppingReports.visitId, ids)) : [];
	return {
		programme: { id: p.id, title: p.title, startsOn: p.startsOn, endsOn: p.endsOn },
		scenarios,
		visits: visits.map((v) => ({
			id: v.id,
			windowFrom: v.windowFrom,
			windowTo: v.windowTo,
			scenario: scenarios.find((s) => s.id === v.scenarioId)?.title ?? null,
			supervisor: v.supervisor,
			status: v.status,
			shoppers: going.filter((g) => g.visitId === v.id).length,
			sent: reports.filter((r) => r.visitId === v.id).length,
			approved: reports.filter((r) => r.visitId === v.id && r.status === 'approved').length
		}))
	};
}

/** The organisation's participants not on this visit: who can go, and who can't yet with the reason. */
async function candidates(db: Db, organisationId: string, exclude: Set<string>, today: Date) {
	const [org] = await db.select({ consentAge: organisations.consentAge }).from(organisations).where(eq(organisations.id, organisationId));
	const people = await db
		.selectDistinct({ id: users.id, displayName: users.displayName, birthMonth: users.birthMonth, disabledAt: users.disabledAt })
		.from(users)
		.innerJoin(userRoles, eq(userRoles.userId, users.id))
		.where(and(eq(users.organisationId, organisationId), isNull(users.deletedAt), inArray(userRoles.role, [...PARTICIPANT_ROLES])))
		.orderBy(asc(users.displayName), asc(users.id));
	const ids = people.map((p) => p.id);
	const roleRows = ids.length ? await db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, ids)) : [];
	const consenting = new Set(
		(ids.length ? await db.selectDistinct({ userId: consents.userId }).from(consents).where(and(inArray(consents.userId, ids), isNull(consents.withdrawnAt))) : []).map((c) => c.userId)
	);
	const available: { userId: string; displayName: string }[] = [];
	const unavailable: { userId: string; displayName: string; reason: string }[] = [];
	for (const person of people) {
		if (exclude.has(person.id)) continue;
		const roles = roleRows.filter((r) => r.userId === person.id).map((r) => r.role);
		const reason = whyNotShopper(org.consentAge, person, roles, consenting.has(person.id), today);
		if (reason) unavailable.push({ userId: person.id, displayName: person.displayName, reason });
		else available.push({ userId: person.id, displayName: person.displayName });
	}
	return { available, unavailable };
}

export async function visitPage(db: Db, organisationId: string, programmeId: string, visitId: string, today = new Date()) {
	const { programme: p } = await programmeInOrganisation(db, organisationId, programmeId);
	const [visit] = await db
		.select()
		.from(shoppingVisits)
		.where(and(eq(shoppingVisits.id, visitId), eq(shoppingVisits.programmeId, programmeId)));
	if (!visit) throw new InputError('That visit does not exist.');
	const shoppers = await db
		.select({ userId: users.id, displayName: users.displayName, reportId: shoppingReports.id, status: shoppingReports.status })
		.from(visitShoppers)
		.innerJoin(users, eq(users.id, visitShoppers.userId))
		.leftJoin(shoppingReports, and(eq(shoppingReports.visitId, visitShoppers.visitId), eq(shoppingReports.shopperId, visitShoppers.userId)))
		.where(eq(visitShoppers.visitId, visitId))
		.orderBy(asc(visitShoppers.assignedAt), asc(users.displayName));
	const scenarios = await scenariosOf(db, programmeId);
	const anyReport = shoppers.some((s) => s.reportId);
	return {
		programme: { id: p.id, title: p.title, startsOn: p.startsOn, endsOn: p.endsOn },
		scenarios,
		visit: {
			id: visit.id,
			windowFrom: visit.windowFrom,
			windowTo: visit.windowTo,
			scenarioId: visit.scenarioId,
			scenario: scenarios.find((s) => s.id === visit.scenarioId)?.title ?? null,
			supervisor: visit.supervisor,
			status: visit.status
		},
		shoppers: shoppers.map((s) => ({
			userId: s.userId,
			displayName: s.displayName,
			reportId: s.reportId,
			statusLabel: REPORT_STATUS_LABELS[s.status ?? 'none'],
			canRemove: !s.reportId
		})),
		full: shoppers.length >= MAX_SHOPPERS,
		canCancel: visit.status === 'planned' && !anyReport,
		candidates: visit.status === 'planned' ? await candidates(db, organisationId, new Set(shoppers.map((s) => s.userId)), today) : { available: [], unavailable: [] }
	};
}
