// The agreed scenarios: what a shopper asks or does on a visit. Shoppers are never patients, so a
// scenario never involves receiving treatment or medication: every add and edit is confirmed, and
// scripts that plainly ask for treatment are refused.
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, validate } from '../forms';
import { ID, lockProgramme, moved, words, type Actor, type MoveDirection } from './programme-fields';
import { shoppingScenarios } from './schema';

export const MAX_SCENARIOS = 30;

/**
 * Words that plainly mean getting treatment or medication. Deliberately short: it catches the
 * obvious ("ask for a prescription", "book a therapy session"); the confirmation box does the rest.
 * Asking about a service ("how long is the wait to be seen?") stays fine.
 */
export const TREATMENT_WORDS = [
	'prescription',
	'prescriptions',
	'medication',
	'medications',
	'medicine',
	'medicines',
	'tablets',
	'pills',
	'injection',
	'treatment',
	'treatments',
	'therapy session',
	'therapy sessions',
	'get counselling',
	'have counselling',
	'receive counselling'
] as const;

const TREATMENT_PATTERN = new RegExp(`\\b(${TREATMENT_WORDS.map((w) => w.replace(' ', '\\s+')).join('|')})\\b`, 'i');

/** The first treatment word in the text, as written, or null. */
export function treatmentWord(text: string): string | null {
	return TREATMENT_PATTERN.exec(text)?.[0] ?? null;
}

export const scenarioSchema = v.object({
	title: words('a title for the scenario', 200),
	script: words('what the shopper asks or does', 2000),
	noTreatment: v.pipe(
		v.string(),
		v.check((s) => s === 'yes', 'Please confirm the scenario never involves receiving treatment or medication.')
	)
});
export type ScenarioInput = v.InferInput<typeof scenarioSchema>;
export const SCENARIO_FIELDS = ['title', 'script', 'noTreatment'] as const;

function checked(input: ScenarioInput) {
	const data = validate(scenarioSchema, input);
	for (const field of ['title', 'script'] as const) {
		const word = treatmentWord(data[field]);
		if (word)
			throw new InputError(
				`Shoppers are never patients, so a scenario can’t involve getting treatment or medication. Please take out “${word}” and describe what they ask or look at instead.`,
				field
			);
	}
	return { title: data.title, script: data.script };
}

async function scenariosOf(tx: Db, programmeId: string) {
	return tx.select().from(shoppingScenarios).where(eq(shoppingScenarios.programmeId, programmeId)).orderBy(asc(shoppingScenarios.position), asc(shoppingScenarios.createdAt));
}

async function scenarioIn(tx: Db, programmeId: string, scenarioId: string) {
	const [row] = ID.test(scenarioId)
		? await tx.select().from(shoppingScenarios).where(and(eq(shoppingScenarios.id, scenarioId), eq(shoppingScenarios.programmeId, programmeId)))
		: [];
	if (!row) throw new InputError('That scenario isn’t part of this programme.', 'scenarioId');
	return row;
}

const audit = (tx: Db, actor: Actor, action: string, programmeId: string, scenarioId: string) =>
	recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action, targetType: 'shopping_programme', targetId: programmeId, detail: { scenarioId } });

export async function addScenario(db: Db, actor: Actor, programmeId: string, input: ScenarioInput): Promise<string> {
	const values = checked(input);
	return db.transaction(async (tx) => {
		await lockProgramme(tx, actor.organisationId, programmeId);
		const existing = await scenariosOf(tx, programmeId);
		if (existing.length >= MAX_SCENARIOS) throw new InputError(`A programme can have at most ${MAX_SCENARIOS} scenarios.`);
		const id = newId();
		const position = existing.length ? Math.max(...existing.map((s) => s.position)) + 1 : 0;
		await tx.insert(shoppingScenarios).values({ id, programmeId, position, ...values });
		await audit(tx, actor, 'shopping_scenario.added', programmeId, id);
		return id;
	});
}

/** Returns false when nothing changed. */
export async function updateScenario(db: Db, actor: Actor, programmeId: string, scenarioId: string, input: ScenarioInput, now = new Date()): Promise<boolean> {
	const values = checked(input);
	return db.transaction(async (tx) => {
		await lockProgramme(tx, actor.organisationId, programmeId);
		const current = await scenarioIn(tx, programmeId, scenarioId);
		if (current.title === values.title && current.script === values.script) return false;
		await tx.update(shoppingScenarios).set({ ...values, updatedAt: now }).where(eq(shoppingScenarios.id, scenarioId));
		await audit(tx, actor, 'shopping_scenario.updated', programmeId, scenarioId);
		return true;
	});
}

export async function moveScenario(db: Db, actor: Actor, programmeId: string, scenarioId: string, direction: MoveDirection): Promise<void> {
	await db.transaction(async (tx) => {
		await lockProgramme(tx, actor.organisationId, programmeId);
		await scenarioIn(tx, programmeId, scenarioId);
		const order = moved(await scenariosOf(tx, programmeId), scenarioId, direction, 'scenario');
		for (const [position, s] of order.entries()) await tx.update(shoppingScenarios).set({ position }).where(eq(shoppingScenarios.id, s.id));
		await audit(tx, actor, 'shopping_scenario.moved', programmeId, scenarioId);
	});
}

/** Visits that played it out keep their reports; they just no longer name a scenario. */
export async function removeScenario(db: Db, actor: Actor, programmeId: string, scenarioId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await lockProgramme(tx, actor.organisationId, programmeId);
		await scenarioIn(tx, programmeId, scenarioId);
		await tx.delete(shoppingScenarios).where(eq(shoppingScenarios.id, scenarioId));
		await audit(tx, actor, 'shopping_scenario.removed', programmeId, scenarioId);
	});
}
