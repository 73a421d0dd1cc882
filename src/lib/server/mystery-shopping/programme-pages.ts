// What the programme list, programme and checklist pages show: plain rows for the staff who run
// mystery shopping (shopping:manage). Shopper names appear only on the visit pages.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { CONTACT_KIND_LABELS, THEME_LABELS } from '../../monitoring/labels';
import type { Db } from '../db/client';
import { contracts } from '../monitoring/schema';
import { projects } from '../projects/schema';
import { checklistOf } from './checklist';
import { programmeInOrganisation } from './lookup';
import { hasReports } from './programme-fields';
import { shoppingProgrammes, shoppingReports, shoppingScenarios, shoppingVisits } from './schema';

/** Per programme: visits planned, visits with a report sent ("done"), and reports waiting for review. */
async function visitCounts(db: Db, organisationId: string, programmeId?: string) {
	const visitRows = await db
		.select({
			programmeId: shoppingVisits.programmeId,
			planned: sql<number>`count(*) filter (where ${shoppingVisits.status} = 'planned')`.mapWith(Number),
			done: sql<number>`count(*) filter (where ${shoppingVisits.status} = 'planned' and exists (select 1 from ${shoppingReports} where ${shoppingReports.visitId} = ${shoppingVisits.id}))`.mapWith(
				Number
			),
			cancelled: sql<number>`count(*) filter (where ${shoppingVisits.status} = 'cancelled')`.mapWith(Number)
		})
		.from(shoppingVisits)
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.where(and(eq(shoppingProgrammes.organisationId, organisationId), programmeId ? eq(shoppingProgrammes.id, programmeId) : undefined))
		.groupBy(shoppingVisits.programmeId);
	const reportRows = await db
		.select({ programmeId: shoppingVisits.programmeId, status: shoppingReports.status, n: sql<number>`count(*)`.mapWith(Number) })
		.from(shoppingReports)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.where(and(eq(shoppingProgrammes.organisationId, organisationId), programmeId ? eq(shoppingProgrammes.id, programmeId) : undefined))
		.groupBy(shoppingVisits.programmeId, shoppingReports.status);
	return (id: string) => {
		const v = visitRows.find((r) => r.programmeId === id);
		const reports = (status: string) => reportRows.find((r) => r.programmeId === id && r.status === status)?.n ?? 0;
		return { planned: v?.planned ?? 0, done: v?.done ?? 0, cancelled: v?.cancelled ?? 0, waiting: reports('submitted'), approved: reports('approved'), returned: reports('returned') };
	};
}

/** Every programme of the organisation, newest first, and the contracts a new one can be for. */
export async function programmesPage(db: Db, organisationId: string) {
	const rows = await db
		.select({
			id: shoppingProgrammes.id,
			title: shoppingProgrammes.title,
			startsOn: shoppingProgrammes.startsOn,
			endsOn: shoppingProgrammes.endsOn,
			contactKind: shoppingProgrammes.contactKind,
			announced: shoppingProgrammes.announced,
			contractId: contracts.id,
			contractTitle: contracts.title,
			provider: contracts.provider
		})
		.from(shoppingProgrammes)
		.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
		.where(eq(shoppingProgrammes.organisationId, organisationId))
		.orderBy(desc(shoppingProgrammes.startsOn), asc(shoppingProgrammes.title));
	const counts = await visitCounts(db, organisationId);
	const contractRows = await db
		.select({ id: contracts.id, title: contracts.title, provider: contracts.provider, startsOn: contracts.startsOn, endsOn: contracts.endsOn, projectTitle: projects.title })
		.from(contracts)
		.innerJoin(projects, eq(projects.id, contracts.projectId))
		.where(eq(contracts.organisationId, organisationId))
		.orderBy(asc(projects.title), asc(contracts.title));
	return {
		programmes: rows.map((p) => ({ ...p, contactLabel: CONTACT_KIND_LABELS[p.contactKind], ...counts(p.id) })),
		contracts: contractRows
	};
}

export async function programmePage(db: Db, organisationId: string, programmeId: string) {
	const { programme: p, contractTitle, provider, projectId } = await programmeInOrganisation(db, organisationId, programmeId);
	const scenarios = await db
		.select({ id: shoppingScenarios.id, title: shoppingScenarios.title, script: shoppingScenarios.script })
		.from(shoppingScenarios)
		.where(eq(shoppingScenarios.programmeId, programmeId))
		.orderBy(asc(shoppingScenarios.position), asc(shoppingScenarios.createdAt));
	const [contract] = await db.select({ startsOn: contracts.startsOn, endsOn: contracts.endsOn }).from(contracts).where(eq(contracts.id, p.contractId));
	return {
		programme: {
			id: p.id,
			title: p.title,
			purpose: p.purpose,
			contactKind: p.contactKind,
			contactLabel: CONTACT_KIND_LABELS[p.contactKind],
			announced: p.announced,
			announcedFrom: p.announcedFrom,
			announcedTo: p.announcedTo,
			startsOn: p.startsOn,
			endsOn: p.endsOn,
			hoursPerVisit: p.hoursPerVisit
		},
		contract: { id: p.contractId, title: contractTitle, provider, projectId, ...contract },
		scenarios,
		counts: (await visitCounts(db, organisationId, programmeId))(programmeId),
		checklistSize: (await checklistOf(db, programmeId)).length
	};
}

export async function checklistPage(db: Db, organisationId: string, programmeId: string) {
	const { programme: p } = await programmeInOrganisation(db, organisationId, programmeId);
	const items = await checklistOf(db, programmeId);
	return {
		programme: { id: p.id, title: p.title },
		items: items.map((i) => ({ id: i.id, theme: i.theme, themeLabel: THEME_LABELS[i.theme], question: i.question, hint: i.hint })),
		locked: await hasReports(db, programmeId)
	};
}
