// Reach figures on a constructed organisation (see reach-world.ts), checked exactly: people counted
// once across activities, anonymous answers one each, walk-ins and phones apart, the deleted
// account as "Not known", staff and draft-only scorers left out, suppression (with secondary
// suppression), the well-below flag, and nothing from another organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellBelow, type Breakdown, type ReachFigures } from '../../src/lib/server/reach/figures';
import { savePopulationShares } from '../../src/lib/server/reach/population';
import { gatherParticipants } from '../../src/lib/server/reach/people';
import { organisationReach, projectReach } from '../../src/lib/server/reach/reach';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectInputError } from '../helpers/fixtures-integration';
import { NOW, reachWorld } from './reach-world';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof reachWorld>>;
beforeAll(async () => {
	t = await createTestDatabase();
	w = await reachWorld(t.db);
	const save = (dimension: string, shares: [string, string][]) =>
		savePopulationShares(t.db, w.officer, { dimension, groups: shares.map((s) => s[0]), percents: shares.map((s) => s[1]), source: 'Census 2021' });
	await save('type', [['young_person', '70'], ['parent_carer', '30']]);
	await save('age_band', [['under_13', '28'], ['13_15', '27'], ['16_17', '18'], ['18_24', '27']]);
	await save('sex', [['female', '49'], ['male', '51']]);
	await save('ethnicity', [['asian', '15.5'], ['black', '8.5'], ['mixed', '6.2'], ['white', '65.3'], ['other', '4.5']]);
}, 120_000);
afterAll(async () => {
	await t?.close();
});

/** "key display percent" per group, with "!" when flagged. */
function table(figures: ReachFigures, dimension: Breakdown['dimension']): string[] {
	const b = figures.breakdowns.find((x) => x.dimension === dimension)!;
	return b.groups.filter((g) => g.count.value !== 0 || g.flagged || g.count.suppressed).map((g) => `${g.key} ${g.count.display}${g.percent === null ? '' : ` ${g.percent}%`}${g.flagged ? ' !' : ''}`);
}

describe('project reach', () => {
	it('counts each account holder once across activities, each anonymous answer once, and the rest apart', async () => {
		const { figures } = await projectReach(t.db, w.org, w.project, NOW);
		expect(figures.threshold).toBe(5);
		// y1 y2 y3 y4 y6 p1 and the deleted account: 7 people with accounts; y5 (draft only), p2 (didn't come) and staff aren't.
		expect([figures.total.display, figures.accountHolders.display, figures.anonymousResponses.display]).toEqual(['13', '7', '6']);
		// 7 walk-ins and 3 phones without signing in.
		expect(figures.withoutDetails.display).toBe('10');
		expect(figures.activities.map((a) => `${a.activity} ${a.count.display}`)).toEqual(['survey 10', 'panel fewer than 5', 'mystery_shopping fewer than 5', 'session fewer than 5', 'other fewer than 5']);
	});

	it('hides small groups, and another one when a hidden group could be worked out from the total', async () => {
		const { figures } = await projectReach(t.db, w.org, w.project, NOW);
		// Young 10, parents 2, not known 1: the two small ones add up to 3, so young people are hidden too.
		// Parents (2 of 13 = 15%) are well below their 30% share: flagged, with no number.
		expect(table(figures, 'type')).toEqual(['young_person not shown', 'parent_carer not shown !', 'unknown not shown']);
		// Female 6, male 2 (hidden), not known 5 (hidden with it); male (15%) is well below 51%.
		expect(table(figures, 'sex')).toEqual(['female 6 46%', 'male not shown !', 'unknown not shown']);
		// Ages: y6 12, y1-y3 and two anonymous 13-15, y4 and two anonymous 16-17, p1 and one anonymous parent 35-49.
		// The small ones already add up to 8, so nothing more is hidden; nobody 18-24 is flagged (0 against 27%).
		expect(table(figures, 'age_band')).toEqual(['under_13 fewer than 5 !', '13_15 5 38%', '16_17 fewer than 5', '18_24 0 0% !', '35_49 fewer than 5', 'unknown fewer than 5']);
		// White 4 (y2 and three anonymous), Asian 1, Black 1: hidden together; nobody Mixed (0 against 6.2%) is flagged,
		// nobody "Other" isn't (4.5% is less than 5 points). Shares are of the 6 people whose group is known.
		expect(table(figures, 'ethnicity')).toEqual(['asian fewer than 5', 'black fewer than 5', 'mixed 0 0% !', 'white fewer than 5', 'unknown 7']);
		// Areas from the eq-area answers: North 5 (y1, p1, three anonymous), South 2, none in Eastfields, "a9" is not an area.
		expect(table(figures, 'area')).toEqual(['North not shown', 'South not shown', 'Eastfields not shown', 'unknown 6']);
		expect(table(figures, 'disability')).toEqual(['yes not shown', 'no not shown', 'unknown not shown']);
		expect(figures.flaggedCount).toBe(5);
		const detail = figures.breakdowns.find((b) => b.dimension === 'ethnicity_detail')!;
		expect(detail.comparable).toBe(false);
	});

	it('uses the newest answer to each question, and older answers for questions only asked before', async () => {
		// Organisation-wide, religion has y1's "muslim" from the older survey; sex is "female" (newer), not "male".
		const { people } = await gatherParticipants(t.db, { organisationId: w.org }, NOW);
		expect(people.filter((p) => p.religion === 'muslim')).toEqual([
			{ type: 'young_person', age_band: '13_15', area: 'North', sex: 'female', gender_same: 'unknown', ethnicity: 'black', ethnicity_detail: 'black_african', disability: 'yes', religion: 'muslim', sexual_orientation: 'unknown' }
		]);
		// The deleted account is counted, with nothing known about them.
		expect(people.filter((p) => Object.values(p).every((v) => v === 'unknown'))).toHaveLength(1);
	});

	it('is not found for another organisation’s project', async () => {
		await expectInputError(projectReach(t.db, w.org, w.strangerProject, NOW));
		await expectInputError(projectReach(t.db, w.otherOrg, w.project, NOW));
	});
});

describe('organisation reach', () => {
	it('adds the other project and leaves out the other organisation', async () => {
		const figures = await organisationReach(t.db, w.org, NOW);
		expect([figures.total.display, figures.accountHolders.display, figures.anonymousResponses.display, figures.withoutDetails.display]).toEqual(['14', '7', '7', '10']);
		expect(figures.activities[0]).toEqual({ activity: 'survey', count: { suppressed: false, value: 11, display: '11' } });
		// One more anonymous answer aged 18-24: now hidden (and flagged: 1 of 14 is 7%, against 27%).
		expect(table(figures, 'age_band')).toEqual(['under_13 fewer than 5 !', '13_15 5 36%', '16_17 fewer than 5', '18_24 fewer than 5 !', '35_49 fewer than 5', 'unknown fewer than 5']);
		const areas = figures.breakdowns.find((b) => b.dimension === 'area')!.groups.map((g) => g.key);
		expect(areas).toEqual(['North', 'South', 'Eastfields', 'unknown']);
		const other = await organisationReach(t.db, w.otherOrg, NOW);
		expect([other.total.display, other.accountHolders.display, other.anonymousResponses.display]).toEqual(['fewer than 5', 'fewer than 5', 'fewer than 5']);
	});
});

describe('the flag rule', () => {
	it('needs both: under two-thirds of the population share and at least 5 points below', () => {
		expect(isWellBelow(19.9, 30)).toBe(true);
		expect(isWellBelow(20, 30)).toBe(false);
		expect(isWellBelow(3.9, 9)).toBe(true);
		expect(isWellBelow(4.1, 9)).toBe(false);
		expect(isWellBelow(0, 4.5)).toBe(false);
		expect(isWellBelow(0, 0)).toBe(false);
	});
});
