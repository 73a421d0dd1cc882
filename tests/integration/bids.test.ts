import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { addBid, anonymisationReport, assignLabels, listBidsForOfficer, prepareAnonymised, releaseBid, type BidInput } from '../../src/lib/server/evaluation/bids';
import { labelFor } from '../../src/lib/server/evaluation/labels';
import { panelBids } from '../../src/lib/server/evaluation/panel-view';
import { bids, tenders } from '../../src/lib/server/evaluation/schema';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickProject } from '../helpers/projects';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let officerB: Person;
let projectId: string;
let tenderSeq = 0;

const BIDDERS = [
	{ bidderName: 'Brightwater Youth Trust Ltd', contactName: 'Ottoline Quarrington', contactEmail: 'ottoline@brightwater-youth.org.uk', contactPhone: '01632 960 184', price: '98,500' },
	{ bidderName: 'Zephyrine Care Partnership CIC', contactName: 'Barnaby Featherstonehaugh', contactEmail: 'b.feather@zephyrine.co.uk', contactPhone: '+44 1632 960 777', price: '101250.50' },
	{ bidderName: 'Kestrelmoor Family Services', contactName: 'Philippa Ashcombe-Vance', contactEmail: 'pav@kestrelmoor.example', contactPhone: '07700 900123', price: '' }
];
/** Everything identifying, as typed and as stored, that must never reach a panel. */
const SECRETS = BIDDERS.flatMap((b) => [b.bidderName, 'Brightwater', 'Zephyrine', 'Kestrelmoor', b.contactName, b.contactEmail, b.contactPhone]).concat(['9850000', '10125050', '98500', '101250']);

interface Setup {
	tenderId: string;
	quality: string;
	young: string;
	q1: string;
	y1: string;
	y2: string;
	price: string;
}

/** Quality 45 (staff), young people 15 (one written, one presentation criterion), price 40. */
async function setUpTender(): Promise<Setup> {
	tenderSeq += 1;
	const tender = await createTender(db, officer, projectId, {
		title: 'Short breaks',
		reference: `RBC/B/${tenderSeq}`,
		publishedOn: '2026-12-01',
		closesOn: '2027-01-20',
		contractValue: '1260000',
		contractMonths: '36'
	});
	const crit = (sectionId: string, title: string, weight: string, over: Partial<{ price: boolean; presentation: boolean }> = {}) =>
		addCriterion(db, officer, tender.id, { sectionId, title, guidance: `Guidance for ${title}`, weight, price: false, presentation: false, ...over });
	const quality = await addSection(db, officer, tender.id, { name: 'Quality', about: '', audience: 'staff' });
	const young = await addSection(db, officer, tender.id, { name: 'Young people’s section', about: '', audience: 'young_people' });
	const priceSection = await addSection(db, officer, tender.id, { name: 'Price', about: '', audience: 'staff' });
	const q1 = await crit(quality, 'How will you keep children safe?', '45');
	const y1 = await crit(young, 'What makes a good break?', '10');
	const y2 = await crit(young, 'Your presentation', '5', { presentation: true });
	const price = await crit(priceSection, 'Price', '40', { price: true });
	return { tenderId: tender.id, quality, young, q1, y1, y2, price };
}

function bidInput(i: number, s: Setup, over: Partial<BidInput> = {}): BidInput {
	const b = BIDDERS[i];
	return {
		...b,
		answers: {
			[s.q1]: `At ${b.bidderName} our safeguarding lead ${b.contactName} (${b.contactEmail}) checks every carer.`,
			[s.y1]: `Children at ${b.bidderName.split(' ')[0]} choose their own activities. Call ${b.contactPhone}.`
		},
		...over
	};
}

async function counts(): Promise<number[]> {
	const out: number[] = [];
	for (const table of ['bids', 'bid_identities', 'bid_answers', 'audit_log']) out.push(Number((await rows<{ n: number }>(db, `select count(*)::int as n from ${table}`))[0].n));
	return out;
}

async function labelsOf(tenderId: string): Promise<string[]> {
	return (await listBidsForOfficer(db, officer.organisationId, tenderId)).map((b) => b.label);
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	officerB = await quickUser(db, orgB, ['officer']);
	projectId = await quickProject(db, officer);
});
afterAll(async () => t?.close());

describe('entering bids', () => {
	it('stores identity, price and answers; officers see them; the audit holds ids only', async () => {
		const s = await setUpTender();
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			ids.push(await addBid(db, officer, s.tenderId, bidInput(i, s)));
			// After every addition the letters are exactly A.. for the bids so far.
			expect((await labelsOf(s.tenderId)).sort()).toEqual(['A', 'B', 'C'].slice(0, i + 1));
		}
		const list = await listBidsForOfficer(db, officer.organisationId, s.tenderId);
		expect(list.map((b) => b.label)).toEqual(['A', 'B', 'C']);
		const first = list.find((b) => b.bidId === ids[0])!;
		expect(first).toMatchObject({ bidderName: 'Brightwater Youth Trust Ltd', contactEmail: 'ottoline@brightwater-youth.org.uk', pricePence: 9_850_000, released: false });
		expect(list.find((b) => b.bidId === ids[1])!.pricePence).toBe(10_125_050);
		expect(list.find((b) => b.bidId === ids[2])!.pricePence).toBeNull();
		const audit = (await auditFor(db, 'bid.added')).filter((a) => ids.includes(a.targetId!));
		expect(audit).toHaveLength(3);
		const auditText = JSON.stringify(audit);
		for (const secret of SECRETS.slice(0, 21)) expect(auditText).not.toContain(secret);
	});

	it('deals letters at random, not in entry order, and only before any bid is released', async () => {
		expect([0, 1, 25, 26, 27, 701, 702].map(labelFor)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
		const s = await setUpTender();
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) ids.push(await addBid(db, officer, s.tenderId, bidInput(i, s)));
		const seen = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
		for (let round = 0; round < 40; round++) {
			await assignLabels(db, officer, s.tenderId);
			const list = await listBidsForOfficer(db, officer.organisationId, s.tenderId);
			expect(list.map((b) => b.label)).toEqual(['A', 'B', 'C']);
			for (const b of list) seen.get(b.bidId)!.add(b.label);
		}
		// Over 40 deals every bid, the first entered included, has had more than one letter.
		for (const id of ids) expect(seen.get(id)!.size).toBeGreaterThan(1);
		expect((await auditFor(db, 'bid.labels_assigned')).filter((a) => a.targetId === s.tenderId)).toHaveLength(40);
		await expect(assignLabels(db, officerB, s.tenderId)).rejects.toThrow('That tender does not exist.');
	});

	it('refuses bad input with the field named, writing nothing', async () => {
		const s = await setUpTender();
		const before = await counts();
		const cases: [Partial<BidInput>, string][] = [
			[{ bidderName: 'x'.repeat(201) }, 'bidderName'],
			[{ bidderName: '   ' }, 'bidderName'],
			[{ contactName: 'Ottoline\u0000' }, 'contactName'],
			[{ contactEmail: 'not an email' }, 'contactEmail'],
			[{ contactEmail: `${'a'.repeat(250)}@x.uk` }, 'contactEmail'],
			[{ contactPhone: 'ring me' }, 'contactPhone'],
			[{ contactPhone: '0'.repeat(41) }, 'contactPhone'],
			[{ price: 'lots' }, 'price'],
			[{ price: '0' }, 'price'],
			[{ answers: { [s.q1]: 'x'.repeat(20_001) } }, `answers.${s.q1}`],
			[{ answers: { [s.y1]: 'Fine\u0000' } }, `answers.${s.y1}`],
			[{ answers: { aaaaaaaaaaaaaaaa: 'An answer to nothing.' } }, 'answers'],
			[{ answers: { [s.price]: '£98,500' } }, `answers.${s.price}`]
		];
		for (const [over, field] of cases) await expectInputError(addBid(db, officer, s.tenderId, bidInput(0, s, over)), field);
		expect(await counts()).toEqual(before);
		// A criterion of another tender is unknown here too.
		const other = await setUpTender();
		const afterOther = await counts();
		await expectInputError(addBid(db, officer, s.tenderId, bidInput(0, s, { answers: { [other.q1]: 'Hello' } })), 'answers');
		expect(await counts()).toEqual(afterOther);
		expect(afterOther.slice(0, 3)).toEqual(before.slice(0, 3));
		// Another council's officer can't add to this tender.
		await expect(addBid(db, officerB, s.tenderId, bidInput(0, s))).rejects.toThrow('That tender does not exist.');
		expect(await counts()).toEqual(afterOther);
		// Nor can anyone once moderation has started.
		await db.update(tenders).set({ status: 'moderating' }).where(eq(tenders.id, s.tenderId));
		await expectInputError(addBid(db, officer, s.tenderId, bidInput(0, s)));
		expect(await counts()).toEqual(afterOther);
	});
});

describe('anonymising and releasing bids', () => {
	it('blocks release while an answer is missing or names the bidder, and allows it once clean', async () => {
		const s = await setUpTender();
		const id = await addBid(db, officer, s.tenderId, bidInput(0, s));
		let report = await anonymisationReport(db, officer.organisationId, id);
		expect(report.items.map((i) => [i.criterionId, i.required, i.hasAnonymisedText])).toEqual([
			[s.q1, true, false],
			[s.y1, true, false],
			[s.y2, false, false] // a presentation criterion with no written answer
		]);
		const missing = await expectInputError(releaseBid(db, officer, id));
		expect(missing.message).toMatch(/can’t go to the panels yet: prepare the anonymised answer to “How will you keep children safe\?” \(and 1 more to do\)\.$/);

		await prepareAnonymised(db, officer, id, s.q1, 'Our safeguarding lead checks every carer.');
		await prepareAnonymised(db, officer, id, s.y1, 'Children at Brightwater choose; call 01632 960184 or see www.example.org.');
		report = await anonymisationReport(db, officer.organisationId, id);
		const y1 = report.items.find((i) => i.criterionId === s.y1)!;
		expect(y1.traces.map((tr) => tr.kind)).toEqual(['bidder name', 'phone', 'web address']);
		const traced = await expectInputError(releaseBid(db, officer, id));
		expect(traced.message).toContain('remove what identifies the bidder from the answer to “What makes a good break?” (3 places highlighted)');
		expect(traced.message).not.toContain('Brightwater');
		expect((await listBidsForOfficer(db, officer.organisationId, s.tenderId))[0].released).toBe(false);

		await prepareAnonymised(db, officer, id, s.y1, 'Children choose their own activities.');
		expect((await anonymisationReport(db, officer.organisationId, id)).ready).toBe(true);
		await releaseBid(db, officer, id);
		expect((await listBidsForOfficer(db, officer.organisationId, s.tenderId))[0].released).toBe(true);
		expect((await auditFor(db, 'bid.released')).some((a) => a.targetId === id)).toBe(true);

		// Released: the letters are frozen, no more bids, and answers may change only to clean text.
		await expectInputError(assignLabels(db, officer, s.tenderId));
		await expectInputError(addBid(db, officer, s.tenderId, bidInput(1, s)));
		await expectInputError(prepareAnonymised(db, officer, id, s.y1, 'Ask Ottoline Quarrington.'), 'anonymisedText');
		await prepareAnonymised(db, officer, id, s.y1, 'Children choose their own activities, every week.');
	});

	it('refuses empty, oversized or NUL text, price criteria, other tenders’ criteria and other councils', async () => {
		const s = await setUpTender();
		const other = await setUpTender();
		const id = await addBid(db, officer, s.tenderId, bidInput(1, s));
		const before = await counts();
		await expectInputError(prepareAnonymised(db, officer, id, s.q1, '   '), 'anonymisedText');
		await expectInputError(prepareAnonymised(db, officer, id, s.q1, 'x'.repeat(20_001)), 'anonymisedText');
		await expectInputError(prepareAnonymised(db, officer, id, s.q1, 'Fine\u0000'), 'anonymisedText');
		await expectInputError(prepareAnonymised(db, officer, id, s.price, 'Cheap'), 'criterionId');
		await expectInputError(prepareAnonymised(db, officer, id, other.q1, 'Elsewhere'), 'criterionId');
		await expect(prepareAnonymised(db, officerB, id, s.q1, 'Sneaky')).rejects.toThrow('That bid does not exist.');
		await expect(anonymisationReport(db, officerB.organisationId, id)).rejects.toThrow('That bid does not exist.');
		await expect(releaseBid(db, officerB, id)).rejects.toThrow('That bid does not exist.');
		await expect(listBidsForOfficer(db, officerB.organisationId, s.tenderId)).rejects.toThrow('That tender does not exist.');
		expect(await counts()).toEqual(before);
	});
});

describe('what panels may read', () => {
	it('only released bids, only the section’s criteria, and nothing that identifies a bidder', async () => {
		const s = await setUpTender();
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) ids.push(await addBid(db, officer, s.tenderId, bidInput(i, s)));
		for (const id of ids.slice(0, 2)) {
			await prepareAnonymised(db, officer, id, s.q1, 'We check every carer before they start.');
			await prepareAnonymised(db, officer, id, s.y1, 'Children choose their own activities.');
			await releaseBid(db, officer, id);
		}
		expect(await panelBids(db, s.tenderId, s.young)).toHaveLength(2);
		const labels = new Map((await listBidsForOfficer(db, officer.organisationId, s.tenderId)).map((b) => [b.bidId, b.label]));

		const young = await panelBids(db, s.tenderId, s.young);
		expect(young.map((b) => b.bidId).sort()).toEqual(ids.slice(0, 2).sort());
		expect(young.map((b) => b.label)).toEqual(young.map((b) => labels.get(b.bidId)).sort());
		for (const bid of young) {
			expect(Object.keys(bid).sort()).toEqual(['answers', 'bidId', 'label']);
			expect(bid.answers).toEqual([
				{ criterionId: s.y1, title: 'What makes a good break?', guidance: 'Guidance for What makes a good break?', anonymisedText: 'Children choose their own activities.' },
				{ criterionId: s.y2, title: 'Your presentation', guidance: 'Guidance for Your presentation', anonymisedText: null }
			]);
		}
		const quality = await panelBids(db, s.tenderId, s.quality);
		expect(quality.flatMap((b) => b.answers.map((a) => a.criterionId))).toEqual([s.q1, s.q1]);

		const everything = JSON.stringify([young, quality]);
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
		expect(everything).not.toContain(ids[2]);
		expect(everything).not.toContain('safeguarding lead'); // the bidders' own answer text

		// A section of another tender is refused, not read.
		const other = await setUpTender();
		await expectInputError(panelBids(db, s.tenderId, other.young));
		// Unreleasing by hand shows the filter is on releasedAt.
		await db.update(bids).set({ releasedAt: null }).where(eq(bids.id, ids[0]));
		expect((await panelBids(db, s.tenderId, s.young)).map((b) => b.bidId)).toEqual([ids[1]]);
	});

	it('panel-view.ts never names identity columns, the bidder’s answer text or the price', () => {
		const code = readFileSync('src/lib/server/evaluation/panel-view.ts', 'utf8')
			.split('\n')
			.filter((line) => !line.trim().startsWith('//') && !line.trim().startsWith('/**') && !line.trim().startsWith('*'))
			.join('\n');
		for (const banned of ['bidIdentities', 'bid_identities', 'answerText', 'answer_text', 'pricePence', 'price_pence', 'releasedAt:', 'createdAt', '.select()', "from './bids'"])
			expect(code, banned).not.toContain(banned);
	});

	it('panel-facing pages and modules never import bids.ts, nor name identity columns, answer text or prices', () => {
		const walk = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|svelte)$/.test(e.name) ? [join(dir, e.name)] : []));
		const pages = ['src/routes/(account)/panels', 'src/routes/(participant)/me', 'src/lib/components/panel'].flatMap(walk);
		const modules = ['member-pages.ts', 'presentations.ts', 'scores.ts', 'panels.ts', 'membership.ts'].map((f) => `src/lib/server/evaluation/${f}`);
		expect(pages.length).toBeGreaterThan(5);
		const banned = ['bidIdentities', 'bid_identities', 'bidderName', 'contactEmail', 'answerText', 'answer_text', 'pricePence', 'price_pence', 'bidAnswers', "from './bids'", 'evaluation/bids'];
		// Officers' modules: the evaluation input (prices, every score) and the slot places (checked against identities).
		const officersOnly = ["from './evaluation-input'", "from './presentation-slots'", 'evaluation/evaluation-input', 'evaluation/presentation-slots'];
		for (const file of [...pages, ...modules]) {
			const code = readFileSync(file, 'utf8');
			for (const word of [...banned, ...officersOnly]) expect(code, `${file}: ${word}`).not.toContain(word);
		}
		// The domain modules members reach read bids only through panel-view.ts: they don't even import the bids table.
		for (const file of modules) expect(readFileSync(file, 'utf8'), file).not.toMatch(/import \{[^}]*\bbids\b[^}]*\} from '\.\/schema'/);
	});
});
