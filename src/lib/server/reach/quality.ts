// The participation quality view, after the Lundy model of participation (space, voice, audience,
// influence), for one project. What each count means:
//   space     steps of the 8 with at least one planned activity (participation_plans)
//   voice     accessible formats offered across the planned activities, and people taking part
//             (distinct participants per kind of activity, from the project's evidence, added up)
//   audience  "you said, we did" entries an officer answered with a decision (status no longer
//             'considering'), out of all the project's entries
//   influence entries where something changed ('changed' with the date it was decided)
// The headline counts may be published on the public project page; never the breakdowns.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { participationCounts, type EvidenceByStep } from '../projects/evidence';
import { getProject } from '../projects/projects';
import { ACCESSIBLE_FORMATS, participationPlans, projects, youSaidWeDid, type AccessibleFormat, type ActivityKind } from '../projects/schema';
import { listProjectEvidence } from '../projects/sources';
import { suppress, type Count } from '../privacy/small-numbers';
import { smallNumberThreshold } from './reach';

type Actor = { id: string; organisationId: string };

export interface QualityView {
	space: { steps: number[]; planned: number; of: 8 };
	voice: { formats: AccessibleFormat[]; activities: { activity: ActivityKind; count: Count }[]; takingPart: Count };
	audience: { responded: number; of: number };
	influence: { changed: number; of: number };
	published: boolean;
	threshold: number;
}

/** The four headline counts for the public page: no breakdowns. */
export interface PublicQuality {
	stepsWithInvolvement: number;
	formatsOffered: number;
	/** null when fewer than the small-number threshold took part. */
	peopleTakingPart: number | null;
	peopleTakingPartDisplay: string;
	inputResponded: number;
	inputTotal: number;
	changesMade: number;
}

async function parts(db: Db, projectId: string) {
	const [plans, entries] = await Promise.all([
		db.select({ step: participationPlans.step, formats: participationPlans.formats }).from(participationPlans).where(eq(participationPlans.projectId, projectId)),
		db.select({ status: youSaidWeDid.status, decidedOn: youSaidWeDid.decidedOn }).from(youSaidWeDid).where(eq(youSaidWeDid.projectId, projectId))
	]);
	const steps = [...new Set(plans.map((p) => p.step))].sort((a, b) => a - b);
	const offered = new Set(plans.flatMap((p) => p.formats ?? []));
	return {
		steps,
		formats: ACCESSIBLE_FORMATS.filter((f) => offered.has(f)),
		responded: entries.filter((e) => e.status !== 'considering').length,
		changed: entries.filter((e) => e.status === 'changed' && e.decidedOn !== null).length,
		entries: entries.length
	};
}

function takingPart(evidence: readonly EvidenceByStep[], threshold: number) {
	const counts = participationCounts(evidence);
	const activities = [...counts.entries()].map(([activity, n]) => ({ activity, count: suppress(n, threshold) }));
	const total = [...counts.values()].reduce((a, b) => a + b, 0);
	return { activities, takingPart: suppress(total, threshold) };
}

/** The staff view (organisation checked: another organisation's project is "not found"). */
export async function projectQuality(db: Db, organisationId: string, projectId: string, evidence?: readonly EvidenceByStep[]): Promise<QualityView> {
	const project = await getProject(db, organisationId, projectId);
	const [p, threshold, gathered] = await Promise.all([parts(db, projectId), smallNumberThreshold(db, organisationId), evidence ? Promise.resolve(evidence) : listProjectEvidence(db, projectId)]);
	const voice = takingPart(gathered, threshold);
	return {
		space: { steps: p.steps, planned: p.steps.length, of: 8 },
		voice: { formats: p.formats, ...voice },
		audience: { responded: p.responded, of: p.entries },
		influence: { changed: p.changed, of: p.entries },
		published: project.qualityPublished,
		threshold
	};
}

/** The public headline counts, for a project whose quality counts are published (the caller checks). */
export async function publicQuality(db: Db, projectId: string, evidence: readonly EvidenceByStep[], threshold: number): Promise<PublicQuality> {
	const p = await parts(db, projectId);
	const { takingPart: people } = takingPart(evidence, threshold);
	return {
		stepsWithInvolvement: p.steps.length,
		formatsOffered: p.formats.length,
		peopleTakingPart: people.value,
		peopleTakingPartDisplay: people.display,
		inputResponded: p.responded,
		inputTotal: p.entries,
		changesMade: p.changed
	};
}

/** Turns the public quality counts on or off. */
export async function setQualityPublished(db: Db, actor: Actor, projectId: string, publish: boolean, now = new Date()): Promise<void> {
	await getProject(db, actor.organisationId, projectId);
	await db.transaction(async (tx) => {
		await tx.update(projects).set({ qualityPublished: publish, updatedAt: now }).where(and(eq(projects.id, projectId), eq(projects.organisationId, actor.organisationId)));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: publish ? 'project.quality_published' : 'project.quality_unpublished', targetType: 'project', targetId: projectId });
	});
}
