// Reach figures on a constructed organisation (see reach-world.ts), checked exactly: people counted
// once across activities, anonymous answers one each, walk-ins and phones apart, the account
// deleted through the real deletion as one person with everything "Not known" (its linked answer
// neither anonymous nor read), staff and draft-only scorers left out, suppression (with secondary
// suppression), the well-below flag and when a hidden group may carry it, an area named "unknown",
// and nothing from another organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakdown, isWellBelow, type Breakdown, type Population, type ReachFigures } from '../../src/lib/server/reach/figures';
import { BROAD_ETHNICITY, dimensionDef } from '../../src/lib/server/reach/groups';
import type { Profile } from '../../src/lib/server/reach/people';
import { savePopulationShares } from '../../src/lib/server/reach/population';
import { gatherParticipants } from '../../src/lib/server/reach/people';
import { projectQuality } from '../../src/lib/server/reach/quality';
import { organisationReach, projectReach } from '../../src/lib/server/reach/reach';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectInputError, rows } from '../helpers/fixtures-integration';
import { sql } from 'drizzle-orm';
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

/** "key display percent" per group, with "!" when flagged and "?" when too few to compare. */
const rowsOf = (b: Breakdown) =>
	b.groups
		.filter((g) => g.count.value !== 0 || g.flagged || g.count.suppressed)
		.map((g) => `${g.key} ${g.count.display}${g.percent === null ? '' : ` ${g.percent}%`}${g.flagged ? ' !' : ''}${g.tooFewToCompare ? ' ?' : ''}`);
const table = (figures: ReachFigures, dimension: Breakdown['dimension']): string[] => rowsOf(figures.breakdowns.find((x) => x.dimension === dimension)!);

describe('project reach', () => {
	it('counts each account holder once across activities, each anonymous answer once, and the rest apart', async () => {
		const { figures } = await projectReach(t.db, w.org, w.project, NOW);
		expect(figures.threshold).toBe(5);
		// y1 y2 y3 y4 y6 p1 and the deleted account: 7 people with accounts; y5 (draft only, joined live without answering),
		// p2 (didn't come) and staff aren't. The deleted account's survey answer stays with it: 6 anonymous answers, not 7.
		expect([figures.total.display, figures.accountHolders.display, figures.anonymousResponses.display]).toEqual(['13', '7', '6']);
		// 7 walk-ins and 3 phones that answered without signing in (the phone that only joined isn't counted).
		expect(figures.withoutDetails.display).toBe('10');
		// Surveys: y1 y2 y3 p1, the deleted account and 6 anonymous. The small rows add up to 5 or more between them, so none more is hidden.
		expect(figures.activities.map((a) => `${a.activity} ${a.count.display}`)).toEqual(['survey 11', 'panel fewer than 5', 'mystery_shopping fewer than 5', 'session fewer than 5', 'other fewer than 5']);
	});

	it('hides small groups, another one when a hidden group could be worked out from the total, and flags a hidden group only when that gives nothing away', async () => {
		const { figures } = await projectReach(t.db, w.org, w.project, NOW);
		// Young 10, parents 2, not known 1 (the deleted account): the two small ones add up to 3, so young people are hidden too.
		// Parents are 2 of 13 (15%, well below 30%), but "not shown" could be all 13: a flag would narrow it down, so too few to compare.
		expect(table(figures, 'type')).toEqual(['young_person not shown ?', 'parent_carer not shown ?', 'unknown not shown']);
		// Female 6, male 2 (hidden), not known 5 (hidden with it; the deleted account's "male" is not used).
		expect(table(figures, 'sex')).toEqual(['female 6 46%', 'male not shown ?', 'unknown not shown']);
		// Ages: y6 12, y1-y3 and two anonymous 13-15, y4 and two anonymous 16-17, p1 and one anonymous parent 35-49; the deleted
		// account and one anonymous not known. Under 13 is 1 of 13 (8%, well below 28%), but "fewer than 5" could be 4 (31%): not flagged.
		// Nobody 18-24 is shown as 0 and flagged (0 against 27%).
		expect(table(figures, 'age_band')).toEqual(['under_13 fewer than 5 ?', '13_15 5 38%', '16_17 fewer than 5 ?', '18_24 0 0% !', '35_49 fewer than 5', 'unknown fewer than 5']);
		// White 4 (y2 and three anonymous), Asian 1 (y3; not the deleted account), Black 1: hidden together; nobody Mixed (0 against 6.2%) is flagged,
		// nobody "Other" isn't (4.5% is less than 5 points). Shares are of the 6 people whose group is known.
		expect(table(figures, 'ethnicity')).toEqual(['asian fewer than 5 ?', 'black fewer than 5 ?', 'mixed 0 0% !', 'white fewer than 5 ?', 'unknown 7']);
		// Areas from the eq-area answers: North 5 (y1, p1, three anonymous), South 2, none in Eastfields or "unknown", "a9" is not an area.
		expect(table(figures, 'area')).toEqual(['area:North not shown', 'area:South not shown', 'area:Eastfields not shown', 'area:unknown not shown', 'unknown 6']);
		expect(table(figures, 'disability')).toEqual(['yes not shown', 'no not shown', 'unknown not shown']);
		expect(figures.flaggedCount).toBe(2);
		const detail = figures.breakdowns.find((b) => b.dimension === 'ethnicity_detail')!;
		expect(detail.comparable).toBe(false);
	});

	it('uses the newest answer to each question, and older answers for questions only asked before', async () => {
		// Organisation-wide, religion has y1's "muslim" from the older survey; sex is "female" (newer), not "male".
		const { people } = await gatherParticipants(t.db, { organisationId: w.org }, NOW);
		expect(people.filter((p) => p.religion === 'muslim')).toEqual([
			{ type: 'young_person', age_band: '13_15', area: 'area:North', sex: 'female', gender_same: 'unknown', ethnicity: 'black', ethnicity_detail: 'black_african', disability: 'yes', religion: 'muslim', sexual_orientation: 'unknown' }
		]);
	});

	it('counts a deleted account as one person with nothing known, never reading its answers', async () => {
		const { people, accountHolders, anonymousResponses } = await gatherParticipants(t.db, { organisationId: w.org, projectId: w.project }, NOW);
		expect([accountHolders, anonymousResponses]).toEqual([7, 6]);
		expect(people.filter((p) => Object.values(p).every((v) => v === 'unknown'))).toHaveLength(1);
		// Its answer (Sikh, Asian Indian, South) is still linked to the placeholder, and read by nobody.
		const [link] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from survey_responses where user_id = ${w.people.d1.id}`);
		expect(link.n).toBe(1);
		expect(people.filter((p) => p.religion === 'sikh' || p.ethnicity_detail === 'asian_indian' && p.sex === 'male' && p.area === 'area:South')).toEqual([]);
	});

	it('gives the quality view’s "voice" the same people count, and walk-ins and phones apart', async () => {
		const q = await projectQuality(t.db, w.org, w.project);
		expect([q.voice.people.display, q.voice.withoutDetails.display]).toEqual(['13', '10']);
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
		expect(figures.activities[0]).toEqual({ activity: 'survey', count: { suppressed: false, value: 12, display: '12' } });
		// One more anonymous answer aged 18-24: now hidden, and too few to compare (up to 4 of 14 is 29%).
		expect(table(figures, 'age_band')).toEqual(['under_13 fewer than 5 ?', '13_15 5 36%', '16_17 fewer than 5 ?', '18_24 fewer than 5 ?', '35_49 fewer than 5', 'unknown fewer than 5']);
		const other = await organisationReach(t.db, w.otherOrg, NOW);
		expect([other.total.display, other.accountHolders.display, other.anonymousResponses.display]).toEqual(['fewer than 5', 'fewer than 5', 'fewer than 5']);
	});

	it('keeps an area named "unknown" apart from "Not known"', async () => {
		const figures = await organisationReach(t.db, w.org, NOW);
		const areas = figures.breakdowns.find((b) => b.dimension === 'area')!.groups;
		expect(areas.map((g) => [g.key, g.label, g.notKnown])).toEqual([
			['area:North', 'North', false],
			['area:South', 'South', false],
			['area:Eastfields', 'Eastfields', false],
			['area:unknown', 'unknown', false],
			['unknown', 'Not known', true]
		]);
		// The anonymous answer from the area named "unknown" is in that area; the 6 not known stay 6.
		const { people } = await gatherParticipants(t.db, { organisationId: w.org }, NOW);
		expect(people.filter((p) => p.area === 'area:unknown')).toHaveLength(1);
		expect(people.filter((p) => p.area === 'unknown')).toHaveLength(6);
		// A population share for it is stored under its own key, not as "Not known".
		await savePopulationShares(t.db, w.officer, { dimension: 'area', groups: ['area:unknown'], percents: ['10'], source: '' });
		const after = await organisationReach(t.db, w.org, NOW);
		const groups = after.breakdowns.find((b) => b.dimension === 'area')!.groups;
		expect(groups.find((g) => g.key === 'area:unknown')!.population).toEqual({ percent: 10, source: null });
		expect(groups.find((g) => g.notKnown)!.population).toBeNull();
		await expectInputError(savePopulationShares(t.db, w.officer, { dimension: 'area', groups: ['unknown'], percents: ['10'], source: '' }), 'form');
		await expectInputError(savePopulationShares(t.db, w.officer, { dimension: 'area', groups: ['North'], percents: ['10'], source: '' }), 'form');
	});
});

describe('flags on hidden groups', () => {
	const people = (entries: [Partial<Profile>, number][]): Profile[] =>
		entries.flatMap(([fields, n]) =>
			Array.from({ length: n }, () => ({ type: 'unknown', age_band: 'unknown', area: 'unknown', sex: 'unknown', gender_same: 'unknown', ethnicity: 'unknown', ethnicity_detail: 'unknown', disability: 'unknown', religion: 'unknown', sexual_orientation: 'unknown', ...fields }))
		);
	const shares = (entries: [string, number][]) => new Map<string, Population>(entries.map(([k, percent]) => [k, { percent, source: null }]));
	const disability = dimensionDef('disability', []);

	it('is "too few to compare" when the flag would narrow the number down (12 people, 1 disabled, against 20%)', () => {
		// 1 of 12 is 8%, well below 20%; but the hidden group could be as big as all the hidden people (6 of 12, 50%).
		// (6 not disabled, 50% against 80%, is shown, so it is flagged as usual.)
		const b = breakdown(disability, 'disability', people([[{ disability: 'yes' }, 1], [{ disability: 'no' }, 6], [{}, 5]]), 5, shares([['yes', 20], ['no', 80]]));
		expect(rowsOf(b)).toEqual(['yes not shown ?', 'no 6 50% !', 'unknown not shown']);
		expect(b.groups.find((g) => g.key === 'yes')!.flagged).toBe(false);
	});

	it('is flagged when even the largest number it could be is well below', () => {
		// 2 disabled of 100, hidden with the 8 not known: even all 10 would be 10%, well below 20%.
		const b = breakdown(disability, 'disability', people([[{ disability: 'yes' }, 2], [{ disability: 'no' }, 90], [{}, 8]]), 5, shares([['yes', 20], ['no', 80]]));
		expect(rowsOf(b)).toEqual(['yes not shown !', 'no 90 90%', 'unknown not shown']);
		// "Fewer than 5" caps each at 4: 4 of 200 is 2%, well below 15.5% and 8.5%; 4.5% is not 5 points above 2%.
		const ethnicity = { dimension: 'ethnicity' as const, label: 'Ethnic group', groups: BROAD_ETHNICITY };
		const e = breakdown(
			ethnicity,
			'ethnicity',
			people([[{ ethnicity: 'asian' }, 3], [{ ethnicity: 'black' }, 3], [{ ethnicity: 'mixed' }, 10], [{ ethnicity: 'white' }, 180], [{ ethnicity: 'other' }, 4]]),
			5,
			shares([['asian', 15.5], ['black', 8.5], ['mixed', 6.2], ['white', 65.3], ['other', 4.5]])
		);
		expect(rowsOf(e)).toEqual(['asian fewer than 5 !', 'black fewer than 5 !', 'mixed 10 5%', 'white 180 90%', 'other fewer than 5 ?']);
	});

	it('is never flagged when the total itself is hidden', () => {
		const b = breakdown(disability, 'disability', people([[{ disability: 'yes' }, 1], [{ disability: 'no' }, 3]]), 5, shares([['yes', 90]]));
		// 4 people: 1 disabled could be read as 25% or less of an unknown total; nothing is compared.
		expect(rowsOf(b)).toEqual(['yes fewer than 5 ?', 'no fewer than 5', 'unknown fewer than 5']);
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
