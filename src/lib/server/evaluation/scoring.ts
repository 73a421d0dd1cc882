// The arithmetic of a tender evaluation, as councils publish it with their tender documents.
// Pure functions, no database: the evaluation pages, the award and every bidder's assessment
// summary are computed here, and unit-tested against hand-worked examples.
//
// - Weights belong to criteria and add up to exactly 100; a section's weight is its criteria's sum.
// - A quality criterion contributes (score / scale maximum) x weight, where the score is the
//   moderated score when an officer set one, otherwise the mean of the submitted scores.
// - A price criterion contributes (lowest price / this price) x weight.
// - A bid's section counts only when at least `quorum` panel members submitted scores for it.
// - Spread: a criterion's scores are flagged when highest minus lowest exceeds 40% of the scale.

export interface Scale {
	min: number;
	max: number;
}

export const DEFAULT_SCALE: Scale & { descriptors: string[] } = {
	min: 0,
	max: 5,
	descriptors: ['No answer', 'Very poor', 'Poor', 'Acceptable', 'Good', 'Excellent']
};

export interface SectionInput {
	id: string;
	name: string;
	/** Scored by young people or parents: shown as their section, and left out to show influence. */
	participant: boolean;
	/** How many members' submitted scores a bid needs for this section to count. */
	quorum: number;
}

export interface CriterionInput {
	id: string;
	sectionId: string;
	/** Percentage points of the whole evaluation (up to two decimal places). */
	weight: number;
	/** Scored from the bids' prices instead of by a panel. */
	price?: boolean;
}

export interface BidInput {
	id: string;
	label: string;
	/** Needed when there is a price criterion. */
	pricePence?: number | null;
}

export interface ScoreInput {
	bidId: string;
	criterionId: string;
	memberId: string;
	score: number;
	/** Drafts are kept but never counted. */
	submitted: boolean;
}

export interface ModerationInput {
	bidId: string;
	criterionId: string;
	score: number;
}

export interface EvaluationInput {
	scale: Scale;
	sections: SectionInput[];
	criteria: CriterionInput[];
	bids: BidInput[];
	scores: ScoreInput[];
	moderations: ModerationInput[];
}

const EPSILON = 1e-9;

/** Weights in hundredths, so 33.33 + 33.33 + 33.34 is exactly 100. */
function hundredths(weight: number): number {
	return Math.round(weight * 100);
}

/** Why the weights can't be used (null when they add up to exactly 100 and each is positive). */
export function weightsProblem(criteria: readonly Pick<CriterionInput, 'weight'>[]): string | null {
	if (criteria.length === 0) return 'Add at least one criterion.';
	if (criteria.some((c) => !(c.weight > 0) || Math.abs(c.weight * 100 - hundredths(c.weight)) > 1e-6))
		return 'Every weight must be more than 0, with at most two decimal places.';
	const total = criteria.reduce((sum, c) => sum + hundredths(c.weight), 0);
	if (total !== 10_000) return `The weights add up to ${(total / 100).toLocaleString('en-GB')}, not 100.`;
	return null;
}

/** A section's weight: the sum of its criteria's weights. */
export function sectionWeight(sectionId: string, criteria: readonly CriterionInput[]): number {
	return criteria.filter((c) => c.sectionId === sectionId).reduce((sum, c) => sum + hundredths(c.weight), 0) / 100;
}

/** (lowest / this) x weight; null when this bid has no valid price. */
export function priceContribution(lowestPence: number, thisPence: number | null | undefined, weight: number): number | null {
	if (!thisPence || thisPence <= 0 || !(lowestPence > 0)) return null;
	return (lowestPence / thisPence) * weight;
}

export function mean(values: readonly number[]): number | null {
	return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export interface Spread {
	lowest: number;
	highest: number;
	/** Highest minus lowest is more than 40% of the scale: worth discussing at moderation. */
	flagged: boolean;
}

export function spreadOf(scores: readonly number[], scale: Scale): Spread | null {
	if (scores.length === 0) return null;
	const lowest = Math.min(...scores);
	const highest = Math.max(...scores);
	return { lowest, highest, flagged: highest - lowest > 0.4 * (scale.max - scale.min) + EPSILON };
}

export interface CriterionResult {
	criterionId: string;
	/** The score used: moderated where set, else the mean of submitted scores; null when none. */
	score: number | null;
	moderated: boolean;
	submittedScores: number[];
	spread: Spread | null;
	/** Points towards the total out of the criterion's weight; null when there is no score. */
	contribution: number | null;
}

export interface SectionResult {
	sectionId: string;
	weight: number;
	participant: boolean;
	/** Members who submitted at least one score for this bid in this section. */
	scorers: number;
	belowQuorum: boolean;
	/** Some criterion has no score at all. */
	missing: boolean;
	contribution: number;
}

export interface BidResult {
	bidId: string;
	label: string;
	criteria: CriterionResult[];
	sections: SectionResult[];
	total: number;
	/** The total without the participant sections (to show their influence). */
	totalWithoutParticipants: number;
	/** 1 is best; equal totals share a rank (1, 1, 3). */
	rank: number;
	rankWithoutParticipants: number;
}

export interface EvaluationResult {
	weightsProblem: string | null;
	bids: BidResult[];
	/** Everything needed to finalise: weights valid, every section quorate and scored. */
	finalisable: boolean;
	/** Plain reasons it can't be finalised yet. */
	blockers: string[];
	/** Whether the order of bids changes when the participant sections are left out. */
	participantsChangedRanking: boolean;
}

/** Ranks by total, best first; totals equal to within rounding share a rank. */
export function rank(totals: readonly number[]): number[] {
	return totals.map((t) => 1 + totals.filter((other) => other > t + EPSILON).length);
}

function criterionResult(input: EvaluationInput, bid: BidInput, criterion: CriterionInput, lowestPrice: number): CriterionResult {
	if (criterion.price) {
		const contribution = priceContribution(lowestPrice, bid.pricePence, criterion.weight);
		return { criterionId: criterion.id, score: null, moderated: false, submittedScores: [], spread: null, contribution };
	}
	const submittedScores = input.scores
		.filter((s) => s.submitted && s.bidId === bid.id && s.criterionId === criterion.id)
		.map((s) => s.score);
	const moderation = input.moderations.find((m) => m.bidId === bid.id && m.criterionId === criterion.id);
	const score = moderation ? moderation.score : mean(submittedScores);
	const range = input.scale.max;
	return {
		criterionId: criterion.id,
		score,
		moderated: !!moderation,
		submittedScores,
		spread: spreadOf(submittedScores, input.scale),
		contribution: score === null || range <= 0 ? null : (score / range) * criterion.weight
	};
}

export function evaluate(input: EvaluationInput): EvaluationResult {
	const problem = weightsProblem(input.criteria);
	const prices = input.bids.map((b) => b.pricePence ?? 0).filter((p) => p > 0);
	const lowestPrice = prices.length ? Math.min(...prices) : 0;
	const participantSections = new Set(input.sections.filter((s) => s.participant).map((s) => s.id));

	const partial = input.bids.map((bid) => {
		const criteria = input.criteria.map((c) => criterionResult(input, bid, c, lowestPrice));
		const sections = input.sections.map((section): SectionResult => {
			const inSection = input.criteria.filter((c) => c.sectionId === section.id);
			const ids = new Set(inSection.map((c) => c.id));
			const results = criteria.filter((r) => ids.has(r.criterionId));
			const priced = inSection.every((c) => c.price);
			const scorers = new Set(input.scores.filter((s) => s.submitted && s.bidId === bid.id && ids.has(s.criterionId)).map((s) => s.memberId)).size;
			return {
				sectionId: section.id,
				weight: sectionWeight(section.id, input.criteria),
				participant: section.participant,
				scorers,
				belowQuorum: !priced && scorers < section.quorum,
				missing: results.some((r) => r.contribution === null),
				contribution: results.reduce((sum, r) => sum + (r.contribution ?? 0), 0)
			};
		});
		const total = sections.reduce((sum, s) => sum + s.contribution, 0);
		const totalWithoutParticipants = sections.filter((s) => !participantSections.has(s.sectionId)).reduce((sum, s) => sum + s.contribution, 0);
		return { bidId: bid.id, label: bid.label, criteria, sections, total, totalWithoutParticipants };
	});

	const ranks = rank(partial.map((b) => b.total));
	const ranksWithout = rank(partial.map((b) => b.totalWithoutParticipants));
	const bids = partial.map((b, i) => ({ ...b, rank: ranks[i], rankWithoutParticipants: ranksWithout[i] }));

	const blockers: string[] = [];
	if (problem) blockers.push(problem);
	for (const bid of bids)
		for (const section of bid.sections) {
			const name = input.sections.find((s) => s.id === section.sectionId)?.name ?? 'A section';
			if (section.belowQuorum) blockers.push(`${bid.label}: ${name} has ${section.scorers} of the ${input.sections.find((s) => s.id === section.sectionId)?.quorum} scores it needs.`);
			else if (section.missing) blockers.push(`${bid.label}: ${name} has a criterion with no score.`);
		}
	return {
		weightsProblem: problem,
		bids,
		finalisable: bids.length > 0 && blockers.length === 0,
		blockers,
		participantsChangedRanking: bids.some((b) => b.rank !== b.rankWithoutParticipants)
	};
}
