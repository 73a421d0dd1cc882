import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE, evaluate, priceContribution, rank, sectionWeight, spreadOf, weightsProblem, type EvaluationInput, type ScoreInput } from './scoring';

// A hand-worked evaluation, 0-5 scale:
//   Quality (officers, quorum 2): Q1 weight 40, Q2 weight 20
//   Young people (participant, quorum 3): P1 weight 15
//   Price: PR weight 25, lowest price / this price x 25
// Bids: A £100,000, B £80,000, C £125,000.
function scores(bid: string, criterion: string, byMember: Record<string, number>, submitted = true): ScoreInput[] {
	return Object.entries(byMember).map(([memberId, score]) => ({ bidId: bid, criterionId: criterion, memberId, score, submitted }));
}

function example(): EvaluationInput {
	return {
		scale: DEFAULT_SCALE,
		sections: [
			{ id: 'quality', name: 'Quality', participant: false, quorum: 2 },
			{ id: 'yp', name: 'Young people’s section', participant: true, quorum: 3 },
			{ id: 'price', name: 'Price', participant: false, quorum: 0 }
		],
		criteria: [
			{ id: 'Q1', sectionId: 'quality', weight: 40 },
			{ id: 'Q2', sectionId: 'quality', weight: 20 },
			{ id: 'P1', sectionId: 'yp', weight: 15 },
			{ id: 'PR', sectionId: 'price', weight: 25, price: true }
		],
		bids: [
			{ id: 'a', label: 'Bid A', pricePence: 10_000_000 },
			{ id: 'b', label: 'Bid B', pricePence: 8_000_000 },
			{ id: 'c', label: 'Bid C', pricePence: 12_500_000 }
		],
		scores: [
			...scores('a', 'Q1', { m1: 4, m2: 5 }),
			...scores('a', 'Q2', { m1: 3, m2: 3 }),
			...scores('a', 'P1', { y1: 5, y2: 4, y3: 3 }),
			...scores('b', 'Q1', { m1: 3, m2: 3 }),
			...scores('b', 'Q2', { m1: 4, m2: 2 }),
			...scores('b', 'P1', { y1: 2, y2: 2, y3: 1 }),
			...scores('c', 'Q1', { m1: 5, m2: 5 }),
			...scores('c', 'Q2', { m1: 4, m2: 4 }),
			...scores('c', 'P1', { y1: 1, y2: 1, y3: 1 })
		],
		moderations: [{ bidId: 'b', criterionId: 'Q2', score: 4 }]
	};
}

const byLabel = (result: ReturnType<typeof evaluate>, label: string) => result.bids.find((b) => b.label === label)!;

describe('the evaluation arithmetic, against the hand-worked example', () => {
	const result = evaluate(example());

	it('prices: lowest / this x weight', () => {
		expect(priceContribution(8_000_000, 10_000_000, 25)).toBeCloseTo(20, 10);
		expect(priceContribution(8_000_000, 8_000_000, 25)).toBeCloseTo(25, 10);
		expect(priceContribution(8_000_000, 12_500_000, 25)).toBeCloseTo(16, 10);
		expect(priceContribution(8_000_000, 0, 25)).toBeNull();
		expect(priceContribution(8_000_000, null, 25)).toBeNull();
	});

	it('Bid A: 36 + 12 + 12 + 20 = 80', () => {
		const a = byLabel(result, 'Bid A');
		expect(a.criteria.map((c) => c.contribution)).toEqual([36, 12, 12, 20].map((n) => expect.closeTo(n, 10)));
		expect(a.total).toBeCloseTo(80, 10);
	});

	it('Bid B: the moderated 4 replaces the mean of 3 on Q2, and the original scores are kept', () => {
		const b = byLabel(result, 'Bid B');
		const q2 = b.criteria.find((c) => c.criterionId === 'Q2')!;
		expect(q2).toMatchObject({ score: 4, moderated: true, submittedScores: [4, 2] });
		expect(q2.contribution).toBeCloseTo(16, 10);
		// P1: mean 5/3, so (5/3)/5 x 15 = 5.
		expect(b.criteria.find((c) => c.criterionId === 'P1')!.contribution).toBeCloseTo(5, 10);
		expect(b.total).toBeCloseTo(24 + 16 + 5 + 25, 10);
	});

	it('Bid C: 40 + 16 + 3 + 16 = 75', () => {
		expect(byLabel(result, 'Bid C').total).toBeCloseTo(75, 10);
	});

	it('ranks, and shows the young people’s influence: without their section C would win', () => {
		expect(result.bids.map((b) => [b.label, b.rank, b.rankWithoutParticipants])).toEqual([
			['Bid A', 1, 2],
			['Bid B', 3, 3],
			['Bid C', 2, 1]
		]);
		expect(byLabel(result, 'Bid C').totalWithoutParticipants).toBeCloseTo(72, 10);
		expect(result.participantsChangedRanking).toBe(true);
	});

	it('section weights are the sums of their criteria, and the example can be finalised', () => {
		expect(sectionWeight('quality', example().criteria)).toBe(60);
		expect(byLabel(result, 'Bid A').sections.map((s) => [s.sectionId, s.weight, s.scorers, s.belowQuorum])).toEqual([
			['quality', 60, 2, false],
			['yp', 15, 3, false],
			['price', 25, 0, false]
		]);
		expect(result).toMatchObject({ weightsProblem: null, finalisable: true, blockers: [] });
	});
});

describe('what blocks finalising', () => {
	it('a section below quorum: drafts are not counted, and the blocker says how many it has', () => {
		const input = example();
		input.scores = input.scores.map((s) => (s.bidId === 'b' && s.memberId === 'y3' ? { ...s, submitted: false, score: 5 } : s));
		const result = evaluate(input);
		const b = byLabel(result, 'Bid B');
		expect(b.sections.find((s) => s.sectionId === 'yp')).toMatchObject({ scorers: 2, belowQuorum: true });
		// The draft 5 is not in the mean: (2 + 2) / 2 = 2, so 2/5 x 15 = 6.
		expect(b.criteria.find((c) => c.criterionId === 'P1')!.contribution).toBeCloseTo(6, 10);
		expect(result.finalisable).toBe(false);
		expect(result.blockers).toEqual(['Bid B: Young people’s section has 2 of the 3 scores it needs.']);
	});

	it('a criterion with no score at all, and a bid with no price', () => {
		const input = example();
		input.scores = input.scores.filter((s) => !(s.bidId === 'a' && s.criterionId === 'Q2'));
		input.bids[2] = { ...input.bids[2], pricePence: null };
		const result = evaluate(input);
		expect(byLabel(result, 'Bid A').criteria.find((c) => c.criterionId === 'Q2')!.contribution).toBeNull();
		// Still quorate: both officers scored Q1.
		expect(result.blockers).toEqual(['Bid A: Quality has a criterion with no score.', 'Bid C: Price has a criterion with no score.']);
		// A missing score counts as nothing towards the total, rather than hiding the bid.
		expect(byLabel(result, 'Bid A').total).toBeCloseTo(36 + 12 + 20, 10);
	});

	it('weights that do not add up to 100', () => {
		const input = example();
		input.criteria[0] = { ...input.criteria[0], weight: 35 };
		const result = evaluate(input);
		expect(result.weightsProblem).toBe('The weights add up to 95, not 100.');
		expect(result.finalisable).toBe(false);
	});

	it('no bids', () => {
		expect(evaluate({ ...example(), bids: [], scores: [], moderations: [] }).finalisable).toBe(false);
	});
});

describe('the pieces', () => {
	it('weights: exactly 100 in hundredths, each positive, two decimal places at most', () => {
		expect(weightsProblem([{ weight: 33.33 }, { weight: 33.33 }, { weight: 33.34 }])).toBeNull();
		expect(weightsProblem([{ weight: 50 }, { weight: 40 }])).toBe('The weights add up to 90, not 100.');
		expect(weightsProblem([{ weight: 0 }, { weight: 100 }])).toMatch(/more than 0/);
		expect(weightsProblem([{ weight: 33.333 }, { weight: 66.667 }])).toMatch(/two decimal places/);
		expect(weightsProblem([])).toBe('Add at least one criterion.');
	});

	it('spread is flagged only when highest minus lowest is more than 40% of the scale', () => {
		expect(spreadOf([2, 4], DEFAULT_SCALE)).toEqual({ lowest: 2, highest: 4, flagged: false });
		expect(spreadOf([1, 4], DEFAULT_SCALE)).toEqual({ lowest: 1, highest: 4, flagged: true });
		expect(spreadOf([0, 10], { min: 0, max: 10 })!.flagged).toBe(true);
		expect(spreadOf([3, 7], { min: 0, max: 10 })!.flagged).toBe(false);
		expect(spreadOf([], DEFAULT_SCALE)).toBeNull();
	});

	it('ties share a rank, and the next rank is skipped', () => {
		expect(rank([70, 80, 80, 60])).toEqual([3, 1, 1, 4]);
		expect(rank([80.000000000001, 80])).toEqual([1, 1]);
		expect(rank([])).toEqual([]);
	});

	it('a tie in the example: equal totals rank together', () => {
		const input = example();
		// Make C's young people score 4 each: C = 40 + 16 + 12 + 16 = 84; A stays 80. Then move A's price to match.
		input.scores = input.scores.map((s) => (s.bidId === 'c' && s.criterionId === 'P1' ? { ...s, score: 4 } : s));
		input.bids[0] = { ...input.bids[0], pricePence: 8_000_000 };
		const result = evaluate(input);
		// A = 36 + 12 + 12 + 25 = 85; C = 84; now lower A's Q1 by moderation to 4.375: 35 + 12 + 12 + 25 = 84.
		input.moderations.push({ bidId: 'a', criterionId: 'Q1', score: 4.375 });
		const tied = evaluate(input);
		expect(byLabel(result, 'Bid A').total).toBeCloseTo(85, 10);
		expect(byLabel(tied, 'Bid A').total).toBeCloseTo(84, 10);
		expect(byLabel(tied, 'Bid C').total).toBeCloseTo(84, 10);
		expect([byLabel(tied, 'Bid A').rank, byLabel(tied, 'Bid C').rank, byLabel(tied, 'Bid B').rank]).toEqual([1, 1, 3]);
	});
});
