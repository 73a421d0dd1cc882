import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { moderate, removeModeration } from '../../src/lib/server/evaluation/moderation';
import { influenceSentence, resultsView } from '../../src/lib/server/evaluation/results-pages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';
import { buildFixture, type Fixture } from './moderation-fixture';

let t: TestDatabase;
let db: Db;
let orgA: string;
let f: Fixture;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	const lead = await quickUser(db, orgA, ['officer']);
	f = await buildFixture(db, orgA, await quickProject(db, lead), 'RBC/2026/400');
});
afterAll(async () => t?.close());

/** Bid letters are dealt at random: name them X, Y, Z as the fixture does. */
const named = async () => {
	const view = await resultsView(db, orgA, f.tenderId);
	const letter = (id: string) => view.bids.find((b) => b.bidId === id)!.label;
	return { view, X: letter(f.bids.x), Y: letter(f.bids.y), Z: letter(f.bids.z) };
};
const line = (view: Awaited<ReturnType<typeof resultsView>>, bidId: string) => view.bids.find((b) => b.bidId === bidId)!;

describe('results: a hand-worked example', () => {
	// Scale 0-5. A question adds score / 5 x weight; price adds lowest / this x 25.
	//           Q1 (30)        Q2 (20)     Y1 (15)              P1 (10)              Price (25)     Total  Without Y1, P1
	// X  mean(5,1)=3: 18   4: 16       mean(2,3)=2.5: 7.5   mean(4,4)=4: 8       80/100: 20     69.5   54
	// Y  3: 18              2.5: 10     mean(5,5,4): 14      5: 10                80/80: 25      77     53
	// Z  4: 24              4.5: 18     1.5: 4.5             3 (1 of 2!): 6       80/125: 16     68.5   58
	// Priscilla's 0 for X doesn't count (removed from the panel); Peter's draft for Z doesn't either.
	it('adds up each bid’s sections, ranks them, and marks the section short of its quorum', async () => {
		const { view, X, Y, Z } = await named();
		expect(view.sections.map((s) => [s.name, s.weight, s.participant, s.quorum])).toEqual([
			['Quality', 50, false, 2],
			['What young people think', 15, true, 2],
			['What parents think', 10, true, 2],
			['Price', 25, false, 0]
		]);
		expect(view.bids.map((b) => b.label)).toEqual([Y, X, Z]);
		const expected = [
			[f.bids.x, 69.5, 2, 54, [34, 7.5, 8, 20]],
			[f.bids.y, 77, 1, 53, [28, 14, 10, 25]],
			[f.bids.z, 68.5, 3, 58, [42, 4.5, 6, 16]]
		] as const;
		for (const [id, total, rank, without, sections] of expected) {
			const b = line(view, id);
			expect(b.total).toBeCloseTo(total, 9);
			expect(b.rank).toBe(rank);
			expect(b.totalWithoutParticipants).toBeCloseTo(without, 9);
			b.sections.forEach((s, i) => expect(s.contribution).toBeCloseTo(sections[i], 9));
		}
		// Never rounded inside: Y's young people's mean is 14/3, contributing exactly 14 (not 4.7/5 x 15 = 14.1).
		expect(line(view, f.bids.y).sections[1].contribution).toBeCloseTo(14, 12);
		expect(line(view, f.bids.z).sections[2]).toMatchObject({ scorers: 1, belowQuorum: true, missing: false });
		expect(line(view, f.bids.x).sections[2]).toMatchObject({ scorers: 2, belowQuorum: false });
		expect(view.blockers).toEqual([`${Z}: What parents think has 1 of the 2 scores it needs.`]);
		expect(view.finalisable).toBe(false);
		// Without the participants: Z 58, X 54, Y 53.
		expect(view.withoutParticipants.map((b) => [b.label, b.rank])).toEqual([
			[Z, 1],
			[X, 2],
			[Y, 3]
		]);
		expect(view.participantsChangedRanking).toBe(true);
		expect(view.participantsWhose).toBe('young people’s and parents’');
		expect(view.influence).toBe(`Without the young people’s and parents’ scores, Bid ${Z} would have come first instead of Bid ${Y}.`);
		expect(JSON.stringify(view)).not.toMatch(/Xylophone|Yarrow|Zephyr/);
	});

	it('counts a moderated score instead of the mean, and removing it brings the mean back', async () => {
		await moderate(db, f.officer, f.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1, score: '4', rationale: 'Agreed at the moderation meeting.' });
		// X's Q1: 4 / 5 x 30 = 24 instead of 18: total 75.5, or 60 without the participants, who now put Y ahead of X.
		let { view, X, Y } = await named();
		expect(line(view, f.bids.x)).toMatchObject({ rank: 2, rankWithoutParticipants: 1, moderatedCriteria: 1 });
		expect(line(view, f.bids.x).total).toBeCloseTo(75.5, 9);
		expect(line(view, f.bids.x).totalWithoutParticipants).toBeCloseTo(60, 9);
		expect(view.influence).toBe(`Without the young people’s and parents’ scores, Bid ${X} would have come first instead of Bid ${Y}.`);
		await removeModeration(db, f.officer, f.tenderId, { bidId: f.bids.x, criterionId: f.criteria.q1 });
		({ view } = await named());
		expect(line(view, f.bids.x).total).toBeCloseTo(69.5, 9);
		expect(line(view, f.bids.x).moderatedCriteria).toBe(0);
	});

	it('belongs to the tender’s organisation only', async () => {
		const orgB = await makeOrganisation(db, 'Southbank Council');
		await expect(resultsView(db, orgB, f.tenderId)).rejects.toThrow('That tender does not exist.');
	});
});

describe('the influence sentence', () => {
	const bid = (label: string, rank: number, rankWithoutParticipants: number) => ({ label, rank, rankWithoutParticipants });
	const say = (bids: ReturnType<typeof bid>[], whose: string | null = 'young people’s') =>
		influenceSentence({ bids: bids as never, participantsChangedRanking: bids.some((b) => b.rank !== b.rankWithoutParticipants) }, whose);

	it('says plainly whether the order changed, and how', () => {
		expect(say([bid('A', 1, 1), bid('B', 2, 2)])).toBe('Without the young people’s scores, the order of the bids would not have changed.');
		expect(say([bid('A', 1, 2), bid('C', 2, 1)])).toBe('Without the young people’s scores, Bid C would have come first instead of Bid A.');
		expect(say([bid('A', 1, 1), bid('B', 2, 3), bid('C', 3, 2)])).toBe(
			'Without the young people’s scores, Bid A would still have come first, but the order of the other bids would have changed.'
		);
		expect(say([bid('A', 1, 3), bid('B', 2, 1), bid('C', 3, 1)])).toBe('Without the young people’s scores, Bids B and C would have shared first place instead of Bid A.');
		expect(say([bid('A', 1, 1), bid('B', 1, 2)], 'parents’')).toBe('Without the parents’ scores, Bid A would have come first on its own, instead of sharing first place with Bid B.');
		expect(say([bid('A', 1, 1), bid('B', 1, 1), bid('C', 1, 3)])).toBe('Without the young people’s scores, Bids A and B would have shared first place, without Bid C.');
		expect(say([bid('A', 1, 1), bid('B', 2, 1)])).toBe('Without the young people’s scores, Bid A would have shared first place with Bid B.');
		expect(say([bid('A', 1, 1)], null)).toBe('This tender has no young people’s or parents’ section, so their scores can’t change the order.');
		expect(say([])).toBe('There are no bids yet.');
	});
});
