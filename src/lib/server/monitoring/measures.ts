// Performance measures (KPIs) of a contract (officers; routes check 'contracts:manage'): what is
// counted, in what unit, from which baseline to which target. A measure with a value in a published
// performance update can't be removed: the public has seen it. Audited with ids only.
import { and, asc, count, desc, eq, gt, isNotNull, lt } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, validate, words } from '../forms';
import { lockContract } from './contracts';
import { numberField, yesNo } from './input';
import { measureResults, monitoringPeriods, performanceMeasures, type PerformanceMeasure } from './schema';

type Actor = { id: string; organisationId: string };

/** A contract has at most this many measures: a short list people can follow. */
export const MAX_MEASURES = 30;

export const measureSchema = v.object({
	name: words('the measure’s name', 200),
	unit: words('the unit, for example % or days', 40),
	baseline: numberField('the baseline'),
	target: numberField('the target'),
	higherIsBetter: yesNo('Choose whether a higher number is better.')
});
export type MeasureInput = v.InferInput<typeof measureSchema>;
export const MEASURE_FIELDS = ['name', 'unit', 'baseline', 'target', 'higherIsBetter'] as const;

function checked(input: MeasureInput) {
	const data = validate(measureSchema, input);
	if (data.higherIsBetter && data.target < data.baseline) throw new InputError('Higher is better here, so the target should be above the baseline.', 'target');
	if (!data.higherIsBetter && data.target > data.baseline) throw new InputError('Lower is better here, so the target should be below the baseline.', 'target');
	return data;
}

export function listMeasures(db: Db, contractId: string) {
	return db.select().from(performanceMeasures).where(eq(performanceMeasures.contractId, contractId)).orderBy(asc(performanceMeasures.position), asc(performanceMeasures.createdAt));
}

/** The measure, locked with its contract, within the actor's organisation. */
async function lockMeasure(tx: Db, organisationId: string, contractId: string, measureId: string): Promise<PerformanceMeasure> {
	await lockContract(tx, organisationId, contractId);
	const [row] = await tx
		.select()
		.from(performanceMeasures)
		.where(and(eq(performanceMeasures.id, measureId), eq(performanceMeasures.contractId, contractId)));
	if (!row) throw new InputError('That measure does not exist.');
	return row;
}

export async function createMeasure(db: Db, actor: Actor, contractId: string, input: MeasureInput, now = new Date()): Promise<PerformanceMeasure> {
	const data = checked(input);
	return db.transaction(async (tx) => {
		await lockContract(tx, actor.organisationId, contractId);
		const [{ n }] = await tx.select({ n: count() }).from(performanceMeasures).where(eq(performanceMeasures.contractId, contractId));
		if (n >= MAX_MEASURES) throw new InputError(`A contract can have at most ${MAX_MEASURES} measures.`);
		const [last] = await tx
			.select({ position: performanceMeasures.position })
			.from(performanceMeasures)
			.where(eq(performanceMeasures.contractId, contractId))
			.orderBy(desc(performanceMeasures.position))
			.limit(1);
		const [row] = await tx
			.insert(performanceMeasures)
			.values({ id: newId(), contractId, position: (last?.position ?? -1) + 1, ...data, createdAt: now, updatedAt: now })
			.returning();
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'measure.created', targetType: 'performance_measure', targetId: row.id, detail: { contractId } });
		return row;
	});
}

/** Corrects a measure (values already entered stay). Returns false when nothing changed. */
export async function updateMeasure(db: Db, actor: Actor, contractId: string, measureId: string, input: MeasureInput, now = new Date()): Promise<boolean> {
	const data = checked(input);
	return db.transaction(async (tx) => {
		const m = await lockMeasure(tx, actor.organisationId, contractId, measureId);
		if (m.name === data.name && m.unit === data.unit && m.baseline === data.baseline && m.target === data.target && m.higherIsBetter === data.higherIsBetter) return false;
		await tx.update(performanceMeasures).set({ ...data, updatedAt: now }).where(eq(performanceMeasures.id, measureId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'measure.changed', targetType: 'performance_measure', targetId: measureId, detail: { contractId } });
		return true;
	});
}

/** Swaps the measure with its neighbour above ('up') or below ('down'); at the edge nothing moves. */
export async function moveMeasure(db: Db, actor: Actor, contractId: string, measureId: string, direction: 'up' | 'down'): Promise<boolean> {
	if (direction !== 'up' && direction !== 'down') throw new InputError('Choose up or down.');
	return db.transaction(async (tx) => {
		const m = await lockMeasure(tx, actor.organisationId, contractId, measureId);
		const [other] = await tx
			.select({ id: performanceMeasures.id, position: performanceMeasures.position })
			.from(performanceMeasures)
			.where(and(eq(performanceMeasures.contractId, contractId), direction === 'up' ? lt(performanceMeasures.position, m.position) : gt(performanceMeasures.position, m.position)))
			.orderBy(direction === 'up' ? desc(performanceMeasures.position) : asc(performanceMeasures.position))
			.limit(1);
		if (!other) return false;
		await tx.update(performanceMeasures).set({ position: other.position }).where(eq(performanceMeasures.id, m.id));
		await tx.update(performanceMeasures).set({ position: m.position }).where(eq(performanceMeasures.id, other.id));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'measure.moved', targetType: 'performance_measure', targetId: measureId, detail: { contractId, direction } });
		return true;
	});
}

/** Removes a measure and its values, unless a published performance update includes it. */
export async function removeMeasure(db: Db, actor: Actor, contractId: string, measureId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await lockMeasure(tx, actor.organisationId, contractId, measureId);
		const [published] = await tx
			.select({ periodId: measureResults.periodId })
			.from(measureResults)
			.innerJoin(monitoringPeriods, eq(monitoringPeriods.id, measureResults.periodId))
			.where(and(eq(measureResults.measureId, measureId), isNotNull(monitoringPeriods.publishedAt)))
			.limit(1);
		if (published) throw new InputError('This measure is part of a published performance update, so it can’t be removed. Unpublish those updates first.');
		await tx.delete(performanceMeasures).where(eq(performanceMeasures.id, measureId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'measure.removed', targetType: 'performance_measure', targetId: measureId, detail: { contractId } });
	});
}
