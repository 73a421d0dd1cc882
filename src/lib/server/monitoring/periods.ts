// Monitoring periods of a contract and each measure's value, rating and comment in a period
// (officers; routes check 'contracts:manage'). Periods fall within the contract and never overlap.
// A published period (a performance update) can still be corrected: the correction goes public at
// once, so the page says so and the audit log records it as a correction of published results.
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import * as v from 'valibot';
import { PERFORMANCE_RATING_LABELS } from '../../monitoring/labels';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, optionalWords, realDate, validate, words, type FieldErrors, type FormValues } from '../forms';
import { lockContract } from './contracts';
import { numberField } from './input';
import { overlaps } from './schedule';
import { measureResults, monitoringPeriods, PERFORMANCE_RATINGS, performanceMeasures, type MonitoringPeriod, type PerformanceRating } from './schema';
import { shortDate } from '../../project-labels';

type Actor = { id: string; organisationId: string };

export const MAX_PERIODS = 200;
export const COMMENT_MAX = 1000;

export const periodSchema = v.object({
	label: words('a name for the period, for example April to June 2026', 120),
	startsOn: realDate('the first day of the period'),
	endsOn: realDate('the last day of the period')
});
export type PeriodInput = v.InferInput<typeof periodSchema>;
export const PERIOD_FIELDS = ['label', 'startsOn', 'endsOn'] as const;

export function listPeriods(db: Db, contractId: string) {
	return db.select().from(monitoringPeriods).where(eq(monitoringPeriods.contractId, contractId)).orderBy(asc(monitoringPeriods.startsOn));
}

/** The period, with its contract locked, within the actor's organisation. */
export async function lockPeriod(tx: Db, organisationId: string, contractId: string, periodId: string): Promise<MonitoringPeriod> {
	await lockContract(tx, organisationId, contractId);
	const [row] = await tx
		.select()
		.from(monitoringPeriods)
		.where(and(eq(monitoringPeriods.id, periodId), eq(monitoringPeriods.contractId, contractId)))
		.for('update');
	if (!row) throw new InputError('That period does not exist.');
	return row;
}

async function checkPeriod(tx: Db, organisationId: string, contractId: string, input: PeriodInput, exceptId?: string) {
	const data = validate(periodSchema, input);
	if (data.endsOn < data.startsOn) throw new InputError('The period must end on or after the day it starts.', 'endsOn');
	const contract = await lockContract(tx, organisationId, contractId);
	if (data.startsOn < contract.startsOn) throw new InputError(`The period can’t start before the contract does (${shortDate(contract.startsOn)}).`, 'startsOn');
	if (data.endsOn > contract.endsOn) throw new InputError(`The period can’t end after the contract does (${shortDate(contract.endsOn)}).`, 'endsOn');
	const others = await tx
		.select({ label: monitoringPeriods.label, startsOn: monitoringPeriods.startsOn, endsOn: monitoringPeriods.endsOn })
		.from(monitoringPeriods)
		.where(and(eq(monitoringPeriods.contractId, contractId), exceptId ? ne(monitoringPeriods.id, exceptId) : undefined));
	const clash = others.find((o) => overlaps(o, data));
	if (clash) throw new InputError(`That overlaps “${clash.label}” (${shortDate(clash.startsOn)} to ${shortDate(clash.endsOn)}). Periods can’t overlap.`, 'startsOn');
	return { data, others };
}

export async function createPeriod(db: Db, actor: Actor, contractId: string, input: PeriodInput, now = new Date()): Promise<MonitoringPeriod> {
	return db.transaction(async (tx) => {
		const { data, others } = await checkPeriod(tx, actor.organisationId, contractId, input);
		if (others.length >= MAX_PERIODS) throw new InputError(`A contract can have at most ${MAX_PERIODS} periods.`);
		const [row] = await tx
			.insert(monitoringPeriods)
			.values({ id: newId(), contractId, ...data, createdAt: now, updatedAt: now })
			.returning();
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'period.created', targetType: 'monitoring_period', targetId: row.id, detail: { contractId } });
		return row;
	});
}

/** Corrects a period's name or dates (also when published: audited as such). Returns false when nothing changed. */
export async function updatePeriod(db: Db, actor: Actor, contractId: string, periodId: string, input: PeriodInput, now = new Date()): Promise<boolean> {
	return db.transaction(async (tx) => {
		const period = await lockPeriod(tx, actor.organisationId, contractId, periodId);
		const { data } = await checkPeriod(tx, actor.organisationId, contractId, input, periodId);
		if (period.label === data.label && period.startsOn === data.startsOn && period.endsOn === data.endsOn) return false;
		await tx.update(monitoringPeriods).set({ ...data, updatedAt: now }).where(eq(monitoringPeriods.id, periodId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'period.changed',
			targetType: 'monitoring_period',
			targetId: periodId,
			detail: { contractId, published: period.publishedAt !== null }
		});
		return true;
	});
}

/** Removes a period and its values; a published one must be unpublished first. */
export async function removePeriod(db: Db, actor: Actor, contractId: string, periodId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const period = await lockPeriod(tx, actor.organisationId, contractId, periodId);
		if (period.publishedAt) throw new InputError('This period is published as a performance update. Unpublish it before removing it.');
		await tx.delete(monitoringPeriods).where(eq(monitoringPeriods.id, periodId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'period.removed', targetType: 'monitoring_period', targetId: periodId, detail: { contractId } });
	});
}

/** One measure's entry as typed: all three empty means "no value for this measure". */
export interface ResultEntry {
	measureId: string;
	value: string;
	rating: string;
	comment: string;
}

const resultSchema = v.object({
	value: numberField('the value'),
	rating: v.picklist(PERFORMANCE_RATINGS, `Choose a rating: ${Object.values(PERFORMANCE_RATING_LABELS).join(', ')}.`),
	comment: optionalWords('the comment', COMMENT_MAX)
});

type Checked = { measureId: string; result: { value: number; rating: PerformanceRating; comment: string } | null };

/** Checks every entry; errors are keyed `value-<measureId>`, `rating-<measureId>`, `comment-<measureId>`. */
export function checkResults(entries: readonly ResultEntry[], measureNames: ReadonlyMap<string, string>): { ok: true; results: Checked[] } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const results: Checked[] = [];
	const seen = new Set<string>();
	for (const e of entries) {
		const name = measureNames.get(e.measureId);
		if (name === undefined || seen.has(e.measureId)) {
			errors.form = 'That form lists a measure this contract doesn’t have. Please reload the page and try again.';
			continue;
		}
		seen.add(e.measureId);
		const raw = { value: String(e.value ?? '').trim(), rating: String(e.rating ?? '').trim(), comment: String(e.comment ?? '') };
		for (const [key, text] of Object.entries(raw)) if (text.includes('\u0000')) errors[`${key}-${e.measureId}`] = NUL_MESSAGE;
		if (raw.value === '' && raw.rating === '' && raw.comment.trim() === '') {
			results.push({ measureId: e.measureId, result: null });
			continue;
		}
		if (raw.value === '') errors[`value-${e.measureId}`] ??= `Enter a value for “${name}”, or clear its rating and comment.`;
		if (raw.rating === '') errors[`rating-${e.measureId}`] ??= `Choose a rating for “${name}”.`;
		const parsed = v.safeParse(resultSchema, raw);
		if (!parsed.success) {
			for (const issue of parsed.issues) {
				const key = `${String(issue.path?.[0]?.key ?? 'value')}-${e.measureId}`;
				errors[key] ??= issue.message;
			}
			continue;
		}
		results.push({ measureId: e.measureId, result: parsed.output });
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, results };
}

/** Reads `value-<id>`, `rating-<id>`, `comment-<id>` for each measure from a form. */
export function resultEntriesFromForm(form: FormData, measureIds: readonly string[]): { entries: ResultEntry[]; values: FormValues } {
	const values: FormValues = {};
	const read = (name: string) => {
		const v = form.get(name);
		const s = typeof v === 'string' ? v : '';
		values[name] = s.slice(0, 2000);
		return s;
	};
	const entries = measureIds.map((measureId) => ({ measureId, value: read(`value-${measureId}`), rating: read(`rating-${measureId}`), comment: read(`comment-${measureId}`) }));
	return { entries, values };
}

export class ResultErrors extends InputError {
	constructor(public readonly errors: FieldErrors) {
		super(errors.form ?? Object.values(errors)[0], Object.keys(errors)[0]);
	}
}

/**
 * Saves one period's values, ratings and comments, all or nothing. Measures left empty have no
 * value (any earlier one is removed) unless the period is published: a published update keeps a
 * value for every measure. Returns what changed.
 */
export async function saveResults(db: Db, actor: Actor, contractId: string, periodId: string, entries: readonly ResultEntry[], now = new Date()): Promise<{ saved: number; cleared: number; published: boolean }> {
	if (!Array.isArray(entries) || entries.length === 0 || entries.length > 100) throw new InputError('There is nothing to save.');
	return db.transaction(async (tx) => {
		const period = await lockPeriod(tx, actor.organisationId, contractId, periodId);
		const measures = await tx.select({ id: performanceMeasures.id, name: performanceMeasures.name }).from(performanceMeasures).where(eq(performanceMeasures.contractId, contractId));
		const checked = checkResults(entries, new Map(measures.map((m) => [m.id, m.name])));
		if (!checked.ok) throw new ResultErrors(checked.errors);
		const published = period.publishedAt !== null;
		const empty = checked.results.filter((r) => r.result === null).map((r) => r.measureId);
		const existing = empty.length
			? await tx
					.select({ measureId: measureResults.measureId })
					.from(measureResults)
					.where(and(eq(measureResults.periodId, periodId), inArray(measureResults.measureId, empty)))
			: [];
		if (published && existing.length) {
			const names = measures.filter((m) => existing.some((e) => e.measureId === m.id)).map((m) => `“${m.name}”`);
			throw new InputError(`This update is published, so every measure keeps a value. Enter a value for ${names.join(', ')}, or unpublish the update first.`);
		}
		if (existing.length)
			await tx.delete(measureResults).where(and(eq(measureResults.periodId, periodId), inArray(measureResults.measureId, existing.map((e) => e.measureId))));
		let saved = 0;
		for (const { measureId, result } of checked.results) {
			if (!result) continue;
			saved++;
			await tx
				.insert(measureResults)
				.values({ measureId, periodId, ...result, recordedBy: actor.id, createdAt: now, updatedAt: now })
				.onConflictDoUpdate({ target: [measureResults.measureId, measureResults.periodId], set: { ...result, recordedBy: actor.id, updatedAt: now } });
		}
		await tx.update(monitoringPeriods).set({ updatedAt: now }).where(eq(monitoringPeriods.id, periodId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: published ? 'performance.published_results_corrected' : 'performance.results_saved',
			targetType: 'monitoring_period',
			targetId: periodId,
			detail: { contractId, saved, cleared: existing.length }
		});
		return { saved, cleared: existing.length, published };
	});
}

/** How many values each period has, by period id. */
export async function resultCounts(db: Db, periodIds: string[]): Promise<Map<string, number>> {
	if (periodIds.length === 0) return new Map();
	const rows = await db.select({ periodId: measureResults.periodId, n: count() }).from(measureResults).where(inArray(measureResults.periodId, periodIds)).groupBy(measureResults.periodId);
	return new Map(rows.map((r) => [r.periodId, Number(r.n)]));
}
