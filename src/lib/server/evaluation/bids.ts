// Bids on a tender, as officers enter them, and their release to the panels. Officers only (routes
// check 'tenders:manage'); every id is checked against the actor's organisation. Panel-facing code
// never imports this file: it reads bids through ./panel-view only.
//
// Labels. Panels know bids only as "Bid A", "Bid B", ... Each time a bid is added (and whenever an
// officer asks, with assignLabels) the letters are dealt out again over all the tender's bids in a
// uniformly random order, so at no moment does a letter say when its bid was entered. When the
// first bid goes to the panels the letters are frozen and no more bids can be added: a late bid's
// letter would give its place away, and panels would be scoring a set that keeps changing.
//
// Release. A bid goes to the panels only when every criterion a panel reads has an anonymised
// answer and identityTraces() finds nothing of the bidder in any of them. Price criteria have no
// answer (the price is entered with the bid, and panels never see it); a presentation criterion
// needs an anonymised answer only when the bidder wrote one.
import { randomInt } from 'node:crypto';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { capitalise, InputError, NUL_MESSAGE } from '../forms';
import { identityTraces, type Trace } from './anonymise';
import { bidAnswers, bidIdentities, bids, tenderCriteria, tenders, tenderSections, type Bid, type Tender } from './schema';
import { weightsProblem } from './scoring';
import { byLabel, labelFor } from './labels';
import { getTender, lockTender } from './tenders';

type Actor = { id: string; organisationId: string };

const ID = /^[a-z2-7]{16}$/;
const noNul = v.check((s: string) => !s.includes('\u0000'), NUL_MESSAGE);

function line(label: string, max: number, required: boolean) {
	return v.pipe(
		v.string(),
		noNul,
		v.trim(),
		v.check((s) => !required || s.length > 0, `Please enter ${label}.`),
		v.maxLength(max, `${capitalise(label)} can be at most ${max} characters.`)
	);
}

/** An answer as the bidder wrote it, or its anonymised version: up to 20,000 characters. */
export const answerField = v.pipe(v.string(), noNul, v.trim(), v.maxLength(20_000, 'An answer can be at most 20,000 characters.'));

export const bidSchema = v.object({
	bidderName: line('the bidder’s name', 200, true),
	contactName: line('the contact’s name', 200, false),
	contactEmail: v.pipe(
		line('the email address', 254, false),
		v.check((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'Enter an email address like name@example.org, or leave it empty.')
	),
	contactPhone: v.pipe(
		line('the phone number', 40, false),
		v.regex(/^[0-9+()\s.-]*$/, 'Enter a phone number using digits, spaces and + ( ) -, or leave it empty.')
	),
	/** Pounds, optional: a missing price leaves the price criterion unscored, and evaluate() says so. */
	price: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.transform((s) => s.replace(/[£,\s]/g, '')),
			v.check((s) => s === '' || /^\d{1,10}(\.\d{1,2})?$/.test(s), 'Enter the price in pounds, for example 98500, or leave it empty.'),
			v.transform((s) => (s === '' ? null : Math.round(Number(s) * 100))),
			v.check((p) => p === null || p > 0, 'A price must be more than £0.')
		),
		''
	),
	/** Criterion id → the bidder's answer. Empty answers are left out. */
	answers: v.pipe(
		v.record(v.string(), answerField),
		v.check((a) => Object.keys(a).length <= 200, 'That is more answers than any tender has questions.')
	)
});
export type BidInput = v.InferInput<typeof bidSchema>;

/** Like validate(), but an answer's error names its field as "answers.<criterionId>". */
function validateBid(input: unknown) {
	const result = v.safeParse(bidSchema, input);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const [first, second] = issue.path ?? [];
	const key = typeof first?.key === 'string' ? first.key : 'form';
	const field = key === 'answers' && typeof second?.key === 'string' && ID.test(second.key) ? `answers.${second.key}` : key;
	throw new InputError(issue.message, field);
}

/** Fisher-Yates with crypto randomness (randomInt is unbiased). */
function shuffled<T>(items: readonly T[]): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** Deals the letters out again at random. The caller holds the tender's lock. */
async function dealLabels(tx: Db, tenderId: string): Promise<number> {
	const rows = await tx.select({ id: bids.id }).from(bids).where(eq(bids.tenderId, tenderId));
	// (tender, label) is unique row by row, so first move every bid to a placeholder no letter can clash with.
	await tx.update(bids).set({ label: sql`'~' || ${bids.id}` }).where(eq(bids.tenderId, tenderId));
	for (const [i, id] of shuffled(rows.map((r) => r.id)).entries()) await tx.update(bids).set({ label: labelFor(i) }).where(eq(bids.id, id));
	return rows.length;
}

/** The bid (in the actor's organisation) with its tender locked: every bid change goes through here. */
async function lockBid(tx: Db, organisationId: string, bidId: string): Promise<{ bid: Bid; tender: Tender }> {
	const [found] = await tx
		.select({ tenderId: bids.tenderId })
		.from(bids)
		.innerJoin(tenders, eq(tenders.id, bids.tenderId))
		.where(and(eq(bids.id, bidId), eq(tenders.organisationId, organisationId)));
	if (!found) throw new InputError('That bid does not exist.');
	const tender = await lockTender(tx, organisationId, found.tenderId);
	const [bid] = await tx.select().from(bids).where(eq(bids.id, bidId));
	return { bid, tender };
}

function assertBidsOpen(tender: Tender): void {
	if (tender.status !== 'setup' && tender.status !== 'evaluating') throw new InputError('Bids can’t change once moderation has started.');
}

async function anyReleased(tx: Db, tenderId: string): Promise<boolean> {
	const [row] = await tx
		.select({ id: bids.id })
		.from(bids)
		.where(and(eq(bids.tenderId, tenderId), isNotNull(bids.releasedAt)))
		.limit(1);
	return !!row;
}

/** Enters a bid; returns its id. Its letter (and every other bid's) is dealt out again at random. */
export async function addBid(db: Db, actor: Actor, tenderId: string, input: BidInput): Promise<string> {
	const data = validateBid(input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		assertBidsOpen(tender);
		if (await anyReleased(tx, tenderId)) throw new InputError('Bids have already gone to the panels, so no more can be added.');
		const criteria = await tx.select({ id: tenderCriteria.id, price: tenderCriteria.price }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId));
		const answers = Object.entries(data.answers).filter(([, text]) => text !== '');
		for (const [criterionId] of answers) {
			const criterion = criteria.find((c) => c.id === criterionId);
			if (!criterion) throw new InputError('One of the answers is to a question that isn’t in this tender.', 'answers');
			if (criterion.price) throw new InputError('The price goes in the price box, not as an answer.', `answers.${criterionId}`);
		}
		const id = newId();
		await tx.insert(bids).values({ id, tenderId, label: `~${id}`, pricePence: data.price });
		await tx.insert(bidIdentities).values({ bidId: id, bidderName: data.bidderName, contactName: data.contactName, contactEmail: data.contactEmail, contactPhone: data.contactPhone });
		if (answers.length) await tx.insert(bidAnswers).values(answers.map(([criterionId, answerText]) => ({ id: newId(), bidId: id, criterionId, answerText })));
		await dealLabels(tx, tenderId);
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'bid.added', targetType: 'bid', targetId: id, detail: { tenderId, answers: answers.length } });
		return id;
	});
}

/** Deals the letters out again at random over all the tender's bids; only before any is released. */
export async function assignLabels(db: Db, actor: Actor, tenderId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		assertBidsOpen(tender);
		if (await anyReleased(tx, tenderId)) throw new InputError('Bids have already gone to the panels, so their letters can’t change.');
		const count = await dealLabels(tx, tenderId);
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'bid.labels_assigned', targetType: 'tender', targetId: tenderId, detail: { bids: count } });
	});
}

/** Saves the answer panels will read for one criterion (the bidder's own answer is kept as it was). */
export async function prepareAnonymised(db: Db, actor: Actor, bidId: string, criterionId: string, text: string): Promise<void> {
	const parsed = v.safeParse(answerField, text);
	if (!parsed.success) throw new InputError(parsed.issues[0].message, 'anonymisedText');
	if (parsed.output === '') throw new InputError('Please enter the answer as the panel will read it.', 'anonymisedText');
	await db.transaction(async (tx) => {
		const { bid, tender } = await lockBid(tx, actor.organisationId, bidId);
		assertBidsOpen(tender);
		const [criterion] = await tx
			.select({ id: tenderCriteria.id, price: tenderCriteria.price })
			.from(tenderCriteria)
			.where(and(eq(tenderCriteria.id, criterionId), eq(tenderCriteria.tenderId, tender.id)));
		if (!criterion) throw new InputError('That question isn’t in this tender.', 'criterionId');
		if (criterion.price) throw new InputError('Price has no answer to anonymise: panels never see it.', 'criterionId');
		// Once panels can read it, only a change that leaves no trace of the bidder is accepted.
		if (bid.releasedAt) {
			const [identity] = await tx.select().from(bidIdentities).where(eq(bidIdentities.bidId, bidId));
			if (identityTraces(parsed.output, identity).length)
				throw new InputError('This bid is already with the panels, and the new text still identifies the bidder, so it wasn’t saved.', 'anonymisedText');
		}
		await tx
			.insert(bidAnswers)
			.values({ id: newId(), bidId, criterionId, answerText: '', anonymisedText: parsed.output })
			.onConflictDoUpdate({ target: [bidAnswers.bidId, bidAnswers.criterionId], set: { anonymisedText: parsed.output } });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'bid.anonymised',
			targetType: 'bid',
			targetId: bidId,
			detail: { criterionId, released: !!bid.releasedAt }
		});
	});
}

/**
 * Starts the anonymised answer from the bidder's own text, for the officer to edit: whatever
 * identifies the bidder is then highlighted. Only where no anonymised answer exists yet.
 */
export async function copyOriginalAnswer(db: Db, actor: Actor, bidId: string, criterionId: string): Promise<void> {
	const [answer] =
		ID.test(bidId) && ID.test(criterionId)
			? await db
					.select({ answerText: bidAnswers.answerText, anonymisedText: bidAnswers.anonymisedText })
					.from(bidAnswers)
					.innerJoin(bids, eq(bids.id, bidAnswers.bidId))
					.innerJoin(tenders, eq(tenders.id, bids.tenderId))
					.where(and(eq(bidAnswers.bidId, bidId), eq(bidAnswers.criterionId, criterionId), eq(tenders.organisationId, actor.organisationId)))
			: [];
	if (!answer?.answerText.trim()) throw new InputError('The bidder didn’t answer this question, so there is nothing to copy.', 'anonymisedText');
	if (answer.anonymisedText?.trim()) throw new InputError('This answer already has an anonymised version; edit that instead.', 'anonymisedText');
	await prepareAnonymised(db, actor, bidId, criterionId, answer.answerText);
}

export interface AnonymisationItem {
	criterionId: string;
	sectionId: string;
	title: string;
	presentation: boolean;
	/** The bidder wrote an answer here. */
	answered: boolean;
	/** Must have an anonymised answer before release. */
	required: boolean;
	hasAnonymisedText: boolean;
	anonymisedText: string | null;
	/** What of the bidder is still in the anonymised text (highlight with anonymise.highlight). */
	traces: Trace[];
}

/** Per criterion a panel reads: is there an anonymised answer, and what of the bidder is left in it. */
export async function anonymisationReport(db: Db, organisationId: string, bidId: string) {
	const [bid] = await db
		.select({ id: bids.id, tenderId: bids.tenderId, label: bids.label, releasedAt: bids.releasedAt })
		.from(bids)
		.innerJoin(tenders, eq(tenders.id, bids.tenderId))
		.where(and(eq(bids.id, bidId), eq(tenders.organisationId, organisationId)));
	if (!bid) throw new InputError('That bid does not exist.');
	const [identity] = await db.select().from(bidIdentities).where(eq(bidIdentities.bidId, bidId));
	const criteria = await db
		.select({ id: tenderCriteria.id, sectionId: tenderCriteria.sectionId, title: tenderCriteria.title, presentation: tenderCriteria.presentation })
		.from(tenderCriteria)
		.innerJoin(tenderSections, eq(tenderSections.id, tenderCriteria.sectionId))
		.where(and(eq(tenderCriteria.tenderId, bid.tenderId), eq(tenderCriteria.price, false)))
		.orderBy(asc(tenderSections.position), asc(tenderCriteria.position));
	const answers = await db
		.select({ criterionId: bidAnswers.criterionId, answerText: bidAnswers.answerText, anonymisedText: bidAnswers.anonymisedText })
		.from(bidAnswers)
		.where(eq(bidAnswers.bidId, bidId));
	const items: AnonymisationItem[] = criteria.map((c) => {
		const answer = answers.find((a) => a.criterionId === c.id);
		const answered = !!answer?.answerText.trim();
		const anonymisedText = answer?.anonymisedText ?? null;
		const hasAnonymisedText = !!anonymisedText?.trim();
		return {
			criterionId: c.id,
			sectionId: c.sectionId,
			title: c.title,
			presentation: c.presentation,
			answered,
			required: !c.presentation || answered,
			hasAnonymisedText,
			anonymisedText,
			traces: anonymisedText ? identityTraces(anonymisedText, identity) : []
		};
	});
	const problems = items.flatMap((i) =>
		i.required && !i.hasAnonymisedText
			? [`prepare the anonymised answer to “${i.title}”`]
			: i.traces.length
				? [`remove what identifies the bidder from the answer to “${i.title}” (${i.traces.length === 1 ? '1 place' : `${i.traces.length} places`} highlighted)`]
				: []
	);
	return { bidId: bid.id, label: bid.label, released: !!bid.releasedAt, items, problems, ready: problems.length === 0 };
}

/** Lets the panels read this bid's anonymised answers. Refused while anything would identify the bidder. */
export async function releaseBid(db: Db, actor: Actor, bidId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const { bid, tender } = await lockBid(tx, actor.organisationId, bidId);
		assertBidsOpen(tender);
		if (bid.releasedAt) return;
		// The criteria must be settled first, or a released bid could gain a question with no anonymised answer.
		const weights = await tx.select({ weight: tenderCriteria.weightHundredths }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tender.id));
		const unsettled = weightsProblem(weights.map((w) => ({ weight: w.weight / 100 })));
		if (unsettled) throw new InputError(`Bid ${bid.label} can’t go to the panels until the scoring system is finished: ${unsettled}`);
		const report = await anonymisationReport(tx, actor.organisationId, bidId);
		if (!report.ready) {
			const more = report.problems.length > 1 ? ` (and ${report.problems.length - 1} more to do)` : '';
			throw new InputError(`Bid ${bid.label} can’t go to the panels yet: ${report.problems[0]}${more}.`);
		}
		await tx.update(bids).set({ releasedAt: new Date(), updatedAt: new Date() }).where(eq(bids.id, bidId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'bid.released', targetType: 'bid', targetId: bidId, detail: { tenderId: tender.id } });
	});
}

/** Officers' list: letters, who the bidder is, price and whether the panels can read it. */
export async function listBidsForOfficer(db: Db, organisationId: string, tenderId: string) {
	await getTender(db, organisationId, tenderId);
	const rows = await db
		.select({
			bidId: bids.id,
			label: bids.label,
			bidderName: bidIdentities.bidderName,
			contactName: bidIdentities.contactName,
			contactEmail: bidIdentities.contactEmail,
			contactPhone: bidIdentities.contactPhone,
			pricePence: bids.pricePence,
			releasedAt: bids.releasedAt
		})
		.from(bids)
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, bids.id))
		.where(eq(bids.tenderId, tenderId));
	return rows.map((r) => ({ ...r, released: r.releasedAt !== null })).sort(byLabel);
}
