import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { organisations } from '../../src/lib/server/organisations/schema';
import { createProject } from '../../src/lib/server/projects/projects';
import { listProjectEvidence } from '../../src/lib/server/projects/sources';
import { publicProject } from '../../src/lib/server/publishing/portal';
import { publishProject } from '../../src/lib/server/publishing/publish';
import { surveyQuestions, surveyResponses, surveys, type Survey } from '../../src/lib/server/surveys/schema';
import { storeResponse } from '../../src/lib/server/surveys/store';
import { foldResponses, readTallies, tryFoldResponses } from '../../src/lib/server/surveys/tallies';
import { parseResultsFilter, surveyResults, NO_FILTER } from '../../src/lib/server/surveys/results';
import { createTheme, deleteTheme, listTextAnswers, renameTheme, tagAnswer, untagAnswer } from '../../src/lib/server/surveys/themes';
import { textAnswersPage } from '../../src/lib/server/surveys/text-results';
import { guardCell, recordResponsesExport, responsesCsv, summaryCsv } from '../../src/lib/server/surveys/export';
import { publicSurveySummaries, publishedResults, publishResults } from '../../src/lib/server/surveys/publish-results';
import type { Answers } from '../../src/lib/surveys/definition';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { parseCsv } from '../helpers/csv';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let otherOrg: string;
let officer: Person;
let otherOfficer: Person;
let projectId: string;

const Q = { single: 1, multi: 1, rating: 1, yesno: 1, rank: 1, short: 1, long: 1 };

async function makeSurvey(over: Partial<typeof surveys.$inferInsert> = {}, organisationId = org, project = projectId): Promise<Survey> {
	const id = newId();
	const code = newId().slice(0, 6).toUpperCase().replace(/[01IO]/g, 'A');
	await db.insert(surveys).values({ id, organisationId, projectId: project, step: 2, title: 'Test survey', introduction: 'Why', audience: 'anyone', anonymous: true, equalityMonitoring: true, status: 'open', code, ...over });
	const q = (key: keyof typeof Q, page: number, position: number, kind: string, extra: Record<string, unknown> = {}) => ({
		id: `${id.slice(0, 8)}${key.slice(0, 8).padEnd(8, 'x')}`,
		surveyId: id,
		page,
		position,
		kind: kind as 'single_choice',
		prompt: `Prompt ${key}`,
		...extra
	});
	const opts = (...labels: string[]) => labels.map((label, i) => ({ id: `o${i + 1}`, label }));
	await db.insert(surveyQuestions).values([
		q('single', 1, 1, 'single_choice', { options: opts('Red', 'Blue', 'Green') }),
		q('multi', 1, 2, 'multiple_choice', { options: opts('A', 'B', 'C'), maxChoices: 2 }),
		q('rating', 1, 3, 'rating', { faces: true }),
		q('yesno', 2, 1, 'yes_no'),
		q('rank', 2, 2, 'ranking', { options: opts('X', 'Y', 'Z'), rankCount: 2 }),
		q('short', 3, 1, 'short_text'),
		q('long', 3, 2, 'long_text')
	]);
	const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
	return row;
}

/** The survey's question ids by key (ids are derived per survey in makeSurvey). */
const ids = (survey: Survey) => Object.fromEntries(Object.keys(Q).map((k) => [k, `${survey.id.slice(0, 8)}${k.slice(0, 8).padEnd(8, 'x')}`])) as Record<keyof typeof Q, string>;

async function respond(target: Db, survey: Survey, answers: Answers, over: { type?: 'young_person' | 'parent_carer' | 'unknown'; age?: string; at?: Date } = {}) {
	const out = await storeResponse(target, {
		surveyId: survey.id,
		userId: null,
		deviceHash: newId(),
		idempotencyKey: newId(),
		respondentType: over.type ?? 'young_person',
		ageBand: over.age ?? '13_15',
		answers,
		submittedAt: over.at
	});
	if (out.outcome !== 'stored') throw new Error('not stored');
	return out.responseId;
}


async function collect(gen: AsyncGenerator<string>) {
	let s = '';
	for await (const chunk of gen) s += chunk;
	return s;
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db, 'Results Council');
	otherOrg = await makeOrganisation(db, 'Other Council');
	officer = await quickUser(db, org, ['officer']);
	otherOfficer = await quickUser(db, otherOrg, ['officer']);
	const project = await createProject(db, officer, {
		title: 'Results project',
		summary: 'A project.',
		serviceArea: 'Youth services',
		level: 'strategic',
		route: 'procurement',
		annualValue: 100_000,
		contractMonths: 12,
		leadOfficerId: null,
		publicContact: null,
		status: 'planned'
	});
	projectId = project.id;
}, 60_000);

afterAll(async () => {
	await t?.close();
});

describe('folding responses into tallies', () => {
	it('counts each response exactly once, however often it is folded', async () => {
		const survey = await makeSurvey();
		const q = ids(survey);
		for (let i = 0; i < 12; i++) await respond(db, survey, { [q.single]: 'o1', [q.rating]: 4 });
		expect(await foldResponses(db, survey.id)).toBe(12);
		expect(await foldResponses(db, survey.id)).toBe(0);
		await respond(db, survey, { [q.single]: 'o2' });
		expect(await foldResponses(db, survey.id)).toBe(1);
		const tallies = await readTallies(db, survey.id);
		expect(tallies.get('_total')!.get('all')).toBe(13);
		expect(tallies.get(q.single)!.get('o1')).toBe(12);
		expect(tallies.get(q.single)!.get('_answered')).toBe(13);
		expect(tallies.get(q.rating)!.get('4')).toBe(12);
	});

	it('stays exact with concurrent folds (separate connections on Postgres) while responses keep arriving', async () => {
		const survey = await makeSurvey();
		const q = ids(survey);
		const bulk = Array.from({ length: 6000 }, (_, i) => ({
			id: newId(),
			surveyId: survey.id,
			idempotencyKey: newId(),
			deviceHash: newId(),
			respondentType: (i % 3 === 0 ? 'parent_carer' : 'young_person') as 'young_person',
			ageBand: i % 2 ? '16_17' : '13_15',
			answers: { [q.single]: `o${(i % 3) + 1}`, [q.multi]: i % 2 ? ['o1', 'o2'] : ['o3'], [q.rank]: ['o2', 'o1'] } as Answers
		}));
		for (let i = 0; i < bulk.length; i += 1000) await db.insert(surveyResponses).values(bulk.slice(i, i + 1000));
		// Extra connections act as other processes; PGlite has one connection, so it folds in turn.
		const others: Database[] = t.url ? await Promise.all([1, 2, 3].map(() => openDatabase({ url: t.url!, poolSize: 2 }))) : [];
		const folders = [db, ...others.map((o) => o.db)];
		let arrived = 0;
		const arrivals = (async () => {
			for (let i = 0; i < 60; i++) {
				await respond(folders[i % folders.length], survey, { [q.single]: 'o1', [q.multi]: ['o1'] }, { type: 'unknown', age: 'unknown' });
				arrived++;
			}
		})();
		const folds = await Promise.all([...folders, ...folders].map((f) => foldResponses(f, survey.id)));
		await arrivals;
		const last = await foldResponses(db, survey.id);
		await Promise.all(others.map((o) => o.close()));
		expect(folds.reduce((a, b) => a + b, 0) + last).toBe(6000 + arrived);
		const tallies = await readTallies(db, survey.id);
		expect(tallies.get('_total')!.get('all')).toBe(6060);
		expect(tallies.get(q.single)!.get('o1')).toBe(2000 + 60);
		expect(tallies.get(q.multi)!.get('o1')).toBe(3000 + 60);
		expect(tallies.get(q.rank)!.get('o2#1')).toBe(6000);
		const [left] = await rows<{ n: number }>(db, `select count(*)::int as n from survey_responses where survey_id = '${survey.id}' and not tallied`);
		expect(Number(left.n)).toBe(0);
		const parents = await readTallies(db, survey.id, { respondentType: 'parent_carer' });
		expect(parents.get('_total')!.get('all')).toBe(2000);
	}, 60_000);
});

describe('results per question, with small numbers hidden', () => {
	let survey: Survey;
	let q: Record<keyof typeof Q, string>;
	beforeAll(async () => {
		survey = await makeSurvey({ equalityMonitoring: true });
		q = ids(survey);
		const day1 = new Date('2026-03-02T10:00:00Z');
		const day2 = new Date('2026-03-04T10:00:00Z');
		// 10 young people aged 13-15, 4 parents aged 35-49.
		for (let i = 0; i < 14; i++) {
			const young = i < 10;
			await respond(
				db,
				survey,
				{
					[q.single]: i < 5 ? 'o1' : i < 9 ? 'o2' : 'o3', // 5, 4, 5 → o2 hidden
					[q.multi]: i < 6 ? ['o1', 'o2'] : ['o2'], // o1 6, o2 14
					[q.rating]: i < 7 ? 5 : 2, // 7 fives, 7 twos: mean 3.5
					[q.yesno]: i < 14 ? 'yes' : 'no',
					[q.rank]: i < 10 ? ['o1', 'o2'] : ['o2', 'o3'],
					...(i < 6 ? { [q.long]: `Answer number ${i}` } : {}),
					'eq-sex': i < 3 ? 'female' : 'male'
				},
				{ type: young ? 'young_person' : 'parent_carer', age: young ? '13_15' : '35_49', at: i < 7 ? day1 : day2 }
			);
		}
	});

	it('shows counts, percentages, means and ranking places from the tallies', async () => {
		const r = await surveyResults(db, survey);
		expect(r.responses).toMatchObject({ suppressed: false, value: 14 });
		const by = (id: string) => r.questions.find((x) => x.id === id)!;
		const single = by(q.single);
		// Blue (4) is small; Red goes with it, or 14 - 5 would give Blue back. Both read alike, or
		// "fewer than 5" and "5 or more" adding up to 9 would narrow them down.
		expect(single.rows.map((x) => x.count.display)).toEqual(['not shown', 'not shown', '5']);
		expect(single.rows.map((x) => x.percent)).toEqual([null, null, 36]);
		expect(by(q.multi).rows.map((x) => [x.count.value, x.percent])).toEqual([
			[6, 43],
			[14, 100],
			[0, 0]
		]);
		const rating = by(q.rating);
		expect(rating.rows.map((x) => x.count.value)).toEqual([0, 7, 0, 0, 7]);
		expect(rating.rows[4].label).toBe('5 (Very good)');
		expect(rating.mean).toBe(3.5);
		expect(by(q.yesno).rows.map((x) => x.count.value)).toEqual([14, 0, 0]);
		const rank = by(q.rank);
		expect(rank.places).toEqual([1, 2]);
		// Each place's counts add up to the 14 who answered: 4 and 0 hidden aren't enough, so all go.
		expect(rank.ranking.flatMap((x) => x.byPlace.map((c) => c.display))).toEqual(Array(6).fill('not shown'));
		expect(rank.ranking.map((x) => x.averagePlace)).toEqual([null, null, null]);
		expect(rank.ranking.every((x) => x.ranked.suppressed)).toBe(true);
		expect(by(q.long).answered.value).toBe(6);
		expect(by(q.short).answered.value).toBe(0);
		expect(r.overTime.granularity).toBe('day');
		expect(r.overTime.periods.map((p) => [p.start, p.count.display])).toEqual([
			['2026-03-02', '7'],
			['2026-03-03', '0'],
			['2026-03-04', '7']
		]);
		const sex = r.equality.find((x) => x.id === 'eq-sex')!;
		expect(sex.rows.find((x) => x.key === 'female')!.count.display).toBe('not shown');
		expect(sex.rows.every((x) => x.count.suppressed)).toBe(true);
	});

	it('hides a rating mean when any point is hidden, and hides a question answered by fewer than the threshold', async () => {
		const s = await makeSurvey();
		const k = ids(s);
		for (let i = 0; i < 8; i++) await respond(db, s, { [k.rating]: i < 4 ? 1 : 5, ...(i < 4 ? { [k.yesno]: 'yes' } : {}) });
		const r = await surveyResults(db, s);
		const rating = r.questions.find((x) => x.id === k.rating)!;
		// 4 and 4 as "fewer than 5", adding up to 8, could only be 4 and 4: they read "not shown".
		expect(rating.rows[0].count.display).toBe('not shown');
		expect(rating.rows[4].count.display).toBe('not shown');
		expect(rating.mean).toBeNull();
		const yesno = r.questions.find((x) => x.id === k.yesno)!;
		expect(yesno.tooFew).toBe(true);
		expect(yesno.answered.display).toBe('fewer than 5');
		expect(yesno.rows).toEqual([]);
	});

	it('follows the organisation threshold at its boundary (4 hidden, 5 shown; threshold 10 hides 5)', async () => {
		const r = await surveyResults(db, survey);
		expect(r.questions.find((x) => x.id === q.single)!.rows[2].count.display).toBe('5');
		await db.update(organisations).set({ smallNumberThreshold: 10 }).where(eq(organisations.id, org));
		try {
			const strict = await surveyResults(db, survey);
			expect(strict.threshold).toBe(10);
			expect(strict.questions.find((x) => x.id === q.single)!.rows[2].count.display).toBe('fewer than 10');
		} finally {
			await db.update(organisations).set({ smallNumberThreshold: 5 }).where(eq(organisations.id, org));
		}
	});

	it('filters by audience and age band, and explains a group too small to show', async () => {
		// 10 young people of 14: everyone minus them would give the 4 parents away.
		const young = await surveyResults(db, survey, { respondentType: 'young_person', ageBand: null });
		expect(young.filterLabel).toBe('Young people');
		expect(young.tooSmall).toBe(true);
		expect(young.responses).toMatchObject({ suppressed: true, value: null });
		expect(young.questions).toEqual([]);
		expect(young.explanation).toMatch(/can’t be shown on its own/);
		const parents = await surveyResults(db, survey, { respondentType: 'parent_carer', ageBand: '35_49' });
		expect(parents.tooSmall).toBe(true);
		expect(parents.responses.display).toBe('fewer than 5');
		expect(parents.questions).toEqual([]);
		expect(parents.explanation).toMatch(/Fewer than 5 people are in this group/);
		expect(parseResultsFilter(new URLSearchParams('audience=parent_carer&age=16_17'))).toEqual({ respondentType: 'parent_carer', ageBand: '16_17' });
		expect(parseResultsFilter(new URLSearchParams('audience=&age='))).toEqual(NO_FILTER);
		for (const bad of ['audience=admin', 'age=12', 'age=13_15&age=16_17', 'audience=%00', `age=${'x'.repeat(5000)}`]) {
			expect(() => parseResultsFilter(new URLSearchParams(bad)), bad).toThrow(/filter/);
		}
	});

	it('creates themes, tags answers, counts them (suppressed) and pages through answers newest first', async () => {
		await expectInputError(createTheme(db, officer, survey.id, q.long, ''), 'name');
		await expectInputError(createTheme(db, officer, survey.id, q.long, 'x'.repeat(101)), 'name');
		await expectInputError(createTheme(db, officer, survey.id, q.long, 'a\u0000b'), 'name');
		await expectInputError(createTheme(db, officer, survey.id, q.single, 'Not text'));
		await expectInputError(createTheme(db, otherOfficer, survey.id, q.long, 'Other org'));
		const waiting = await createTheme(db, officer, survey.id, q.long, '  Waiting times  ');
		await expectInputError(createTheme(db, officer, survey.id, q.long, 'WAITING TIMES'), 'name');
		const evenings = await createTheme(db, officer, survey.id, q.long, 'Evenings');
		await expectInputError(renameTheme(db, officer, survey.id, evenings, 'waiting times'), 'name');
		await renameTheme(db, officer, survey.id, evenings, 'Evening opening');

		const page = await listTextAnswers(db, survey, q.long, { page: 1 });
		expect(page.map((a) => a.text)).toHaveLength(6);
		expect(page[0].submittedOn >= page[5].submittedOn).toBe(true);
		for (const a of page) await tagAnswer(db, officer, survey.id, waiting, a.responseId);
		await tagAnswer(db, officer, survey.id, waiting, page[0].responseId); // twice: no change
		await tagAnswer(db, officer, survey.id, evenings, page[0].responseId);

		// A response of another survey, one that didn't answer the question, and unknown ids.
		const other = await makeSurvey();
		const foreign = await respond(db, other, { [ids(other).long]: 'Elsewhere' });
		await expectInputError(tagAnswer(db, officer, survey.id, waiting, foreign), 'responseId');
		const noText = (await db.select({ id: surveyResponses.id, answers: surveyResponses.answers }).from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id))).find((r) => !(q.long in r.answers))!;
		await expectInputError(tagAnswer(db, officer, survey.id, waiting, noText.id), 'responseId');
		await expectInputError(tagAnswer(db, officer, survey.id, 'zzzzzzzzzzzzzzzz', page[0].responseId), 'themeId');
		await expectInputError(tagAnswer(db, otherOfficer, survey.id, waiting, page[0].responseId));

		const r = await surveyResults(db, survey);
		const themes = r.questions.find((x) => x.id === q.long)!.themes;
		expect(themes.map((x) => [x.name, x.count.display])).toEqual([
			['Evening opening', 'fewer than 5'],
			['Waiting times', '6']
		]);
		// One answer has the theme "Evening opening": not shown, only the explanation.
		const few = await textAnswersPage(db, org, survey.id, q.long, { page: 1, themeId: evenings, filter: NO_FILTER });
		expect(few.tooSmall).toBe(true);
		expect(few.answers).toEqual([]);
		expect(few.explanation).toMatch(/Fewer than 5 people have answers with this theme/);
		const text = await textAnswersPage(db, org, survey.id, q.long, { page: 1, themeId: waiting, filter: NO_FILTER });
		expect(text.matching).toBe(6);
		expect(text.answers.find((a) => a.responseId === page[0].responseId)!.themeIds.sort()).toEqual([evenings, waiting].sort());
		const small = await textAnswersPage(db, org, survey.id, q.long, { page: 1, themeId: null, filter: { respondentType: 'parent_carer', ageBand: null } });
		expect(small.tooSmall).toBe(true);
		expect(small.answers).toEqual([]);

		await untagAnswer(db, officer, survey.id, waiting, page[1].responseId);
		expect((await surveyResults(db, survey)).questions.find((x) => x.id === q.long)!.themes[1].count.display).toBe('5');
		await deleteTheme(db, officer, survey.id, evenings);
		expect((await surveyResults(db, survey)).questions.find((x) => x.id === q.long)!.themes).toHaveLength(1);
		expect((await auditFor(db, 'survey.theme_created')).length).toBeGreaterThanOrEqual(2);
		const tagged = await auditFor(db, 'survey.answer_tagged');
		expect(JSON.stringify(tagged.map((a) => a.detail))).not.toMatch(/Answer number/);
	});

	it('refuses a 31st theme on a question', async () => {
		const s = await makeSurvey();
		const k = ids(s);
		for (let i = 0; i < 30; i++) await createTheme(db, officer, s.id, k.short, `Theme ${i}`);
		await expectInputError(createTheme(db, officer, s.id, k.short, 'One too many'), 'name');
	});

	it('exports a summary that matches the page, suppression and filter included', async () => {
		const csv = parseCsv(summaryCsv(await surveyResults(db, survey)));
		expect(csv[0]).toEqual(['Question', 'Answer', 'Count', 'Percent of those who answered']);
		expect(csv).toContainEqual(['All responses', '', '14', '']);
		expect(csv).toContainEqual(['Prompt single', 'Red', 'not shown', '']);
		expect(csv).toContainEqual(['Prompt single', 'Blue', 'not shown', '']);
		expect(csv).toContainEqual(['Prompt single', 'Green', '5', '36']);
		expect(csv).toContainEqual(['Prompt rating', 'Average score (1 to 5)', '3.5', '']);
		expect(csv).toContainEqual(['Prompt multi', 'B', '14', '100']);
		expect(csv).toContainEqual(['About you: What is your sex?', 'Female', 'not shown', '']);
		const refused = parseCsv(summaryCsv(await surveyResults(db, survey, { respondentType: 'young_person', ageBand: null })));
		expect(refused).toContainEqual(['Group shown', 'Young people', '', '']);
		expect(refused.map((row) => row[0])).toEqual(['Question', 'Group shown', 'All responses', 'Note']);
		expect(JSON.stringify(refused)).not.toContain('"10"');
		const tiny = parseCsv(summaryCsv(await surveyResults(db, survey, { respondentType: 'parent_carer', ageBand: null })));
		expect(tiny.map((row) => row[0])).toEqual(['Question', 'Group shown', 'All responses', 'Note']);
	});

	it('exports responses without identifiers, escaping commas, quotes, newlines and formulas', async () => {
		const s = await makeSurvey({ anonymous: true });
		const k = ids(s);
		const nasty = ['=HYPERLINK("http://evil")', 'comma, "quotes"\nand a newline', '+1', '-2', '@SUM(A1)', '\tTab'];
		for (let i = 0; i < 8; i++) await respond(db, s, { [k.short]: nasty[i % nasty.length], [k.multi]: ['o1', 'o2'], [k.rank]: ['o3', 'o1'], 'eq-sex': 'female' }, { type: i < 6 ? 'young_person' : 'parent_carer', age: i < 5 ? '13_15' : '16_17', at: new Date(Date.UTC(2026, 2, 1, 9, i)) });
		const text = await collect(responsesCsv(db, s));
		const csv = parseCsv(text);
		// 2 parents and 3 aged 16-17 are small groups: neither column is there at all.
		expect(csv[0].slice(0, 3)).toEqual(['Response', 'Week submitted (starting Monday)', 'Q1. Prompt single']);
		expect(csv[0]).toHaveLength(2 + 7);
		expect(csv).toHaveLength(9);
		expect(csv.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
		// Sent on Sunday 1 March 2026: the week starts on Monday 23 February.
		expect(csv.slice(1).map((r) => r[1])).toEqual(Array(8).fill('2026-02-23'));
		const shortCol = csv[0].indexOf('Q6. Prompt short');
		const responseRows = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id));
		// Rows go in the order of their random ids, not the order they were sent.
		const byId = [...responseRows].sort((a, b) => (a.id < b.id ? -1 : 1));
		expect(csv.slice(1).map((r) => r[shortCol])).toEqual(byId.map((r) => guardCell(String(r.answers[k.short]))));
		expect(csv.slice(1).map((r) => r[shortCol]).sort()).toEqual(
			["'=HYPERLINK(\"http://evil\")", 'comma, "quotes"\nand a newline', "'+1", "'-2", "'@SUM(A1)", "'\tTab", "'=HYPERLINK(\"http://evil\")", 'comma, "quotes"\nand a newline'].sort()
		);
		expect(csv[1][csv[0].indexOf('Q2. Prompt multi')]).toBe('A; B');
		expect(csv[1][csv[0].indexOf('Q5. Prompt rank')]).toBe('1. Z; 2. X');
		for (const r of responseRows) {
			expect(text).not.toContain(r.id);
			expect(text).not.toContain(r.idempotencyKey);
			expect(text).not.toContain(r.deviceHash!);
		}
		expect(text).not.toMatch(/female|What is your sex/i);
		expect(guardCell('=1+1')).toBe("'=1+1");
		expect(guardCell('\rx')).toBe("'\rx");
		expect(guardCell('fine')).toBe('fine');
	});

	it('publishes results to the right audience, never text or equality answers', async () => {
		await expectInputError(publishResults(db, officer, survey.id, { visibility: 'everyone' as 'public', summary: 'x' }), 'visibility');
		await expectInputError(publishResults(db, officer, survey.id, { visibility: 'public', summary: 'x'.repeat(2001) }), 'summary');
		await expectInputError(publishResults(db, otherOfficer, survey.id, { visibility: 'public', summary: 'x' }));
		expect(await publishedResults(db, survey)).toBeNull();

		await publishResults(db, officer, survey.id, { visibility: 'participants', summary: 'Most people liked red.' });
		let fresh = (await db.select().from(surveys).where(eq(surveys.id, survey.id)))[0];
		const shown = (await publishedResults(db, fresh, 'participants'))!;
		expect(shown.summary).toBe('Most people liked red.');
		expect(shown.questions.map((x) => x.kind)).toEqual(['single_choice', 'multiple_choice', 'rating', 'yes_no', 'ranking']);
		expect(JSON.stringify(shown)).not.toMatch(/Answer number|eq-|female/i);
		expect(shown.questions[0].rows[1].count.display).toBe('not shown');
		expect(await publishedResults(db, fresh, 'public')).toBeNull();
		expect(await publicSurveySummaries(db, projectId)).toEqual([]);

		await publishResults(db, officer, survey.id, { visibility: 'public', summary: 'Most people liked red.' });
		fresh = (await db.select().from(surveys).where(eq(surveys.id, survey.id)))[0];
		expect(await publishedResults(db, fresh, 'public')).toBeNull(); // the project itself isn't published
		const [project] = await rows<{ slug: string }>(db, `select slug from projects where id = '${projectId}'`);
		expect(await publicProject(db, project.slug)).toBeNull();
		await publishProject(db, officer, projectId);
		expect((await publishedResults(db, fresh, 'public'))!.title).toBe('Test survey');
		const page = (await publicProject(db, project.slug))!;
		expect(page.surveyResults).toEqual([expect.objectContaining({ code: fresh.code, summary: 'Most people liked red.', responses: 14, responsesDisplay: '14', url: `/survey/${fresh.code}/results` })]);

		await publishResults(db, officer, survey.id, { visibility: 'staff', summary: '' });
		fresh = (await db.select().from(surveys).where(eq(surveys.id, survey.id)))[0];
		expect(await publishedResults(db, fresh, 'participants')).toBeNull();
		expect((await publicProject(db, project.slug))!.surveyResults).toEqual([]);
		const audits = await auditFor(db, 'survey.results_published');
		expect(audits.map((a) => a.detail)).toEqual(expect.arrayContaining([{ visibility: 'participants' }, { visibility: 'public' }, { visibility: 'staff' }]));
	});

	it('puts each survey in the project evidence with its count and headline', async () => {
		const evidence = await listProjectEvidence(db, projectId);
		const items = evidence.flatMap((s) => s.items).filter((i) => i.kind === 'survey');
		const ours = items.find((i) => i.href === `/staff/surveys/${survey.id}/results`)!;
		expect(ours.step).toBe(2);
		// Red is hidden with the small Blue, so the largest shown answer is Green (5 of 14, as Red).
		expect(ours.summary).toBe('14 responses · Prompt single: most said “Green” (36%)');
		// Its results aren't public: the public page's "how people took part" doesn't count it.
		expect(ours.participation).toBeUndefined();
		await publishResults(db, officer, survey.id, { visibility: 'public', summary: 'Shared.' });
		const shared = (await listProjectEvidence(db, projectId)).flatMap((s) => s.items).find((i) => i.href === `/staff/surveys/${survey.id}/results`)!;
		expect(shared.participation).toEqual({ activity: 'survey', participants: 14 });
		await publishResults(db, officer, survey.id, { visibility: 'staff', summary: '' });
		const empty = await makeSurvey({ status: 'draft' });
		const again = (await listProjectEvidence(db, projectId)).flatMap((s) => s.items).find((i) => i.href === `/staff/surveys/${empty.id}/results`)!;
		expect(again.summary).toBe('No responses yet');
		expect(again.participation).toBeUndefined();
	});

	it('never reads answers to build results: tallies are the only source', async () => {
		const before = await surveyResults(db, survey);
		// Scribble over the stored answers; tallied results must not change.
		await db.update(surveyResponses).set({ answers: {} }).where(eq(surveyResponses.surveyId, survey.id));
		const after = await surveyResults(db, survey);
		expect(after.questions.map((x) => x.rows)).toEqual(before.questions.map((x) => x.rows));
		const [n] = await rows<{ n: number }>(db, `select count(*)::int as n from survey_tallies where survey_id = '${survey.id}'`);
		expect(Number(n.n)).toBeGreaterThan(0);
	});
});

describe('results that can’t be worked out by subtraction', () => {
	it('no question’s hidden answers can be got back from the number who answered', async () => {
		const s = await makeSurvey();
		const k = ids(s);
		// Yes 9, No 3, Not sure 0: without secondary suppression 12 - 9 - 0 = 3.
		for (let i = 0; i < 12; i++) await respond(db, s, { [k.yesno]: i < 9 ? 'yes' : 'no', [k.rating]: i < 9 ? 5 : 1, [k.single]: i < 6 ? 'o1' : 'o2' });
		const r = await surveyResults(db, s);
		for (const q of r.questions.filter((x) => x.rows.length)) {
			const hidden = q.rows.filter((x) => x.count.suppressed);
			if (hidden.length === 0) continue;
			const shownSum = q.rows.reduce((sum, x) => sum + (x.count.value ?? 0), 0);
			expect(q.answered.value! - shownSum, q.prompt).toBeGreaterThanOrEqual(r.threshold);
			expect(hidden.every((x) => x.percent === null)).toBe(true);
		}
		const yesno = r.questions.find((x) => x.id === k.yesno)!;
		expect(yesno.rows.map((x) => x.count.display)).toEqual(['not shown', 'not shown', 'not shown']);
		expect(r.questions.find((x) => x.id === k.rating)!.mean).toBeNull();
		expect(r.questions.find((x) => x.id === k.single)!.rows.map((x) => x.count.display)).toEqual(['6', '6', '0']);
	});

	it('responses over time: a small day takes the next smallest with it', async () => {
		const s = await makeSurvey();
		const days = [...Array(6).fill('2026-03-02'), ...Array(2).fill('2026-03-03'), ...Array(7).fill('2026-03-05')];
		for (const day of days) await respond(db, s, {}, { at: new Date(`${day}T12:00:00Z`) });
		const r = await surveyResults(db, s);
		expect(r.overTime.periods.map((p) => [p.start, p.count.display])).toEqual([
			['2026-03-02', 'not shown'],
			['2026-03-03', 'not shown'],
			['2026-03-04', 'not shown'],
			['2026-03-05', '7']
		]);
	});

	it('refuses a filtered group when the others around it would give a small group away', async () => {
		const s = await makeSurvey();
		const k = ids(s);
		const groups: [number, 'young_person' | 'parent_carer' | 'unknown', string][] = [
			[10, 'young_person', '13_15'],
			[10, 'young_person', '16_17'],
			[8, 'parent_carer', '35_49'],
			[2, 'parent_carer', '50_64']
		];
		for (const [n, type, age] of groups) for (let i = 0; i < n; i++) await respond(db, s, { [k.single]: 'o1' }, { type, age });
		const view = (respondentType: 'young_person' | 'parent_carer' | null, ageBand: string | null) => surveyResults(db, s, { respondentType, ageBand: ageBand as '13_15' | null });
		// Shown: nothing small sits next to these.
		expect((await view('young_person', null)).responses.value).toBe(20);
		expect((await view('parent_carer', null)).responses.value).toBe(10);
		expect((await view('young_person', '13_15')).responses.value).toBe(10);
		expect((await view(null, '16_17')).responses.value).toBe(10);
		// 50-64 (2) is small, so the smallest other age band (35-49, 8) goes too, and any view inside it.
		const refused = await view(null, '35_49');
		expect(refused.tooSmall).toBe(true);
		expect(refused.responses.suppressed).toBe(true);
		expect(refused.explanation).toMatch(/can’t be shown on its own/);
		expect((await view('parent_carer', '35_49')).tooSmall).toBe(true);
		expect((await view(null, '50_64')).explanation).toMatch(/Fewer than 5 people are in this group/);

		// "Everyone" minus "young people" minus "parents" would give "not known": one of them goes.
		const t2 = await makeSurvey();
		for (const [n, type] of [[20, 'young_person'], [12, 'parent_carer'], [3, 'unknown']] as const) for (let i = 0; i < n; i++) await respond(db, t2, {}, { type, age: 'unknown' });
		const everyone = await surveyResults(db, t2);
		const young = await surveyResults(db, t2, { respondentType: 'young_person', ageBand: null });
		const parents = await surveyResults(db, t2, { respondentType: 'parent_carer', ageBand: null });
		expect(everyone.responses.value).toBe(35);
		expect(young.responses.value).toBe(20);
		expect(parents.tooSmall).toBe(true);
		expect(parents.responses.value).toBeNull();
		// A type with a complement of 1 to 4 (everyone but them) is refused too.
		const t3 = await makeSurvey();
		for (const type of [...Array(9).fill('young_person'), 'parent_carer'] as const) await respond(db, t3, {}, { type, age: 'unknown' });
		expect((await surveyResults(db, t3, { respondentType: 'young_person', ageBand: null })).tooSmall).toBe(true);
		const text = await textAnswersPage(db, org, t3.id, ids(t3).long, { page: 1, themeId: null, filter: { respondentType: 'young_person', ageBand: null } });
		expect(text.tooSmall).toBe(true);
		expect(text.answered.suppressed).toBe(true);
	});

	it('the free-text page shows only the explanation when a few in a big group answered', async () => {
		const s = await makeSurvey();
		const k = ids(s);
		for (let i = 0; i < 10; i++) await respond(db, s, i < 3 ? { [k.short]: `Words ${i}` } : { [k.single]: 'o1' });
		const page = await textAnswersPage(db, org, s.id, k.short, { page: 1, themeId: null, filter: NO_FILTER });
		expect(page.tooSmall).toBe(true);
		expect(page.answers).toEqual([]);
		expect(page.answered.display).toBe('fewer than 5');
		expect(page.explanation).toMatch(/Fewer than 5 people in this group answered this question/);
	});

	it('shows the age and answering-as columns only when every group is big, and records each download', async () => {
		const s = await makeSurvey();
		for (let i = 0; i < 15; i++) await respond(db, s, {}, { type: i < 10 ? 'young_person' : 'parent_carer', age: i < 10 ? '13_15' : '35_49' });
		const csv = parseCsv(await collect(responsesCsv(db, s)));
		expect(csv[0].slice(0, 4)).toEqual(['Response', 'Week submitted (starting Monday)', 'Answering as', 'Age band']);
		expect(csv.slice(1).filter((r) => r[2] === 'Parents and carers' && r[3] === '35 to 49')).toHaveLength(5);
		await recordResponsesExport(db, officer, s);
		const audits = (await auditFor(db, 'survey.responses_exported')).filter((a) => a.targetId === s.id);
		expect(audits.map((a) => a.detail)).toEqual([{ rows: 15 }]);
	});

	it('the evidence says "responses" for a hidden count, and says when every answer is hidden', async () => {
		const p = await createProject(db, officer, { title: 'Evidence project', summary: 'A project.', serviceArea: 'Youth services', level: 'strategic', route: 'procurement', annualValue: 1, contractMonths: 12, leadOfficerId: null, publicContact: null, status: 'planned' });
		const one = await makeSurvey({}, org, p.id);
		await respond(db, one, {});
		const hidden = await makeSurvey({}, org, p.id);
		for (let i = 0; i < 8; i++) await respond(db, hidden, { [ids(hidden).single]: i < 4 ? 'o1' : 'o2' });
		const items = (await listProjectEvidence(db, p.id)).flatMap((x) => x.items);
		expect(items.find((i) => i.href?.includes(one.id))!.summary).toBe('fewer than 5 responses');
		expect(items.find((i) => i.href?.includes(hidden.id))!.summary).toBe('8 responses · Prompt single: answers not shown, to protect the privacy of small groups');
	});
});

describe('public pages never wait for a fold', () => {
	it('tryFoldResponses folds when free and skips (without waiting) while another fold holds the survey', async () => {
		const s = await makeSurvey();
		for (let i = 0; i < 6; i++) await respond(db, s, {});
		if (t.url) {
			const other = await openDatabase({ url: t.url, poolSize: 1 });
			let release!: () => void;
			let locked!: () => void;
			const isLocked = new Promise<void>((r) => (locked = r));
			const holding = other.db.transaction(async (tx) => {
				await tx.execute(sql`select pg_advisory_xact_lock(hashtext('survey_tallies'), hashtext(${s.id}))`);
				locked();
				await new Promise<void>((r) => (release = r));
			});
			await isLocked;
			try {
				const started = Date.now();
				expect(await tryFoldResponses(db, s.id)).toBe(0);
				const [fresh] = await db.select().from(surveys).where(eq(surveys.id, s.id));
				expect(await publishedResults(db, { ...fresh, resultsVisibility: 'participants' }, 'participants')).not.toBeNull();
				expect(Date.now() - started).toBeLessThan(3000);
			} finally {
				release();
				await holding;
				await other.close();
			}
		}
		expect(await tryFoldResponses(db, s.id)).toBe(6);
		expect(await tryFoldResponses(db, s.id)).toBe(0);
		expect((await readTallies(db, s.id)).get('_total')!.get('all')).toBe(6);
	});
});
