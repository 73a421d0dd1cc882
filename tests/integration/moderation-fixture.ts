// A small tender built through the evaluation module's own functions, scored by hand-picked
// numbers so the moderation and results tests can check every total by hand (see results.test.ts).
//
//   Quality (staff panel, quorum 2)        Q1 30%, Q2 20%
//   What young people think (quorum 2)     Y1 15%
//   What parents think (quorum 2)          P1 10%
//   Price (no panel)                       25%
//
// Bids X £100,000, Y £80,000, Z £125,000 (their letters are dealt at random).
import type { Db } from '../../src/lib/server/db/client';
import { addBid, prepareAnonymised, releaseBid } from '../../src/lib/server/evaluation/bids';
import { closeScoring, openEvaluation } from '../../src/lib/server/evaluation/lifecycle';
import { addMember, createPanel, decideInterest } from '../../src/lib/server/evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../../src/lib/server/evaluation/membership';
import { saveScore, submitScores } from '../../src/lib/server/evaluation/scores';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { panelMembers } from '../../src/lib/server/evaluation/schema';
import { birthMonthYearsAgo, quickUser } from '../helpers/fixtures-integration';
import { and, eq } from 'drizzle-orm';

type Person = Awaited<ReturnType<typeof quickUser>>;

export interface Fixture {
	tenderId: string;
	officer: Person;
	bids: { x: string; y: string; z: string };
	criteria: { q1: string; q2: string; y1: string; p1: string; price: string };
	panels: { quality: string; young: string; parents: string };
	people: Record<'s1' | 's2' | 'y1' | 'y2' | 'y3' | 'p1' | 'p2' | 'p3', Person>;
}

/** Scores per member: bid → criterion → score; `draft` entries are saved and never submitted. */
const SCORES = {
	s1: { x: { q1: 5, q2: 4 }, y: { q1: 3, q2: 3 }, z: { q1: 4, q2: 4 } },
	s2: { x: { q1: 1, q2: 4 }, y: { q1: 3, q2: 2 }, z: { q1: 4, q2: 5 } },
	y1: { x: { y1: 2 }, y: { y1: 5 }, z: { y1: 1 } },
	y2: { x: { y1: 3 }, y: { y1: 5 }, z: { y1: 2 } },
	y3: { y: { y1: 4 } },
	p1: { x: { p1: 4 }, y: { p1: 5 }, z: { p1: 3 } },
	p2: { x: { p1: 4 }, y: { p1: 5 } },
	p3: { x: { p1: 0 } }
} as const;

export const MEMBER_NAMES = ['Sally Staffer', 'Steve Staffer', 'Yasmin Young', 'Yusuf Young', 'Yolanda Young', 'Paula Parent', 'Peter Parent', 'Priscilla Parent'];
export const COMMENTS = { s1x: 'Clear plan with named key workers.', s2x: 'Vague about staffing.' };

export async function buildFixture(db: Db, organisationId: string, projectId: string, reference: string): Promise<Fixture> {
	const officer = await quickUser(db, organisationId, ['officer'], { displayName: 'Olive Officer' });
	const staff = (name: string) => quickUser(db, organisationId, ['officer'], { displayName: name });
	const young = (name: string) => quickUser(db, organisationId, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(17) });
	const parent = (name: string) => quickUser(db, organisationId, ['parent_carer'], { displayName: name });
	const people = {
		s1: await staff(MEMBER_NAMES[0]),
		s2: await staff(MEMBER_NAMES[1]),
		y1: await young(MEMBER_NAMES[2]),
		y2: await young(MEMBER_NAMES[3]),
		y3: await young(MEMBER_NAMES[4]),
		p1: await parent(MEMBER_NAMES[5]),
		p2: await parent(MEMBER_NAMES[6]),
		p3: await parent(MEMBER_NAMES[7])
	};
	const tender = await createTender(db, officer, projectId, {
		title: 'Holiday clubs',
		reference,
		publishedOn: '2026-01-05',
		closesOn: '2026-02-20',
		contractValue: '900,000',
		contractMonths: '36'
	});
	const criterion = async (sectionId: string, weight: string, price = false) =>
		addCriterion(db, officer, tender.id, { sectionId, title: `A question worth ${weight}`, guidance: '', weight, price, presentation: false });
	const quality = await addSection(db, officer, tender.id, { name: 'Quality', about: '', audience: 'staff' });
	const q1 = await criterion(quality, '30');
	const q2 = await criterion(quality, '20');
	const youngSection = await addSection(db, officer, tender.id, { name: 'What young people think', about: '', audience: 'young_people' });
	const y1 = await criterion(youngSection, '15');
	const parentsSection = await addSection(db, officer, tender.id, { name: 'What parents think', about: '', audience: 'parents' });
	const p1 = await criterion(parentsSection, '10');
	const priceSection = await addSection(db, officer, tender.id, { name: 'Price', about: '', audience: 'staff' });
	const price = await criterion(priceSection, '25', true);

	const answers = { [q1]: 'Our plan.', [q2]: 'Our staff.', [y1]: 'A fun day.', [p1]: 'Weekly updates.' };
	const bid = (bidderName: string, price: string) => addBid(db, officer, tender.id, { bidderName, contactName: '', contactEmail: '', contactPhone: '', price, answers });
	const bids = { x: await bid('Xylophone Play Ltd', '100000'), y: await bid('Yarrow Clubs CIC', '80000'), z: await bid('Zephyr Care Ltd', '125000') };
	for (const id of Object.values(bids)) {
		for (const [criterionId, text] of Object.entries(answers)) await prepareAnonymised(db, officer, id, criterionId, text);
		await releaseBid(db, officer, id);
	}

	const noWindow = { quorum: '2', opensAt: '', closesAt: '' };
	const panels = {
		quality: await createPanel(db, officer, tender.id, quality, noWindow),
		young: await createPanel(db, officer, tender.id, youngSection, noWindow),
		parents: await createPanel(db, officer, tender.id, parentsSection, noWindow)
	};
	const panelOf = (who: keyof typeof people) => (who.startsWith('s') ? panels.quality : who.startsWith('y') ? panels.young : panels.parents);
	for (const who of Object.keys(people) as (keyof typeof people)[]) {
		await addMember(db, officer, panelOf(who), people[who].id);
		await acceptConfidentiality(db, people[who], panelOf(who));
		await declareInterests(db, people[who], panelOf(who), { hasInterest: false, details: '' });
	}
	await openEvaluation(db, officer, tender.id);

	const ids = { q1, q2, y1, p1 } as const;
	for (const [who, byBid] of Object.entries(SCORES) as [keyof typeof people, Record<string, Record<string, number>>][]) {
		for (const [b, byCriterion] of Object.entries(byBid)) {
			const bidId = bids[b as keyof typeof bids];
			for (const [c, score] of Object.entries(byCriterion)) {
				const comment = who === 's1' && b === 'x' && c === 'q1' ? COMMENTS.s1x : who === 's2' && b === 'x' && c === 'q1' ? COMMENTS.s2x : '';
				await saveScore(db, people[who], panelOf(who), { bidId, criterionId: ids[c as keyof typeof ids], score, comment });
			}
			await submitScores(db, people[who], panelOf(who), bidId);
		}
	}
	// Peter's score for Z stays a draft: it never counts, so Z's parents' section is short of its quorum.
	await saveScore(db, people.p2, panels.parents, { bidId: bids.z, criterionId: p1, score: 1, comment: 'Draft: not sure yet.' });
	// Priscilla declares an interest after scoring and is taken off the panel: her 0 no longer counts.
	await declareInterests(db, people.p3, panels.parents, { hasInterest: true, details: 'My sister works for a bidder.' });
	const [p3] = await db.select({ id: panelMembers.id }).from(panelMembers).where(and(eq(panelMembers.panelId, panels.parents), eq(panelMembers.userId, people.p3.id)));
	await decideInterest(db, officer, p3.id, { decision: 'removed', note: 'Close family works for a bidder.' });
	await closeScoring(db, officer, tender.id);
	return { tenderId: tender.id, officer, bids, criteria: { q1, q2, y1, p1, price }, panels, people };
}
