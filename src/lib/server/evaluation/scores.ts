// Scoring by panel members. A member scores only released bids of their own panel's tender, only
// their section's (non-price) criteria, only while the window is open, active, with
// confidentiality accepted and still allowed to take part. Drafts are theirs alone; submitting is
// all-or-nothing per bid and final. Others' scores show only after their own. Panel-facing: bids
// are read only through panel-view.ts (the officers' evaluation input is in evaluation-input.ts).
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, optionalText, validate } from '../forms';
import { creditPanelMember } from '../recognition/panel-hours';
import { byLabel } from './labels';
import { windowTime } from './panels';
import { memberHold } from './membership';
import { bidLabels, releasedBid } from './panel-view';
import { panelMembers, panels, panelScores, tenderCriteria, tenders, tenderSections } from './schema';

type Actor = { id: string; organisationId: string };

export interface Seat {
	memberId: string;
	panelId: string;
	tenderId: string;
	sectionId: string;
	scaleMin: number;
	scaleMax: number;
}

/**
 * The signed-in person's seat on a panel of their organisation, when they may see and score its
 * bids now: active, confidentiality accepted, tender evaluating, window open. Otherwise a plain
 * refusal. `lock` holds the tender (shared: scoring can't be closed or the evaluation finalised
 * until the caller commits, and a save that waited for a close sees it) and then the membership
 * row for the rest of the transaction.
 */
export async function scoringSeat(db: Db, user: Actor, panelId: string, now = new Date(), lock = false): Promise<Seat> {
	if (lock)
		await db
			.select({ id: tenders.id })
			.from(tenders)
			.innerJoin(panels, eq(panels.tenderId, tenders.id))
			.where(and(eq(panels.id, panelId), eq(tenders.organisationId, user.organisationId)))
			.for('share', { of: tenders });
	const query = db
		.select({
			memberId: panelMembers.id,
			status: panelMembers.status,
			accepted: panelMembers.confidentialityAcceptedAt,
			panelId: panels.id,
			tenderId: panels.tenderId,
			sectionId: panels.sectionId,
			opensAt: panels.opensAt,
			closesAt: panels.closesAt,
			tenderStatus: tenders.status,
			scaleMin: tenders.scaleMin,
			scaleMax: tenders.scaleMax,
			audience: tenderSections.audience
		})
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, user.id), eq(tenders.organisationId, user.organisationId)));
	const [row] = lock ? await query.for('update', { of: panelMembers }) : await query;
	if (!row) throw new InputError('You are not on that panel.');
	if (row.status === 'removed') throw new InputError('You are no longer on this panel.');
	if (row.status === 'interest_declared') throw new InputError('An officer needs to decide about the interest you declared before you can see or score anything.');
	// Consent withdrawn, an account switched off, or no longer allowed to see bids: checked every time.
	const hold = await memberHold(db, user.id, row.audience, now);
	if (hold) throw new InputError(hold);
	if (row.status !== 'active' || !row.accepted) throw new InputError('Please accept the confidentiality statement and declare any interests first.');
	if (row.tenderStatus === 'setup') throw new InputError('Scoring hasn’t opened for this tender yet.');
	if (row.tenderStatus !== 'evaluating') throw new InputError('Scoring has finished for this tender; the officers now have the scores.');
	if (row.opensAt && now < row.opensAt) throw new InputError(`Scoring opens on ${windowTime(row.opensAt)}.`);
	if (row.closesAt && now >= row.closesAt) throw new InputError(`Scoring closed on ${windowTime(row.closesAt)}.`);
	const { memberId, tenderId, sectionId, scaleMin, scaleMax } = row;
	return { memberId, panelId: row.panelId, tenderId, sectionId, scaleMin, scaleMax };
}

/** The seat's section's criteria that a panel scores (price is worked out from the prices). */
export async function scoredCriteria(db: Db, seat: Seat) {
	return db
		.select({ id: tenderCriteria.id })
		.from(tenderCriteria)
		.where(and(eq(tenderCriteria.tenderId, seat.tenderId), eq(tenderCriteria.sectionId, seat.sectionId), eq(tenderCriteria.price, false)))
		.orderBy(asc(tenderCriteria.position));
}

export const scoreSchema = v.object({
	bidId: v.string(),
	criterionId: v.string(),
	score: v.pipe(
		v.union([v.number(), v.string()], 'Choose a score.'),
		// Digits only: Number() would also take "0x3", "3e0" or "+3".
		v.transform((s) => (typeof s === 'number' ? s : /^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN))
	),
	comment: v.optional(
		v.pipe(
			optionalText('your comment', 1000),
			v.check((s) => !s?.includes('\u0000'), NUL_MESSAGE)
		),
		''
	)
});
export type ScoreInput = v.InferInput<typeof scoreSchema>;

/** Saves (or changes) a draft score; drafts count for nothing and nobody else sees them. */
export async function saveScore(db: Db, user: Actor, panelId: string, input: ScoreInput, now = new Date()): Promise<void> {
	const data = validate(scoreSchema, input);
	await db.transaction(async (tx) => {
		const seat = await scoringSeat(tx, user, panelId, now, true);
		const bid = await releasedBid(tx, seat.tenderId, data.bidId);
		await saveDraft(tx, user, seat, bid, await scoredCriteria(tx, seat), data, now);
	});
}

type ScoreData = v.InferOutput<typeof scoreSchema>;

/** One draft score, inside the caller's transaction (seat locked, bid checked). */
async function saveDraft(tx: Db, user: Actor, seat: Seat, bid: { id: string; label: string }, criteria: { id: string }[], data: ScoreData, now: Date, field?: string) {
	if (!criteria.some((c) => c.id === data.criterionId)) throw new InputError('That question isn’t one your panel scores.', field ?? 'criterionId');
	if (!Number.isInteger(data.score) || data.score < seat.scaleMin || data.score > seat.scaleMax)
		throw new InputError(`Choose a whole-number score from ${seat.scaleMin} to ${seat.scaleMax}.`, field ?? 'score');
	const [submitted] = await tx
		.select({ id: panelScores.id })
		.from(panelScores)
		.where(and(eq(panelScores.panelMemberId, seat.memberId), eq(panelScores.bidId, bid.id), isNotNull(panelScores.submittedAt)))
		.limit(1);
	if (submitted) throw new InputError(`You’ve submitted your scores for Bid ${bid.label}; submitted scores are final.`);
	const comment = data.comment || null;
	await tx
		.insert(panelScores)
		.values({ id: newId(), panelMemberId: seat.memberId, bidId: bid.id, criterionId: data.criterionId, score: data.score, comment })
		.onConflictDoUpdate({
			target: [panelScores.panelMemberId, panelScores.bidId, panelScores.criterionId],
			set: { score: data.score, comment, updatedAt: now },
			setWhere: isNull(panelScores.submittedAt)
		});
	await recordAudit(tx, {
		organisationId: user.organisationId,
		actorId: user.id,
		action: 'score.saved',
		targetType: 'panel',
		targetId: seat.panelId,
		detail: { memberId: seat.memberId, bidId: bid.id, criterionId: data.criterionId }
	});
}

export interface BidScoreEntry {
	criterionId: string;
	/** Empty when the member hasn't chosen one yet (a draft may leave questions unscored). */
	score: string;
	comment: string;
}

/**
 * A whole bid's scoring form at once, in one transaction: every chosen score saved as a draft
 * (a comment needs a score to be kept); with `submit`, then submitted, which needs every question
 * scored and is final. A refusal names the question's field (`score-<criterionId>`) and changes
 * nothing. Returns how many scores were saved.
 */
export async function saveBidScores(db: Db, user: Actor, panelId: string, bidId: string, entries: readonly BidScoreEntry[], submit: boolean, now = new Date()): Promise<number> {
	return db.transaction(async (tx) => {
		const seat = await scoringSeat(tx, user, panelId, now, true);
		const bid = await releasedBid(tx, seat.tenderId, bidId);
		const criteria = await scoredCriteria(tx, seat);
		const seen = new Set<string>();
		let saved = 0;
		for (const entry of entries) {
			const field = `score-${entry.criterionId}`;
			if (seen.has(entry.criterionId)) throw new InputError('Each question can have only one score.', field);
			seen.add(entry.criterionId);
			if (entry.score.trim() === '') {
				if (!criteria.some((c) => c.id === entry.criterionId)) throw new InputError('That question isn’t one your panel scores.', field);
				if (entry.comment.trim()) throw new InputError('Choose a score for this question to keep your comment.', field);
				if (submit) throw new InputError('Choose a score for this question before submitting.', field);
				continue;
			}
			const result = v.safeParse(scoreSchema, { bidId: bid.id, ...entry });
			if (!result.success) throw new InputError(result.issues[0].message, result.issues[0].path?.[0]?.key === 'comment' ? `comment-${entry.criterionId}` : field);
			await saveDraft(tx, user, seat, bid, criteria, result.output, now, field);
			saved++;
		}
		if (!submit && saved === 0) throw new InputError('Choose a score for at least one question to save a draft.');
		if (submit) await submitInside(tx, user, seat, bid, criteria.map((c) => c.id), now);
		return saved;
	});
}

/** Submits all the member's draft scores for a bid, once every question has one. Final. */
export async function submitScores(db: Db, user: Actor, panelId: string, bidId: string, now = new Date()): Promise<number> {
	return db.transaction(async (tx) => {
		const seat = await scoringSeat(tx, user, panelId, now, true);
		const bid = await releasedBid(tx, seat.tenderId, bidId);
		return submitInside(tx, user, seat, bid, (await scoredCriteria(tx, seat)).map((c) => c.id), now);
	});
}

async function submitInside(tx: Db, user: Actor, seat: Seat, bid: { id: string; label: string }, criteria: string[], now: Date): Promise<number> {
	if (criteria.length === 0) throw new InputError('This section has no questions to score yet.');
	const mine = await tx
		.select({ criterionId: panelScores.criterionId, submittedAt: panelScores.submittedAt })
		.from(panelScores)
		.where(and(eq(panelScores.panelMemberId, seat.memberId), eq(panelScores.bidId, bid.id), inArray(panelScores.criterionId, criteria)));
	if (mine.some((s) => s.submittedAt)) throw new InputError(`You’ve already submitted your scores for Bid ${bid.label}; submitted scores are final.`);
	if (mine.length < criteria.length) throw new InputError(`Score every question before submitting: you’ve scored ${mine.length} of ${criteria.length}.`);
	await tx
		.update(panelScores)
		.set({ submittedAt: now, updatedAt: now })
		.where(and(eq(panelScores.panelMemberId, seat.memberId), eq(panelScores.bidId, bid.id), inArray(panelScores.criterionId, criteria), isNull(panelScores.submittedAt)));
	// Their panel hours, on their first submission only (a second does nothing).
	const contributionId = await creditPanelMember(tx, seat.memberId, now);
	await recordAudit(tx, {
		organisationId: user.organisationId,
		actorId: user.id,
		action: 'scores.submitted',
		targetType: 'panel',
		targetId: seat.panelId,
		detail: { memberId: seat.memberId, bidId: bid.id, count: criteria.length, contributionId }
	});
	return criteria.length;
}

/** The member's own scores on this panel, drafts and submitted, by bid label. */
export async function myScores(db: Db, user: Actor, panelId: string, now = new Date()) {
	const seat = await scoringSeat(db, user, panelId, now);
	const labels = await bidLabels(db, seat.tenderId);
	const rows = await db
		.select({ bidId: panelScores.bidId, criterionId: panelScores.criterionId, score: panelScores.score, comment: panelScores.comment, submittedAt: panelScores.submittedAt, position: tenderCriteria.position })
		.from(panelScores)
		.innerJoin(tenderCriteria, eq(tenderCriteria.id, panelScores.criterionId))
		.where(and(eq(panelScores.panelMemberId, seat.memberId), eq(tenderCriteria.tenderId, seat.tenderId)));
	return rows
		.filter((r) => labels.has(r.bidId))
		.map((r) => ({ ...r, label: labels.get(r.bidId)! }))
		.sort((a, b) => byLabel(a, b) || a.position - b.position)
		.map(({ bidId, label, criterionId, score, comment, submittedAt }) => ({ bidId, label, criterionId, score, comment, submittedAt }));
}

/**
 * Every active member's submitted scores for a bid on this panel, once the member has submitted
 * their own for it (until then, none). No names: "you" or another member's number.
 */
export async function panelScoresFor(db: Db, user: Actor, panelId: string, bidId: string, now = new Date()) {
	const seat = await scoringSeat(db, user, panelId, now);
	const bid = await releasedBid(db, seat.tenderId, bidId);
	const [own] = await db
		.select({ id: panelScores.id })
		.from(panelScores)
		.where(and(eq(panelScores.panelMemberId, seat.memberId), eq(panelScores.bidId, bid.id), isNotNull(panelScores.submittedAt)))
		.limit(1);
	if (!own) return { bidId: bid.id, label: bid.label, ownSubmitted: false, scores: [] };
	const rows = await db
		.select({ memberId: panelScores.panelMemberId, criterionId: panelScores.criterionId, position: tenderCriteria.position, score: panelScores.score, comment: panelScores.comment })
		.from(panelScores)
		.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
		.innerJoin(tenderCriteria, eq(tenderCriteria.id, panelScores.criterionId))
		.where(
			and(
				eq(panelMembers.panelId, seat.panelId),
				eq(panelMembers.status, 'active'),
				eq(panelScores.bidId, bid.id),
				isNotNull(panelScores.submittedAt),
				eq(tenderCriteria.sectionId, seat.sectionId)
			)
		);
	const others = [...new Set(rows.map((r) => r.memberId).filter((id) => id !== seat.memberId))].sort();
	return {
		bidId: bid.id,
		label: bid.label,
		ownSubmitted: true,
		scores: rows
			.map((r) => ({ ...r, scorer: r.memberId === seat.memberId ? 0 : others.indexOf(r.memberId) + 1 }))
			.sort((a, b) => a.position - b.position || a.scorer - b.scorer)
			// scorer: 0 for you; 1, 2, ... for the other members (never their ids or names).
			.map((r) => ({ criterionId: r.criterionId, score: r.score, comment: r.comment, mine: r.scorer === 0, scorer: r.scorer }))
	};
}
