// Contract performance on the public project page, in the open data and the feed (no sign-in).
// Only contracts with something published: a performance update (a published monitoring period) or
// a published mystery-shopping summary. Values and ratings come from published periods only; the
// mystery-shopping part is the programme's title and its published summary, never a shopper's
// name or any report's words. A measure appears only once it has a result in a published period:
// one added since the last update (or on a contract with only a mystery-shopping summary) stays
// private, name, unit, baseline and target included.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { PERFORMANCE_RATING_LABELS } from '../../monitoring/labels';
import type { Db } from '../db/client';
import { shoppingProgrammes } from '../mystery-shopping/schema';
import { projects } from '../projects/schema';
import type { PublicContract, PublicMeasure } from '../publishing/types';
import { ratingSummary } from './schedule';
import { contracts, measureResults, monitoringPeriods, performanceMeasures } from './schema';

/** The contract's place on the project page. */
export const contractAnchor = (contractId: string) => `contract-${contractId}`;

export async function publicPerformance(db: Db, projectId: string): Promise<PublicContract[]> {
	const rows = await db
		.select({ id: contracts.id, title: contracts.title, provider: contracts.provider, startsOn: contracts.startsOn, endsOn: contracts.endsOn, valuePence: contracts.valuePence })
		.from(contracts)
		.where(eq(contracts.projectId, projectId))
		.orderBy(asc(contracts.startsOn), asc(contracts.title))
		.limit(100);
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const [periods, shopping] = await Promise.all([
		db
			.select({ id: monitoringPeriods.id, contractId: monitoringPeriods.contractId, label: monitoringPeriods.label, startsOn: monitoringPeriods.startsOn, endsOn: monitoringPeriods.endsOn, summary: monitoringPeriods.summary, publishedAt: monitoringPeriods.publishedAt })
			.from(monitoringPeriods)
			.where(and(inArray(monitoringPeriods.contractId, ids), isNotNull(monitoringPeriods.publishedAt)))
			.orderBy(asc(monitoringPeriods.startsOn)),
		db
			.select({ contractId: shoppingProgrammes.contractId, title: shoppingProgrammes.title, summary: shoppingProgrammes.publicSummary, publishedAt: shoppingProgrammes.publicSummaryPublishedAt })
			.from(shoppingProgrammes)
			.where(and(inArray(shoppingProgrammes.contractId, ids), isNotNull(shoppingProgrammes.publicSummaryPublishedAt)))
			.orderBy(asc(shoppingProgrammes.publicSummaryPublishedAt))
	]);
	const visible = rows.filter((r) => periods.some((p) => p.contractId === r.id) || shopping.some((s) => s.contractId === r.id));
	if (visible.length === 0) return [];
	const visibleIds = visible.map((r) => r.id);
	const periodIds = periods.map((p) => p.id);
	const [measures, results] = await Promise.all([
		db
			.select({ id: performanceMeasures.id, contractId: performanceMeasures.contractId, name: performanceMeasures.name, unit: performanceMeasures.unit, baseline: performanceMeasures.baseline, target: performanceMeasures.target, higherIsBetter: performanceMeasures.higherIsBetter })
			.from(performanceMeasures)
			.where(inArray(performanceMeasures.contractId, visibleIds))
			.orderBy(asc(performanceMeasures.position)),
		periodIds.length
			? db
					.select({ measureId: measureResults.measureId, periodId: measureResults.periodId, value: measureResults.value, rating: measureResults.rating, comment: measureResults.comment })
					.from(measureResults)
					.where(inArray(measureResults.periodId, periodIds))
			: Promise.resolve([])
	]);
	const periodById = new Map(periods.map((p) => [p.id, p]));
	return visible.map((c) => ({
		anchor: contractAnchor(c.id),
		title: c.title,
		provider: c.provider,
		startsOn: c.startsOn,
		endsOn: c.endsOn,
		valuePence: c.valuePence,
		measures: measures
			.filter((m) => m.contractId === c.id)
			.map(({ id, contractId: _c, ...m }): PublicMeasure => ({
				...m,
				results: results
					.filter((r) => r.measureId === id && periodById.has(r.periodId))
					.map((r) => ({ p: periodById.get(r.periodId)!, r }))
					.sort((a, b) => a.p.startsOn.localeCompare(b.p.startsOn))
					.map(({ p, r }) => ({ period: p.label, periodEndsOn: p.endsOn, value: r.value, rating: r.rating, ratingLabel: PERFORMANCE_RATING_LABELS[r.rating], comment: r.comment }))
			}))
			.filter((m) => m.results.length > 0),
		updates: periods
			.filter((p) => p.contractId === c.id)
			.map((p) => ({ period: p.label, startsOn: p.startsOn, endsOn: p.endsOn, summary: p.summary, publishedAt: p.publishedAt!.toISOString() })),
		mysteryShopping: shopping.filter((s) => s.contractId === c.id).map((s) => ({ title: s.title, summary: s.summary, publishedAt: s.publishedAt!.toISOString() }))
	}));
}

/** Published performance updates of published projects, newest first, for the Atom feed. */
export async function publishedUpdateEntries(db: Db, limit: number) {
	const rows = await db
		.select({
			periodId: monitoringPeriods.id,
			label: monitoringPeriods.label,
			summary: monitoringPeriods.summary,
			publishedAt: monitoringPeriods.publishedAt,
			updatedAt: monitoringPeriods.updatedAt,
			contractId: contracts.id,
			contractTitle: contracts.title,
			provider: contracts.provider,
			projectSlug: projects.slug
		})
		.from(monitoringPeriods)
		.innerJoin(contracts, eq(contracts.id, monitoringPeriods.contractId))
		.innerJoin(projects, eq(projects.id, contracts.projectId))
		.where(and(isNotNull(monitoringPeriods.publishedAt), isNotNull(projects.publishedAt)))
		.orderBy(desc(monitoringPeriods.publishedAt), asc(monitoringPeriods.id))
		.limit(limit);
	const ratings = rows.length
		? await db.select({ periodId: measureResults.periodId, rating: measureResults.rating }).from(measureResults).where(inArray(measureResults.periodId, rows.map((r) => r.periodId)))
		: [];
	return rows.map((r) => ({
		path: `/projects/${r.projectSlug}#${contractAnchor(r.contractId)}`,
		title: `Performance update: ${r.contractTitle} (${r.label})`,
		summary: [`${r.provider}. ${ratingSummary(ratings.filter((x) => x.periodId === r.periodId).map((x) => x.rating))}.`, r.summary].filter(Boolean).join(' '),
		published: r.publishedAt!,
		updated: r.publishedAt!
	}));
}
