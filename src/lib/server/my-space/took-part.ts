// Who took part in a project: the people an outcome is for (notifications: an award or a "you said,
// we did" entry is published). The list itself is the shared one in participation/took-part.ts,
// which reach reads too.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { projects } from '../projects/schema';
import { tookPart } from '../participation/took-part';

/** The ids of everyone who took part in the project (empty for another organisation's project). */
export async function peopleWhoTookPart(db: Db, organisationId: string, projectId: string): Promise<string[]> {
	const [project] = await db
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!project) return [];
	return [...new Set((await tookPart(db, { organisationId, projectId })).map((r) => r.userId))].sort();
}
