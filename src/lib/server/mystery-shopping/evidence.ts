// Mystery shopping in a project's evidence (step 7, Consolidate): each programme with approved
// reports, its visits and overall rating, linked to the contract's printable findings report.
// The public project page asks every source too, so this stays light: one query, grouped by
// report, gives every programme's visits, last day, overall mean and shoppers (no comments, no
// names, no per-theme tables: those are the findings page's).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { outOfFive } from '$lib/monitoring/findings-format';
import type { Db } from '../db/client';
import { contracts } from '../monitoring/schema';
import type { EvidenceItem, EvidenceSource } from '../projects/evidence';
import { organisationThreshold } from '../surveys/results';
import { cell } from './findings-themes';
import { reportRatings, shoppingProgrammes, shoppingReports, shoppingVisits } from './schema';

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
		const [threshold, reports] = await Promise.all([
			organisationThreshold(db, programmes[0].organisationId),
			db
				.select({
					programmeId: shoppingVisits.programmeId,
					visitId: shoppingReports.visitId,
					shopperId: shoppingReports.shopperId,
					visitedOn: shoppingReports.visitedOn,
					// Each report's own ratings ("didn't see this" is null, left out by sum and count).
					total: sql<number | null>`sum(${reportRatings.rating})`.mapWith(Number),
					rated: sql<number>`count(${reportRatings.rating})`.mapWith(Number)
				})
				.from(shoppingReports)
				.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
				.leftJoin(reportRatings, eq(reportRatings.reportId, shoppingReports.id))
				.where(and(eq(shoppingReports.status, 'approved'), inArray(shoppingVisits.programmeId, programmes.map((p) => p.id))))
				.groupBy(shoppingReports.id, shoppingVisits.programmeId)
		]);
		// The public page adds up each item's participants per activity (participationCounts), and
		// someone who shopped for two programmes must count once: so the project's distinct
		// shoppers go on its first programme's item and the others carry none. No page shows one
		// programme's number of shoppers.
		const shoppers = new Set(reports.map((r) => r.shopperId)).size;
		const items = programmes
			.map((p) => ({ p, mine: reports.filter((r) => r.programmeId === p.id) }))
			.filter(({ mine }) => mine.length > 0)
			.map(({ p, mine }, i): EvidenceItem => {
				// The same arithmetic as the findings page: each report's average, then their mean.
				const overall = cell(
					mine.filter((r) => r.rated > 0).map((r) => (r.total ?? 0) / r.rated),
					threshold
				);
				const rating = outOfFive(overall.mean);
				const visitCount = new Set(mine.map((r) => r.visitId)).size;
				const visits = `${visitCount} ${visitCount === 1 ? 'visit' : 'visits'}`;
				return {
					kind: 'mystery_shopping',
					step: 7,
					title: `Mystery shopping: ${p.title}`,
					summary: rating ? `${visits}, rated ${rating} overall` : `${visits}; too few reports yet to show a rating`,
					date: mine.map((r) => r.visitedOn).sort().at(-1) ?? null,
					href: `/staff/contracts/${p.contractId}/findings/report`,
					...(i === 0 ? { participation: { activity: 'mystery_shopping' as const, participants: shoppers } } : {})
				};
			});
		return items;
	}
};
