// Performance updates (officers; routes check 'monitoring:publish'): a period's values, ratings and
// the officer's plain summary, put on the public project page and in the open data. Publishing
// needs a value for every measure of the contract; unpublishing takes it off again. Audited.
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, optionalWords, validate } from '../forms';
import { lockPeriod } from './periods';
import { measureResults, monitoringPeriods, performanceMeasures } from './schema';

type Actor = { id: string; organisationId: string };

export const SUMMARY_MAX = 2000;
export const summarySchema = v.object({ summary: optionalWords('the summary', SUMMARY_MAX) });
export const SUMMARY_FIELDS = ['summary'] as const;

/** The contract's measures with no value in this period, in order. */
export async function missingMeasures(db: Db, contractId: string, periodId: string): Promise<{ id: string; name: string }[]> {
	const rows = await db
		.select({ id: performanceMeasures.id, name: performanceMeasures.name, value: measureResults.value })
		.from(performanceMeasures)
		.leftJoin(measureResults, and(eq(measureResults.measureId, performanceMeasures.id), eq(measureResults.periodId, periodId)))
		.where(eq(performanceMeasures.contractId, contractId))
		.orderBy(asc(performanceMeasures.position));
	return rows.filter((r) => r.value === null).map(({ id, name }) => ({ id, name }));
}

/** Saves the period's public summary (published or not: a published one changes at once). */
export async function saveSummary(db: Db, actor: Actor, contractId: string, periodId: string, input: v.InferInput<typeof summarySchema>, now = new Date()): Promise<boolean> {
	const { summary } = validate(summarySchema, input);
	return db.transaction(async (tx) => {
		const period = await lockPeriod(tx, actor.organisationId, contractId, periodId);
		if (period.summary === summary) return false;
		await tx.update(monitoringPeriods).set({ summary, updatedAt: now }).where(eq(monitoringPeriods.id, periodId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'performance.summary_saved',
			targetType: 'monitoring_period',
			targetId: periodId,
			detail: { contractId, published: period.publishedAt !== null }
		});
		return true;
	});
}

/** Publishes the period as a performance update. Every measure needs a value first. */
export async function publishUpdate(db: Db, actor: Actor, contractId: string, periodId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const period = await lockPeriod(tx, actor.organisationId, contractId, periodId);
		if (period.publishedAt) throw new InputError('This performance update is already published.');
		const [any] = await tx.select({ id: performanceMeasures.id }).from(performanceMeasures).where(eq(performanceMeasures.contractId, contractId)).limit(1);
		if (!any) throw new InputError('Add the contract’s performance measures and their values before publishing.');
		const missing = await missingMeasures(tx, contractId, periodId);
		if (missing.length) throw new InputError(`Enter a value for every measure before publishing. Still missing: ${missing.map((m) => `“${m.name}”`).join(', ')}.`);
		await tx.update(monitoringPeriods).set({ publishedAt: now, publishedBy: actor.id, updatedAt: now }).where(eq(monitoringPeriods.id, periodId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'performance.published', targetType: 'monitoring_period', targetId: periodId, detail: { contractId } });
	});
}

/** Takes a performance update off the public page (the values stay for the officers). */
export async function unpublishUpdate(db: Db, actor: Actor, contractId: string, periodId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const period = await lockPeriod(tx, actor.organisationId, contractId, periodId);
		if (!period.publishedAt) throw new InputError('This performance update isn’t published.');
		await tx.update(monitoringPeriods).set({ publishedAt: null, publishedBy: null, updatedAt: now }).where(eq(monitoringPeriods.id, periodId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'performance.unpublished', targetType: 'monitoring_period', targetId: periodId, detail: { contractId } });
	});
}
