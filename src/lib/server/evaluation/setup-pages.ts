// What the officers' tender set-up pages show, shaped for them. Reads only; every read is scoped to
// the actor's organisation, and "not yours" is the same as "not there" (InputError → 404).
// Bidder identity is read only by bidsPage and bidDetail, which routes call with 'tenders:manage';
// panelsPage returns declared interests only when asked for them (officers).
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { projects } from '../projects/schema';
import { highlight } from './anonymise';
import { anonymisationReport, listBidsForOfficer } from './bids';
import { openingProblems, STATUS_LABELS } from './lifecycle';
import { panelCandidates, windowTime } from './panels';
import { bidAnswers, bidIdentities, bids, panelMembers, panels, tenderCriteria, tenders, tenderSections, type MemberStatus, type TenderStatus } from './schema';
import { getTender } from './tenders';
import { scoringSystem } from './scoring-system';

/** Every tender of the organisation (or of one project), newest first. */
export async function listTenders(db: Db, organisationId: string, projectId?: string) {
	const rows = await db
		.select({
			id: tenders.id,
			title: tenders.title,
			reference: tenders.reference,
			status: tenders.status,
			publishedOn: tenders.publishedOn,
			closesOn: tenders.closesOn,
			projectId: projects.id,
			projectTitle: projects.title
		})
		.from(tenders)
		.innerJoin(projects, eq(projects.id, tenders.projectId))
		.where(and(eq(tenders.organisationId, organisationId), projectId ? eq(tenders.projectId, projectId) : undefined))
		.orderBy(desc(tenders.createdAt), asc(tenders.reference));
	return rows.map((r) => ({ ...r, statusLabel: STATUS_LABELS[r.status] }));
}

/** A panel window time as a datetime-local input shows it, in UK time: "2026-09-14T18:00". */
export function windowInput(d: Date | null): string {
	if (!d) return '';
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
			.formatToParts(d)
			.map((p) => [p.type, p.value])
	);
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The overview: details, scale, sections and criteria with weights, what stops evaluation opening. */
export async function tenderOverview(db: Db, organisationId: string, tenderId: string) {
	const system = await scoringSystem(db, organisationId, tenderId);
	const t = system.tender;
	const [project] = await db.select({ id: projects.id, title: projects.title }).from(projects).where(eq(projects.id, t.projectId));
	const sectionPanels = await db
		.select({ id: panels.id, sectionId: panels.sectionId, quorum: panels.quorum, opensAt: panels.opensAt, closesAt: panels.closesAt })
		.from(panels)
		.where(eq(panels.tenderId, tenderId));
	const memberCounts = sectionPanels.length
		? await db
				.select({ panelId: panelMembers.panelId, n: count() })
				.from(panelMembers)
				.where(and(inArray(panelMembers.panelId, sectionPanels.map((p) => p.id)), inArray(panelMembers.status, ['invited', 'active', 'interest_declared'])))
				.groupBy(panelMembers.panelId)
		: [];
	const [bidCount] = await db.select({ all: count(), released: count(bids.releasedAt) }).from(bids).where(eq(bids.tenderId, tenderId));
	const total = system.sections.reduce((sum, s) => sum + s.criteria.reduce((n, c) => n + c.weightHundredths, 0), 0);
	return {
		tender: {
			id: t.id,
			title: t.title,
			reference: t.reference,
			publishedOn: t.publishedOn,
			closesOn: t.closesOn,
			contractValuePence: t.contractValuePence,
			contractMonths: t.contractMonths,
			scaleMin: t.scaleMin,
			scaleMax: t.scaleMax,
			scaleDescriptors: t.scaleDescriptors,
			status: t.status,
			statusLabel: STATUS_LABELS[t.status],
			scoringPublishedAt: t.scoringPublishedAt
		},
		project: project ?? { id: t.projectId, title: '' },
		sections: system.sections.map((s) => {
			const panel = sectionPanels.find((p) => p.sectionId === s.id);
			return {
				id: s.id,
				name: s.name,
				about: s.about,
				audience: s.audience,
				weight: s.weight,
				priceOnly: s.criteria.length > 0 && s.criteria.every((c) => c.price),
				criteria: s.criteria.map((c) => ({ id: c.id, title: c.title, guidance: c.guidance, weight: c.weight, price: c.price, presentation: c.presentation })),
				panel: panel
					? {
							id: panel.id,
							quorum: panel.quorum,
							members: memberCounts.find((m) => m.panelId === panel.id)?.n ?? 0,
							opens: panel.opensAt ? windowTime(panel.opensAt) : null,
							closes: panel.closesAt ? windowTime(panel.closesAt) : null
						}
					: null
			};
		}),
		totalWeight: total / 100,
		weightsProblem: system.weightsProblem,
		warning: system.warning,
		openingProblems: t.status === 'setup' ? await openingProblems(db, tenderId) : [],
		bids: { count: Number(bidCount?.all ?? 0), released: Number(bidCount?.released ?? 0) },
		hasPresentation: system.sections.some((s) => s.criteria.some((c) => c.presentation))
	};
}

/** Which sub-pages make sense for this tender now, for someone with these permissions. */
export function tenderLinks(status: TenderStatus, may: { manage: boolean; panels: boolean }, hasPresentation: boolean) {
	const afterScoring = status === 'moderating' || status === 'finalised' || status === 'awarded';
	const decided = status === 'finalised' || status === 'awarded';
	return {
		bids: may.manage,
		panels: may.panels,
		presentations: may.panels && hasPresentation,
		moderation: may.manage && status !== 'setup',
		results: may.manage && (status === 'evaluating' || afterScoring),
		award: may.manage && decided,
		summaries: may.manage && decided
	};
}

/** The non-price criteria a bidder answers, in order, with their section. */
async function answerableCriteria(db: Db, tenderId: string) {
	return db
		.select({
			id: tenderCriteria.id,
			title: tenderCriteria.title,
			guidance: tenderCriteria.guidance,
			presentation: tenderCriteria.presentation,
			sectionName: tenderSections.name,
			audience: tenderSections.audience
		})
		.from(tenderCriteria)
		.innerJoin(tenderSections, eq(tenderSections.id, tenderCriteria.sectionId))
		.where(and(eq(tenderCriteria.tenderId, tenderId), eq(tenderCriteria.price, false)))
		.orderBy(asc(tenderSections.position), asc(tenderCriteria.position));
}

/** Officers only: the bids (who, price, released) and the questions a new bid answers. */
export async function bidsPage(db: Db, organisationId: string, tenderId: string) {
	const t = await getTender(db, organisationId, tenderId);
	const list = await listBidsForOfficer(db, organisationId, tenderId);
	const [priced] = await db
		.select({ id: tenderCriteria.id })
		.from(tenderCriteria)
		.where(and(eq(tenderCriteria.tenderId, tenderId), eq(tenderCriteria.price, true)))
		.limit(1);
	return {
		tender: { id: t.id, title: t.title, reference: t.reference, status: t.status, statusLabel: STATUS_LABELS[t.status] },
		bids: list.map((b) => ({ id: b.bidId, label: b.label, bidderName: b.bidderName, contactName: b.contactName, pricePence: b.pricePence, released: b.released })),
		criteria: await answerableCriteria(db, tenderId),
		hasPrice: !!priced,
		/** New bids only until the first goes to the panels, and before moderation. */
		canAdd: (t.status === 'setup' || t.status === 'evaluating') && !list.some((b) => b.released)
	};
}

/** The non-price criteria of a tender (ids only), for reading a bid's answer boxes. */
export async function answerCriterionIds(db: Db, organisationId: string, tenderId: string): Promise<string[]> {
	await getTender(db, organisationId, tenderId);
	return (await answerableCriteria(db, tenderId)).map((c) => c.id);
}

/** Officers only: one bid of this tender, its bidder, and per criterion the original and anonymised answers with what still identifies the bidder. */
export async function bidDetail(db: Db, organisationId: string, tenderId: string, bidId: string) {
	const t = await getTender(db, organisationId, tenderId);
	const [bid] = await db
		.select({ id: bids.id, label: bids.label, pricePence: bids.pricePence, releasedAt: bids.releasedAt })
		.from(bids)
		.where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
	if (!bid) throw new InputError('That bid does not exist.');
	const [identity] = await db.select().from(bidIdentities).where(eq(bidIdentities.bidId, bidId));
	const report = await anonymisationReport(db, organisationId, bidId);
	const originals = await db.select({ criterionId: bidAnswers.criterionId, answerText: bidAnswers.answerText }).from(bidAnswers).where(eq(bidAnswers.bidId, bidId));
	const criteria = await answerableCriteria(db, tenderId);
	return {
		tender: { id: t.id, title: t.title, reference: t.reference, status: t.status },
		bid: {
			id: bid.id,
			label: bid.label,
			pricePence: bid.pricePence,
			released: bid.releasedAt !== null,
			bidderName: identity?.bidderName ?? '',
			contactName: identity?.contactName ?? '',
			contactEmail: identity?.contactEmail ?? '',
			contactPhone: identity?.contactPhone ?? ''
		},
		items: report.items.map((item) => {
			const criterion = criteria.find((c) => c.id === item.criterionId);
			return {
				criterionId: item.criterionId,
				title: item.title,
				sectionName: criterion?.sectionName ?? '',
				presentation: item.presentation,
				required: item.required,
				original: originals.find((o) => o.criterionId === item.criterionId)?.answerText ?? '',
				anonymisedText: item.anonymisedText ?? '',
				segments: item.anonymisedText ? highlight(item.anonymisedText, item.traces).map((p) => ({ text: p.text, kind: p.trace?.kind ?? null })) : [],
				traces: item.traces.map((tr) => ({ kind: tr.kind, text: tr.text }))
			};
		}),
		problems: report.problems,
		ready: report.ready,
		canChange: t.status === 'setup' || t.status === 'evaluating'
	};
}

const MEMBER_LABELS: Record<MemberStatus | 'accepted', string> = {
	invited: 'Invited: hasn’t accepted the confidentiality statement yet',
	accepted: 'Confidentiality accepted: hasn’t declared interests yet',
	interest_declared: 'Interest declared: waiting for an officer’s decision',
	active: 'Active: can score',
	removed: 'Removed from the panel'
};

/**
 * Panels per section with their members and who could join. `withInterests` (officers only) adds
 * what members declared and the decision notes.
 */
export async function panelsPage(db: Db, organisationId: string, tenderId: string, withInterests: boolean) {
	const system = await scoringSystem(db, organisationId, tenderId);
	const t = system.tender;
	const rows = await db.select().from(panels).where(eq(panels.tenderId, tenderId));
	const members = rows.length
		? await db
				.select({
					id: panelMembers.id,
					panelId: panelMembers.panelId,
					displayName: users.displayName,
					status: panelMembers.status,
					accepted: panelMembers.confidentialityAcceptedAt,
					declaredAt: panelMembers.declaredAt,
					interest: panelMembers.interest,
					decision: panelMembers.decision,
					decisionNote: panelMembers.decisionNote,
					decidedAt: panelMembers.decidedAt
				})
				.from(panelMembers)
				.innerJoin(users, eq(users.id, panelMembers.userId))
				.where(inArray(panelMembers.panelId, rows.map((r) => r.id)))
				.orderBy(asc(users.displayName))
		: [];
	const canChange = t.status === 'setup' || t.status === 'evaluating' || t.status === 'moderating';
	const sections = [];
	for (const s of system.sections) {
		const panel = rows.find((r) => r.sectionId === s.id);
		const own = members.filter((m) => m.panelId === panel?.id);
		sections.push({
			id: s.id,
			name: s.name,
			audience: s.audience,
			weight: s.weight,
			criteria: s.criteria.length,
			priceOnly: s.criteria.length > 0 && s.criteria.every((c) => c.price),
			panel: panel
				? {
						id: panel.id,
						quorum: panel.quorum,
						creditedHours: Number(panel.creditedHours),
						opensInput: windowInput(panel.opensAt),
						closesInput: windowInput(panel.closesAt),
						opens: panel.opensAt ? windowTime(panel.opensAt) : null,
						closes: panel.closesAt ? windowTime(panel.closesAt) : null,
						members: own.map((m) => {
							const key = m.status === 'invited' && m.accepted ? 'accepted' : m.status;
							return {
								id: m.id,
								displayName: m.displayName,
								status: m.status,
								statusLabel: MEMBER_LABELS[key],
								interest: withInterests ? m.interest : null,
								decision: withInterests ? m.decision : null,
								decisionNote: withInterests ? m.decisionNote : null
							};
						}),
						candidates: canChange ? await panelCandidates(db, organisationId, panel.id) : { available: [], unavailable: [] }
					}
				: null
		});
	}
	return {
		tender: { id: t.id, title: t.title, reference: t.reference, status: t.status, statusLabel: STATUS_LABELS[t.status] },
		sections,
		canChange
	};
}

/** The tender a panel member's panel belongs to (in the actor's organisation). */
export async function memberTender(db: Db, organisationId: string, memberId: string): Promise<string> {
	const [row] = await db
		.select({ tenderId: panels.tenderId })
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.where(and(eq(panelMembers.id, memberId), eq(tenders.organisationId, organisationId)));
	if (!row) throw new InputError('That panel member does not exist.', 'memberId');
	return row.tenderId;
}

/** The tender a panel belongs to (in the actor's organisation). */
export async function panelTender(db: Db, organisationId: string, panelId: string): Promise<string> {
	const [row] = await db
		.select({ tenderId: panels.tenderId })
		.from(panels)
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.where(and(eq(panels.id, panelId), eq(tenders.organisationId, organisationId)));
	if (!row) throw new InputError('That panel does not exist.', 'panelId');
	return row.tenderId;
}

/** A bid of this tender in the actor's organisation (its id), or "not there". */
export async function bidOfTender(db: Db, organisationId: string, tenderId: string, bidId: string): Promise<string> {
	const [row] = await db
		.select({ id: bids.id })
		.from(bids)
		.innerJoin(tenders, eq(tenders.id, bids.tenderId))
		.where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId), eq(tenders.organisationId, organisationId)));
	if (!row) throw new InputError('That bid does not exist.');
	return row.id;
}
