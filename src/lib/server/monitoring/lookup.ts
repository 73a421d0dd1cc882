// Finding a contract within the actor's organisation: every monitoring and mystery-shopping module
// starts here, so an id from another council is simply "not found".
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { projects } from '../projects/schema';
import { contracts } from './schema';

export async function contractInOrganisation(db: Db, organisationId: string, contractId: string) {
	const [row] = await db
		.select({ contract: contracts, projectTitle: projects.title, projectSlug: projects.slug })
		.from(contracts)
		.innerJoin(projects, eq(projects.id, contracts.projectId))
		.where(and(eq(contracts.id, contractId), eq(contracts.organisationId, organisationId)));
	if (!row) throw new InputError('That contract does not exist.');
	return row;
}
