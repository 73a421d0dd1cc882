// Population shares: what share of the area's population each group is (from the census or the
// school census), entered by an officer per breakdown, so reach can flag groups well below theirs.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, LONE_SURROGATE, NUL_MESSAGE } from '../forms';
import { surveys } from '../surveys/schema';
import { dimensionDef, dimensionDefs } from './groups';
import type { Population } from './figures';
import { REACH_DIMENSIONS, populationShares, type ReachDimension } from './schema';

type Actor = { id: string; organisationId: string };

/** Shares of one breakdown may add up to a little over 100 (rounding in published tables), no more. */
export const MAX_SHARE_TOTAL = 100.5;
export const MAX_SOURCE_LENGTH = 300;
const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

export async function listPopulationShares(db: Db, organisationId: string): Promise<Map<ReachDimension, Map<string, Population>>> {
	const rows = await db
		.select({ dimension: populationShares.dimension, groupKey: populationShares.groupKey, percent: populationShares.percent, source: populationShares.source })
		.from(populationShares)
		.where(eq(populationShares.organisationId, organisationId));
	const shares = new Map<ReachDimension, Map<string, Population>>();
	for (const r of rows) {
		if (!shares.has(r.dimension)) shares.set(r.dimension, new Map());
		shares.get(r.dimension)!.set(r.groupKey, { percent: Number(r.percent), source: r.source });
	}
	return shares;
}

/** The area names the organisation's surveys have offered, in the order first offered. */
export async function organisationAreas(db: Db, organisationId: string): Promise<string[]> {
	const rows = await db.select({ areas: surveys.equalityAreas }).from(surveys).where(eq(surveys.organisationId, organisationId)).orderBy(surveys.createdAt, surveys.id);
	const areas: string[] = [];
	for (const { areas: list } of rows) for (const a of list) if (!areas.includes(a)) areas.push(a);
	return areas;
}

/** The population page: every breakdown, its groups and what is entered for each. */
export async function populationPage(db: Db, organisationId: string) {
	const [areas, shares] = await Promise.all([organisationAreas(db, organisationId), listPopulationShares(db, organisationId)]);
	return dimensionDefs(areas).map((def) => {
		const entered = shares.get(def.dimension) ?? new Map<string, Population>();
		const sources = [...entered.values()].map((p) => p.source).filter((s): s is string => !!s);
		return {
			dimension: def.dimension,
			label: def.label,
			groups: def.groups.map((g) => ({ key: g.key, label: g.label, percent: entered.has(g.key) ? String(entered.get(g.key)!.percent) : '' })),
			source: sources[0] ?? '',
			total: Math.round([...entered.entries()].filter(([k]) => def.groups.some((g) => g.key === k)).reduce((s, [, p]) => s + p.percent, 0) * 100) / 100
		};
	});
}

export interface PopulationInput {
	dimension: string;
	/** Group keys and percents, in the same order; an empty percent removes that group's share. */
	groups: string[];
	percents: string[];
	source: string;
}

const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Replaces one breakdown's shares with what was entered. Nothing is saved unless all of it is right. */
export async function savePopulationShares(db: Db, actor: Actor, input: PopulationInput, now = new Date()): Promise<number> {
	if (typeof input.dimension !== 'string' || !(REACH_DIMENSIONS as readonly string[]).includes(input.dimension)) throw new InputError('Choose which breakdown these shares are for.');
	const dimension = input.dimension as ReachDimension;
	const def = dimensionDef(dimension, await organisationAreas(db, actor.organisationId));
	if (!Array.isArray(input.groups) || !Array.isArray(input.percents) || input.groups.length !== input.percents.length || input.groups.length > def.groups.length)
		throw new InputError('That form didn’t match the list of groups. Please reload the page and try again.');
	const source = typeof input.source === 'string' ? input.source.trim() : '';
	if (bad(source)) throw new InputError(NUL_MESSAGE, 'source');
	if (source.length > MAX_SOURCE_LENGTH) throw new InputError(`Where the figures come from can be at most ${MAX_SOURCE_LENGTH} characters.`, 'source');
	const entered: { groupKey: string; percent: number }[] = [];
	const seen = new Set<string>();
	for (const [i, groupKey] of input.groups.entries()) {
		const index = def.groups.findIndex((g) => g.key === groupKey);
		if (typeof groupKey !== 'string' || index < 0 || seen.has(groupKey)) throw new InputError('That form didn’t match the list of groups. Please reload the page and try again.');
		seen.add(groupKey);
		const raw = typeof input.percents[i] === 'string' ? input.percents[i].trim() : '';
		const field = `percent-${index}`;
		if (bad(raw)) throw new InputError(NUL_MESSAGE, field);
		if (raw === '') continue;
		if (raw.length > 6 || !PERCENT.test(raw)) throw new InputError(`Enter the share for “${def.groups[index].label}” as a number from 0 to 100, with at most 2 decimal places, for example 12.5.`, field);
		entered.push({ groupKey, percent: Number(raw) });
	}
	const sum = Math.round(entered.reduce((s, e) => s + e.percent, 0) * 100) / 100;
	if (sum > MAX_SHARE_TOTAL) throw new InputError(`These shares add up to ${sum}%. The groups of one breakdown can’t add up to more than 100%. Please check them.`);
	await db.transaction(async (tx) => {
		await tx.delete(populationShares).where(and(eq(populationShares.organisationId, actor.organisationId), eq(populationShares.dimension, dimension)));
		if (entered.length)
			await tx.insert(populationShares).values(
				entered.map((e) => ({ id: newId(), organisationId: actor.organisationId, dimension, groupKey: e.groupKey, percent: e.percent, source: source || null, updatedBy: actor.id, updatedAt: now }))
			);
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'reach.population_saved', targetType: 'organisation', targetId: actor.organisationId, detail: { dimension, groups: entered.length } });
	});
	return entered.length;
}
