// The demo's awarded tender taken from closed scoring to a published award, as officers would.
import type { Db } from '../db/client';
import { publishAward, recordAward, thankPanels } from '../evaluation/award';
import { evaluationInput } from '../evaluation/evaluation-input';
import { finaliseEvaluation } from '../evaluation/lifecycle';
import { moderate } from '../evaluation/moderation';
import { evaluate } from '../evaluation/scoring';
import { saveExplanations } from '../evaluation/summaries';
import type { SeededTender } from './tenders';

const DAY = 86_400_000;

/** Plain explanations for a bidder's assessment summary, by how well the answer scored. */
function explanationFor(score: number, moderated: boolean): string {
	const words =
		score >= 4.5
			? 'An excellent answer: specific, well evidenced and covering every part of the question.'
			: score >= 3.5
				? 'A good answer with clear examples; a little more detail on how it would be checked in practice would have scored higher.'
				: score >= 2.5
					? 'An acceptable answer that met the question, with fewer specific examples than the highest-scoring bids.'
					: 'The answer left parts of the question unanswered and gave few examples of how it would work.';
	return moderated ? `${words} The panel’s scores differed here; this is the score the officers agreed at moderation.` : words;
}

/**
 * Takes a tender whose scoring has closed to a published award, as officers would: moderate the
 * criterion the panel disagreed on most, finalise, award the top-ranked bid, publish it, write
 * every bidder's explanations, and thank the panels.
 */
export async function awardDemoTender(tx: Db, seeded: SeededTender, now: Date): Promise<void> {
	const { id: tenderId, officer, spec } = seeded;
	const day = (offset: number) => new Date(now.getTime() + offset * DAY);
	const iso = (offset: number) => day(offset).toISOString().slice(0, 10);
	const before = evaluate(await evaluationInput(tx, officer.organisationId, tenderId));
	const widest = before.bids
		.flatMap((b) => b.criteria.filter((c) => c.spread).map((c) => ({ bidId: b.bidId, criterionId: c.criterionId, spread: c.spread!, scores: c.submittedScores })))
		.sort((a, b) => b.spread.highest - b.spread.lowest - (a.spread.highest - a.spread.lowest))[0];
	const agreed = Math.round(widest.scores.reduce((sum, x) => sum + x, 0) / widest.scores.length);
	await moderate(tx, officer, tenderId, {
		bidId: widest.bidId,
		criterionId: widest.criterionId,
		score: agreed,
		rationale: 'The two scores were far apart. The panel met, reread the answer together and agreed this score: the plan is sound but gives few examples.'
	}, day(-70));
	await finaliseEvaluation(tx, officer, tenderId);
	const result = evaluate(await evaluationInput(tx, officer.organisationId, tenderId));
	const winner = result.bids.find((b) => b.rank === 1)!;
	const winnerSpec = spec.bids[seeded.bidIds.indexOf(winner.bidId)];
	const startsOn = iso(-30);
	const endsOn = new Date(Date.UTC(Number(startsOn.slice(0, 4)) + 3, Number(startsOn.slice(5, 7)) - 1, Number(startsOn.slice(8, 10)) - 1)).toISOString().slice(0, 10);
	await recordAward(tx, officer, tenderId, {
		winningBidId: winner.bidId,
		value: winnerSpec.price,
		startsOn,
		endsOn,
		decidedOn: iso(-60),
		approved: 'yes',
		rationale: 'The highest-scoring bid overall, ranked first by the staff, young people’s and parents’ sections together, at a price within the budget.'
	}, day(-60));
	await publishAward(tx, officer, tenderId, day(-55));
	for (const b of result.bids) {
		const explanations = Object.fromEntries(b.criteria.filter((c) => c.score !== null).map((c) => [c.criterionId, explanationFor(c.score!, c.moderated)]));
		await saveExplanations(tx, officer, tenderId, b.bidId, explanations);
	}
	await thankPanels(tx, officer, tenderId, {
		message: 'Thank you for scoring the short breaks bids. Your scores counted towards the decision, and you can see who won on the project’s public page. We couldn’t have done it without you.'
	}, day(-54));
}
