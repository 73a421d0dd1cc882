// Hours for sitting on a tender panel: credited once per panel member, the first time they submit
// their scores for a bid, at the panel's hours (panels.credited_hours, 3 unless set). Staff panels
// earn nothing (scoring is their job), and nor does a panel set to 0 hours. Drafts never count.
import { and, eq, isNotNull, min, ne } from 'drizzle-orm';
import { londonDay } from '../../dates';
import type { Db } from '../db/client';
import { panelMembers, panels, panelScores, tenders, tenderSections } from '../evaluation/schema';
import { creditContribution } from './credit';

/** Inside the submit's transaction (the member's row is locked there). The new row's id, or null. */
export async function creditPanelMember(tx: Db, memberId: string, submittedAt: Date): Promise<string | null> {
	const [row] = await tx
		.select({
			userId: panelMembers.userId,
			hours: panels.creditedHours,
			audience: tenderSections.audience,
			section: tenderSections.name,
			title: tenders.title,
			projectId: tenders.projectId,
			organisationId: tenders.organisationId
		})
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(eq(panelMembers.id, memberId));
	if (!row || row.audience === 'staff' || !(Number(row.hours) > 0)) return null;
	return creditContribution(tx, {
		organisationId: row.organisationId,
		userId: row.userId,
		projectId: row.projectId,
		activity: 'panel',
		sourceId: memberId,
		description: `Tender panel: ${row.title} (${row.section})`,
		hours: Number(row.hours),
		happenedOn: londonDay(submittedAt),
		creditedBy: null,
		createdAt: submittedAt
	});
}

/**
 * Catches up members of the organisation's participant panels who submitted scores before panel
 * hours were credited (or in seeded data): each credited once, dated their first submission.
 * Returns how many were credited now.
 */
export async function creditSubmittedPanels(db: Db, organisationId: string): Promise<number> {
	const submitted = await db
		.select({ memberId: panelScores.panelMemberId, first: min(panelScores.submittedAt) })
		.from(panelScores)
		.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(and(eq(tenders.organisationId, organisationId), ne(tenderSections.audience, 'staff'), isNotNull(panelScores.submittedAt)))
		.groupBy(panelScores.panelMemberId);
	let credited = 0;
	for (const s of submitted) if (s.first && (await creditPanelMember(db, s.memberId, new Date(s.first)))) credited++;
	return credited;
}
