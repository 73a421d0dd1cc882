// Demo tenders, built through the evaluation module's own functions (so the demo obeys every rule
// a real tender does): short breaks lot 1 (awarded and published) and lot 2 (scoring closed,
// waiting for moderation), and youth work replacing the club contract (panels scoring now). Scores come from a fixed
// sequence, so every fresh demo looks the same.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { projects } from '../projects/schema';
import { users } from '../auth/schema';
import { addBid, prepareAnonymised, releaseBid } from '../evaluation/bids';
import { closeScoring, openEvaluation, publishScoringSystem } from '../evaluation/lifecycle';
import { awardDemoTender } from './tender-award';
import { addMember, createPanel } from '../evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../evaluation/membership';
import { saveScore, submitScores } from '../evaluation/scores';
import { createTender } from '../evaluation/tenders';
import { addCriterion, addSection } from '../evaluation/scoring-system';
import { bids, panelQuestions, presentations, type PanelAudience } from '../evaluation/schema';

const DAY = 86_400_000;

interface CriterionSpec {
	title: string;
	weight: string;
	price?: boolean;
	presentation?: boolean;
	guidance?: string;
}
interface SectionSpec {
	name: string;
	about: string;
	audience: PanelAudience;
	criteria: CriterionSpec[];
	/** Usernames on the section's panel (none for a price-only section). */
	panel?: string[];
	quorum?: string;
	questions?: string[];
}
interface BidSpec {
	bidderName: string;
	contactName: string;
	contactEmail: string;
	contactPhone: string;
	price: string;
	/** One answer per non-price criterion, in order: as written, with {name} where the bidder named itself. */
	answers: string[];
	/** How good the bid is, 0 to 1: scores scatter around it. */
	quality: number;
}
export interface DemoTender {
	projectSlug: string;
	title: string;
	reference: string;
	publishedDaysAgo: number;
	closesDaysAgo: number;
	contractValue: string;
	contractMonths: string;
	sections: SectionSpec[];
	bids: BidSpec[];
	/** Where the demo leaves it. */
	stage: 'evaluating' | 'moderating' | 'awarded';
	/** Scoring window, in days from now (negative is past). */
	window: [number, number];
	/** Members who haven't accepted the confidentiality statement yet (evaluating tenders). */
	notStarted?: string[];
	/** Presentation slots, days from now, one per bid. */
	presentationsInDays?: number;
	/** Scores that disagree on purpose (a wide spread for moderation): the first criterion of the member's panel. */
	disagree?: { username: string; bid: number; score: number; comment: string }[];
}

const SHORT_BREAKS: DemoTender = {
	projectSlug: 'short-breaks-for-disabled-children',
	title: 'Short breaks lot 1: overnight and weekend short breaks',
	reference: 'RBC/SB/2026/014',
	publishedDaysAgo: 150,
	closesDaysAgo: 100,
	contractValue: '1260000',
	contractMonths: '36',
	stage: 'awarded',
	window: [-95, -75],
	presentationsInDays: -85,
	sections: [
		{
			name: 'Quality of the service',
			about: 'How the service will run, keep children safe and meet each child’s needs.',
			audience: 'staff',
			criteria: [
				{ title: 'How will you plan and deliver short breaks that meet each child’s needs?', weight: '20' },
				{ title: 'How will you keep children safe, and recruit and train your staff?', weight: '15' }
			],
			panel: ['officer', 'morgan'],
			quorum: '2'
		},
		{
			name: 'What young people think',
			about: 'Scored by the young people’s panel: would children and young people enjoy these short breaks?',
			audience: 'young_people',
			criteria: [
				{ title: 'How will children and young people choose what they do on their short breaks?', weight: '10' },
				{ title: 'Presentation: tell the young people’s panel what a great short break looks like', weight: '5', presentation: true }
			],
			panel: ['jay', 'mia'],
			quorum: '2',
			questions: ['What would you do if a young person did not want to join in?', 'How will you find out what we enjoy?', 'Can we bring a friend?']
		},
		{
			name: 'What parents think',
			about: 'Scored by the parents’ panel: how the service will work with families.',
			audience: 'parents',
			criteria: [{ title: 'How will you work with families and keep them informed?', weight: '10' }],
			panel: ['priya', 'tom'],
			quorum: '2'
		},
		{
			name: 'Social value',
			about: 'What the service adds for Riverside beyond the contract.',
			audience: 'staff',
			criteria: [{ title: 'What social value will you bring to Riverside?', weight: '10' }],
			panel: ['officer', 'morgan'],
			quorum: '2'
		},
		{ name: 'Price', about: 'Lowest price / this price × 30.', audience: 'staff', criteria: [{ title: 'Price for the whole contract', weight: '30', price: true }] }
	],
	bids: [
		bid('Brightside Play Ltd', 'Sam Whitlock', 'sam.whitlock@brightsideplay.example', '020 7946 0101', '1190000', 0.82),
		bid('Harbour Family Services CIC', 'Dee Okafor', 'dee@harbourfamily.example', '020 7946 0202', '1235000', 0.7),
		bid('Oakfield Short Breaks Trust', 'Nia Patel', 'nia.patel@oakfieldtrust.example', '020 7946 0303', '1120000', 0.55),
		bid('Kite Community Care Ltd', 'Rob Hale', 'rob@kitecare.example', '020 7946 0404', '1258000', 0.62)
	]
};

const YOUTH_CLUB: DemoTender = {
	projectSlug: 'riverside-youth-club-contract',
	title: 'Riverside youth work: the service that replaces the club contract',
	reference: 'RBC/YC/2026/031',
	publishedDaysAgo: 70,
	closesDaysAgo: 20,
	contractValue: '540000',
	contractMonths: '36',
	stage: 'evaluating',
	window: [-2, 30],
	presentationsInDays: 10,
	notStarted: ['mia'],
	sections: [
		{
			name: 'Running the club',
			about: 'Opening hours, staffing, safeguarding and links with schools.',
			audience: 'staff',
			criteria: [
				{ title: 'How will you run the club, and when will it be open?', weight: '30' },
				{ title: 'How will you keep young people safe?', weight: '20' }
			],
			panel: ['officer', 'morgan'],
			quorum: '2'
		},
		{
			name: 'What young people think',
			about: 'Scored by the young people’s panel: would young people want to go to this club?',
			audience: 'young_people',
			criteria: [
				{ title: 'What will young people be able to do at the club?', weight: '10' },
				{ title: 'Presentation: show the panel why young people would come', weight: '10', presentation: true }
			],
			panel: ['jay', 'mia'],
			quorum: '2',
			questions: ['What would make someone who has never been come along?', 'How will you listen to what we want?', 'What happens if the club is too full?']
		},
		{ name: 'Price', about: 'Lowest price / this price × 30.', audience: 'staff', criteria: [{ title: 'Price for the whole contract', weight: '30', price: true }] }
	],
	bids: [
		bid('Northgate Youth Trust', 'Ali Brennan', 'ali@northgateyouth.example', '020 7946 0505', '515000', 0.74),
		bid('Canal Street Collective CIC', 'Jo Mensah', 'jo@canalstreet.example', '020 7946 0606', '498000', 0.6),
		bid('Bluebell Leisure Ltd', 'Kim Varga', 'kim.varga@bluebell-leisure.example', '020 7946 0707', '536000', 0.66)
	]
};

const HOLIDAY_CLUBS: DemoTender = {
	projectSlug: 'short-breaks-for-disabled-children',
	title: 'Short breaks lot 2: holiday and after-school clubs',
	reference: 'RBC/SB/2026/015',
	publishedDaysAgo: 90,
	closesDaysAgo: 45,
	contractValue: '900000',
	contractMonths: '36',
	stage: 'moderating',
	window: [-40, -5],
	disagree: [
		{ username: 'jay', bid: 1, score: 5, comment: 'Every child gets to choose what they do, and there is a quiet room. I would love to go.' },
		{ username: 'mia', bid: 1, score: 1, comment: 'It only says what adults will do. Nothing about what it would feel like for us.' }
	],
	sections: [
		{
			name: 'Quality of the service',
			about: 'What the clubs offer, how they include every child and keep them safe.',
			audience: 'staff',
			criteria: [
				{ title: 'How will your clubs include every child, whatever their needs?', weight: '35' },
				{ title: 'How will you keep children safe and work with their schools?', weight: '20' }
			],
			panel: ['officer', 'morgan'],
			quorum: '2'
		},
		{
			name: 'What young people think',
			about: 'Scored by the young people’s panel: would children and young people enjoy these clubs?',
			audience: 'young_people',
			criteria: [{ title: 'What would a day at your club be like?', weight: '15' }],
			panel: ['jay', 'mia'],
			quorum: '2'
		},
		{ name: 'Price', about: 'Lowest price / this price × 30.', audience: 'staff', criteria: [{ title: 'Price for the whole contract', weight: '30', price: true }] }
	],
	bids: [
		bid('Willow Play Clubs CIC', 'Ros Adeyemi', 'ros@willowplay.example', '020 7946 0808', '880000', 0.78),
		bid('SummerSpace Riverside Ltd', 'Ben Carter', 'ben.carter@summerspace-riverside.example', '020 7946 0909', '845000', 0.5),
		bid('Harbour Family Services CIC', 'Dee Okafor', 'dee@harbourfamily.example', '020 7946 0202', '899000', 0.64)
	]
};

export const DEMO_TENDERS: readonly DemoTender[] = [SHORT_BREAKS, YOUTH_CLUB, HOLIDAY_CLUBS];

/** A bid whose written answers name the bidder (as real bids do) and whose anonymised ones don't. */
function bid(bidderName: string, contactName: string, contactEmail: string, contactPhone: string, price: string, quality: number): BidSpec {
	const voice = quality > 0.7 ? 'clear, detailed' : quality > 0.6 ? 'sound' : 'brief';
	const answers = [
		`{name} will give a ${voice} plan: a named key worker for every child, activities chosen with them, and a review every term.`,
		`At {name} every worker has an enhanced DBS check and safeguarding training each year; we follow the local safeguarding partnership’s procedures.`,
		`Young people choose from a menu each month and can suggest new activities; {name} runs a youth forum that meets every half term.`,
		`Families get a weekly update by text and a named contact; {name} holds coffee mornings for parents every month.`,
		`{name} will offer apprenticeships to local young people and buy from Riverside businesses.`
	];
	return { bidderName, contactName, contactEmail, contactPhone, price, quality, answers };
}

/** Deterministic scatter in [-1, 1] from a counter. */
function wobble(n: number): number {
	const x = Math.sin(n * 12.9898) * 43758.5453;
	return (x - Math.floor(x)) * 2 - 1;
}

async function userIds(tx: Db, organisationId: string): Promise<Map<string, string>> {
	const rows = await tx.select({ id: users.id, username: users.username }).from(users).where(eq(users.organisationId, organisationId));
	return new Map(rows.map((r) => [r.username, r.id]));
}

export interface SeededTender {
	id: string;
	spec: DemoTender;
	bidIds: string[];
	officer: { id: string; organisationId: string };
}

export async function seedDemoTender(tx: Db, organisationId: string, spec: DemoTender, now: Date): Promise<SeededTender> {
	const people = await userIds(tx, organisationId);
	const actor = (username: string) => ({ id: people.get(username)!, organisationId });
	const officer = actor('officer');
	const [project] = await tx
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.organisationId, organisationId), eq(projects.slug, spec.projectSlug)));
	const day = (offset: number) => new Date(now.getTime() + offset * DAY);
	const tender = await createTender(tx, officer, project.id, {
		title: spec.title,
		reference: spec.reference,
		publishedOn: day(-spec.publishedDaysAgo).toISOString().slice(0, 10),
		closesOn: day(-spec.closesDaysAgo).toISOString().slice(0, 10),
		contractValue: spec.contractValue,
		contractMonths: spec.contractMonths
	});
	const bySection: { id: string; price: boolean }[][] = [];
	const sectionIds: string[] = [];
	for (const section of spec.sections) {
		const sectionId = await addSection(tx, officer, tender.id, { name: section.name, about: section.about, audience: section.audience });
		sectionIds.push(sectionId);
		const own: { id: string; price: boolean }[] = [];
		for (const c of section.criteria)
			own.push({
				id: await addCriterion(tx, officer, tender.id, { sectionId, title: c.title, guidance: c.guidance ?? '', weight: c.weight, price: !!c.price, presentation: !!c.presentation }),
				price: !!c.price
			});
		bySection.push(own);
	}
	const written = bySection.flat().filter((c) => !c.price);
	const bidIds: string[] = [];
	for (const b of spec.bids) {
		const answers = Object.fromEntries(written.map((c, i) => [c.id, b.answers[i % b.answers.length].replaceAll('{name}', b.bidderName)]));
		const bidId = await addBid(tx, officer, tender.id, { bidderName: b.bidderName, contactName: b.contactName, contactEmail: b.contactEmail, contactPhone: b.contactPhone, price: b.price, answers });
		for (const [i, c] of written.entries()) await prepareAnonymised(tx, officer, bidId, c.id, b.answers[i % b.answers.length].replaceAll('{name}', 'We'));
		bidIds.push(bidId);
	}
	for (const id of bidIds) await releaseBid(tx, officer, id);

	const [opensIn, closesIn] = spec.window;
	const panelIds: { panelId: string; members: string[]; criteria: string[] }[] = [];
	for (const [i, section] of spec.sections.entries()) {
		if (!section.panel) continue;
		const panelId = await createPanel(tx, officer, tender.id, sectionIds[i], {
			quorum: section.quorum ?? '2',
			opensAt: day(opensIn).toISOString(),
			closesAt: day(closesIn).toISOString()
		});
		for (const username of section.panel) await addMember(tx, officer, panelId, people.get(username)!);
		panelIds.push({ panelId, members: section.panel, criteria: bySection[i].filter((c) => !c.price).map((c) => c.id) });
		for (const [position, question] of (section.questions ?? []).entries())
			await tx.insert(panelQuestions).values({ id: newId(), panelId, position: position + 1, question, createdBy: people.get('champion')! });
	}
	// Slots in letter order (letters are random), never in the order the bids were entered.
	const byLetter = (await tx.select({ id: bids.id, label: bids.label }).from(bids).where(eq(bids.tenderId, tender.id))).sort((a, b) => a.label.localeCompare(b.label)).map((b) => b.id);
	if (spec.presentationsInDays !== undefined)
		for (const [i, id] of byLetter.entries())
			await tx.insert(presentations).values({ id: newId(), bidId: id, startsAt: new Date(day(spec.presentationsInDays).setUTCHours(9 + i * 2, 0, 0, 0)), place: 'Riverside Youth Hub, meeting room 2' });
	await publishScoringSystem(tx, officer, tender.id, day(-spec.publishedDaysAgo));
	await openEvaluation(tx, officer, tender.id);

	// Members score: past tenders completely, the live one only for those who have started.
	const scoringDay = spec.stage === 'evaluating' ? now : day(Math.round((opensIn + closesIn) / 2));
	let n = 1;
	for (const { panelId, members, criteria: ids } of panelIds) {
		for (const username of members) {
			if (spec.notStarted?.includes(username)) continue;
			await acceptConfidentiality(tx, actor(username), panelId, scoringDay);
			await declareInterests(tx, actor(username), panelId, { hasInterest: false, details: '' }, scoringDay);
			if (spec.stage === 'evaluating' && username !== 'officer') continue;
			for (const [b, bidId] of bidIds.entries()) {
				for (const [c, criterionId] of ids.entries()) {
					const chosen = c === 0 ? spec.disagree?.find((d) => d.username === username && d.bid === b) : undefined;
					const score = chosen?.score ?? Math.max(0, Math.min(5, Math.round(spec.bids[b].quality * 5 + wobble(n++) * 1.2)));
					await saveScore(tx, actor(username), panelId, { bidId, criterionId, score, comment: chosen?.comment ?? '' }, scoringDay);
				}
				if (spec.stage !== 'evaluating') await submitScores(tx, actor(username), panelId, bidId, scoringDay);
			}
		}
	}
	if (spec.stage !== 'evaluating') await closeScoring(tx, officer, tender.id);
	return { id: tender.id, spec, bidIds, officer };
}

export async function seedDemoTenders(tx: Db, organisationId: string, now = new Date()): Promise<SeededTender[]> {
	const seeded: SeededTender[] = [];
	for (const spec of DEMO_TENDERS) seeded.push(await seedDemoTender(tx, organisationId, spec, now));
	for (const tender of seeded.filter((s) => s.spec.stage === 'awarded')) await awardDemoTender(tx, tender, now);
	return seeded;
}
