// What the officers' contract pages show (staff with 'contracts:view'). Reads only; every read is
// scoped to the actor's organisation, and "not yours" is the same as "not there" (InputError → 404).
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { londonToday } from '../../dates';
import type { Db } from '../db/client';
import { shoppingProgrammes } from '../mystery-shopping/schema';
import { getProject } from '../projects/projects';
import { projects } from '../projects/schema';
import { publishedAwardsOf } from './contracts';
import { contractInOrganisation } from './lookup';
import { listMeasures } from './measures';
import { listPeriods, resultCounts } from './periods';
import { nextReview, ratingSummary, reviewDates } from './schedule';
import { contracts, measureResults, monitoringPeriods, performanceMeasures, type PerformanceRating } from './schema';

/** Past and next reviews are judged by the day in England, not UTC. */
const today = londonToday;

/** Each contract's latest period with values, summarised ("3 measures: 2 Good, 1 Inadequate"). */
async function latestRatings(db: Db, contractIds: string[]): Promise<Map<string, { period: string; summary: string; published: boolean }>> {
	const out = new Map<string, { period: string; summary: string; published: boolean }>();
	if (contractIds.length === 0) return out;
	const rows = await db
		.select({ contractId: monitoringPeriods.contractId, periodId: monitoringPeriods.id, label: monitoringPeriods.label, publishedAt: monitoringPeriods.publishedAt, rating: measureResults.rating })
		.from(measureResults)
		.innerJoin(monitoringPeriods, eq(monitoringPeriods.id, measureResults.periodId))
		.where(inArray(monitoringPeriods.contractId, contractIds))
		.orderBy(desc(monitoringPeriods.startsOn));
	const latestPeriod = new Map<string, string>();
	for (const r of rows) if (!latestPeriod.has(r.contractId)) latestPeriod.set(r.contractId, r.periodId);
	for (const [contractId, periodId] of latestPeriod) {
		const mine = rows.filter((r) => r.periodId === periodId);
		out.set(contractId, { period: mine[0].label, summary: ratingSummary(mine.map((r) => r.rating)), published: mine[0].publishedAt !== null });
	}
	return out;
}

/** Every contract of the organisation (or of one project), with its next review and latest ratings. */
export async function listContracts(db: Db, organisationId: string, projectId?: string, now = new Date()) {
	const rows = await db
		.select({
			id: contracts.id,
			title: contracts.title,
			provider: contracts.provider,
			startsOn: contracts.startsOn,
			endsOn: contracts.endsOn,
			valuePence: contracts.valuePence,
			firstReviewOn: contracts.firstReviewOn,
			reviewEveryMonths: contracts.reviewEveryMonths,
			projectId: projects.id,
			projectTitle: projects.title
		})
		.from(contracts)
		.innerJoin(projects, eq(projects.id, contracts.projectId))
		.where(and(eq(contracts.organisationId, organisationId), projectId ? eq(contracts.projectId, projectId) : undefined))
		.orderBy(asc(contracts.startsOn), asc(contracts.title))
		.limit(500);
	const latest = await latestRatings(db, rows.map((r) => r.id));
	return rows.map((r) => ({
		...r,
		nextReview: nextReview(r.firstReviewOn, r.reviewEveryMonths, r.endsOn, today(now)),
		latest: latest.get(r.id) ?? null
	}));
}
export type ContractRow = Awaited<ReturnType<typeof listContracts>>[number];

export async function projectContractsPage(db: Db, organisationId: string, projectId: string, now = new Date()) {
	const project = await getProject(db, organisationId, projectId);
	const [list, awarded] = await Promise.all([listContracts(db, organisationId, projectId, now), publishedAwardsOf(db, organisationId, projectId)]);
	return {
		project: { id: project.id, title: project.title },
		contracts: list,
		awards: awarded.filter((a) => a.contractId === null).map(({ contractId: _c, ...a }) => a)
	};
}

async function contractHead(db: Db, organisationId: string, contractId: string) {
	const { contract, projectTitle } = await contractInOrganisation(db, organisationId, contractId);
	return { contract, project: { id: contract.projectId, title: projectTitle } };
}

export async function contractOverview(db: Db, organisationId: string, contractId: string, now = new Date()) {
	const head = await contractHead(db, organisationId, contractId);
	const c = head.contract;
	const [measures, periods, programmes] = await Promise.all([
		listMeasures(db, contractId),
		listPeriods(db, contractId),
		db
			.select({ id: shoppingProgrammes.id, title: shoppingProgrammes.title, startsOn: shoppingProgrammes.startsOn, endsOn: shoppingProgrammes.endsOn })
			.from(shoppingProgrammes)
			.where(and(eq(shoppingProgrammes.contractId, contractId), eq(shoppingProgrammes.organisationId, organisationId)))
			.orderBy(asc(shoppingProgrammes.startsOn))
	]);
	const latest = (await latestRatings(db, [contractId])).get(contractId) ?? null;
	return {
		...head,
		schedule: reviewDates(c.firstReviewOn, c.reviewEveryMonths, c.endsOn, today(now)),
		measures: measures.map((m) => ({ id: m.id, name: m.name, unit: m.unit, baseline: m.baseline, target: m.target, higherIsBetter: m.higherIsBetter })),
		periods: { count: periods.length, published: periods.filter((p) => p.publishedAt).length },
		latest,
		programmes
	};
}

export async function measuresPage(db: Db, organisationId: string, contractId: string) {
	const head = await contractHead(db, organisationId, contractId);
	const measures = await listMeasures(db, contractId);
	const published = measures.length
		? await db
				.selectDistinct({ measureId: measureResults.measureId })
				.from(measureResults)
				.innerJoin(monitoringPeriods, eq(monitoringPeriods.id, measureResults.periodId))
				.where(and(inArray(measureResults.measureId, measures.map((m) => m.id)), isNotNull(monitoringPeriods.publishedAt)))
		: [];
	const inPublished = new Set(published.map((p) => p.measureId));
	return { ...head, measures: measures.map((m) => ({ ...m, published: inPublished.has(m.id) })) };
}

export interface PeriodResult {
	value: number;
	rating: PerformanceRating;
	comment: string;
}

/** The performance page: measures, periods (oldest first) with every value, what each is missing. */
export async function performancePage(db: Db, organisationId: string, contractId: string) {
	const head = await contractHead(db, organisationId, contractId);
	const [measures, periods] = await Promise.all([listMeasures(db, contractId), listPeriods(db, contractId)]);
	const results = periods.length
		? await db
				.select({ measureId: measureResults.measureId, periodId: measureResults.periodId, value: measureResults.value, rating: measureResults.rating, comment: measureResults.comment })
				.from(measureResults)
				.innerJoin(performanceMeasures, eq(performanceMeasures.id, measureResults.measureId))
				.where(eq(performanceMeasures.contractId, contractId))
		: [];
	const counts = await resultCounts(db, periods.map((p) => p.id));
	const byKey = new Map(results.map((r) => [`${r.periodId}:${r.measureId}`, { value: r.value, rating: r.rating, comment: r.comment } satisfies PeriodResult]));
	return {
		...head,
		measures: measures.map((m) => ({ id: m.id, name: m.name, unit: m.unit, baseline: m.baseline, target: m.target, higherIsBetter: m.higherIsBetter })),
		periods: periods.map((p) => ({
			id: p.id,
			label: p.label,
			startsOn: p.startsOn,
			endsOn: p.endsOn,
			summary: p.summary,
			publishedAt: p.publishedAt?.toISOString() ?? null,
			results: Object.fromEntries(measures.flatMap((m) => { const r = byKey.get(`${p.id}:${m.id}`); return r ? [[m.id, r]] : []; })) as Record<string, PeriodResult>,
			missing: measures.length - (counts.get(p.id) ?? 0)
		}))
	};
}
