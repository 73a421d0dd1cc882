// A tender's evaluation moves one way through its statuses, each step an officer's decision:
//   setup ─open─▶ evaluating ─close─▶ moderating ─finalise─▶ finalised ─award─▶ awarded
// Closing can be undone (reopen) until the evaluation is finalised, for a panel that fell short
// of its quorum. Officers only (routes check 'tenders:manage'); every step is audited.
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { bids, panels, tenderCriteria, tenders, tenderSections, type TenderStatus } from './schema';
import { evaluate, weightsProblem } from './scoring';
import { evaluationInput } from './evaluation-input';
import { lockTender } from './tenders';

type Actor = { id: string; organisationId: string };

export const STATUS_LABELS: Record<TenderStatus, string> = {
	setup: 'Setting up',
	evaluating: 'Panels scoring',
	moderating: 'Moderating',
	finalised: 'Evaluation finalised',
	awarded: 'Awarded'
};

/** Plain reasons evaluation can't open yet; empty when it can. */
export async function openingProblems(db: Db, tenderId: string): Promise<string[]> {
	const sections = await db.select({ id: tenderSections.id, name: tenderSections.name }).from(tenderSections).where(eq(tenderSections.tenderId, tenderId));
	const criteria = await db
		.select({ sectionId: tenderCriteria.sectionId, weight: tenderCriteria.weightHundredths, price: tenderCriteria.price })
		.from(tenderCriteria)
		.where(eq(tenderCriteria.tenderId, tenderId));
	const sectionPanels = await db.select({ sectionId: panels.sectionId }).from(panels).where(eq(panels.tenderId, tenderId));
	const bidRows = await db.select({ label: bids.label, releasedAt: bids.releasedAt }).from(bids).where(eq(bids.tenderId, tenderId));
	const problems: string[] = [];
	const weights = weightsProblem(criteria.map((c) => ({ weight: c.weight / 100 })));
	if (weights) problems.push(weights);
	for (const section of sections) {
		const own = criteria.filter((c) => c.sectionId === section.id);
		if (own.length === 0) problems.push(`Add a criterion to “${section.name}”, or remove the section.`);
		else if (own.some((c) => !c.price) && !sectionPanels.some((p) => p.sectionId === section.id)) problems.push(`Set up a panel to score “${section.name}”.`);
	}
	if (bidRows.length === 0) problems.push('Enter the bids.');
	const unreleased = bidRows.filter((b) => !b.releasedAt).map((b) => `Bid ${b.label}`);
	if (unreleased.length) problems.push(`Release ${unreleased.sort().join(', ')} to the panels.`);
	return problems;
}

async function move(db: Db, actor: Actor, tenderId: string, from: TenderStatus, to: TenderStatus, action: string, check?: (tx: Db) => Promise<string[]>): Promise<void> {
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		if (tender.status !== from) throw new InputError(`This tender is at “${STATUS_LABELS[tender.status]}”, so that step isn’t possible now.`);
		const problems = check ? await check(tx) : [];
		if (problems.length) throw new InputError(`Not yet: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more to do)` : ''}`);
		await tx.update(tenders).set({ status: to, updatedAt: new Date() }).where(eq(tenders.id, tenderId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action, targetType: 'tender', targetId: tenderId, detail: { from, to } });
	});
}

/** Panels can score: weights total 100, every scored section has a panel, every bid released. */
export function openEvaluation(db: Db, actor: Actor, tenderId: string): Promise<void> {
	return move(db, actor, tenderId, 'setup', 'evaluating', 'tender.evaluation_opened', (tx) => openingProblems(tx, tenderId));
}

/** Scoring stops (drafts never count) and moderation starts. */
export function closeScoring(db: Db, actor: Actor, tenderId: string): Promise<void> {
	return move(db, actor, tenderId, 'evaluating', 'moderating', 'tender.scoring_closed');
}

/** Back to scoring, for a panel short of its quorum; moderated scores are kept. */
export function reopenScoring(db: Db, actor: Actor, tenderId: string): Promise<void> {
	return move(db, actor, tenderId, 'moderating', 'evaluating', 'tender.scoring_reopened');
}

/** The scores are settled: every section quorate and scored. After this only the award remains. */
export function finaliseEvaluation(db: Db, actor: Actor, tenderId: string): Promise<void> {
	return move(db, actor, tenderId, 'moderating', 'finalised', 'tender.evaluation_finalised', async (tx) => {
		const result = evaluate(await evaluationInput(tx, actor.organisationId, tenderId));
		return result.bids.length === 0 ? ['There are no bids to finalise.'] : result.blockers;
	});
}

/**
 * Puts the scoring system (sections, criteria, weights, scale) on the project's public page with
 * the tender, as good practice asks. Only once the weights add up to 100; it stays published.
 */
export async function publishScoringSystem(db: Db, actor: Actor, tenderId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		await lockTender(tx, actor.organisationId, tenderId);
		const criteria = await tx.select({ weight: tenderCriteria.weightHundredths }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId));
		const problem = weightsProblem(criteria.map((c) => ({ weight: c.weight / 100 })));
		if (problem) throw new InputError(`Finish the scoring system before publishing it: ${problem}`);
		const changed = await tx
			.update(tenders)
			.set({ scoringPublishedAt: now, updatedAt: now })
			.where(and(eq(tenders.id, tenderId), isNull(tenders.scoringPublishedAt)))
			.returning({ id: tenders.id });
		if (changed.length) await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.scoring_published', targetType: 'tender', targetId: tenderId });
	});
}
