// Mystery shopping in a project's evidence (step 7, Consolidate): each programme with approved
// reports, its visits and overall rating, linked to the contract's printable findings report.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { outOfFive } from '$lib/monitoring/findings-format';
import type { Db } from '../db/client';
import { contracts } from '../monitoring/schema';
import type { EvidenceItem, EvidenceSource } from '../projects/evidence';
import { findingsFor } from './findings';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from './schema';

export const shoppingEvidence: EvidenceSource = {
	kind: 'mystery_shopping',
	label: 'Mystery shopping',
	async list(db: Db, projectId: string): Promise<EvidenceItem[]> {
		const programmes = await db
			.select({ id: shoppingProgrammes.id, title: shoppingProgrammes.title, contractId: contracts.id, organisationId: contracts.organisationId })
			.from(shoppingProgrammes)
			.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
			.where(eq(contracts.projectId, projectId))
			.orderBy(asc(shoppingProgrammes.startsOn), asc(shoppingProgrammes.id));
		if (!programmes.length) return [];
		const shoppers = await db
			.selectDistinct({ programmeId: shoppingVisits.programmeId, shopperId: shoppingReports.shopperId })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.where(and(eq(shoppingReports.status, 'approved'), inArray(shoppingVisits.programmeId, programmes.map((p) => p.id))));
		const items = await Promise.all(
			programmes
				.filter((p) => shoppers.some((s) => s.programmeId === p.id))
				.map(async (p): Promise<EvidenceItem> => {
					const findings = await findingsFor(db, { organisationId: p.organisationId, contractId: p.contractId, programmeId: p.id });
					const rating = outOfFive(findings.overall.mean);
					const visits = `${findings.visits} ${findings.visits === 1 ? 'visit' : 'visits'}`;
					const participants = shoppers.filter((s) => s.programmeId === p.id).length;
					const lastDay = await lastVisitedOn(db, p.id);
					return {
						kind: 'mystery_shopping',
						step: 7,
						title: `Mystery shopping: ${p.title}`,
						summary: rating ? `${visits}, rated ${rating} overall` : `${visits}; too few reports yet to show a rating`,
						date: lastDay,
						href: `/staff/contracts/${p.contractId}/findings/report`,
						// The public page adds these up and shows a small total as "fewer than N"; no page shows
						// one programme's number of shoppers, so the sum can't be taken apart.
						participation: { activity: 'mystery_shopping', participants }
					};
				})
		);
		return items;
	}
};

async function lastVisitedOn(db: Db, programmeId: string): Promise<string | null> {
	const rows = await db
		.select({ day: shoppingReports.visitedOn })
		.from(shoppingReports)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
		.where(and(eq(shoppingVisits.programmeId, programmeId), eq(shoppingReports.status, 'approved')));
	return rows.map((r) => r.day).sort().at(-1) ?? null;
}
