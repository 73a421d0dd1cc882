// Mystery-shopping findings: only approved reports count, scores by theme and quarter, small
// groups hidden (a quarter can't be worked back out), comments only from big enough groups and
// with shopper names taken out, other councils' contracts refused, and the step 7 evidence.
// The public summary and name matching: findings-summary.test.ts.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { contractFindings } from '../../src/lib/server/mystery-shopping/findings';
import { findingsCsv } from '../../src/lib/server/mystery-shopping/findings-export';
import { scoreTables, type FindingsCell, type ReportScores } from '../../src/lib/server/mystery-shopping/findings-themes';
import { shoppingEvidence } from '../../src/lib/server/mystery-shopping/evidence';
import { gatherEvidence, participationCounts } from '../../src/lib/server/projects/evidence';
import { suggestedSummary } from '../../src/lib/server/mystery-shopping/public-summary';
import { organisations } from '../../src/lib/server/organisations/schema';
import { expectInputError } from '../helpers/fixtures-integration';
import { avg, oneDecimal, R, seedFindingsWorld, type FindingsWorld, type Person } from './findings-fixture';


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

let w: FindingsWorld;
let db: Db;
let org: string;
let outsider: Person;
let projectId: string;
let contractId: string;
let shoppers: Record<string, Person>;

beforeAll(async () => {
	w = await seedFindingsWorld();
	({ db, org, outsider, projectId, contractId, shoppers } = w);
}, 120_000);
afterAll(async () => {
	await w?.t.close();
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

	it('refuses another council’s contract', async () => {
		await expectInputError(contractFindings(db, outsider.organisationId, contractId));
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
