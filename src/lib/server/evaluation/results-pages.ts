// Page-shaped reads for the officers' moderation and results pages (routes check 'tenders:manage').
// Members appear as "Member 1, 2…" within their panel, never by name; drafts are never shown, only
// counted. Numbers are returned exactly as evaluate() worked them out: pages round for display only.
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { byLabel } from './labels';
import { STATUS_LABELS } from './lifecycle';
import { bids, moderations, panelMembers, panels, panelScores, tenderCriteria, tenderSections, type PanelAudience, type TenderStatus } from './schema';
import { evaluate, mean, sectionWeight, spreadOf, type EvaluationResult, type Spread } from './scoring';
import { evaluationInput } from './evaluation-input';
import { getTender } from './tenders';

export const PANEL_NAMES: Record<PanelAudience, string> = {
	young_people: 'Young people’s panel',
	parents: 'Parents’ panel',
	staff: 'Staff panel'
};
const WHOSE: Record<PanelAudience, string> = { young_people: 'young people’s', parents: 'parents’', staff: 'staff' };

export interface TenderHeading {
	id: string;
	title: string;
	reference: string;
	status: TenderStatus;
	statusLabel: string;
	scaleMin: number;
	scaleMax: number;
	/** One per point of the scale, lowest first. */
	descriptors: { score: number; label: string }[];
}

export interface MemberScore {
	/** "Member 1", numbered within the panel by when they joined. */
	member: string;
	score: number;
	descriptor: string;
	comment: string | null;
}

export interface ModerationCell {
	bidId: string;
	label: string;
	scores: MemberScore[];
	/** Mean of the submitted scores (exact); null when nobody submitted. */
	mean: number | null;
	spread: Spread | null;
	moderation: { score: number; descriptor: string; rationale: string; by: string | null; at: string } | null;
	/** The score that counts: the moderated one where set, otherwise the mean. */
	used: number | null;
}

export interface ModerationView {
	tender: TenderHeading;
	sections: {
		id: string;
		name: string;
		panelName: string;
		participant: boolean;
		weight: number;
		quorum: number;
		/** Only a price criterion: worked out from the prices, nothing to moderate. */
		priceOnly: boolean;
		/** Per bid: how many members submitted scores, against the quorum. */
		bids: { bidId: string; label: string; scorers: number; belowQuorum: boolean }[];
		criteria: { id: string; title: string; weight: number; price: boolean; presentation: boolean; cells: ModerationCell[] }[];
	}[];
	/** Wide spreads, for a list of links at the top of the page. */
	flagged: { bidId: string; criterionId: string; label: string; criterion: string; moderated: boolean }[];
	/** Draft scores of active members: they never count, and closing scoring leaves them out. */
	drafts: number;
	blockers: string[];
	finalisable: boolean;
}

function heading(tender: Awaited<ReturnType<typeof getTender>>): TenderHeading {
	return {
		id: tender.id,
		title: tender.title,
		reference: tender.reference,
		status: tender.status,
		statusLabel: STATUS_LABELS[tender.status],
		scaleMin: tender.scaleMin,
		scaleMax: tender.scaleMax,
		descriptors: tender.scaleDescriptors.map((label, i) => ({ score: tender.scaleMin + i, label }))
	};
}

export async function moderationView(db: Db, organisationId: string, tenderId: string): Promise<ModerationView> {
	const tender = await getTender(db, organisationId, tenderId);
	const input = await evaluationInput(db, organisationId, tenderId);
	const result = evaluate(input);
	const describe = (score: number) => tender.scaleDescriptors[score - tender.scaleMin] ?? '';

	const sections = await db
		.select({ id: tenderSections.id, name: tenderSections.name, audience: tenderSections.audience, panelId: panels.id, quorum: panels.quorum })
		.from(tenderSections)
		.leftJoin(panels, eq(panels.sectionId, tenderSections.id))
		.where(eq(tenderSections.tenderId, tenderId))
		.orderBy(asc(tenderSections.position));
	const criteria = await db
		.select({ id: tenderCriteria.id, sectionId: tenderCriteria.sectionId, title: tenderCriteria.title, weight: tenderCriteria.weightHundredths, price: tenderCriteria.price, presentation: tenderCriteria.presentation })
		.from(tenderCriteria)
		.where(eq(tenderCriteria.tenderId, tenderId))
		.orderBy(asc(tenderCriteria.position));
	const bidRows = (await db.select({ id: bids.id, label: bids.label }).from(bids).where(eq(bids.tenderId, tenderId))).sort(byLabel);
	const members = await db
		.select({ id: panelMembers.id, panelId: panelMembers.panelId })
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.where(and(eq(panels.tenderId, tenderId), eq(panelMembers.status, 'active')))
		.orderBy(asc(panelMembers.createdAt), asc(panelMembers.id));
	const numberOf = new Map<string, number>();
	const perPanel = new Map<string, number>();
	for (const m of members) {
		const n = (perPanel.get(m.panelId) ?? 0) + 1;
		perPanel.set(m.panelId, n);
		numberOf.set(m.id, n);
	}
	// Submitted scores of active members, each in their own panel's section (as evaluationInput counts them).
	const scoreRows = await db
		.select({ memberId: panelScores.panelMemberId, bidId: panelScores.bidId, criterionId: panelScores.criterionId, score: panelScores.score, comment: panelScores.comment })
		.from(panelScores)
		.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenderCriteria, and(eq(tenderCriteria.id, panelScores.criterionId), eq(tenderCriteria.sectionId, panels.sectionId)))
		.where(and(eq(panels.tenderId, tenderId), eq(panelMembers.status, 'active'), isNotNull(panelScores.submittedAt)));
	const drafts = await db
		.select({ id: panelScores.id })
		.from(panelScores)
		.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.where(and(eq(panels.tenderId, tenderId), eq(panelMembers.status, 'active'), isNull(panelScores.submittedAt)));
	const moderated = await db
		.select({ bidId: moderations.bidId, criterionId: moderations.criterionId, score: moderations.score, rationale: moderations.rationale, by: users.displayName, at: moderations.updatedAt })
		.from(moderations)
		.innerJoin(bids, eq(bids.id, moderations.bidId))
		.leftJoin(users, eq(users.id, moderations.moderatedBy))
		.where(eq(bids.tenderId, tenderId));

	const flagged: ModerationView['flagged'] = [];
	const view = sections.map((section) => {
		const own = criteria.filter((c) => c.sectionId === section.id);
		const quorum = section.quorum ?? 0;
		return {
			id: section.id,
			name: section.name,
			panelName: PANEL_NAMES[section.audience],
			participant: section.audience !== 'staff',
			weight: sectionWeight(section.id, input.criteria),
			quorum,
			priceOnly: own.length > 0 && own.every((c) => c.price),
			bids: bidRows.map((b) => {
				const r = result.bids.find((x) => x.bidId === b.id)?.sections.find((s) => s.sectionId === section.id);
				return { bidId: b.id, label: b.label, scorers: r?.scorers ?? 0, belowQuorum: r?.belowQuorum ?? false };
			}),
			criteria: own.map((c) => ({
				id: c.id,
				title: c.title,
				weight: c.weight / 100,
				price: c.price,
				presentation: c.presentation,
				cells: c.price
					? []
					: bidRows.map((b): ModerationCell => {
							const scores = scoreRows
								.filter((s) => s.bidId === b.id && s.criterionId === c.id)
								.map((s) => ({ n: numberOf.get(s.memberId) ?? 0, score: s.score, comment: s.comment }))
								.sort((x, y) => x.n - y.n)
								.map((s) => ({ member: `Member ${s.n}`, score: s.score, descriptor: describe(s.score), comment: s.comment }));
							const values = scores.map((s) => s.score);
							const m = moderated.find((x) => x.bidId === b.id && x.criterionId === c.id);
							const spread = spreadOf(values, input.scale);
							if (spread?.flagged) flagged.push({ bidId: b.id, criterionId: c.id, label: b.label, criterion: c.title, moderated: !!m });
							const average = mean(values);
							return {
								bidId: b.id,
								label: b.label,
								scores,
								mean: average,
								spread,
								moderation: m ? { score: m.score, descriptor: describe(m.score), rationale: m.rationale, by: m.by, at: m.at.toISOString() } : null,
								used: m ? m.score : average
							};
						})
			}))
		};
	});
	return { tender: heading(tender), sections: view, flagged, drafts: drafts.length, blockers: result.blockers, finalisable: result.finalisable };
}

export interface ResultsView {
	tender: TenderHeading;
	sections: { id: string; name: string; weight: number; participant: boolean; quorum: number; whose: string }[];
	/** Best first; equal totals share a rank. */
	bids: {
		bidId: string;
		label: string;
		total: number;
		rank: number;
		totalWithoutParticipants: number;
		rankWithoutParticipants: number;
		sections: { sectionId: string; contribution: number; weight: number; scorers: number; belowQuorum: boolean; missing: boolean }[];
		moderatedCriteria: number;
	}[];
	/** The same bids ordered as they would be without the participant sections. */
	withoutParticipants: { bidId: string; label: string; total: number; rank: number }[];
	participantsChangedRanking: boolean;
	/** Whose sections were left out ("young people’s and parents’"); null without any. */
	participantsWhose: string | null;
	influence: string;
	blockers: string[];
	finalisable: boolean;
}

const listOf = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const bidsNamed = (labels: string[]) => (labels.length === 1 ? `Bid ${labels[0]}` : `Bids ${listOf(labels)}`);

/** One plain sentence on whether the young people's and parents' scores changed the order. */
export function influenceSentence(result: Pick<EvaluationResult, 'bids' | 'participantsChangedRanking'>, whose: string | null): string {
	if (!whose) return 'This tender has no young people’s or parents’ section, so their scores can’t change the order.';
	if (result.bids.length === 0) return 'There are no bids yet.';
	const without = `Without the ${whose} scores`;
	if (!result.participantsChangedRanking) return `${without}, the order of the bids would not have changed.`;
	const first = result.bids.filter((b) => b.rank === 1).map((b) => b.label).sort();
	const firstWithout = result.bids.filter((b) => b.rankWithoutParticipants === 1).map((b) => b.label).sort();
	const came = (labels: string[]) => `${bidsNamed(labels)} would have ${labels.length === 1 ? 'come first' : 'shared first place'}`;
	const minus = (a: string[], b: string[]) => a.filter((l) => !b.includes(l));
	if (first.join() !== firstWithout.join()) {
		const lost = minus(first, firstWithout);
		const gained = minus(firstWithout, first);
		// A shared first place split, or a first place now shared: say which, in words.
		if (gained.length === 0 && firstWithout.length === 1) return `${without}, ${bidsNamed(firstWithout)} would have come first on its own, instead of sharing first place with ${bidsNamed(lost)}.`;
		if (gained.length === 0) return `${without}, ${bidsNamed(firstWithout)} would have shared first place, without ${bidsNamed(lost)}.`;
		if (lost.length === 0) return `${without}, ${bidsNamed(first)} would have shared first place with ${bidsNamed(gained)}.`;
		return `${without}, ${came(firstWithout)} instead of ${bidsNamed(first)}.`;
	}
	return `${without}, ${bidsNamed(first)} would still have ${first.length === 1 ? 'come first' : 'shared first place'}, but the order of the other bids would have changed.`;
}

const byRank = <T extends { label: string }>(rankOf: (x: T) => number) => (a: T, b: T) => rankOf(a) - rankOf(b) || byLabel(a, b);

export async function resultsView(db: Db, organisationId: string, tenderId: string): Promise<ResultsView> {
	const tender = await getTender(db, organisationId, tenderId);
	const input = await evaluationInput(db, organisationId, tenderId);
	const result = evaluate(input);
	const audiences = await db.select({ id: tenderSections.id, audience: tenderSections.audience }).from(tenderSections).where(eq(tenderSections.tenderId, tenderId));
	const audienceOf = (id: string) => audiences.find((a) => a.id === id)?.audience ?? 'staff';
	const participantAudiences = [...new Set(input.sections.filter((s) => s.participant).map((s) => audienceOf(s.id)))].sort((a, b) => (a === 'young_people' ? -1 : b === 'young_people' ? 1 : 0));
	const whose = participantAudiences.length ? listOf(participantAudiences.map((a) => WHOSE[a])) : null;
	const moderatedBy = (bidId: string) => input.moderations.filter((m) => m.bidId === bidId).length;
	return {
		tender: heading(tender),
		sections: input.sections.map((s) => ({ id: s.id, name: s.name, weight: sectionWeight(s.id, input.criteria), participant: s.participant, quorum: s.quorum, whose: WHOSE[audienceOf(s.id)] })),
		bids: result.bids
			.map((b) => ({
				bidId: b.bidId,
				label: b.label,
				total: b.total,
				rank: b.rank,
				totalWithoutParticipants: b.totalWithoutParticipants,
				rankWithoutParticipants: b.rankWithoutParticipants,
				sections: b.sections.map((s) => ({ sectionId: s.sectionId, contribution: s.contribution, weight: s.weight, scorers: s.scorers, belowQuorum: s.belowQuorum, missing: s.missing })),
				moderatedCriteria: moderatedBy(b.bidId)
			}))
			.sort(byRank((b) => b.rank)),
		withoutParticipants: result.bids
			.map((b) => ({ bidId: b.bidId, label: b.label, total: b.totalWithoutParticipants, rank: b.rankWithoutParticipants }))
			.sort(byRank((b) => b.rank)),
		participantsChangedRanking: result.participantsChangedRanking,
		participantsWhose: whose,
		influence: influenceSentence(result, whose),
		blockers: result.blockers,
		finalisable: result.finalisable
	};
}
