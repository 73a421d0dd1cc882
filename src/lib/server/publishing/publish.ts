// Nothing about a project is public until an officer publishes it; withdrawing hides it again
// everywhere at once (portal pages, open data JSON and the feed all read `publishedAt`).
import { and, count, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { getProject } from '../projects/projects';
import { projects, youSaidWeDid } from '../projects/schema';

type Actor = { id: string; organisationId: string };

async function setProjectPublished(db: Db, actor: Actor, projectId: string, publish: boolean, now: Date) {
	const project = await getProject(db, actor.organisationId, projectId);
	// Publishing twice keeps the first date; withdrawing something not public changes nothing.
	if (!!project.publishedAt === publish) return;
	await db.transaction(async (tx) => {
		await tx
			.update(projects)
			.set({ publishedAt: publish ? now : null })
			.where(and(eq(projects.id, projectId), eq(projects.organisationId, actor.organisationId)));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: publish ? 'project.published' : 'project.withdrawn',
			targetType: 'project',
			targetId: projectId
		});
	});
}

export function publishProject(db: Db, actor: Actor, projectId: string, now = new Date()) {
	return setProjectPublished(db, actor, projectId, true, now);
}

export function withdrawProject(db: Db, actor: Actor, projectId: string, now = new Date()) {
	return setProjectPublished(db, actor, projectId, false, now);
}

/** The publishing page: where the project stands and how many entries would show with it. */
export async function publishingSummary(db: Db, organisationId: string, projectId: string) {
	const project = await getProject(db, organisationId, projectId);
	const [entries] = await db
		.select({ all: count(), published: count(youSaidWeDid.publishedAt) })
		.from(youSaidWeDid)
		.where(eq(youSaidWeDid.projectId, projectId));
	return {
		project: { id: project.id, title: project.title, slug: project.slug, status: project.status, publishedAt: project.publishedAt },
		youSaid: { published: Number(entries?.published ?? 0), unpublished: Number(entries?.all ?? 0) - Number(entries?.published ?? 0) }
	};
}
