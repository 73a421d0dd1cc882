import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { createProject } from '../../src/lib/server/projects/projects';
import { answerState, surveysToAnswer } from '../../src/lib/server/surveys/answering';
import { answeringScope, deviceHash, hasAnswered, loadSurveyByCode, submitResponse, type Submission } from '../../src/lib/server/surveys/responses';
import { storeCheckedResponse } from '../../src/lib/server/surveys/store';
import { sweepSubmissionWindows } from '../../src/lib/server/surveys/submission-limits';
import { surveyQuestions, surveyResponses, surveys, surveySubmissionWindows, type Survey } from '../../src/lib/server/surveys/schema';
import type { QuestionKind } from '../../src/lib/surveys/definition';
import { generateSurveyCode } from '../../src/lib/server/surveys/surveys';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { birthMonthYearsAgo, quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let org: string;
let projectId: string;
let officer: Person;
let young: Person;
let parent: Person;

const NOW = new Date('2026-03-15T12:00:00Z');
const DAY = 86_400_000;
let keyCounter = 0;
const key = () => `test-key-${(++keyCounter).toString().padStart(8, '0')}`;

async function makeSurvey(over: Partial<typeof surveys.$inferInsert> = {}): Promise<Survey> {
	const id = newId();
	const [survey] = await db
		.insert(surveys)
		.values({
			id,
			organisationId: org,
			projectId,
			step: 2,
			title: 'Test survey',
			introduction: 'Why we ask.',
			audience: 'anyone',
			anonymous: true,
			status: 'open',
			opensAt: new Date(NOW.getTime() - DAY),
			closesAt: new Date(NOW.getTime() + DAY),
			code: generateSurveyCode(),
			...over
		})
		.returning();
	const q = (n: number, kind: QuestionKind, rest: Partial<typeof surveyQuestions.$inferInsert> = {}) => ({ id: `${id}-q${n}`, surveyId: id, page: n, position: 1, kind, prompt: `Q${n}`, ...rest });
	await db.insert(surveyQuestions).values([q(1, 'single_choice', { required: true, options: [{ id: 'o1', label: 'A' }, { id: 'o2', label: 'B' }] }), q(2, 'long_text')]);
	return survey;
}
const answersFor = (survey: Survey, extra: Record<string, unknown> = {}) => ({ [`${survey.id}-q1`]: 'o1', [`${survey.id}-q2`]: 'Some words', ...extra });
const submit = (survey: Survey, over: Partial<Submission> = {}) =>
	submitResponse(db, { survey: { code: survey.code }, actor: null, deviceToken: newId() + newId(), address: '192.0.2.1', idempotencyKey: key(), rawAnswers: answersFor(survey), now: NOW, ...over });
const count = async (surveyId: string) => (await db.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId))).length;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db);
	officer = await quickUser(db, org, ['officer']);
	young = await quickUser(db, org, ['young_person'], { birthMonth: birthMonthYearsAgo(14, NOW) });
	parent = await quickUser(db, org, ['parent_carer'], { birthMonth: birthMonthYearsAgo(40, NOW) });
	const project = await createProject(
		db,
		officer,
		{ title: 'Survey project', summary: 'A summary.', serviceArea: 'Youth', level: 'strategic', route: 'procurement', annualValue: 100, contractMonths: 12, leadOfficerId: null, publicContact: '', status: 'planned' },
		NOW
	);
	projectId = project.id;
});
afterAll(async () => {
	await t?.close();
});
afterEach(() => {
	delete process.env.SURVEY_ADDRESS_LIMIT;
	delete process.env.SURVEY_ADDRESS_WINDOW_SECONDS;
});

describe('submitResponse', () => {
	it('stores a whole anonymous response with no user, a device hash, and who answered from the answers', async () => {
		const survey = await makeSurvey();
		const token = 'abcdefghijklmnopqrstuvwxyz';
		const result = await submit(survey, { deviceToken: token });
		expect(result.outcome).toBe('stored');
		const [row] = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
		expect(row.userId).toBeNull();
		expect(row.deviceHash).toBe(deviceHash(survey.id, token));
		expect(row.deviceHash).not.toContain(token);
		expect(row.answers).toEqual(answersFor(survey));
		expect(row.respondentType).toBe('unknown');
		expect(row.ageBand).toBe('unknown');
		expect(row.tallied).toBe(false);
		expect(await hasAnswered(db, survey, token)).toBe(true);
		expect(await hasAnswered(db, survey, 'another-device-token-xxxxx')).toBe(false);
	});

	it('stores nothing for invalid answers, and says which question', async () => {
		const survey = await makeSurvey();
		const bad = [
			{ [`${survey.id}-q1`]: 'o9' },
			answersFor(survey, { ghost: 'x' }),
			answersFor(survey, { [`${survey.id}-q2`]: 'x'.repeat(5001) }),
			answersFor(survey, { [`${survey.id}-q2`]: 'bad \ud800 text' }),
			'not an object',
			null
		];
		for (const rawAnswers of bad) {
			const result = await submit(survey, { rawAnswers });
			expect(result.outcome).toBe('invalid');
			if (result.outcome === 'invalid') expect(result.message).toMatch(/\w/);
		}
		const result = await submit(survey, { rawAnswers: { [`${survey.id}-q1`]: 'o9' } });
		expect(result.outcome === 'invalid' && result.errors[`${survey.id}-q1`]).toBeTruthy();
		expect(await count(survey.id)).toBe(0);
	});

	it('refuses closed, not-yet-open, draft and unknown surveys', async () => {
		const closed = await makeSurvey({ status: 'closed' });
		const ended = await makeSurvey({ closesAt: new Date(NOW.getTime() - 1000), opensAt: new Date(NOW.getTime() - DAY) });
		const later = await makeSurvey({ opensAt: new Date(NOW.getTime() + DAY), closesAt: new Date(NOW.getTime() + 2 * DAY) });
		const draft = await makeSurvey({ status: 'draft' });
		expect((await submit(closed)).outcome).toBe('closed');
		expect((await submit(ended)).outcome).toBe('closed');
		expect((await submit(later)).outcome).toBe('not_yet_open');
		expect((await submit(draft)).outcome).toBe('not_found');
		expect((await submitResponse(db, { survey: { code: 'ZZZZZZ' }, actor: null, deviceToken: 'x', address: 'a', idempotencyKey: key(), rawAnswers: {} })).outcome).toBe('not_found');
		for (const s of [closed, ended, later, draft]) expect(await count(s.id)).toBe(0);
	});

	it('signed-in surveys need a participant whose role fits the audience', async () => {
		const forYoung = await makeSurvey({ anonymous: false, audience: 'young_people' });
		const forParents = await makeSurvey({ anonymous: false, audience: 'parents' });
		expect((await submit(forYoung, { actor: null })).outcome).toBe('sign_in');
		expect((await submit(forYoung, { actor: parent })).outcome).toBe('not_for_you');
		expect((await submit(forYoung, { actor: officer })).outcome).toBe('not_for_you');
		expect((await submit(forParents, { actor: young })).outcome).toBe('not_for_you');
		expect((await submit(forYoung, { actor: young })).outcome).toBe('stored');
		expect((await submit(forParents, { actor: parent })).outcome).toBe('stored');
		const [row] = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, forYoung.id));
		expect(row).toMatchObject({ userId: young.id, deviceHash: null, respondentType: 'young_person', ageBand: '13_15' });
		const [parentRow] = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, forParents.id));
		expect(parentRow).toMatchObject({ respondentType: 'parent_carer', ageBand: '35_49' });
	});

	it('keeps one response per participant, even when five arrive at once', async () => {
		const survey = await makeSurvey({ anonymous: false, audience: 'anyone' });
		const results = await Promise.all(Array.from({ length: 5 }, () => submit(survey, { actor: young })));
		expect(results.filter((r) => r.outcome === 'stored')).toHaveLength(1);
		expect(results.filter((r) => r.outcome === 'already_answered')).toHaveLength(4);
		expect(await count(survey.id)).toBe(1);
		expect(await hasAnswered(db, survey, young.id)).toBe(true);
	});

	it('a replayed idempotency key is received once, even concurrently', async () => {
		const survey = await makeSurvey();
		const k = key();
		const token = 'replayreplayreplayreplayrx';
		const results = await Promise.all(Array.from({ length: 3 }, () => submit(survey, { idempotencyKey: k, deviceToken: token })));
		expect(results.map((r) => r.outcome).sort()).toEqual(['already_received', 'already_received', 'stored']);
		expect((await submit(survey, { idempotencyKey: k, deviceToken: token })).outcome).toBe('already_received');
		expect(await count(survey.id)).toBe(1);
	});

	it('refuses a missing or malformed key and a missing device token', async () => {
		const survey = await makeSurvey();
		for (const idempotencyKey of [undefined, '', 'short', 'x'.repeat(65), 'has spaces in it here', 'a\u0000bcdefghijklmnopq', 42]) {
			expect((await submit(survey, { idempotencyKey })).outcome).toBe('bad_key');
		}
		expect((await submit(survey, { deviceToken: null })).outcome).toBe('no_device');
		expect(await count(survey.id)).toBe(0);
	});

	it('the same device can answer an anonymous survey once', async () => {
		const survey = await makeSurvey();
		const token = 'samedevicesamedevicesamede';
		expect((await submit(survey, { deviceToken: token })).outcome).toBe('stored');
		expect((await submit(survey, { deviceToken: token })).outcome).toBe('already_answered');
		expect((await submit(survey, { deviceToken: 'otherdeviceotherdeviceothe' })).outcome).toBe('stored');
		expect(await count(survey.id)).toBe(2);
	});

	it('limits anonymous submissions per address in a window', async () => {
		process.env.SURVEY_ADDRESS_LIMIT = '3';
		const survey = await makeSurvey();
		for (let i = 0; i < 3; i++) expect((await submit(survey, { address: '198.51.100.7' })).outcome).toBe('stored');
		const limited = await submit(survey, { address: '198.51.100.7' });
		expect(limited.outcome).toBe('rate_limited');
		expect(limited.outcome === 'rate_limited' && limited.retryAfter).toBeGreaterThan(0);
		expect((await submit(survey, { address: '198.51.100.8' })).outcome).toBe('stored');
		// A new window starts once the old one has passed.
		expect((await submit(survey, { address: '198.51.100.7', now: new Date(NOW.getTime() + 901_000) })).outcome).toBe('stored');
		expect(await count(survey.id)).toBe(5);
	});

	it('decides who answered and their age band', async () => {
		const equality = await makeSurvey({ equalityMonitoring: true });
		const stored = await submit(equality, { rawAnswers: answersFor(equality, { 'eq-answering-as': 'parent_carer', 'eq-age': '35_49' }) });
		expect(stored.outcome).toBe('stored');
		const youngOnly = await makeSurvey({ equalityMonitoring: true, audience: 'young_people' });
		await submit(youngOnly, { rawAnswers: answersFor(youngOnly, { 'eq-age': 'prefer_not' }) });
		const signedIn = await makeSurvey({ equalityMonitoring: true, anonymous: false });
		await submit(signedIn, { actor: young, rawAnswers: answersFor(signedIn, { 'eq-age': '16_17' }) });
		const rowOf = async (s: Survey) => (await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id)))[0];
		expect(await rowOf(equality)).toMatchObject({ respondentType: 'parent_carer', ageBand: '35_49' });
		expect(await rowOf(youngOnly)).toMatchObject({ respondentType: 'young_person', ageBand: 'unknown' });
		// The "How old are you?" answer wins over the account's birth month.
		expect(await rowOf(signedIn)).toMatchObject({ respondentType: 'young_person', ageBand: '16_17' });
	});
});

describe('surveys to answer', () => {
	it('lists open surveys for the person’s audience that they have not answered', async () => {
		const other = await makeOrganisation(db, 'Elsewhere');
		const mine = await makeSurvey({ anonymous: false, audience: 'young_people', title: 'For young people' });
		const parentsOnly = await makeSurvey({ anonymous: false, audience: 'parents', title: 'For parents' });
		const done = await makeSurvey({ anonymous: false, title: 'Answered already' });
		const anon = await makeSurvey({ title: 'Anonymous one' });
		const closed = await makeSurvey({ status: 'closed', title: 'Closed one' });
		await submit(done, { actor: young });
		const token = 'listdevicelistdevicelistde';
		const titles = async (deviceToken: string | null) => (await surveysToAnswer(db, { ...young, displayName: 'Y', roles: ['young_person'] }, deviceToken, NOW)).map((s) => s.title);
		const before = await titles(token);
		expect(before).toEqual(expect.arrayContaining([mine.title, anon.title]));
		expect(before).not.toContain(parentsOnly.title);
		expect(before).not.toContain(done.title);
		expect(before).not.toContain(closed.title);
		await submit(anon, { deviceToken: token });
		expect(await titles(token)).not.toContain(anon.title);
		expect(await titles(null)).toContain(anon.title);
		expect(other).toBeTruthy();
	});
});

describe('shared phones, changing surveys, retries and what is kept', () => {
	it('refuses answers queued by another person on the same phone (scope), before anything is stored', async () => {
		const survey = await makeSurvey({ anonymous: false });
		const other = await quickUser(db, org, ['young_person']);
		const mine = answeringScope(survey, young.id);
		expect(mine).toMatch(/^[0-9a-f]{16}$/);
		expect(mine).not.toContain(young.id);
		expect(answeringScope(survey, other.id)).not.toBe(mine);
		// A's queued entry, sent while B is signed in.
		const crossed = await submit(survey, { actor: other, scope: mine });
		expect(crossed.outcome).toBe('other_person');
		expect(await count(survey.id)).toBe(0);
		expect((await submit(survey, { actor: young, scope: 'anon' })).outcome).toBe('other_person');
		expect((await submit(survey, { actor: young, scope: 42 })).outcome).toBe('other_person');
		expect((await submit(survey, { actor: young, scope: mine })).outcome).toBe('stored');
		const anon = await makeSurvey();
		expect(answeringScope(anon, young.id)).toBe('anon');
		expect((await submit(anon, { scope: 'someone-else' })).outcome).toBe('other_person');
		expect((await submit(anon, { scope: 'anon' })).outcome).toBe('stored');
	});

	it('a participant of another organisation can’t answer a signed-in survey, and the page says it isn’t for them', async () => {
		const elsewhere = await makeOrganisation(db, 'Other council');
		const outsider = await quickUser(db, elsewhere, ['young_person'], { birthMonth: birthMonthYearsAgo(14, NOW) });
		const survey = await makeSurvey({ anonymous: false, audience: 'anyone' });
		expect((await submit(survey, { actor: outsider })).outcome).toBe('not_for_you');
		expect(await count(survey.id)).toBe(0);
		const loaded = (await loadSurveyByCode(db, survey.code))!;
		const asSession = (p: Person, roles: ('young_person' | 'parent_carer')[]) => ({ ...p, username: 'u', displayName: 'P', roles });
		expect(await answerState(db, loaded, 'open', asSession(outsider, ['young_person']), null)).toBe('not_for_you');
		expect(await answerState(db, loaded, 'open', asSession(young, ['young_person']), null)).toBe('open');
		// Anonymous surveys are for anyone with the link.
		expect((await submit(await makeSurvey(), { actor: outsider })).outcome).toBe('stored');
	});

	it('a retry of stored answers is “already received”, even after the survey closed, and isn’t counted against the limit', async () => {
		process.env.SURVEY_ADDRESS_LIMIT = '1';
		const survey = await makeSurvey();
		const k = key();
		const token = 'retryretryretryretryretryr';
		expect((await submit(survey, { idempotencyKey: k, deviceToken: token })).outcome).toBe('stored');
		for (let i = 0; i < 3; i++) expect((await submit(survey, { idempotencyKey: k, deviceToken: token })).outcome).toBe('already_received');
		// The limit of one is still not reached by the replays: the next new submission is the second.
		expect((await submit(survey)).outcome).toBe('rate_limited');
		await db.update(surveys).set({ status: 'closed' }).where(eq(surveys.id, survey.id));
		expect((await submit(survey, { idempotencyKey: k, deviceToken: token })).outcome).toBe('already_received');
		// The same through the form path, which passes the loaded survey in.
		const loaded = (await loadSurveyByCode(db, survey.code))!;
		expect((await submit(survey, { survey: loaded, idempotencyKey: k, deviceToken: token })).outcome).toBe('already_received');
		// New answers to the closed survey are refused by the insert itself, even while this
		// process's cached copy still says open (the limit is lifted so that it is the insert that decides).
		process.env.SURVEY_ADDRESS_LIMIT = '0';
		expect((await submit(survey)).outcome).toBe('closed');
		expect(await count(survey.id)).toBe(1);
	});

	it('answers checked against an older version are checked again against the survey as it is now', async () => {
		const survey = await makeSurvey();
		const stale = (await loadSurveyByCode(db, survey.code))!;
		// A question edit since: still fine for these answers, so they are stored.
		await db.update(surveys).set({ version: sql`${surveys.version} + 1` }).where(eq(surveys.id, survey.id));
		expect((await submit(survey, { survey: stale })).outcome).toBe('stored');
		// A new required question: the answers no longer do, so nothing is stored and the phone is told why.
		await db.insert(surveyQuestions).values({ id: `${survey.id}-q3`, surveyId: survey.id, page: 3, position: 1, kind: 'yes_no', prompt: 'Q3', required: true });
		await db.update(surveys).set({ version: sql`${surveys.version} + 1` }).where(eq(surveys.id, survey.id));
		const result = await submit(survey, { survey: stale });
		expect(result.outcome).toBe('invalid');
		expect(result.outcome === 'invalid' && result.errors[`${survey.id}-q3`]).toBeTruthy();
		expect(await count(survey.id)).toBe(1);
	});

	it('the insert itself checks the version and that the survey is still open', async () => {
		const survey = await makeSurvey();
		const row = (k: string) => ({ surveyId: survey.id, userId: null, deviceHash: k, idempotencyKey: k, respondentType: 'unknown' as const, ageBand: 'unknown', answers: { [`${survey.id}-q1`]: 'o1' } });
		expect((await storeCheckedResponse(db, row(key()), { version: survey.version + 1, now: NOW })).outcome).toBe('changed');
		expect((await storeCheckedResponse(db, row(key()), { version: survey.version, now: new Date(NOW.getTime() + 2 * DAY) })).outcome).toBe('closed');
		expect((await storeCheckedResponse(db, row(key()), { version: survey.version, now: new Date(NOW.getTime() - 2 * DAY) })).outcome).toBe('not_yet_open');
		const k = key();
		expect((await storeCheckedResponse(db, row(k), { version: survey.version, now: NOW })).outcome).toBe('stored');
		expect((await storeCheckedResponse(db, row(k), { version: survey.version, now: NOW })).outcome).toBe('already_received');
		expect((await storeCheckedResponse(db, { ...row(key()), deviceHash: k }, { version: survey.version, now: NOW })).outcome).toBe('already_answered');
		await db.update(surveys).set({ status: 'closed' }).where(eq(surveys.id, survey.id));
		expect((await storeCheckedResponse(db, row(key()), { version: survey.version, now: NOW })).outcome).toBe('closed');
		expect(await count(survey.id)).toBe(1);
	});

	it('a question edit that commits while a submission is being stored makes it check the answers again', async () => {
		const survey = await makeSurvey();
		let pending: ReturnType<typeof submit> | undefined;
		await db.transaction(async (tx) => {
			// What the builder does: lock the survey, change a question, bump the version.
			await tx.select({ id: surveys.id }).from(surveys).where(eq(surveys.id, survey.id)).for('update');
			await tx.insert(surveyQuestions).values({ id: `${survey.id}-q3`, surveyId: survey.id, page: 3, position: 1, kind: 'yes_no', prompt: 'Q3', required: true });
			await tx.update(surveys).set({ version: sql`${surveys.version} + 1` }).where(eq(surveys.id, survey.id));
			pending = submit(survey);
			await new Promise((resolve) => setTimeout(resolve, 300));
		});
		const result = await pending!;
		expect(result.outcome).toBe('invalid');
		expect(await count(survey.id)).toBe(0);
	});

	it('rate-limit windows start on fixed boundaries and are forgotten once over; anonymous times keep only the hour', async () => {
		process.env.SURVEY_ADDRESS_LIMIT = '2';
		process.env.SURVEY_ADDRESS_WINDOW_SECONDS = '900';
		const survey = await makeSurvey();
		const late = new Date('2026-03-15T12:14:50Z');
		expect((await submit(survey, { address: '203.0.113.9', now: late })).outcome).toBe('stored');
		expect((await submit(survey, { address: '203.0.113.9', now: late })).outcome).toBe('stored');
		const limited = await submit(survey, { address: '203.0.113.9', now: late });
		expect(limited.outcome === 'rate_limited' && limited.retryAfter).toBe(10);
		// 11 seconds later is a new window (a window from the first submission would still be running).
		expect((await submit(survey, { address: '203.0.113.9', now: new Date('2026-03-15T12:15:01Z') })).outcome).toBe('stored');
		const windows = await db.select().from(surveySubmissionWindows);
		for (const w of windows) expect(w.windowStartedAt.getTime() % 900_000).toBe(0);
		const rows = await db.select({ at: surveyResponses.submittedAt }).from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
		expect(rows.map((r) => r.at.toISOString())).toEqual(Array(3).fill('2026-03-15T12:00:00.000Z'));
		const signedIn = await makeSurvey({ anonymous: false });
		await submit(signedIn, { actor: young, now: late });
		const [exact] = await db.select({ at: surveyResponses.submittedAt }).from(surveyResponses).where(eq(surveyResponses.surveyId, signedIn.id));
		expect(exact.at.toISOString()).toBe(late.toISOString());
		// Sweeping keeps the current and the last window, and deletes older ones.
		await sweepSubmissionWindows(db, new Date('2026-03-15T12:29:59Z'));
		expect((await db.select().from(surveySubmissionWindows)).some((w) => w.windowStartedAt.toISOString() === '2026-03-15T12:00:00.000Z')).toBe(true);
		await sweepSubmissionWindows(db, new Date('2026-03-15T12:30:01Z'));
		const left = await db.select().from(surveySubmissionWindows);
		expect(left.some((w) => w.windowStartedAt < new Date('2026-03-15T12:00:30Z'))).toBe(false);
		expect(left.some((w) => w.windowStartedAt.toISOString() === '2026-03-15T12:15:00.000Z')).toBe(true);
	});
});
