import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { publishAward, recordAward } from '../../src/lib/server/evaluation/award';
import { publishScoringSystem } from '../../src/lib/server/evaluation/lifecycle';
import { tenderAnchor } from '../../src/lib/server/evaluation/public';
import { atomFeed } from '../../src/lib/server/publishing/open-data';
import { feedEntries, portalHome, publicProject, publicProjectPreview, publicProjectsList } from '../../src/lib/server/publishing/portal';
import { publishProject, withdrawProject } from '../../src/lib/server/publishing/publish';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { quickProject } from '../helpers/projects';
import { quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { awardFixture, awardInput, BIDDERS, NOW, type AwardFixture } from './award-fixture';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let slug: string;
let projectId: string;
let f: AwardFixture;

/** Every public output at once: the project page data, the list, the home page and the feed. */
async function everythingPublic(): Promise<string> {
	const [project, list, home, feed] = await Promise.all([publicProject(db, slug), publicProjectsList(db), portalHome(db), feedEntries(db)]);
	return JSON.stringify({ project, list, home }) + atomFeed(feed, 'https://example.org');
}

/** Everything identifying any bidder except, when given, the published winner's name. */
function identities(except?: string): string[] {
	return Object.values(BIDDERS).flatMap((b) => [b.bidderName, b.contactName, b.contactEmail, b.contactPhone, b.contactEmail.split('@')[1]].filter((s) => s !== except));
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const org = await makeOrganisation(db, 'Northfield Council');
	officer = await quickUser(db, org, ['officer']);
	projectId = await quickProject(db, officer, 'Short breaks for disabled children');
	const [row] = await rows<{ slug: string }>(db, `select slug from projects where id = '${projectId}'`);
	slug = row.slug;
	await publishProject(db, officer, projectId, NOW);
	f = await awardFixture(db, officer, projectId, 'RBC/SB/2026/014');
}, 60_000);
afterAll(async () => t?.close());

describe('a tender on the public project page', () => {
	it('is not shown until its scoring system is published', async () => {
		expect((await publicProject(db, slug))!.tenders).toEqual([]);
	});

	it('shows the published scoring system: scale with descriptors, sections with weights and who scores them, criteria', async () => {
		await publishScoringSystem(db, officer, f.tenderId, NOW);
		const [tender] = (await publicProject(db, slug))!.tenders;
		expect(tender).toMatchObject({
			anchor: 'tender-rbc-sb-2026-014',
			title: 'Short breaks RBC/SB/2026/014',
			reference: 'RBC/SB/2026/014',
			publishedOn: '2026-01-05',
			closesOn: '2026-02-20',
			contractMonths: 36,
			award: null
		});
		expect(tender.scale).toEqual({
			min: 0,
			max: 5,
			points: ['No answer', 'Very poor', 'Poor', 'Acceptable', 'Good', 'Excellent'].map((descriptor, score) => ({ score, descriptor }))
		});
		expect(tender.sections.map((s) => [s.name, s.weight, s.scoredBy, s.criteria.map((c) => [c.weight, c.price])])).toEqual([
			['Quality', 60, null, [[40, false], [20, false]]],
			['What young people think', 10, 'Scored by young people', [[10, false]]],
			['Price', 30, null, [[30, true]]]
		]);
		expect(tenderAnchor('RBC/SB/2026/014')).toBe('tender-rbc-sb-2026-014');
	});

	it('names no bidder while the award is recorded but not published, anywhere public', async () => {
		await recordAward(db, officer, f.tenderId, awardInput(f.bids.x), NOW);
		const project = await publicProject(db, slug);
		expect(project!.tenders[0].award).toBeNull();
		const everything = await everythingPublic();
		for (const s of identities()) expect(everything, s).not.toContain(s);
		expect(everything).not.toContain('Contract awarded');
		// The staff preview is exactly what the public sees: no winner yet either.
		expect(JSON.stringify(await publicProjectPreview(db, officer.organisationId, projectId))).not.toContain(BIDDERS.x.bidderName);
	});

	it('names the winner, value and dates once published, and never any other bidder', async () => {
		await publishAward(db, officer, f.tenderId, NOW);
		const project = await publicProject(db, slug);
		expect(project!.tenders[0].award).toEqual({
			winner: BIDDERS.x.bidderName,
			valuePence: 10_000_000,
			startsOn: '2026-04-01',
			endsOn: '2029-03-31',
			decidedOn: '2026-03-10',
			publishedAt: NOW.toISOString()
		});
		const everything = await everythingPublic();
		expect(everything).toContain(BIDDERS.x.bidderName);
		for (const s of identities(BIDDERS.x.bidderName)) expect(everything, s).not.toContain(s);
		// Nothing else about the award or the bids: no approver, reason, prices, letters or ids.
		for (const s of ['Senior leadership team', 'highest-scoring', f.bids.x, f.bids.y, f.tenderId, '8000000', '12500000']) expect(everything, s).not.toContain(s);
	});

	it('puts the published award in the feed, linking to the tender on the project page', async () => {
		const entry = (await feedEntries(db)).find((e) => e.title.startsWith('Contract awarded'));
		expect(entry).toEqual({
			path: `/projects/${slug}#tender-rbc-sb-2026-014`,
			title: 'Contract awarded: Short breaks RBC/SB/2026/014',
			summary: `${BIDDERS.x.bidderName} won Short breaks RBC/SB/2026/014 (RBC/SB/2026/014), worth £100,000, running from 1 April 2026 to 31 March 2029.`,
			published: NOW.toISOString(),
			updated: NOW.toISOString()
		});
	});

	it('disappears with its project when the project is withdrawn', async () => {
		await withdrawProject(db, officer, projectId, NOW);
		expect(await publicProject(db, slug)).toBeNull();
		expect(await everythingPublic()).not.toContain(BIDDERS.x.bidderName);
		await publishProject(db, officer, projectId, NOW);
	});

	it('reads bidder identity only for a published award’s winner (public.ts, by its source)', () => {
		const code = readFileSync('src/lib/server/evaluation/public.ts', 'utf8')
			.split('\n')
			.filter((line) => !line.trim().startsWith('//') && !line.trim().startsWith('/**') && !line.trim().startsWith('*'))
			.join('\n');
		for (const banned of ['contactName', 'contactEmail', 'contactPhone', 'answerText', 'anonymisedText', 'explanation', 'pricePence', 'rationale', 'approvedBy', '.select()', 'from(bids)', "from './bids'"])
			expect(code, banned).not.toContain(banned);
		// Each query that reads a bidder's name requires a published award.
		const reads = code.split('bidIdentities.bidderName').length - 1;
		expect(reads).toBe(2);
		expect(code.split('isNotNull(awards.publishedAt)').length - 1).toBe(reads);
	});
});
