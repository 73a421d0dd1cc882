// What a panel member's own pages show: their panels, one panel's welcome and progress, and the
// scoring page for one bid. Panel-facing: bids are read only through panel-view.ts (letters and
// anonymised answers) and scores.ts; nothing here selects a bidder's identity, answer text, price
// or any bid timestamp. Once the award is published the member sees that the decision is made,
// its dates, the panel's thank-you and a link to the public page (which names the winner): never
// which letter won.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { projects } from '../projects/schema';
import { windowTime } from './panels';
import { memberHold } from './membership';
import { panelBids, releasedBid } from './panel-view';
import { panelScoresFor, scoringSeat } from './scores';
import { awards, panelMembers, panelQuestions, panels, panelScores, presentations, tenderCriteria, tenders, tenderSections, type MemberStatus, type PanelAudience, type TenderStatus } from './schema';

type Actor = { id: string; organisationId: string };

/** Where the member is: the next thing they need to do, or why there's nothing to do. */
export type MemberStage = 'confidentiality' | 'declare' | 'paused' | 'on_hold' | 'removed' | 'not_open' | 'scoring' | 'closed';
export type BidProgress = 'not_started' | 'draft' | 'submitted';

interface MembershipRow {
	memberId: string;
	status: MemberStatus;
	accepted: Date | null;
	panelId: string;
	tenderId: string;
	sectionId: string;
	opensAt: Date | null;
	closesAt: Date | null;
	tenderStatus: TenderStatus;
}

/** `hold`: why they can't carry on now (memberHold: consent withdrawn, account switched off ...). */
export function memberStage(row: MembershipRow, now: Date, hold: string | null = null): MemberStage {
	if (row.status === 'removed') return 'removed';
	const finished = !(row.tenderStatus === 'setup' || row.tenderStatus === 'evaluating') || (!!row.closesAt && now >= row.closesAt);
	if (finished) return 'closed';
	if (hold) return 'on_hold';
	if (row.status === 'interest_declared') return 'paused';
	if (!row.accepted) return 'confidentiality';
	if (row.status !== 'active') return 'declare';
	if (row.tenderStatus === 'setup' || (row.opensAt && now < row.opensAt)) return 'not_open';
	return 'scoring';
}

const membershipColumns = {
	memberId: panelMembers.id,
	status: panelMembers.status,
	accepted: panelMembers.confidentialityAcceptedAt,
	panelId: panels.id,
	tenderId: panels.tenderId,
	sectionId: panels.sectionId,
	opensAt: panels.opensAt,
	closesAt: panels.closesAt,
	tenderStatus: tenders.status,
	tenderTitle: tenders.title,
	sectionName: tenderSections.name,
	audience: tenderSections.audience,
	awardPublishedAt: awards.publishedAt
};

function memberships(db: Db, user: Actor, panelId?: string) {
	return db
		.select(membershipColumns)
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.leftJoin(awards, eq(awards.tenderId, tenders.id))
		.where(and(eq(panelMembers.userId, user.id), eq(tenders.organisationId, user.organisationId), panelId ? eq(panels.id, panelId) : undefined));
}

/** Each section's weight as a percentage of the total (criteria weights are in hundredths). */
async function sectionWeights(db: Db, sectionIds: string[]): Promise<Map<string, number>> {
	if (sectionIds.length === 0) return new Map();
	const rows = await db.select({ sectionId: tenderCriteria.sectionId, weight: tenderCriteria.weightHundredths }).from(tenderCriteria).where(inArray(tenderCriteria.sectionId, sectionIds));
	const weights = new Map<string, number>();
	for (const r of rows) weights.set(r.sectionId, (weights.get(r.sectionId) ?? 0) + r.weight);
	return new Map([...weights].map(([id, w]) => [id, w / 100]));
}

/** Per bid: not started, a draft, or submitted (the member's own scores only). */
async function progressByBid(db: Db, memberIds: string[]): Promise<Map<string, Map<string, BidProgress>>> {
	const result = new Map<string, Map<string, BidProgress>>();
	if (memberIds.length === 0) return result;
	const rows = await db
		.select({ memberId: panelScores.panelMemberId, bidId: panelScores.bidId, submittedAt: panelScores.submittedAt })
		.from(panelScores)
		.where(inArray(panelScores.panelMemberId, memberIds));
	for (const r of rows) {
		const mine = result.get(r.memberId) ?? new Map<string, BidProgress>();
		if (mine.get(r.bidId) !== 'submitted') mine.set(r.bidId, r.submittedAt ? 'submitted' : 'draft');
		result.set(r.memberId, mine);
	}
	return result;
}

export interface PanelSummary {
	panelId: string;
	tenderTitle: string;
	sectionName: string;
	audience: PanelAudience;
	weight: number;
	stage: MemberStage;
	closes: string | null;
	opens: string | null;
	bids: number;
	submitted: number;
	awardPublished: boolean;
}

const STAGE_ORDER: MemberStage[] = ['confidentiality', 'declare', 'scoring', 'not_open', 'paused', 'on_hold', 'closed', 'removed'];

/** The panels the signed-in person sits on, most urgent first. */
export async function myPanels(db: Db, user: Actor, now = new Date()): Promise<PanelSummary[]> {
	const rows = await memberships(db, user);
	const weights = await sectionWeights(db, [...new Set(rows.map((r) => r.sectionId))]);
	const progress = await progressByBid(db, rows.map((r) => r.memberId));
	const summaries: PanelSummary[] = [];
	// Whether the person may carry on depends on them and the panel's audience only: ask once per audience.
	const holds = new Map<PanelAudience, string | null>();
	for (const r of rows) {
		if (r.status !== 'removed' && !holds.has(r.audience)) holds.set(r.audience, await memberHold(db, user.id, r.audience, now));
		const hold = r.status === 'removed' ? null : (holds.get(r.audience) ?? null);
		const stage = memberStage(r, now, hold);
		const tookPart = r.status === 'active' && !!r.accepted && !hold;
		const released = tookPart ? (await panelBids(db, r.tenderId, r.sectionId)).map((b) => b.bidId) : [];
		const mine = progress.get(r.memberId);
		summaries.push({
			panelId: r.panelId,
			tenderTitle: r.tenderTitle,
			sectionName: r.sectionName,
			audience: r.audience,
			weight: weights.get(r.sectionId) ?? 0,
			stage,
			closes: r.closesAt ? windowTime(r.closesAt) : null,
			opens: r.opensAt ? windowTime(r.opensAt) : null,
			bids: released.length,
			submitted: released.filter((id) => mine?.get(id) === 'submitted').length,
			awardPublished: !!r.awardPublishedAt
		});
	}
	return summaries.sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) || a.tenderTitle.localeCompare(b.tenderTitle));
}

async function membership(db: Db, user: Actor, panelId: string) {
	const [row] = await memberships(db, user, panelId);
	if (!row) throw new InputError('You are not on that panel.');
	return row;
}

/** One panel, as its member sees it: what it scores and is worth, where they are, their bids. */
export async function panelPage(db: Db, user: Actor, panelId: string, now = new Date()) {
	const row = await membership(db, user, panelId);
	const [details] = await db
		.select({
			about: tenderSections.about,
			reference: tenders.reference,
			thanksMessage: panels.thanksMessage,
			projectSlug: projects.slug,
			projectPublishedAt: projects.publishedAt,
			startsOn: awards.startsOn,
			endsOn: awards.endsOn
		})
		.from(panels)
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.innerJoin(projects, eq(projects.id, tenders.projectId))
		.leftJoin(awards, and(eq(awards.tenderId, tenders.id), isNotNull(awards.publishedAt)))
		.where(eq(panels.id, row.panelId));
	const criteria = await db
		.select({ id: tenderCriteria.id, title: tenderCriteria.title, weight: tenderCriteria.weightHundredths, presentation: tenderCriteria.presentation })
		.from(tenderCriteria)
		.where(and(eq(tenderCriteria.sectionId, row.sectionId), eq(tenderCriteria.price, false)))
		.orderBy(asc(tenderCriteria.position));
	const hold = row.status === 'removed' ? null : await memberHold(db, user.id, row.audience, now);
	const stage = memberStage(row, now, hold);
	// Bids (letters and progress), presentations and questions only while they may take part.
	const tookPart = row.status === 'active' && !!row.accepted && !hold;
	const released = tookPart ? await panelBids(db, row.tenderId, row.sectionId) : [];
	const mine = (await progressByBid(db, [row.memberId])).get(row.memberId);
	const slots = released.length
		? await db
				.select({ id: presentations.id })
				.from(presentations)
				.where(
					inArray(
						presentations.bidId,
						released.map((b) => b.bidId)
					)
				)
		: [];
	const questions = tookPart ? await db.select({ id: panelQuestions.id }).from(panelQuestions).where(eq(panelQuestions.panelId, row.panelId)) : [];
	const weight = (await sectionWeights(db, [row.sectionId])).get(row.sectionId) ?? 0;
	const published = !!row.awardPublishedAt && !!details.startsOn;
	return {
		panel: {
			id: row.panelId,
			tenderTitle: row.tenderTitle,
			reference: details.reference,
			sectionName: row.sectionName,
			about: details.about,
			audience: row.audience,
			weight,
			criteria: criteria.map((c) => ({ title: c.title, weight: c.weight / 100, presentation: c.presentation }))
		},
		stage,
		hold: stage === 'on_hold' ? hold : null,
		tookPart,
		opens: row.opensAt ? windowTime(row.opensAt) : null,
		closes: row.closesAt ? windowTime(row.closesAt) : null,
		bids: released.map((b) => ({ bidId: b.bidId, label: b.label, progress: mine?.get(b.bidId) ?? ('not_started' as BidProgress) })),
		hasPresentations: tookPart && (slots.length > 0 || questions.length > 0 || criteria.some((c) => c.presentation)),
		outcome: published
			? {
					startsOn: details.startsOn!,
					endsOn: details.endsOn!,
					thanks: details.thanksMessage,
					publicHref: details.projectPublishedAt ? `/projects/${details.projectSlug}` : null
				}
			: null
	};
}

/**
 * The scoring page for one bid: the section's questions with the anonymised answers, the scale's
 * descriptors, the member's own scores, and the others' submitted scores once theirs are in.
 * Refuses (InputError) whenever scoringSeat or releasedBid would.
 */
export async function bidScoringPage(db: Db, user: Actor, panelId: string, bidId: string, now = new Date()) {
	const seat = await scoringSeat(db, user, panelId, now);
	const bid = await releasedBid(db, seat.tenderId, bidId);
	const released = await panelBids(db, seat.tenderId, seat.sectionId);
	const index = released.findIndex((b) => b.bidId === bid.id);
	if (index < 0) throw new InputError('That bid is not one your panel scores.', 'bidId');
	const [tender] = await db
		.select({ descriptors: tenders.scaleDescriptors, sectionName: tenderSections.name, closesAt: panels.closesAt })
		.from(panels)
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(eq(panels.id, seat.panelId));
	const criteria = await db
		.select({ id: tenderCriteria.id, weight: tenderCriteria.weightHundredths, presentation: tenderCriteria.presentation })
		.from(tenderCriteria)
		.where(and(eq(tenderCriteria.sectionId, seat.sectionId), eq(tenderCriteria.price, false)));
	const mine = await db
		.select({ criterionId: panelScores.criterionId, score: panelScores.score, comment: panelScores.comment, submittedAt: panelScores.submittedAt })
		.from(panelScores)
		.where(and(eq(panelScores.panelMemberId, seat.memberId), eq(panelScores.bidId, bid.id)));
	const others = await panelScoresFor(db, user, panelId, bid.id, now);
	const [slot] = await db.select({ startsAt: presentations.startsAt, place: presentations.place }).from(presentations).where(eq(presentations.bidId, bid.id));
	const weight = (await sectionWeights(db, [seat.sectionId])).get(seat.sectionId) ?? 0;
	const submitted = mine.some((s) => s.submittedAt);
	return {
		panelId: seat.panelId,
		bid: { id: bid.id, label: bid.label },
		sectionName: tender.sectionName,
		weight,
		closes: tender.closesAt ? windowTime(tender.closesAt) : null,
		scale: Array.from({ length: seat.scaleMax - seat.scaleMin + 1 }, (_, i) => ({ value: seat.scaleMin + i, descriptor: tender.descriptors[i] ?? '' })),
		submitted,
		questions: released[index].answers.map((a) => {
			const own = mine.find((s) => s.criterionId === a.criterionId);
			const c = criteria.find((x) => x.id === a.criterionId);
			return {
				criterionId: a.criterionId,
				title: a.title,
				guidance: a.guidance,
				answer: a.anonymisedText,
				weight: (c?.weight ?? 0) / 100,
				presentation: !!c?.presentation,
				score: own?.score ?? null,
				comment: own?.comment ?? '',
				others: others.scores.filter((s) => s.criterionId === a.criterionId && !s.mine).map((s) => ({ scorer: s.scorer, score: s.score, comment: s.comment }))
			};
		}),
		presentation: slot ? { when: windowTime(slot.startsAt), place: slot.place } : null,
		previous: index > 0 ? { id: released[index - 1].bidId, label: released[index - 1].label } : null,
		next: index < released.length - 1 ? { id: released[index + 1].bidId, label: released[index + 1].label } : null
	};
}
export type BidScoringPage = Awaited<ReturnType<typeof bidScoringPage>>;

/** Whether the person is on this panel at all (other refusals are friendly pages, this is a 404). */
export async function isMember(db: Db, user: Actor, panelId: string): Promise<boolean> {
	return (await memberships(db, user, panelId)).length > 0;
}

/** The criteria ids the scoring form posts fields for (the seat's section, no price). */
export async function scoringFormCriteria(db: Db, user: Actor, panelId: string, now = new Date()): Promise<string[]> {
	const seat = await scoringSeat(db, user, panelId, now);
	const rows = await db
		.select({ id: tenderCriteria.id })
		.from(tenderCriteria)
		.where(and(eq(tenderCriteria.sectionId, seat.sectionId), eq(tenderCriteria.price, false)))
		.orderBy(asc(tenderCriteria.position));
	return rows.map((r) => r.id);
}
