// THE RULE: this file holds the ONLY functions panel-facing code (any page, action result, JSON
// response, export or error a panel member can reach) may use to read bids. They select explicit
// columns and return a bid's id, its random letter and the officer's anonymised answers to the
// panel's own section, and nothing else: never bid_identities (not even in a join), never
// bid_answers.answer_text, never bids.price_pence, and no timestamps (the order in which bids were
// entered or released could point to a bidder). Only released bids appear. Panel-facing code must
// not import ./bids or query the bid tables itself; tests/integration/bids.test.ts checks this file.
//
// Callers first check that the member belongs to the panel for `sectionId` (status, window,
// confidentiality, declared interests); here we check only that the section belongs to the tender.
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { byLabel } from './labels';
import { bidAnswers, bids, tenderCriteria, tenderSections } from './schema';

export interface PanelAnswer {
	criterionId: string;
	title: string;
	guidance: string;
	/** Null only for a presentation criterion the bidder wrote nothing for. */
	anonymisedText: string | null;
}

export interface PanelBid {
	bidId: string;
	label: string;
	answers: PanelAnswer[];
}

/** The released bids, by letter, each with its anonymised answers to this section's criteria. */
export async function panelBids(db: Db, tenderId: string, sectionId: string): Promise<PanelBid[]> {
	const [section] = await db
		.select({ id: tenderSections.id })
		.from(tenderSections)
		.where(and(eq(tenderSections.id, sectionId), eq(tenderSections.tenderId, tenderId)));
	if (!section) throw new InputError('That section does not exist.');
	const criteria = await db
		.select({ criterionId: tenderCriteria.id, title: tenderCriteria.title, guidance: tenderCriteria.guidance })
		.from(tenderCriteria)
		.where(and(eq(tenderCriteria.tenderId, tenderId), eq(tenderCriteria.sectionId, sectionId), eq(tenderCriteria.price, false)))
		.orderBy(asc(tenderCriteria.position));
	const released = (
		await db
			.select({ bidId: bids.id, label: bids.label })
			.from(bids)
			.where(and(eq(bids.tenderId, tenderId), isNotNull(bids.releasedAt)))
	).sort(byLabel);
	if (released.length === 0 || criteria.length === 0) return released.map((b) => ({ ...b, answers: [] }));
	const answers = await db
		.select({ bidId: bidAnswers.bidId, criterionId: bidAnswers.criterionId, anonymisedText: bidAnswers.anonymisedText })
		.from(bidAnswers)
		.where(
			and(
				inArray(
					bidAnswers.bidId,
					released.map((b) => b.bidId)
				),
				inArray(
					bidAnswers.criterionId,
					criteria.map((c) => c.criterionId)
				)
			)
		);
	return released.map((b) => ({
		bidId: b.bidId,
		label: b.label,
		answers: criteria.map((c) => ({
			criterionId: c.criterionId,
			title: c.title,
			guidance: c.guidance,
			anonymisedText: answers.find((a) => a.bidId === b.bidId && a.criterionId === c.criterionId)?.anonymisedText ?? null
		}))
	}));
}

/**
 * A bid of the tender, by id, for a member acting on it: its id and letter once it has been
 * released to the panels; otherwise a plain refusal (whether it was released is all that is read
 * of its release, never when).
 */
export async function releasedBid(db: Db, tenderId: string, bidId: string): Promise<{ id: string; label: string }> {
	const [bid] = await db
		.select({ id: bids.id, label: bids.label, released: sql<boolean>`${bids.releasedAt} is not null` })
		.from(bids)
		.where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
	if (!bid) throw new InputError('That bid is not one your panel scores.', 'bidId');
	if (!bid.released) throw new InputError(`Bid ${bid.label} hasn’t been released to your panel yet.`, 'bidId');
	return { id: bid.id, label: bid.label };
}

/** The letters of the tender's released bids, by bid id. */
export async function bidLabels(db: Db, tenderId: string): Promise<Map<string, string>> {
	const rows = await db
		.select({ bidId: bids.id, label: bids.label })
		.from(bids)
		.where(and(eq(bids.tenderId, tenderId), isNotNull(bids.releasedAt)));
	return new Map(rows.map((r) => [r.bidId, r.label]));
}
