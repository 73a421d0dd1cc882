// What evaluate() needs, read from the database: officers only (moderation, results, finalising,
// the award and the assessment summaries). It reads every bid's price and every member's score, so
// panel-facing code must never import it (tests/integration/bids.test.ts checks).
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { bids, moderations, panelMembers, panels, panelScores, tenderCriteria, tenderSections } from './schema';
import type { EvaluationInput } from './scoring';
import { getTender } from './tenders';

/**
 * What evaluate() needs, from the database (officers only): participant sections are those scored
 * by young people or parents; a section's quorum is its panel's (0 without a panel); only
 * submitted scores of active members count; moderated scores where an officer set one.
 */
export async function evaluationInput(db: Db, organisationId: string, tenderId: string): Promise<EvaluationInput> {
	const tender = await getTender(db, organisationId, tenderId);
	const sections = await db
		.select({ id: tenderSections.id, name: tenderSections.name, audience: tenderSections.audience, quorum: panels.quorum })
		.from(tenderSections)
		.leftJoin(panels, eq(panels.sectionId, tenderSections.id))
		.where(eq(tenderSections.tenderId, tenderId))
		.orderBy(asc(tenderSections.position));
	const criteria = await db
		.select({ id: tenderCriteria.id, sectionId: tenderCriteria.sectionId, weightHundredths: tenderCriteria.weightHundredths, price: tenderCriteria.price })
		.from(tenderCriteria)
		.where(eq(tenderCriteria.tenderId, tenderId))
		.orderBy(asc(tenderCriteria.position));
	const bidRows = await db.select({ id: bids.id, label: bids.label, pricePence: bids.pricePence }).from(bids).where(eq(bids.tenderId, tenderId)).orderBy(asc(bids.label));
	const scores = await db
		.select({ bidId: panelScores.bidId, criterionId: panelScores.criterionId, memberId: panelScores.panelMemberId, score: panelScores.score })
		.from(panelScores)
		.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenderCriteria, and(eq(tenderCriteria.id, panelScores.criterionId), eq(tenderCriteria.sectionId, panels.sectionId)))
		.where(and(eq(panels.tenderId, tenderId), eq(panelMembers.status, 'active'), isNotNull(panelScores.submittedAt)));
	const moderated = await db
		.select({ bidId: moderations.bidId, criterionId: moderations.criterionId, score: moderations.score })
		.from(moderations)
		.innerJoin(bids, eq(bids.id, moderations.bidId))
		.where(eq(bids.tenderId, tenderId));
	return {
		scale: { min: tender.scaleMin, max: tender.scaleMax },
		sections: sections.map((s) => ({ id: s.id, name: s.name, participant: s.audience !== 'staff', quorum: s.quorum ?? 0 })),
		criteria: criteria.map((c) => ({ id: c.id, sectionId: c.sectionId, weight: c.weightHundredths / 100, price: c.price })),
		bids: bidRows,
		scores: scores.map((s) => ({ ...s, submitted: true })),
		moderations: moderated
	};
}
