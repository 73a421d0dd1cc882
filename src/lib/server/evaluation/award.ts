// The award (officers only; routes check 'tenders:manage'). Once the evaluation is finalised an
// officer records the decision: the winning bid (the top-ranked one unless the reason says why
// not), the contract value, dates, and the approver the organisation's approval bands require for
// that value, whom the officer confirms approved it on the day of the decision. The decision can be
// changed until it is published; publishing puts the winner's name on the project's public page
// (the first time any bidder's identity is public). After that the panels are thanked. Audited
// with ids only.
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, NUL_MESSAGE, realDate, text, validate } from '../forms';
import { listApprovalBands } from '../organisations/organisations';
import { notifyAwardPublished } from '../notifications/events';
import { approvalBandFor, type Band } from '../projects/approvals';
import { formatDay, formatPounds } from '../projects/decisions';
import { poundsField } from '../projects/projects';
import { projects } from '../projects/schema';
import { awards, bidIdentities, bids, panels, tenders, type Tender } from './schema';
import { evaluate, type EvaluationResult } from './scoring';
import { evaluationInput } from './evaluation-input';
import { getTender, lockTender } from './tenders';

type Actor = { id: string; organisationId: string };

/** Postgres can't store NUL, and no person types one: refused here too, not only by the form. */
const noNul = v.check((s: string) => !s.includes('\u0000'), NUL_MESSAGE);
const words = (label: string, max: number) => v.pipe(v.string(), noNul, text(label, max));

/** A bid other than the top-ranked one needs a reason at least this long, saying why. */
export const NOT_TOP_REASON_MIN = 50;

export const awardSchema = v.object({
	winningBidId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'Choose the winning bid.')),
	value: v.pipe(
		poundsField('the contract value'),
		v.minValue(1, 'The contract value must be more than £0.')
	),
	startsOn: realDate('the start date'),
	endsOn: realDate('the end date'),
	decidedOn: realDate('the date of the decision'),
	/** The officer confirms the approver the bands require approved it on the day of the decision. */
	approved: v.pipe(v.string(), v.check((s) => s === 'yes', 'Confirm that the approver approved this award on the date of the decision.')),
	rationale: words('the reason for the decision', 4000)
});
/** As the form sends it (value in pounds), or as parsed (value in pence). */
export type AwardInput = v.InferInput<typeof awardSchema> | v.InferOutput<typeof awardSchema>;
export const AWARD_FIELDS = ['winningBidId', 'value', 'startsOn', 'endsOn', 'decidedOn', 'approved', 'rationale'] as const;

export const thanksSchema = v.object({ message: words('the thank-you message', 2000) });
export const THANKS_FIELDS = ['message'] as const;

/** Who must approve an award of this value, from the organisation's bands (null: no band covers it). */
export async function approverFor(db: Db, organisationId: string, valuePence: number): Promise<{ bands: Band[]; band: Band | null }> {
	const rows = await listApprovalBands(db, organisationId);
	const bands = rows.map((b) => ({ fromPence: b.fromPence, toPence: b.toPence, approver: b.approver }));
	return { bands, band: approvalBandFor(bands, valuePence) };
}

/** The award may be recorded (or changed) while the evaluation is finalised, or awarded but not yet published. */
async function assertChangeable(tx: Db, tender: Tender): Promise<void> {
	if (tender.status === 'finalised') return;
	if (tender.status === 'awarded') {
		const [award] = await tx.select({ publishedAt: awards.publishedAt }).from(awards).where(eq(awards.tenderId, tender.id));
		if (award?.publishedAt) throw new InputError('The award is published, so it can’t change now.');
		return;
	}
	throw new InputError('The award can be recorded only once the evaluation is finalised.');
}

/** Bids sharing the best total (usually one). */
function topRanked(result: EvaluationResult) {
	return result.bids.filter((b) => b.rank === 1);
}

/** Records (or, until published, changes) the award; the tender becomes 'awarded'. */
export async function recordAward(db: Db, actor: Actor, tenderId: string, input: AwardInput, now = new Date()): Promise<void> {
	const raw = typeof input.value === 'number' ? { ...input, value: (input.value / 100).toFixed(2) } : input;
	const data = validate(awardSchema, raw);
	const today = now.toISOString().slice(0, 10);
	if (data.decidedOn > today) throw new InputError('The date of the decision can’t be in the future.', 'decidedOn');
	if (data.endsOn <= data.startsOn) throw new InputError('The contract must end after it starts.', 'endsOn');
	if (data.startsOn < data.decidedOn) throw new InputError('The contract can’t start before the decision to award it.', 'startsOn');
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertChangeable(tx, tender);
		if (tender.closesOn && data.decidedOn < tender.closesOn)
			throw new InputError(`The decision can’t come before bids closed on ${formatDay(tender.closesOn)}.`, 'decidedOn');
		const [bid] = await tx
			.select({ id: bids.id, label: bids.label })
			.from(bids)
			.where(and(eq(bids.id, data.winningBidId), eq(bids.tenderId, tenderId)));
		if (!bid) throw new InputError('Choose a bid of this tender.', 'winningBidId');
		const result = evaluate(await evaluationInput(tx, actor.organisationId, tenderId));
		const top = topRanked(result);
		const isTop = top.some((b) => b.bidId === bid.id);
		if (!isTop && data.rationale.length < NOT_TOP_REASON_MIN) {
			const first = top.map((b) => `Bid ${b.label}`).join(' and ');
			throw new InputError(
				`Bid ${bid.label} wasn’t ranked first (${first} was). Say in the reason why you chose it instead, in at least ${NOT_TOP_REASON_MIN} characters.`,
				'rationale'
			);
		}
		const { band } = await approverFor(tx, actor.organisationId, data.value);
		if (!band) throw new InputError(`No approval band covers ${formatPounds(data.value)}. Ask an admin to fix the approval bands in Settings first.`, 'value');
		const [existing] = await tx.select({ tenderId: awards.tenderId }).from(awards).where(eq(awards.tenderId, tenderId));
		const row = {
			winningBidId: bid.id,
			valuePence: data.value,
			startsOn: data.startsOn,
			endsOn: data.endsOn,
			decidedOn: data.decidedOn,
			approvedBy: band.approver,
			rationale: data.rationale,
			decidedBy: actor.id
		};
		if (existing) await tx.update(awards).set({ ...row, updatedAt: now }).where(eq(awards.tenderId, tenderId));
		else await tx.insert(awards).values({ tenderId, ...row, createdAt: now, updatedAt: now });
		await tx.update(tenders).set({ status: 'awarded', updatedAt: now }).where(eq(tenders.id, tenderId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: existing ? 'award.changed' : 'award.recorded',
			targetType: 'tender',
			targetId: tenderId,
			detail: { winningBidId: bid.id, valuePence: data.value, topRanked: isTop }
		});
	});
}

/**
 * Makes the award public: the winner's name, value and dates go on the project's public page and
 * in the open data. The scoring system is published with it if it wasn't already. Once only.
 */
export async function publishAward(db: Db, actor: Actor, tenderId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		const [award] = await tx.select({ publishedAt: awards.publishedAt }).from(awards).where(eq(awards.tenderId, tenderId));
		if (!award || tender.status !== 'awarded') throw new InputError('Record the award before publishing it.');
		if (award.publishedAt) throw new InputError('The award is already published.');
		await tx.update(awards).set({ publishedAt: now, updatedAt: now }).where(eq(awards.tenderId, tenderId));
		if (!tender.scoringPublishedAt) {
			await tx.update(tenders).set({ scoringPublishedAt: now, updatedAt: now }).where(eq(tenders.id, tenderId));
			await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.scoring_published', targetType: 'tender', targetId: tenderId });
		}
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'award.published', targetType: 'tender', targetId: tenderId });
		await notifyAwardPublished(tx, actor.organisationId, tenderId, now);
	});
}

/** A thank-you to every panel of the tender, shown to members with the outcome. Only once the award is public. */
export async function thankPanels(db: Db, actor: Actor, tenderId: string, input: v.InferInput<typeof thanksSchema>, now = new Date()): Promise<number> {
	const data = validate(thanksSchema, input);
	return db.transaction(async (tx) => {
		await lockTender(tx, actor.organisationId, tenderId);
		const [award] = await tx.select({ publishedAt: awards.publishedAt }).from(awards).where(eq(awards.tenderId, tenderId));
		if (!award?.publishedAt) throw new InputError('Thank the panels once the award is published, so they can see the outcome too.');
		const changed = await tx
			.update(panels)
			.set({ thanksMessage: data.message, thankedAt: now, updatedAt: now })
			.where(eq(panels.tenderId, tenderId))
			.returning({ id: panels.id });
		if (changed.length === 0) throw new InputError('This tender has no panels to thank.');
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'panels.thanked', targetType: 'tender', targetId: tenderId, detail: { panels: changed.length } });
		return changed.length;
	});
}

/** The award as recorded, with the winner (officers only: the name is confidential until published). */
export async function getAward(db: Db, organisationId: string, tenderId: string) {
	await getTender(db, organisationId, tenderId);
	const [row] = await db
		.select({
			tenderId: awards.tenderId,
			winningBidId: awards.winningBidId,
			winnerLabel: bids.label,
			winnerName: bidIdentities.bidderName,
			valuePence: awards.valuePence,
			startsOn: awards.startsOn,
			endsOn: awards.endsOn,
			decidedOn: awards.decidedOn,
			approvedBy: awards.approvedBy,
			rationale: awards.rationale,
			publishedAt: awards.publishedAt,
			updatedAt: awards.updatedAt
		})
		.from(awards)
		.innerJoin(bids, eq(bids.id, awards.winningBidId))
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, bids.id))
		.where(eq(awards.tenderId, tenderId));
	return row ?? null;
}

/** Everything the award page shows: the ranking with bidders' names, the award, bands and the panels' thanks. */
export async function awardPage(db: Db, organisationId: string, tenderId: string) {
	const tender = await getTender(db, organisationId, tenderId);
	const [project] = await db.select({ id: projects.id, title: projects.title, slug: projects.slug, publishedAt: projects.publishedAt }).from(projects).where(eq(projects.id, tender.projectId));
	const result = evaluate(await evaluationInput(db, organisationId, tenderId));
	const names = await db
		.select({ bidId: bids.id, bidderName: bidIdentities.bidderName, pricePence: bids.pricePence })
		.from(bids)
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, bids.id))
		.where(eq(bids.tenderId, tenderId));
	const ranking = result.bids
		.map((b) => {
			const n = names.find((x) => x.bidId === b.bidId);
			return { bidId: b.bidId, label: b.label, bidderName: n?.bidderName ?? '', pricePence: n?.pricePence ?? null, total: b.total, rank: b.rank };
		})
		.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));
	const award = await getAward(db, organisationId, tenderId);
	const { bands, band } = await approverFor(db, organisationId, award?.valuePence ?? tender.contractValuePence);
	const panelRows = await db
		.select({ id: panels.id, thanksMessage: panels.thanksMessage, thankedAt: panels.thankedAt })
		.from(panels)
		.where(eq(panels.tenderId, tenderId))
		.orderBy(asc(panels.createdAt));
	const published = !!award?.publishedAt;
	return {
		tender: { id: tender.id, title: tender.title, reference: tender.reference, status: tender.status, closesOn: tender.closesOn, contractValuePence: tender.contractValuePence, contractMonths: tender.contractMonths },
		project: { id: project.id, title: project.title, slug: project.slug, published: !!project.publishedAt },
		ranking,
		topBidIds: ranking.filter((r) => r.rank === 1).map((r) => r.bidId),
		award,
		bands,
		defaultBand: band,
		canRecord: tender.status === 'finalised' || (tender.status === 'awarded' && !published),
		canPublish: tender.status === 'awarded' && !!award && !published,
		canThank: published && panelRows.length > 0,
		panels: { count: panelRows.length, thankedAt: panelRows.find((p) => p.thankedAt)?.thankedAt ?? null, message: panelRows.find((p) => p.thanksMessage)?.thanksMessage ?? null }
	};
}
