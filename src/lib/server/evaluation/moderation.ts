// Moderation (officers only; routes check 'tenders:manage'): per bid and criterion an officer may
// set a moderated score with a written rationale. Members' original scores are never changed; the
// moderated score replaces their mean in the arithmetic. Only while the tender is moderating.
import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, text, validate } from '../forms';
import { bids, moderations, tenderCriteria } from './schema';
import { lockTender } from './tenders';

type Actor = { id: string; organisationId: string };

const id = (message: string) => v.pipe(v.string(message), v.regex(/^[a-z2-7]{16}$/, message));

export const moderationSchema = v.object({
	bidId: id('Choose a bid of this tender.'),
	criterionId: id('Choose a criterion of this tender.'),
	score: v.pipe(
		v.union([v.number(), v.string()], 'Choose the moderated score.'),
		// Only digits as a person picks them: Number() alone would take "0x3" or "3e0" for 3.
		v.transform((s) => (typeof s === 'number' ? s : /^\s*-?\d{1,3}\s*$/.test(s) ? Number(s.trim()) : Number.NaN)),
		v.check((n) => Number.isInteger(n), 'Choose the moderated score.')
	),
	rationale: text('the reason for the moderated score', 2000)
});
export type ModerationInput = v.InferInput<typeof moderationSchema>;

/** Sets (or changes) the moderated score for one bid and criterion. */
export async function moderate(db: Db, officer: Actor, tenderId: string, input: ModerationInput, now = new Date()): Promise<void> {
	const data = validate(moderationSchema, input);
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, officer.organisationId, tenderId);
		if (tender.status !== 'moderating') throw new InputError('Scores can be moderated only after scoring has closed and before the evaluation is finalised.');
		const [bid] = await tx
			.select({ id: bids.id })
			.from(bids)
			.where(and(eq(bids.id, data.bidId), eq(bids.tenderId, tenderId)));
		if (!bid) throw new InputError('Choose a bid of this tender.', 'bidId');
		const [criterion] = await tx
			.select({ id: tenderCriteria.id, price: tenderCriteria.price })
			.from(tenderCriteria)
			.where(and(eq(tenderCriteria.id, data.criterionId), eq(tenderCriteria.tenderId, tenderId)));
		if (!criterion) throw new InputError('Choose a criterion of this tender.', 'criterionId');
		if (criterion.price) throw new InputError('Price is worked out from the bids’ prices, so it isn’t moderated.', 'criterionId');
		if (!Number.isInteger(data.score) || data.score < tender.scaleMin || data.score > tender.scaleMax)
			throw new InputError(`Choose a whole-number score from ${tender.scaleMin} to ${tender.scaleMax}.`, 'score');
		const [previous] = await tx
			.select({ score: moderations.score })
			.from(moderations)
			.where(and(eq(moderations.bidId, bid.id), eq(moderations.criterionId, criterion.id)));
		await tx
			.insert(moderations)
			.values({ id: newId(), bidId: bid.id, criterionId: criterion.id, score: data.score, rationale: data.rationale, moderatedBy: officer.id })
			.onConflictDoUpdate({
				target: [moderations.bidId, moderations.criterionId],
				set: { score: data.score, rationale: data.rationale, moderatedBy: officer.id, updatedAt: now }
			});
		await recordAudit(tx, {
			organisationId: officer.organisationId,
			actorId: officer.id,
			action: 'score.moderated',
			targetType: 'tender',
			targetId: tenderId,
			detail: { bidId: bid.id, criterionId: criterion.id, score: data.score, previousScore: previous?.score ?? null }
		});
	});
}

export const removeModerationSchema = v.object({
	bidId: id('Choose a bid of this tender.'),
	criterionId: id('Choose a criterion of this tender.')
});
export type RemoveModerationInput = v.InferInput<typeof removeModerationSchema>;

/**
 * Takes a moderated score away, so the mean of the members' submitted scores counts again.
 * Only while the tender is moderating; the audit log keeps the score that was removed.
 */
export async function removeModeration(db: Db, officer: Actor, tenderId: string, input: RemoveModerationInput): Promise<void> {
	const data = validate(removeModerationSchema, input);
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, officer.organisationId, tenderId);
		if (tender.status !== 'moderating') throw new InputError('Moderated scores can be removed only after scoring has closed and before the evaluation is finalised.');
		const [row] = await tx
			.select({ id: moderations.id, score: moderations.score })
			.from(moderations)
			.innerJoin(bids, eq(bids.id, moderations.bidId))
			.where(and(eq(moderations.bidId, data.bidId), eq(moderations.criterionId, data.criterionId), eq(bids.tenderId, tenderId)));
		if (!row) throw new InputError('That score hasn’t been moderated, so there is nothing to remove.');
		await tx.delete(moderations).where(eq(moderations.id, row.id));
		await recordAudit(tx, {
			organisationId: officer.organisationId,
			actorId: officer.id,
			action: 'moderation.removed',
			targetType: 'tender',
			targetId: tenderId,
			detail: { bidId: data.bidId, criterionId: data.criterionId, score: row.score }
		});
	});
}
