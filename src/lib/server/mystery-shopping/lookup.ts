// Finding a programme or visit within the actor's organisation: an id from elsewhere is "not found".
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingVisits } from './schema';

export async function programmeInOrganisation(db: Db, organisationId: string, programmeId: string) {
	const [row] = await db
		.select({ programme: shoppingProgrammes, contractTitle: contracts.title, projectId: contracts.projectId, provider: contracts.provider })
		.from(shoppingProgrammes)
		.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
		.where(and(eq(shoppingProgrammes.id, programmeId), eq(shoppingProgrammes.organisationId, organisationId)));
	if (!row) throw new InputError('That mystery-shopping programme does not exist.');
	return row;
}

export async function visitInOrganisation(db: Db, organisationId: string, visitId: string) {
	const [row] = await db
		.select({ visit: shoppingVisits, programme: shoppingProgrammes })
		.from(shoppingVisits)
		.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
		.where(and(eq(shoppingVisits.id, visitId), eq(shoppingProgrammes.organisationId, organisationId)));
	if (!row) throw new InputError('That visit does not exist.');
	return row;
}
