// Presentation slots: when and where each bidder presents to the panels (a room, or a link for an
// online meeting). Officers only (routes check 'tenders:manage'): the place is shown to panel
// members next to the bid's letter, so it is a way a bidder's identity could reach them, and only
// the people who may see bidders' identities can judge it. A place with any trace of any of the
// tender's bidders (a name, a contact, an email address, a phone number, their web domain) is
// refused, as an anonymised answer would be. Not panel-facing: never import this from member code.
// Audit entries hold ids only, never the places.
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, text, validate } from '../forms';
import { identityTraces } from './anonymise';
import { parseWindowTime } from './panels';
import { bidOfTender, lockedTender } from './presentations';
import { bidIdentities, bids, presentations } from './schema';

type Actor = { id: string; organisationId: string };

const NUL = NUL_MESSAGE;

export const slotSchema = v.object({
	startsAt: v.pipe(
		v.string(),
		v.trim(),
		v.minLength(1, 'Enter when the presentation starts.'),
		v.check((s) => parseWindowTime(s) !== null, 'Enter when it starts as a date and time, for example 2026-09-14T18:00.'),
		v.transform((s) => parseWindowTime(s)!)
	),
	place: v.pipe(
		text('where it happens (a room, or a link for an online meeting)', 300),
		v.check((s) => !s.includes('\u0000'), NUL)
	)
});
export type SlotInput = v.InferInput<typeof slotSchema>;

/**
 * Refuses a place that has a trace of any of the tender's bidders in it. Only this tender's: place
 * names often share a word with some other lot's bidder ("Riverside Youth Hub" and "SummerSpace
 * Riverside Ltd"), and such a place says nothing about who wrote this tender's bids.
 */
async function assertNoBidderIn(tx: Db, tenderId: string, place: string): Promise<void> {
	const identities = await tx
		.select({ bidderName: bidIdentities.bidderName, contactName: bidIdentities.contactName, contactEmail: bidIdentities.contactEmail, contactPhone: bidIdentities.contactPhone })
		.from(bidIdentities)
		.innerJoin(bids, eq(bids.id, bidIdentities.bidId))
		.where(eq(bids.tenderId, tenderId));
	// A meeting link is fine in itself; one on a bidder's own domain, or naming them, is not.
	if (identities.some((identity) => identityTraces(place, identity, { anyLink: false }).length > 0))
		throw new InputError(
			'This place would tell the panel who a bidder is (it has a bidder’s name, contact, email address, phone number or web address in it), so it wasn’t saved. Use a room, or a meeting link that doesn’t name them.',
			'place'
		);
}

/** Sets (or moves) a bid's presentation slot. */
export async function setSlot(db: Db, actor: Actor, tenderId: string, bidId: string, input: SlotInput): Promise<string> {
	const data = validate(slotSchema, input);
	return db.transaction(async (tx) => {
		await lockedTender(tx, actor.organisationId, tenderId);
		const bid = await bidOfTender(tx, tenderId, bidId);
		await assertNoBidderIn(tx, tenderId, data.place);
		const [row] = await tx
			.insert(presentations)
			.values({ id: newId(), bidId: bid.bidId, startsAt: data.startsAt, place: data.place })
			.onConflictDoUpdate({ target: presentations.bidId, set: { startsAt: data.startsAt, place: data.place } })
			.returning({ id: presentations.id });
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'presentation.slot_set', targetType: 'tender', targetId: tenderId, detail: { bidId: bid.bidId, presentationId: row.id } });
		return row.id;
	});
}

/** Removes a bid's slot (and the record of questions asked at it). */
export async function clearSlot(db: Db, actor: Actor, tenderId: string, bidId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await lockedTender(tx, actor.organisationId, tenderId);
		const bid = await bidOfTender(tx, tenderId, bidId);
		const removed = await tx.delete(presentations).where(eq(presentations.bidId, bid.bidId)).returning({ id: presentations.id });
		if (removed.length === 0) throw new InputError(`Bid ${bid.label} has no presentation slot to clear.`, 'bidId');
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'presentation.slot_cleared', targetType: 'tender', targetId: tenderId, detail: { bidId: bid.bidId, presentationId: removed[0].id } });
	});
}
