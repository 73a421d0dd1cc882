// Contract monitoring in a project's evidence (step 7, Consolidate): one item per monitoring
// period that has values, with its ratings in a few words and whether it is published.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { EvidenceItem, EvidenceSource } from '../projects/evidence';
import { ratingSummary } from './schedule';
import { contracts, measureResults, monitoringPeriods } from './schema';

export const CONSOLIDATE_STEP = 7;

export const monitoringEvidence: EvidenceSource = {
	kind: 'contract_monitoring',
	label: 'Contract monitoring',
	async list(db: Db, projectId: string): Promise<EvidenceItem[]> {
		const periods = await db
			.select({ id: monitoringPeriods.id, label: monitoringPeriods.label, endsOn: monitoringPeriods.endsOn, publishedAt: monitoringPeriods.publishedAt, contractId: contracts.id, contractTitle: contracts.title })
			.from(monitoringPeriods)
			.innerJoin(contracts, eq(contracts.id, monitoringPeriods.contractId))
			.where(eq(contracts.projectId, projectId))
			.orderBy(asc(monitoringPeriods.startsOn));
		if (periods.length === 0) return [];
		const ratings = await db
			.select({ periodId: measureResults.periodId, rating: measureResults.rating })
			.from(measureResults)
			.where(inArray(measureResults.periodId, periods.map((p) => p.id)));
		return periods.flatMap((p) => {
			const mine = ratings.filter((r) => r.periodId === p.id).map((r) => r.rating);
			if (mine.length === 0) return [];
			return [
				{
					kind: 'contract_monitoring',
					step: CONSOLIDATE_STEP,
					title: `Contract monitoring: ${p.contractTitle}, ${p.label}${p.publishedAt ? ' (published)' : ''}`,
					summary: ratingSummary(mine),
					date: p.endsOn,
					href: `/staff/contracts/${p.contractId}/performance#period-${p.id}`
				}
			];
		});
	}
};
