// Mystery-shopping findings: only approved reports count, scores by theme and quarter, small
// groups hidden, shopper names taken out of comments, other councils' contracts refused; and the
// public summary's rules (drafted by champions, published by officers, never with a name in it).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { contractFindings, findingsFor } from '../../src/lib/server/mystery-shopping/findings';
import { findingsCsv } from '../../src/lib/server/mystery-shopping/findings-export';
import { quarterLabel, quartersBetween, scoreTables, whenWords, type FindingsCell, type ReportScores } from '../../src/lib/server/mystery-shopping/findings-themes';
import { shoppingEvidence } from '../../src/lib/server/mystery-shopping/evidence';
import { gatherEvidence, participationCounts } from '../../src/lib/server/projects/evidence';
import { publishSummary, saveSummary, suggestedSummary, summaryPage, unpublishSummary, whoWent } from '../../src/lib/server/mystery-shopping/public-summary';
import { findName, nameWords, NAME_REMOVED, redactNames } from '../../src/lib/server/mystery-shopping/redact';
import { reportRatings, shoppingProgrammes, shoppingReports } from '../../src/lib/server/mystery-shopping/schema';
import { organisations } from '../../src/lib/server/organisations/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { allCounts, auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let officer: Person;
let outsider: Person;
let projectId: string;
let contractId: string;
let programmeId: string;
let itemIds: string[];
const shoppers: Record<string, Person> = {};

/** Ratings in the default checklist's order: first contact, welcome, accessibility, information, environment, overall, recommend. */
type Ratings = (number | null)[];
async function report(
	visitId: string,
	shopper: Person,
	visitedOn: string,
	ratings: Ratings,
	options: { status?: 'submitted' | 'approved' | 'returned'; items?: string[]; comments?: Record<number, string>; wentWell?: string; couldBeBetter?: string; otherComments?: string } = {}
) {
	const id = newId();
	await db.insert(shoppingReports).values({
		id,
		visitId,
		shopperId: shopper.id,
		idempotencyKey: newId(),
		visitedOn,
		wentWell: options.wentWell ?? '',
		couldBeBetter: options.couldBeBetter ?? '',
		otherComments: options.otherComments ?? '',
		status: options.status ?? 'approved',
		reviewedAt: options.status === 'submitted' ? null : new Date(),
		reviewedBy: options.status === 'submitted' ? null : officer.id
	});
	const items = options.items ?? itemIds;
	await db.insert(reportRatings).values(ratings.map((rating, i) => ({ reportId: id, itemId: items[i], rating, comment: options.comments?.[i] ?? '' })));
	return id;
}

const R: Record<string, Ratings> = {
	r1: [4, 5, 3, 4, 4, 4, 5],
	r2: [3, 5, 3, 4, 4, 4, 4],
	r3: [4, 4, 2, 5, 4, 4, 4],
	r4: [5, 5, 3, 4, 4, 5, 5],
	r5: [4, 5, null, 4, 4, 4, 4],
	r6: [3, 4, 3, 3, 4, 4, 4],
	r7: [2, 4, 3, 3, 4, 3, 3],
	r8: [3, 4, 2, 4, 4, 3, 4]
};
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/**
 * Whether a reader could work a hidden cell's count back out: with the all-visits count shown,
 * one hidden cell is the total less the shown ones; several hidden ones adding up to fewer than
 * the threshold are a small group between them.
 */
function recoverable(row: { all: FindingsCell; byPeriod: FindingsCell[] }, threshold: number): boolean {
	if (row.all.reports.suppressed) return false;
	const hidden = row.byPeriod.filter((c) => c.reports.suppressed);
	if (row.byPeriod.some((c) => c.reports.suppressed !== (c.mean === null) && c.reports.value !== 0)) return true;
	if (!hidden.length) return false;
	const hiddenSum = row.all.reports.value - row.byPeriod.reduce((s, c) => s + (c.reports.value ?? 0), 0);
	return hidden.length === 1 || (hiddenSum > 0 && hiddenSum < threshold);
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db, 'Findings Council');
	officer = await quickUser(db, org, ['officer']);
	const people: [string, string, string][] = [
		['aisha', 'Aisha', 'aisha-y'],
		['ben', 'Ben Carter', 'bcarter'],
		['tom', 'Tom', 'tom-k'],
		['chris', 'Chris Park', 'chris_p'],
		['dana', 'Dana', 'dana1'],
		['eli', 'Eli', 'eli2'],
		['zed', 'Zed', 'zed-q']
	];
	for (const [key, displayName, username] of people) shoppers[key] = await quickUser(db, org, ['young_person'], { displayName, username });
	projectId = await quickProject(db, officer, 'Youth counselling');
	contractId = await quickContract(db, officer, projectId);
	({ programmeId, itemIds } = await quickProgramme(db, officer, contractId));
	const { aisha, ben, tom, chris, dana, eli, zed } = shoppers;
	const v1 = await quickVisit(db, officer, programmeId, [aisha.id, ben.id], { windowFrom: '2026-01-15', windowTo: '2026-01-31' });
	const v2 = await quickVisit(db, officer, programmeId, [tom.id, chris.id], { windowFrom: '2026-02-01', windowTo: '2026-02-28' });
	const v3 = await quickVisit(db, officer, programmeId, [dana.id, eli.id], { windowFrom: '2026-03-01', windowTo: '2026-03-31' });
	const v4 = await quickVisit(db, officer, programmeId, [aisha.id, tom.id, zed.id], { windowFrom: '2026-05-01', windowTo: '2026-05-31' });
	const v5 = await quickVisit(db, officer, programmeId, [ben.id, chris.id], { windowFrom: '2026-06-01', windowTo: '2026-06-30' });
	await report(v1, aisha, '2026-01-20', R.r1, { comments: { 1: 'They spoke to Ben and me, not just the youth worker.' }, wentWell: 'The receptionist smiled at AISHA straight away.' });
	await report(v1, ben, '2026-01-20', R.r2, { comments: { 1: 'Friendly, and Ben Carter got a leaflet too.' }, couldBeBetter: 'The sign outside is hard to see.' });
	await report(v2, tom, '2026-02-14', R.r3, { couldBeBetter: 'Tomorrow’s sessions were not on the board.', otherComments: 'chris_p thought the music was too loud.' });
	await report(v2, chris, '2026-02-14', R.r4, { wentWell: 'Zed said the chairs were comfy.' });
	await report(v3, dana, '2026-03-10', R.r5, { comments: { 2: 'We didn’t try the lift.' } });
	await report(v3, eli, '2026-03-10', R.r6, { otherComments: '=HYPERLINK("http://x") was written on the board.' });
	await report(v4, aisha, '2026-05-05', R.r7, { couldBeBetter: 'Nobody explained what happens next.' });
	await report(v4, tom, '2026-05-05', R.r8);
	// Not approved: never counted, however they rate.
	await report(v5, ben, '2026-06-03', [1, 1, 1, 1, 1, 1, 1], { status: 'submitted', wentWell: 'SUBMITTED-ONLY comment' });
	await report(v5, chris, '2026-06-03', [1, 1, 1, 1, 1, 1, 1], { status: 'returned', wentWell: 'RETURNED-ONLY comment' });
	// Another contract of the same council: its reports belong to its own findings.
	const otherContract = await quickContract(db, officer, projectId, { title: 'Another service' });
	const other = await quickProgramme(db, officer, otherContract, { title: 'Other service checks' });
	const v6 = await quickVisit(db, officer, other.programmeId, [dana.id], { windowFrom: '2026-04-01', windowTo: '2026-04-30' });
	await report(v6, dana, '2026-04-10', [1, 1, 1, 1, 1, 1, 1], { items: other.itemIds, wentWell: 'OTHER-CONTRACT comment' });

	const otherOrg = await makeOrganisation(db, 'Elsewhere Council');
	outsider = await quickUser(db, otherOrg, ['officer']);
}, 120_000);
afterAll(async () => {
	await t?.close();
});

describe('findings', () => {
	it('counts only approved reports of this contract, by visit and report', async () => {
		const { findings } = await contractFindings(db, org, contractId);
		expect(findings.visits).toBe(4);
		expect(findings.reports.display).toBe('8');
		expect(findings.when).toBe('between January and May 2026');
		expect(findings.programmes.map((p) => p.title)).toEqual(['Young inspectors 2026']);
		expect(findings.scenarios).toEqual(['Asking about the drop-in']);
		const all = JSON.stringify(findings);
		for (const leftOut of ['SUBMITTED-ONLY', 'RETURNED-ONLY', 'OTHER-CONTRACT']) expect(all).not.toContain(leftOut);
	});

	it('gives each theme the mean of its reports, counting a "didn’t see this" as no rating', async () => {
		const { findings } = await contractFindings(db, org, contractId);
		const byTheme = Object.fromEntries(findings.themes.map((th) => [th.theme, th]));
		expect(findings.themes.map((th) => th.theme)).toEqual(['first_contact', 'welcome', 'accessibility', 'information', 'environment', 'overall', 'recommend']);
		const column = (i: number) => Object.values(R).map((r) => r[i]).filter((x): x is number => x !== null);
		findings.themes.forEach((th, i) => expect(th.all.mean, th.theme).toBe(oneDecimal(avg(column(i)))));
		expect(byTheme.welcome.all.mean).toBe(4.5);
		expect(byTheme.accessibility.all).toMatchObject({ mean: 2.7, reports: { display: '7' } });
		// Each report's own average, then the mean of those.
		const overall = oneDecimal(avg(Object.values(R).map((r) => avg(r.filter((x): x is number => x !== null)))));
		expect(findings.overall.mean).toBe(overall);
	});

	it('shows the spread of ratings only when no rating is a small group', async () => {
		const { findings } = await contractFindings(db, org, contractId);
		const byTheme = Object.fromEntries(findings.themes.map((th) => [th.theme, th]));
		// Every environment rating was 4: one group of 8.
		expect(byTheme.environment.distribution?.map((c) => c.display)).toEqual(['0', '0', '0', '8', '0']);
		// Welcome: four 4s and four 5s, both under 5: the spread is hidden, the mean is not.
		expect(byTheme.welcome.distribution).toBeNull();
		expect(byTheme.welcome.all.mean).toBe(4.5);
	});

	it('groups by quarter and hides a quarter built from fewer reports than the threshold', async () => {
		const { findings } = await contractFindings(db, org, contractId);
		expect(findings.periods).toEqual([
			{ key: '2026-Q1', label: 'January to March 2026', visits: 3 },
			{ key: '2026-Q2', label: 'April to June 2026', visits: 1 }
		]);
		// Welcome: 8 reports, mean 4.5 across all visits; 6 in the first quarter, 2 in the second.
		// Showing the first quarter (6 reports, mean 4.7) would give the second away: 8 − 6 = 2
		// reports, 36 − 28 = 8 points, a mean of 4.0. So the first quarter is hidden with it.
		const welcome = findings.themes.find((th) => th.theme === 'welcome')!;
		expect(welcome.all).toMatchObject({ mean: 4.5, reports: { display: '8' } });
		expect(welcome.byPeriod).toEqual([
			{ mean: null, reports: { suppressed: true, value: null, display: 'not shown' } },
			{ mean: null, reports: { suppressed: true, value: null, display: 'not shown' } }
		]);
		expect(findings.overallByPeriod.every((c) => c.mean === null && c.reports.suppressed)).toBe(true);
		// No row anywhere leaves one small quarter to be worked out from the all-visits figures.
		for (const row of [{ all: findings.overall, byPeriod: findings.overallByPeriod }, ...findings.themes]) expect(recoverable(row, findings.threshold)).toBe(false);
		// The CSV and the chart take the same hidden cells.
		const csv = findingsCsv(findings);
		expect(csv).toContain('Scores,Welcome and attitude,January to March 2026,Reports,not shown');
		expect(csv).toMatch(/^Scores,Welcome and attitude,January to March 2026,Average out of 5,$/m);
		expect(csv).not.toMatch(/Welcome and attitude,January to March 2026,Average out of 5,\d/);
		expect(csv).not.toMatch(/Welcome and attitude,April to June 2026,Average out of 5,\d/);
	});

	it('hides as few other quarters as it takes, and shows the rest', () => {
		const day = (q: number) => `2026-${String(q * 3 - 1).padStart(2, '0')}-10`;
		const reports: ReportScores[] = [];
		// Quarters of 6, 2 and 7 reports, every one rating the welcome.
		[6, 2, 7].forEach((n, q) => {
			for (let i = 0; i < n; i++) reports.push({ visitId: `v${q}-${i}`, visitedOn: day(q + 1), ratings: [{ theme: 'welcome', rating: 3 + ((i + q) % 3) }] });
		});
		const tables = scoreTables(reports, new Set(['welcome']), 5);
		const [welcome] = tables.themes;
		expect(welcome.all.reports.display).toBe('15');
		expect(welcome.byPeriod.map((c) => c.reports.display)).toEqual(['not shown', 'not shown', '7']);
		expect(welcome.byPeriod.map((c) => c.mean === null)).toEqual([true, true, false]);
		expect(recoverable(welcome, 5)).toBe(false);
		// Quarters of 3, 2 and 1 are all small: each reads "fewer than 5" (together they are 6).
		const small = scoreTables(reports.slice(0, 3).concat(reports.slice(6, 8), reports.slice(8, 9)), new Set(['welcome']), 5);
		expect(small.themes[0].byPeriod.map((c) => c.reports.display)).toEqual(['fewer than 5', 'fewer than 5', 'fewer than 5']);
	});

	it('hides every mean when the council’s threshold is above the number of reports', async () => {
		await db.update(organisations).set({ smallNumberThreshold: 10 }).where(eq(organisations.id, org));
		try {
			const { findings } = await contractFindings(db, org, contractId);
			expect(findings.reports.display).toBe('fewer than 10');
			expect(findings.overall.mean).toBeNull();
			expect(findings.themes.every((th) => th.all.mean === null && th.distribution === null)).toBe(true);
			const text = suggestedSummary(findings, 'visit', 'Young inspectors');
			expect(text).toBe('Young inspectors visited the service 4 times between January and May 2026. They told the service what went well and what could be better.');
			expect(text).not.toMatch(/out of 5/);
		} finally {
			await db.update(organisations).set({ smallNumberThreshold: 5 }).where(eq(organisations.id, org));
		}
	});

	it('shows comments by theme without authors, with every shopper’s name or username removed', async () => {
		const { findings } = await contractFindings(db, org, contractId);
		const group = (key: string) => findings.comments.find((g) => g.key === key)?.comments;
		expect(findings.comments.map((g) => g.key)).toEqual(['welcome', 'accessibility', 'went_well', 'could_be_better', 'anything_else']);
		expect(group('welcome')).toEqual(['Friendly, and [name removed] got a leaflet too.', 'They spoke to [name removed] and me, not just the youth worker.']);
		expect(group('went_well')).toEqual(['[name removed] said the chairs were comfy.', 'The receptionist smiled at [name removed] straight away.']);
		// "Tomorrow" is not Tom; usernames go too.
		expect(group('could_be_better')).toContain('Tomorrow’s sessions were not on the board.');
		expect(group('anything_else')).toEqual(['[name removed] thought the music was too loud.', '=HYPERLINK("http://x") was written on the board.']);
		const all = JSON.stringify(findings);
		for (const s of Object.values(shoppers)) {
			expect(all).not.toMatch(new RegExp(`\\b${s.username}\\b`, 'i'));
			expect(all).not.toContain(s.id);
		}
		for (const name of ['Aisha', 'Ben', 'Carter', 'Chris', 'Zed']) expect(all).not.toContain(name);
	});

	it('shows comments only from groups of at least the threshold, saying so otherwise', async () => {
		// 8 reports; accessibility was rated in 7 of them (one "didn’t see this").
		await db.update(organisations).set({ smallNumberThreshold: 8 }).where(eq(organisations.id, org));
		try {
			const { findings } = await contractFindings(db, org, contractId);
			const group = (key: string) => findings.comments.find((g) => g.key === key);
			expect(group('welcome')).toMatchObject({ withheld: false, comments: [expect.stringContaining('leaflet'), expect.stringContaining('youth worker')] });
			expect(group('accessibility')).toEqual({ key: 'accessibility', heading: 'Accessibility', comments: [], withheld: true });
			expect(group('went_well')?.withheld).toBe(false);
			expect(JSON.stringify(findings)).not.toContain('lift');
			const csv = findingsCsv(findings);
			expect(csv).toContain('Comments,Accessibility,,Not shown,"Comments are shown once at least 8 reports are in, to protect who wrote them."');
			expect(csv).not.toContain('lift');
		} finally {
			await db.update(organisations).set({ smallNumberThreshold: 5 }).where(eq(organisations.id, org));
		}
		await db.update(organisations).set({ smallNumberThreshold: 10 }).where(eq(organisations.id, org));
		try {
			// Fewer reports than the threshold: no words at all, every group that had some withheld.
			const { findings } = await contractFindings(db, org, contractId);
			expect(findings.comments.map((g) => [g.key, g.withheld, g.comments.length])).toEqual([
				['welcome', true, 0],
				['accessibility', true, 0],
				['went_well', true, 0],
				['could_be_better', true, 0],
				['anything_else', true, 0]
			]);
			const all = JSON.stringify(findings) + findingsCsv(findings);
			for (const words of ['leaflet', 'youth worker', 'lift', 'chairs', 'sign outside', 'music', 'HYPERLINK', 'Nobody explained']) expect(all).not.toContain(words);
		} finally {
			await db.update(organisations).set({ smallNumberThreshold: 5 }).where(eq(organisations.id, org));
		}
	});

	it('exports the same figures as CSV, formulas guarded, no names', async () => {
		const { findings } = await contractFindings(db, org, contractId);
		const csv = findingsCsv(findings);
		expect(csv).toContain('Scores,Welcome and attitude,All visits,Average out of 5,4.5');
		expect(csv).toContain('Scores,Welcome and attitude,April to June 2026,Reports,not shown');
		expect(csv).toContain('Scores,Environment and safety,All visits,Reports rating it 4,8');
		expect(csv).toContain(`"'=HYPERLINK(""http://x"") was written on the board."`);
		for (const name of ['Aisha', 'Ben', 'Carter', 'chris_p', 'Zed']) expect(csv).not.toContain(name);
	});

	it('refuses another council’s contract and programme', async () => {
		await expectInputError(contractFindings(db, outsider.organisationId, contractId));
		await expectInputError(summaryPage(db, outsider.organisationId, programmeId));
		const before = await allCounts(db);
		await expectInputError(saveSummary(db, outsider, programmeId, { summary: 'Hello' }));
		await expectInputError(publishSummary(db, outsider, programmeId, { summary: 'Hello' }));
		await expectInputError(unpublishSummary(db, outsider, programmeId));
		expect(await allCounts(db)).toEqual(before);
	});

	it('lists the programme in the project’s evidence under step 7 with its shoppers counted', async () => {
		const items = await shoppingEvidence.list(db, projectId);
		const mine = items.find((i) => i.title === 'Mystery shopping: Young inspectors 2026')!;
		const { findings } = await contractFindings(db, org, contractId);
		expect(mine).toMatchObject({
			kind: 'mystery_shopping',
			step: 7,
			summary: `4 visits, rated ${findings.overall.mean!.toFixed(1)} out of 5 overall`,
			date: '2026-05-05',
			href: `/staff/contracts/${contractId}/findings/report`
		});
		// The other contract's programme had one approved report: too few for a rating.
		expect(items.find((i) => i.title === 'Mystery shopping: Other service checks')?.summary).toBe('1 visit; too few reports yet to show a rating');
		// Six people shopped; dana did for both programmes and counts once across the project.
		expect(items.filter((i) => i.participation).length).toBe(1);
		expect(participationCounts(await gatherEvidence(db, projectId, [shoppingEvidence])).get('mystery_shopping')).toBe(6);
	});
});

describe('redaction', () => {
	const words = nameWords([
		{ displayName: 'Jay', username: 'jay' },
		{ displayName: 'Mary-Jane O’Neil', username: 'mj.oneil' },
		{ displayName: 'Tom', username: 'tom' }
	]);
	it('replaces whole words in any case, leaving parts of other words', () => {
		expect(redactNames('jay and JAY and Jay’s coat, but not Jayden or jaywalking', words)).toBe(
			`${NAME_REMOVED} and ${NAME_REMOVED} and ${NAME_REMOVED}’s coat, but not Jayden or jaywalking`
		);
		expect(redactNames('Mary-Jane O’Neil came, then Mary-Jane', words)).toBe(`${NAME_REMOVED} came, then ${NAME_REMOVED}`);
		expect(redactNames('ask mj.oneil tomorrow; Tom.', words)).toBe(`ask ${NAME_REMOVED} tomorrow; ${NAME_REMOVED}.`);
		expect(redactNames('Nothing to see', [])).toBe('Nothing to see');
	});
	it('matches a name that is also an everyday word only when capitalised', () => {
		const ordinary = nameWords([
			{ displayName: 'Will', username: 'will' },
			{ displayName: 'Grace Hopper', username: 'ghop' },
			{ displayName: 'Priya', username: 'priya-2' }
		]);
		expect(ordinary.find((w) => w.word === 'Will')).toEqual({ word: 'Will', capitalisedOnly: true });
		// "will" and "grace" as words stay; the names go whatever follows them.
		expect(redactNames('It will help, said Will. WILL was there; by the grace of the staff, Grace’s idea worked.', ordinary)).toBe(
			`It will help, said ${NAME_REMOVED}. ${NAME_REMOVED} was there; by the grace of the staff, ${NAME_REMOVED}’s idea worked.`
		);
		// A full name, a name that isn't an everyday word and a username go in any case.
		expect(redactNames('grace hopper, HOPPER, priya and PRIYA-2 came.', ordinary)).toBe(`${NAME_REMOVED}, ${NAME_REMOVED}, ${NAME_REMOVED} and ${NAME_REMOVED} came.`);
		expect(findName('It will get better and we may go back.', ordinary)).toBeNull();
		expect(findName('Thanks, Will!', ordinary)).toBe('Will');
		// Two people sharing an everyday-word name: still only capitalised.
		const both = nameWords([
			{ displayName: 'Hope', username: 'h1' },
			{ displayName: 'Tom Hope', username: 'hope' }
		]);
		expect(redactNames('We hope so, Hope.', both)).toBe(`We hope so, ${NAME_REMOVED}.`);
		expect(redactNames('Tom and Jay', nameWords([{ displayName: 'Tom', username: 'tommy' }]))).toBe(`${NAME_REMOVED} and Jay`);
	});
	it('finds a name as written, or nothing', () => {
		expect(findName('We met TOM at the door', words)).toBe('TOM');
		expect(findName('Atom and tomato', words)).toBeNull();
	});
	it('reads quarters and months in plain words', () => {
		expect(quartersBetween('2025-11-03', '2026-04-01')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
		expect(quarterLabel('2025-Q4')).toBe('October to December 2025');
		expect(whenWords('2026-03-02', '2026-03-28')).toBe('in March 2026');
		expect(whenWords('2025-11-02', '2026-02-28')).toBe('between November 2025 and February 2026');
	});
});

describe('public summary', () => {
	it('suggests plain words from the approved findings', async () => {
		const page = await summaryPage(db, org, programmeId);
		const { findings } = await contractFindings(db, org, contractId);
		expect(page.visits).toBe(4);
		expect(page.suggestion).toBe(
			`Young inspectors visited the service 4 times between January and May 2026 and rated it ${findings.overall.mean!.toFixed(1)} out of 5 overall. ` +
				'They liked the welcome they got most (4.5 out of 5). They said how easy it was for everyone to use could be better (2.7 out of 5).'
		);
		expect(whoWent(new Set(['young_person', 'parent_carer']))).toBe('Young inspectors and parents');
		expect(whoWent(new Set(['parent_carer']))).toBe('Parents and carers');
	});

	it('refuses an empty text, a shopper’s name or username, NUL and oversized text, changing nothing', async () => {
		const before = await allCounts(db);
		expect((await expectInputError(publishSummary(db, officer, programmeId, { summary: '   ' }), 'summary')).message).toBe('Please write the summary before publishing it.');
		const named = await expectInputError(publishSummary(db, officer, programmeId, { summary: 'Thanks to ben carter for visiting.' }), 'summary');
		expect(named.message).toBe('The summary has a shopper’s name in it (“ben carter”). Please take it out: shoppers’ names are never published.');
		await expectInputError(publishSummary(db, officer, programmeId, { summary: 'Great work, ZED.' }), 'summary');
		await expectInputError(publishSummary(db, officer, programmeId, { summary: 'Ask chris_p about it.' }), 'summary');
		await expectInputError(saveSummary(db, officer, programmeId, { summary: 'Bad\u0000text' }), 'summary');
		await expectInputError(saveSummary(db, officer, programmeId, { summary: 'x'.repeat(2001) }), 'summary');
		await expectInputError(unpublishSummary(db, officer, programmeId));
		expect(await allCounts(db)).toEqual(before);
		const [p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p).toMatchObject({ publicSummary: '', publicSummaryPublishedAt: null });
	});

	it('saves a draft, publishes it, keeps it from changing while public, and takes it down', async () => {
		const champion = await quickUser(db, org, ['champion']);
		await saveSummary(db, champion, programmeId, { summary: '  Young inspectors visited 4 times. Tomorrow we meet the provider.  ' });
		let [p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p).toMatchObject({ publicSummary: 'Young inspectors visited 4 times. Tomorrow we meet the provider.', publicSummaryPublishedAt: null });
		const at = new Date('2026-07-01T10:00:00Z');
		await publishSummary(db, officer, programmeId, { summary: p.publicSummary }, at);
		[p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p.publicSummaryPublishedAt?.toISOString()).toBe(at.toISOString());
		const published = await auditFor(db, 'shopping.summary_published');
		expect(published).toHaveLength(1);
		expect(published[0]).toMatchObject({ actorId: officer.id, targetId: programmeId, detail: { republished: false } });
		// A champion can't change the public words from under the page.
		const refused = await expectInputError(saveSummary(db, champion, programmeId, { summary: 'Changed' }), 'summary');
		expect(refused.message).toMatch(/on the public page now/);
		// An officer can publish new words straight away.
		await publishSummary(db, officer, programmeId, { summary: 'Young inspectors visited 4 times.' });
		[p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p.publicSummary).toBe('Young inspectors visited 4 times.');
		await unpublishSummary(db, officer, programmeId);
		[p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p).toMatchObject({ publicSummary: 'Young inspectors visited 4 times.', publicSummaryPublishedAt: null });
		expect(await auditFor(db, 'shopping.summary_unpublished')).toHaveLength(1);
		expect(await auditFor(db, 'shopping.summary_saved')).toHaveLength(1);
		const audits = JSON.stringify([...(await auditFor(db, 'shopping.summary_saved')), ...published]);
		expect(audits).not.toContain('Young inspectors');
	});

	it('has findings for a programme with no approved reports: nothing to suggest', async () => {
		const fresh = await quickProgramme(db, officer, contractId, { title: 'Phone checks' });
		const findings = await findingsFor(db, { organisationId: org, contractId, programmeId: fresh.programmeId });
		expect(findings).toMatchObject({ visits: 0, when: null, comments: [], periods: [] });
		expect((await summaryPage(db, org, fresh.programmeId)).suggestion).toBe('');
	});
});
