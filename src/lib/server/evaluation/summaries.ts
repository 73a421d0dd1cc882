// Assessment summaries (officers only; routes check 'tenders:manage'): once the award is recorded,
// each bidder gets a summary of how its bid was assessed, as the Procurement Act 2023 asks: every
// criterion with its weight, this bid's score and points, the officer's explanation, its total and
// rank, and the winning bid's points for comparison. The page and the CSV are built from the same
// rows here, with the same rounding, so they always agree.
import { and, asc, eq } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE } from '../forms';
import { formatPounds } from '../projects/decisions';
import { guardCell } from '../surveys/export';
import { awards, bidAnswers, bidIdentities, bids, tenderCriteria, tenderSections, type Tender } from './schema';
import { evaluate } from './scoring';
import { evaluationInput } from './evaluation-input';
import { getTender, lockTender } from './tenders';

type Actor = { id: string; organisationId: string };

export const EXPLANATION_MAX = 2000;

/** Two decimal places at most, as a plain number: 28.24, 3.5, 4. */
export function round2(n: number): number {
	return Math.round((n + Number.EPSILON) * 100) / 100;
}
const num = (n: number | null): string => (n === null ? '' : String(round2(n)));

/** Said on the summary page and in its CSV, so the rounded points aren't taken for the sum. */
export const ROUNDING_NOTE =
	'Points are rounded to 2 decimal places for display. The total is worked out before rounding, from the exact points, so the rounded points may not add up to it exactly.';

export interface SummaryRow {
	criterionId: string;
	section: string;
	title: string;
	weight: number;
	price: boolean;
	/** The score used (moderated, or the mean of the panel's scores), as shown; '' for price. */
	score: string;
	moderated: boolean;
	/** Points towards the total, out of the weight. */
	points: string;
	/** The winning bid's points for the same criterion. */
	winnerPoints: string;
	/** The officer's words; for price, worked out automatically. */
	explanation: string;
	automatic: boolean;
}

export interface AssessmentSummary {
	tender: { id: string; title: string; reference: string; scaleMin: number; scaleMax: number };
	bid: { id: string; label: string; bidderName: string; pricePence: number | null };
	rows: SummaryRow[];
	total: string;
	rank: number;
	bidCount: number;
	winner: { label: string; total: string; isThisBid: boolean };
	decidedOn: string;
}

/** The plain explanation of a price score: "lowest price £X ÷ your price £Y × 30 = 28.24". */
export function priceExplanation(lowestPence: number, thisPence: number | null, weight: number, points: number | null): string {
	if (!thisPence || points === null) return 'No price was given, so this criterion scored no points.';
	if (thisPence === lowestPence) return `Yours was the lowest price (${formatPounds(thisPence)}), so it scored the full ${round2(weight)} points.`;
	return `Lowest price ${formatPounds(lowestPence)} ÷ your price ${formatPounds(thisPence)} × ${round2(weight)} = ${round2(points)} points.`;
}

async function assertAwarded(db: Db, tender: Tender) {
	const [award] = await db.select({ winningBidId: awards.winningBidId, decidedOn: awards.decidedOn }).from(awards).where(eq(awards.tenderId, tender.id));
	if (!award || tender.status !== 'awarded') throw new InputError('Assessment summaries are ready once the award is recorded.');
	return award;
}

async function criteriaOf(db: Db, tenderId: string) {
	return db
		.select({ id: tenderCriteria.id, section: tenderSections.name, title: tenderCriteria.title, weight: tenderCriteria.weightHundredths, price: tenderCriteria.price })
		.from(tenderCriteria)
		.innerJoin(tenderSections, eq(tenderSections.id, tenderCriteria.sectionId))
		.where(eq(tenderCriteria.tenderId, tenderId))
		.orderBy(asc(tenderSections.position), asc(tenderCriteria.position));
}

/** Every bid's headline for the list page: letter, bidder, total, rank, winner. */
export async function assessmentSummaries(db: Db, organisationId: string, tenderId: string) {
	const tender = await getTender(db, organisationId, tenderId);
	const award = await assertAwarded(db, tender);
	const result = evaluate(await evaluationInput(db, organisationId, tenderId));
	const names = await db
		.select({ bidId: bids.id, bidderName: bidIdentities.bidderName })
		.from(bids)
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, bids.id))
		.where(eq(bids.tenderId, tenderId));
	return {
		tender: { id: tender.id, title: tender.title, reference: tender.reference },
		bids: result.bids
			.map((b) => ({
				bidId: b.bidId,
				label: b.label,
				bidderName: names.find((n) => n.bidId === b.bidId)?.bidderName ?? '',
				total: num(b.total),
				rank: b.rank,
				winner: b.bidId === award.winningBidId
			}))
			.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label))
	};
}

/** One bidder's assessment summary. */
export async function assessmentSummary(db: Db, organisationId: string, tenderId: string, bidId: string): Promise<AssessmentSummary> {
	const tender = await getTender(db, organisationId, tenderId);
	const award = await assertAwarded(db, tender);
	const [bid] = await db
		.select({ id: bids.id, label: bids.label, pricePence: bids.pricePence, bidderName: bidIdentities.bidderName })
		.from(bids)
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, bids.id))
		.where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
	if (!bid) throw new InputError('That bid does not exist.');
	const input = await evaluationInput(db, organisationId, tenderId);
	const result = evaluate(input);
	const mine = result.bids.find((b) => b.bidId === bid.id)!;
	const winner = result.bids.find((b) => b.bidId === award.winningBidId)!;
	const prices = input.bids.map((b) => b.pricePence ?? 0).filter((p) => p > 0);
	const lowest = prices.length ? Math.min(...prices) : 0;
	const criteria = await criteriaOf(db, tenderId);
	const explanations = await db.select({ criterionId: bidAnswers.criterionId, explanation: bidAnswers.explanation }).from(bidAnswers).where(eq(bidAnswers.bidId, bid.id));
	const rows = criteria.map((c): SummaryRow => {
		const own = mine.criteria.find((r) => r.criterionId === c.id)!;
		const theirs = winner.criteria.find((r) => r.criterionId === c.id)!;
		const weight = c.weight / 100;
		return {
			criterionId: c.id,
			section: c.section,
			title: c.title,
			weight,
			price: c.price,
			score: c.price ? '' : num(own.score),
			moderated: own.moderated,
			points: num(own.contribution ?? 0),
			winnerPoints: num(theirs.contribution ?? 0),
			explanation: c.price ? priceExplanation(lowest, bid.pricePence, weight, own.contribution) : (explanations.find((e) => e.criterionId === c.id)?.explanation ?? ''),
			automatic: c.price
		};
	});
	return {
		tender: { id: tender.id, title: tender.title, reference: tender.reference, scaleMin: tender.scaleMin, scaleMax: tender.scaleMax },
		bid: { id: bid.id, label: bid.label, bidderName: bid.bidderName, pricePence: bid.pricePence },
		rows,
		total: num(mine.total),
		rank: mine.rank,
		bidCount: result.bids.length,
		winner: { label: winner.label, total: num(winner.total), isThisBid: winner.bidId === bid.id },
		decidedOn: award.decidedOn
	};
}

const explanationField = v.pipe(
	v.string(),
	v.check((s) => !s.includes('\u0000'), NUL_MESSAGE),
	v.trim(),
	v.maxLength(EXPLANATION_MAX, `An explanation can be at most ${EXPLANATION_MAX.toLocaleString('en-GB')} characters.`)
);

/** Form fields are named explanation-<criterionId>. */
export const explanationFieldName = (criterionId: string) => `explanation-${criterionId}`;

/** The officer's explanations for one bid, criterion id → text (empty clears it). Price explains itself. */
export async function saveExplanations(db: Db, actor: Actor, tenderId: string, bidId: string, input: Record<string, string>): Promise<number> {
	const entries = Object.entries(input);
	if (entries.length > 200) throw new InputError('That is more explanations than this tender has criteria.');
	const parsed = entries.map(([criterionId, raw]) => {
		const result = v.safeParse(explanationField, raw);
		if (!result.success) throw new InputError(result.issues[0].message, explanationFieldName(criterionId));
		return [criterionId, result.output] as const;
	});
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertAwarded(tx, tender);
		const [bid] = await tx
			.select({ id: bids.id })
			.from(bids)
			.where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
		if (!bid) throw new InputError('That bid does not exist.');
		const criteria = await tx.select({ id: tenderCriteria.id, price: tenderCriteria.price }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId));
		for (const [criterionId] of parsed) {
			const criterion = criteria.find((c) => c.id === criterionId);
			if (!criterion) throw new InputError('One of the explanations is for a criterion that isn’t in this tender.');
			if (criterion.price) throw new InputError('The price explanation is worked out from the prices, so it can’t be typed.', explanationFieldName(criterionId));
		}
		for (const [criterionId, text] of parsed)
			await tx
				.insert(bidAnswers)
				.values({ id: newId(), bidId, criterionId, answerText: '', explanation: text || null })
				.onConflictDoUpdate({ target: [bidAnswers.bidId, bidAnswers.criterionId], set: { explanation: text || null } });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'bid.explanations_saved',
			targetType: 'bid',
			targetId: bidId,
			detail: { tenderId, criteria: parsed.length }
		});
		return parsed.length;
	});
}

/** The summary as a table for a spreadsheet: the same rows and numbers as the page. */
export function summaryCsv(s: AssessmentSummary): string {
	const rows: (string | number)[][] = [
		['Assessment summary', s.tender.title],
		['Tender reference', s.tender.reference],
		['Bid', `Bid ${s.bid.label}`],
		['Bidder', s.bid.bidderName],
		['Total points (out of 100)', s.total],
		['Rank', `${s.rank} of ${s.bidCount}`],
		['Winning bid’s total', s.winner.total],
		['Section', 'Criterion', 'Weight', `Score (${s.tender.scaleMin} to ${s.tender.scaleMax})`, 'Points', 'Winning bid’s points', 'Explanation'],
		...s.rows.map((r) => [r.section, r.title, r.weight, r.price ? 'Price' : r.score, r.points, r.winnerPoints, r.explanation]),
		['Total', '', 100, '', s.total, s.winner.total, ''],
		['Note', ROUNDING_NOTE]
	];
	return stringify(rows, { cast: { string: guardCell }, bom: true });
}

/** The CSV, audited: it holds the bidder's name. */
export async function exportSummaryCsv(db: Db, actor: Actor, tenderId: string, bidId: string): Promise<{ csv: string; fileName: string }> {
	const summary = await assessmentSummary(db, actor.organisationId, tenderId, bidId);
	await recordAudit(db, { organisationId: actor.organisationId, actorId: actor.id, action: 'summary.exported', targetType: 'bid', targetId: bidId, detail: { tenderId } });
	const reference = summary.tender.reference.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
	return { csv: summaryCsv(summary), fileName: `assessment-summary-${reference}-bid-${summary.bid.label.toLowerCase()}.csv` };
}
