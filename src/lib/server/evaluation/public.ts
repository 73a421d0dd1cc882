// Tenders on the public project page and in the open data (no sign-in). Two things, each only once
// an officer has published it: the scoring system (scale, sections, criteria, weights) and the
// award. The award is the one place a bidder's name leaves the officers' pages: the winner's, and
// only from an award whose publishedAt is set. Nothing else about any bid is read here.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { projects } from '../projects/schema';
import type { PublicAward, PublicTender } from '../publishing/types';
import { awards, bidIdentities, tenderCriteria, tenders, tenderSections } from './schema';

export const SCORED_BY: Record<'young_people' | 'parents' | 'staff', string | null> = {
	young_people: 'Scored by young people',
	parents: 'Scored by parents and carers',
	staff: null
};

/** "RBC/SB/2026/014" → "tender-rbc-sb-2026-014": the tender's place on the project page. */
export function tenderAnchor(reference: string): string {
	return `tender-${reference.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** Published awards of these tenders: the winner's name and the contract's value and dates, nothing more. */
async function publishedAwards(db: Db, tenderIds: string[]): Promise<Map<string, PublicAward>> {
	const out = new Map<string, PublicAward>();
	if (tenderIds.length === 0) return out;
	const rows = await db
		.select({
			tenderId: awards.tenderId,
			winner: bidIdentities.bidderName,
			valuePence: awards.valuePence,
			startsOn: awards.startsOn,
			endsOn: awards.endsOn,
			decidedOn: awards.decidedOn,
			publishedAt: awards.publishedAt
		})
		.from(awards)
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, awards.winningBidId))
		.where(and(inArray(awards.tenderId, tenderIds), isNotNull(awards.publishedAt)));
	for (const { tenderId, publishedAt, ...award } of rows) out.set(tenderId, { ...award, publishedAt: publishedAt!.toISOString() });
	return out;
}

/** A project's tenders as the public sees them: those whose scoring system is published (publishing the award publishes it too). */
export async function publicTenders(db: Db, projectId: string): Promise<PublicTender[]> {
	const rows = await db
		.select({
			id: tenders.id,
			title: tenders.title,
			reference: tenders.reference,
			publishedOn: tenders.publishedOn,
			closesOn: tenders.closesOn,
			contractMonths: tenders.contractMonths,
			scaleMin: tenders.scaleMin,
			scaleMax: tenders.scaleMax,
			scaleDescriptors: tenders.scaleDescriptors
		})
		.from(tenders)
		.where(and(eq(tenders.projectId, projectId), isNotNull(tenders.scoringPublishedAt)))
		.orderBy(asc(tenders.publishedOn), asc(tenders.reference))
		.limit(100);
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const sections = await db
		.select({ id: tenderSections.id, tenderId: tenderSections.tenderId, name: tenderSections.name, about: tenderSections.about, audience: tenderSections.audience })
		.from(tenderSections)
		.where(inArray(tenderSections.tenderId, ids))
		.orderBy(asc(tenderSections.position));
	const criteria = await db
		.select({
			sectionId: tenderCriteria.sectionId,
			title: tenderCriteria.title,
			weight: tenderCriteria.weightHundredths,
			price: tenderCriteria.price,
			presentation: tenderCriteria.presentation
		})
		.from(tenderCriteria)
		.where(inArray(tenderCriteria.tenderId, ids))
		.orderBy(asc(tenderCriteria.position));
	const awarded = await publishedAwards(db, ids);
	return rows.map((t) => ({
		anchor: tenderAnchor(t.reference),
		title: t.title,
		reference: t.reference,
		publishedOn: t.publishedOn,
		closesOn: t.closesOn,
		contractMonths: t.contractMonths,
		scale: { min: t.scaleMin, max: t.scaleMax, points: t.scaleDescriptors.map((descriptor, i) => ({ score: t.scaleMin + i, descriptor })) },
		sections: sections
			.filter((s) => s.tenderId === t.id)
			.map((s) => {
				const own = criteria.filter((c) => c.sectionId === s.id);
				return {
					name: s.name,
					about: s.about,
					weight: own.reduce((sum, c) => sum + c.weight, 0) / 100,
					audience: s.audience,
					scoredBy: SCORED_BY[s.audience],
					criteria: own.map((c) => ({ title: c.title, weight: c.weight / 100, price: c.price, presentation: c.presentation }))
				};
			}),
		award: awarded.get(t.id) ?? null
	}));
}

/** Published awards on published projects, newest first, for the Atom feed. */
export async function publishedAwardEntries(db: Db, limit: number) {
	const rows = await db
		.select({
			title: tenders.title,
			reference: tenders.reference,
			projectSlug: projects.slug,
			winner: bidIdentities.bidderName,
			valuePence: awards.valuePence,
			startsOn: awards.startsOn,
			endsOn: awards.endsOn,
			publishedAt: awards.publishedAt
		})
		.from(awards)
		.innerJoin(tenders, eq(tenders.id, awards.tenderId))
		.innerJoin(projects, eq(projects.id, tenders.projectId))
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, awards.winningBidId))
		.where(and(isNotNull(awards.publishedAt), isNotNull(projects.publishedAt)))
		.orderBy(desc(awards.publishedAt), asc(tenders.reference))
		.limit(limit);
	return rows.map((r) => ({ ...r, anchor: tenderAnchor(r.reference), publishedAt: r.publishedAt! }));
}
