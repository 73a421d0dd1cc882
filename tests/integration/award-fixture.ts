// A small tender scored by hand-picked numbers, so every award and summary figure can be checked
// by hand. Built through the evaluation module's own functions.
//
//   Quality (staff panel, quorum 2)     Q1 40%, Q2 20%
//   What young people think (quorum 2)  Y1 10%
//   Price (no panel)                    30%
//
//   scores (s1, s2 | y1, y2)   Q1      Q2      Y1      price      total
//   X £100,000                 5, 4    4, 4    3, 4    80/100     36 + 16 + 7 + 24 = 83
//                              moderated to 4:  32               = 79
//   Y £80,000 (lowest)         3, 3    3, 2    5, 4    30         24 + 10 + 9 + 30 = 73
//   Z £125,000                 2, 2    2, 3    1, 2    80/125     16 + 10 + 3 + 19.2 = 48.2
import type { Db } from '../../src/lib/server/db/client';
import { addBid, prepareAnonymised, releaseBid } from '../../src/lib/server/evaluation/bids';
import { closeScoring, finaliseEvaluation, openEvaluation } from '../../src/lib/server/evaluation/lifecycle';
import { moderate } from '../../src/lib/server/evaluation/moderation';
import { addMember, createPanel } from '../../src/lib/server/evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../../src/lib/server/evaluation/membership';
import { saveScore, submitScores } from '../../src/lib/server/evaluation/scores';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { birthMonthYearsAgo, quickUser } from '../helpers/fixtures-integration';

type Person = Awaited<ReturnType<typeof quickUser>>;

export const BIDDERS = {
	x: { bidderName: 'Xanthe Playworks Ltd', contactName: 'Quentin Marlowe-Fitch', contactEmail: 'quentin@xanthe-playworks.example', contactPhone: '01632 960 111', price: '100000' },
	y: { bidderName: 'Yewtree Breaks CIC', contactName: 'Rosalind Thackeray', contactEmail: 'ros@yewtree-breaks.example', contactPhone: '01632 960 222', price: '80000' },
	z: { bidderName: 'Zinnia Family Care', contactName: 'Evander Pocklington', contactEmail: 'evander@zinnia-care.example', contactPhone: '01632 960 333', price: '125000' }
} as const;

export const CLOSES_ON = '2026-02-20';
/** Every award in the tests is decided on this day, a little after bids closed. */
export const NOW = new Date('2026-03-15T12:00:00Z');

export interface AwardFixture {
	tenderId: string;
	officer: Person;
	bids: { x: string; y: string; z: string };
	criteria: { q1: string; q2: string; y1: string; price: string };
	panelIds: string[];
}

const SCORES: Record<string, Record<'x' | 'y' | 'z', Record<string, number>>> = {
	s1: { x: { q1: 5, q2: 4 }, y: { q1: 3, q2: 3 }, z: { q1: 2, q2: 2 } },
	s2: { x: { q1: 4, q2: 4 }, y: { q1: 3, q2: 2 }, z: { q1: 2, q2: 3 } },
	y1: { x: { y1: 3 }, y: { y1: 5 }, z: { y1: 1 } },
	y2: { x: { y1: 4 }, y: { y1: 4 }, z: { y1: 2 } }
};

/** The tender, scored, with X's Q1 moderated to 4; left 'moderating' or (by default) 'finalised'. */
export async function awardFixture(db: Db, officer: Person, projectId: string, reference: string, stage: 'moderating' | 'finalised' = 'finalised'): Promise<AwardFixture> {
	const org = officer.organisationId;
	const people = {
		s1: await quickUser(db, org, ['officer'], { displayName: 'Sally Staffer' }),
		s2: await quickUser(db, org, ['officer'], { displayName: 'Steve Staffer' }),
		y1: await quickUser(db, org, ['young_person'], { displayName: 'Yasmin Young', birthMonth: birthMonthYearsAgo(17) }),
		y2: await quickUser(db, org, ['young_person'], { displayName: 'Yusuf Young', birthMonth: birthMonthYearsAgo(17) })
	};
	const tender = await createTender(db, officer, projectId, {
		title: `Short breaks ${reference}`,
		reference,
		publishedOn: '2026-01-05',
		closesOn: CLOSES_ON,
		contractValue: '300,000',
		contractMonths: '36'
	});
	const criterion = (sectionId: string, weight: string, title: string, price = false) =>
		addCriterion(db, officer, tender.id, { sectionId, title, guidance: '', weight, price, presentation: false });
	const quality = await addSection(db, officer, tender.id, { name: 'Quality', about: 'How the service runs.', audience: 'staff' });
	const q1 = await criterion(quality, '40', 'How will you plan each child’s breaks?');
	const q2 = await criterion(quality, '20', 'How will you keep children safe?');
	const young = await addSection(db, officer, tender.id, { name: 'What young people think', about: 'Would young people enjoy it?', audience: 'young_people' });
	const y1 = await criterion(young, '10', 'What will a great day be like?');
	const priceSection = await addSection(db, officer, tender.id, { name: 'Price', about: '', audience: 'staff' });
	const price = await criterion(priceSection, '30', 'Price for the whole contract', true);

	const bids = {} as Record<'x' | 'y' | 'z', string>;
	for (const key of ['x', 'y', 'z'] as const) {
		const b = BIDDERS[key];
		const answers = { [q1]: `${b.bidderName} plans with each child.`, [q2]: 'Checks and training.', [y1]: 'Fun, chosen by you.' };
		bids[key] = await addBid(db, officer, tender.id, { ...b, answers });
	}
	for (const id of Object.values(bids)) {
		await prepareAnonymised(db, officer, id, q1, 'We plan with each child.');
		await prepareAnonymised(db, officer, id, q2, 'Checks and training.');
		await prepareAnonymised(db, officer, id, y1, 'Fun, chosen by you.');
		await releaseBid(db, officer, id);
	}
	const noWindow = { quorum: '2', opensAt: '', closesAt: '' };
	const panels = { s: await createPanel(db, officer, tender.id, quality, noWindow), y: await createPanel(db, officer, tender.id, young, noWindow) };
	const ids: Record<string, string> = { q1, q2, y1 };
	for (const [who, person] of Object.entries(people)) {
		const panelId = who.startsWith('s') ? panels.s : panels.y;
		await addMember(db, officer, panelId, person.id);
		await acceptConfidentiality(db, person, panelId);
		await declareInterests(db, person, panelId, { hasInterest: false, details: '' });
	}
	await openEvaluation(db, officer, tender.id);
	for (const [who, byBid] of Object.entries(SCORES)) {
		const person = people[who as keyof typeof people];
		const panelId = who.startsWith('s') ? panels.s : panels.y;
		for (const [b, byCriterion] of Object.entries(byBid)) {
			for (const [c, score] of Object.entries(byCriterion)) await saveScore(db, person, panelId, { bidId: bids[b as 'x'], criterionId: ids[c], score, comment: '' });
			await submitScores(db, person, panelId, bids[b as 'x']);
		}
	}
	await closeScoring(db, officer, tender.id);
	await moderate(db, officer, tender.id, { bidId: bids.x, criterionId: q1, score: 4, rationale: 'Agreed at moderation: strong, but no examples.' });
	if (stage === 'finalised') await finaliseEvaluation(db, officer, tender.id);
	return { tenderId: tender.id, officer, bids, criteria: { q1, q2, y1, price }, panelIds: [panels.s, panels.y] };
}

/** A valid award of `bidId` as the form would send it. */
export function awardInput(bidId: string, over: Record<string, string> = {}) {
	return {
		winningBidId: bidId,
		value: '100,000',
		startsOn: '2026-04-01',
		endsOn: '2029-03-31',
		decidedOn: '2026-03-10',
		approved: 'yes',
		rationale: 'The highest-scoring bid.',
		...over
	};
}
