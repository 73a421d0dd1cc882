// Reach for the whole organisation or one project: who took part, by group, against population shares.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { organisations } from '../organisations/schema';
import { getProject } from '../projects/projects';
import { ETHNICITY_DETAIL, dimensionDefs } from './groups';
import { reachFigures, type ReachFigures } from './figures';
import { gatherParticipants, type ReachScope } from './people';
import { listPopulationShares, organisationAreas } from './population';

export async function smallNumberThreshold(db: Db, organisationId: string): Promise<number> {
	const [row] = await db.select({ threshold: organisations.smallNumberThreshold }).from(organisations).where(eq(organisations.id, organisationId));
	return row?.threshold ?? 5;
}

export async function reachFor(db: Db, scope: ReachScope, now = new Date()): Promise<ReachFigures & { sharesEntered: boolean }> {
	const [participants, areas, shares, threshold] = await Promise.all([
		gatherParticipants(db, scope, now),
		organisationAreas(db, scope.organisationId),
		listPopulationShares(db, scope.organisationId),
		smallNumberThreshold(db, scope.organisationId)
	]);
	return { ...reachFigures(participants, dimensionDefs(areas), ETHNICITY_DETAIL, shares, threshold), sharesEntered: shares.size > 0 };
}

export function organisationReach(db: Db, organisationId: string, now = new Date()) {
	return reachFor(db, { organisationId }, now);
}

/** One project's reach; another organisation's project is "not found" (InputError). */
export async function projectReach(db: Db, organisationId: string, projectId: string, now = new Date()) {
	const project = await getProject(db, organisationId, projectId);
	return { project: { id: project.id, title: project.title }, figures: await reachFor(db, { organisationId, projectId }, now) };
}
