// The participation quality view, after the Lundy model of participation (space, voice, audience,
// influence), for one project. What each count means:
//   space     steps of the 8 with at least one planned activity (participation_plans)
//   voice     accessible formats offered across the planned activities, and how many people took
//             part: the same deduplicated count as the project's reach page (each person with an
//             account once, however many things they did, plus each anonymous survey answer), hidden
//             under the small-number threshold. Never a sum of per-activity counts, which could be
//             subtracted to get a hidden one back. Walk-ins and phones that answered without signing
//             in are shown apart, to staff only.
//   audience  input from participants that an officer responded to, counted in items: published
//             "you said, we did" entries answered with a decision (no longer 'considering'),
//             mystery-shopping reports on the project's programmes that were reviewed (approved or
//             returned), and ideas-wall ideas from the project's sessions that were moderated
//             (approved or hidden)
//   influence published "you said, we did" entries with a decision (changed, or not changed, with
//             the date it was decided), and how many of them changed something
// Only published "you said, we did" entries count, on the staff view and the public page alike (the
// staff view says how many are not yet published). The headline counts may be published on the
// public project page; never the breakdowns.
import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from '../mystery-shopping/schema';
import { participationCounts, type EvidenceByStep } from '../projects/evidence';
import { getProject } from '../projects/projects';
import { ACCESSIBLE_FORMATS, participationPlans, projects, youSaidWeDid, type AccessibleFormat } from '../projects/schema';
import { HIDDEN_WITH_SMALL, suppress, type Count } from '../privacy/small-numbers';
import { liveActivities, liveEntries, workshopSessions } from '../workshops/schema';
import { countParticipants } from './people';
import { smallNumberThreshold } from './reach';

type Actor = { id: string; organisationId: string };

export interface Responded {
	responded: number;
	of: number;
}

export interface QualityView {
	space: { steps: number[]; planned: number; of: 8 };
	voice: { formats: AccessibleFormat[]; people: Count; withoutDetails: Count };
	audience: Responded & { youSaid: Responded; reports: Responded; ideas: Responded };
	influence: { decided: number; changed: number };
	/** "You said, we did" entries not yet published: not counted anywhere here. */
	unpublishedEntries: number;
	published: boolean;
	threshold: number;
}

/** The headline counts for the public page: no breakdowns. */
export interface PublicQuality {
	stepsWithInvolvement: number;
	formatsOffered: number;
	/** null when hidden (fewer than the small-number threshold, or it would narrow down a hidden count). */
	peopleTakingPart: number | null;
	peopleTakingPartDisplay: string;
	inputResponded: number;
	inputTotal: number;
	decisionsMade: number;
	changesMade: number;
}

const tally = (items: readonly boolean[]): Responded => ({ responded: items.filter(Boolean).length, of: items.length });

async function parts(db: Db, projectId: string) {
	const [plans, entries, reports, ideas] = await Promise.all([
		db.select({ step: participationPlans.step, formats: participationPlans.formats }).from(participationPlans).where(eq(participationPlans.projectId, projectId)),
		db.select({ status: youSaidWeDid.status, decidedOn: youSaidWeDid.decidedOn, publishedAt: youSaidWeDid.publishedAt }).from(youSaidWeDid).where(eq(youSaidWeDid.projectId, projectId)),
		db
			.select({ status: shoppingReports.status })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
			.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
			.where(eq(contracts.projectId, projectId)),
		db
			.select({ status: liveEntries.status })
			.from(liveEntries)
			.innerJoin(liveActivities, eq(liveActivities.id, liveEntries.activityId))
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
			.where(and(eq(workshopSessions.projectId, projectId), eq(liveActivities.type, 'ideas'), inArray(liveEntries.status, ['pending', 'approved', 'hidden'])))
	]);
	const steps = [...new Set(plans.map((p) => p.step))].sort((a, b) => a - b);
	const offered = new Set(plans.flatMap((p) => p.formats ?? []));
	const published = entries.filter((e) => e.publishedAt !== null);
	const decided = published.filter((e) => e.status !== 'considering' && e.decidedOn !== null);
	const youSaid = tally(published.map((e) => e.status !== 'considering'));
	const reviewed = tally(reports.map((r) => r.status === 'approved' || r.status === 'returned'));
	const moderated = tally(ideas.map((i) => i.status === 'approved' || i.status === 'hidden'));
	return {
		steps,
		formats: ACCESSIBLE_FORMATS.filter((f) => offered.has(f)),
		audience: {
			responded: youSaid.responded + reviewed.responded + moderated.responded,
			of: youSaid.of + reviewed.of + moderated.of,
			youSaid,
			reports: reviewed,
			ideas: moderated
		},
		influence: { decided: decided.length, changed: decided.filter((e) => e.status === 'changed').length },
		unpublishedEntries: entries.length - published.length
	};
}

/** The staff view (organisation checked: another organisation's project is "not found"). */
export async function projectQuality(db: Db, organisationId: string, projectId: string): Promise<QualityView> {
	const project = await getProject(db, organisationId, projectId);
	const [p, threshold, counted] = await Promise.all([parts(db, projectId), smallNumberThreshold(db, organisationId), countParticipants(db, { organisationId, projectId })]);
	return {
		space: { steps: p.steps, planned: p.steps.length, of: 8 },
		voice: { formats: p.formats, people: suppress(counted.people, threshold), withoutDetails: suppress(counted.withoutDetails, threshold) },
		audience: p.audience,
		influence: p.influence,
		unpublishedEntries: p.unpublishedEntries,
		published: project.qualityPublished,
		threshold
	};
}

/**
 * The public headline counts, for a project whose quality counts are published (the caller checks).
 * The public page also shows people per kind of activity, each hidden when small. Anyone who took
 * part is in at least one of those, so the people count less the shown ones is a floor under the
 * hidden ones: when that floor is above zero, the people count is not shown either.
 */
export async function publicQuality(db: Db, organisationId: string, projectId: string, evidence: readonly EvidenceByStep[], threshold: number): Promise<PublicQuality> {
	const [p, counted] = await Promise.all([parts(db, projectId), countParticipants(db, { organisationId, projectId })]);
	let people = suppress(counted.people, threshold);
	const perActivity = [...participationCounts(evidence).values()];
	// Hidden there as on the public page (publicParticipation): under the threshold.
	const shownSum = perActivity.filter((n) => n >= threshold).reduce((a, b) => a + b, 0);
	if (!people.suppressed && perActivity.some((n) => n < threshold) && people.value > shownSum) people = { suppressed: true, value: null, display: HIDDEN_WITH_SMALL };
	return {
		stepsWithInvolvement: p.steps.length,
		formatsOffered: p.formats.length,
		peopleTakingPart: people.value,
		peopleTakingPartDisplay: people.display,
		inputResponded: p.audience.responded,
		inputTotal: p.audience.of,
		decisionsMade: p.influence.decided,
		changesMade: p.influence.changed
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
