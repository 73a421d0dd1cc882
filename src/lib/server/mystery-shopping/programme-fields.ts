// Pieces the mystery-shopping set-up modules share: the actor, plain-words text fields that refuse
// NUL (the shared ones from ../forms, re-exported for the set-up modules), the small "up or down"
// move, and the checks every change starts with.
import { and, eq, exists } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from './schema';

export type Actor = { id: string; organisationId: string };

export { NUL_MESSAGE, optionalWords, words } from '../forms';
export const ID = /^[a-z2-7]{16}$/;

export type MoveDirection = 'up' | 'down';
export const directionSchema = v.picklist(['up', 'down'], 'Choose up or down.');

/** The programme row, locked for this transaction, or "not found" when it isn't the actor's. */
export async function lockProgramme(tx: Db, organisationId: string, programmeId: string) {
	const [row] = ID.test(programmeId)
		? await tx
				.select()
				.from(shoppingProgrammes)
				.where(and(eq(shoppingProgrammes.id, programmeId), eq(shoppingProgrammes.organisationId, organisationId)))
				.for('update')
		: [];
	if (!row) throw new InputError('That mystery-shopping programme does not exist.');
	return row;
}

/** True once any shopper has sent a report on any of the programme's visits. */
export async function hasReports(db: Db, programmeId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: shoppingVisits.id })
		.from(shoppingVisits)
		.where(
			and(
				eq(shoppingVisits.programmeId, programmeId),
				exists(db.select({ id: shoppingReports.id }).from(shoppingReports).where(eq(shoppingReports.visitId, shoppingVisits.id)))
			)
		)
		.limit(1);
	return !!row;
}

/** Rows in their order with one moved a place up or down; refuses a move off either end. */
export function moved<T extends { id: string }>(ordered: T[], id: string, direction: MoveDirection, noun: string): T[] {
	const index = ordered.findIndex((x) => x.id === id);
	if (index < 0) throw new InputError(`That ${noun} isn’t part of this programme.`);
	const other = direction === 'up' ? index - 1 : index + 1;
	if (other < 0) throw new InputError(`That ${noun} is already first.`);
	if (other >= ordered.length) throw new InputError(`That ${noun} is already last.`);
	const next = [...ordered];
	[next[index], next[other]] = [next[other], next[index]];
	return next;
}
