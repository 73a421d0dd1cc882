import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { createProject, projectSchema } from '../../src/lib/server/projects/projects';
import {
	closeSurvey,
	createSurvey,
	detailsSchema,
	detailsToRaw,
	duplicateSurvey,
	hasResponses,
	listOrganisationSurveys,
	listProjectSurveys,
	openSurvey,
	updateSurveyDetails,
	type NewSurveyInput
} from '../../src/lib/server/surveys/builder';
import { assignOptionIds, questionSchema, type QuestionInput } from '../../src/lib/server/surveys/question-input';
import { addQuestion, deleteQuestion, moveQuestion, updateQuestion } from '../../src/lib/server/surveys/questions';
import { surveyResponses, surveys } from '../../src/lib/server/surveys/schema';
import { storeResponse } from '../../src/lib/server/surveys/store';
import { getSurvey, loadQuestions } from '../../src/lib/server/surveys/surveys';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let champion: Person;
let officerB: Person;
let projectId: string;
let projectB: string;

const NOW = new Date('2026-03-15T12:00:00Z');
const newSurvey = (over: Partial<NewSurveyInput> = {}): NewSurveyInput => ({
	title: 'Youth club survey',
	introduction: 'Why we ask, what happens next, and it takes 3 minutes.',
	audience: 'young_people',
	anonymous: true,
	step: 2,
	...over
});
const question = (over: Record<string, string> = {}): QuestionInput =>
	v.parse(questionSchema, {
		kind: 'single_choice',
		prompt: 'How often do you go?',
		help: '',
		required: '',
		page: '1',
		options: 'Every week\nSometimes\nNever',
		maxChoices: '',
		rankCount: '',
		faces: '',
		condition: '',
		...over
	});
const version = async (id: string) => (await db.select({ version: surveys.version }).from(surveys).where(eq(surveys.id, id)))[0].version;
const answer = (surveyId: string, answers: Record<string, string | number | string[]> = {}) =>
	storeResponse(db, { surveyId, userId: null, deviceHash: newId(), idempotencyKey: newId(), respondentType: 'young_person', ageBand: 'unknown', answers });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	champion = await quickUser(db, orgA, ['champion']);
	officerB = await quickUser(db, orgB, ['officer']);
	const projectInput = v.parse(projectSchema, {
		title: 'Youth club',
		summary: 'A youth club.',
		serviceArea: 'Youth',
		level: 'operational',
		route: 'grant',
		annualValue: '1000',
		contractMonths: '12',
		leadOfficerId: '',
		publicContact: '',
		status: 'planned'
	});
	projectId = (await createProject(db, officer, projectInput, NOW)).id;
	projectB = (await createProject(db, officerB, { ...projectInput, title: 'Other council project' }, NOW)).id;
});
afterAll(async () => {
	await t?.close();
});

describe('creating and editing a survey', () => {
	it('creates a draft with a share code, audited with ids only', async () => {
		const id = await createSurvey(db, champion, projectId, newSurvey(), NOW);
		const s = await getSurvey(db, officer.organisationId, id);
		expect(s).toMatchObject({ status: 'draft', step: 2, anonymous: true, audience: 'young_people', version: 1, createdBy: champion.id });
		expect(s.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		const [entry] = (await auditFor(db, 'survey.created')).filter((a) => a.targetId === id);
		expect(entry.detail).toEqual({ projectId });
		expect(JSON.stringify(entry)).not.toContain('Youth club survey');
	});

	it('refuses bad input and another organisation’s project', async () => {
		await expectInputError(createSurvey(db, officer, projectId, newSurvey({ title: '' })), 'title');
		await expectInputError(createSurvey(db, officer, projectId, newSurvey({ step: 9 })), 'step');
		await expectInputError(createSurvey(db, officer, projectId, newSurvey({ audience: 'aliens' as never })), 'audience');
		await expectInputError(createSurvey(db, officer, projectB, newSurvey()));
		expect(await listProjectSurveys(db, officer.organisationId, projectId)).toHaveLength(1);
	});

	it('updates details: dates in order, areas one per line, at most 30', async () => {
		const id = await createSurvey(db, officer, projectId, newSurvey({ title: 'Details' }), NOW);
		const s = await getSurvey(db, officer.organisationId, id);
		const raw = { ...detailsToRaw(s), opensAt: '2026-04-01', closesAt: '2026-04-30', equalityMonitoring: 'yes', equalityAreas: 'North\n\n South \nEast' };
		await updateSurveyDetails(db, officer, id, v.parse(detailsSchema, raw), NOW);
		const after = await getSurvey(db, officer.organisationId, id);
		expect(after.equalityAreas).toEqual(['North', 'South', 'East']);
		expect(after.opensAt?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
		expect(after.closesAt?.toISOString().slice(0, 10)).toBe('2026-04-30');
		expect(after.version).toBe(2);
		const bad = (over: Record<string, string>) => v.safeParse(detailsSchema, { ...raw, ...over });
		expect(bad({ closesAt: '2026-03-01' }).issues?.[0].message).toMatch(/on or after the opening date/);
		expect(bad({ equalityAreas: Array.from({ length: 31 }, (_, i) => `Area ${i}`).join('\n') }).success).toBe(false);
		expect(bad({ equalityAreas: 'North\nnorth' }).success).toBe(false);
		expect(bad({ anonymous: 'maybe' }).success).toBe(false);
		await expectInputError(updateSurveyDetails(db, officerB, id, v.parse(detailsSchema, raw)));
	});
});

describe('questions', () => {
	let id: string;
	beforeAll(async () => {
		id = await createSurvey(db, officer, projectId, newSurvey({ title: 'Questions' }), NOW);
	});

	it('adds every kind, keeps option ids stable, and bumps the version each time', async () => {
		const v0 = await version(id);
		const go = await addQuestion(db, officer, id, question({ kind: 'yes_no', prompt: 'Do you go?', options: 'ignored\nlines' }));
		const often = await addQuestion(db, officer, id, question({ page: '2', condition: `${go}:yes` }));
		await addQuestion(db, officer, id, question({ kind: 'multiple_choice', prompt: 'Pick', page: '2', options: 'A\nB\nC', maxChoices: '2' }));
		await addQuestion(db, officer, id, question({ kind: 'rating', prompt: 'Rate', faces: 'yes' }));
		await addQuestion(db, officer, id, question({ kind: 'ranking', prompt: 'Rank', page: '3', options: 'A\nB\nC\nD', rankCount: '3' }));
		await addQuestion(db, officer, id, question({ kind: 'short_text', prompt: 'Name', page: '3' }));
		await addQuestion(db, officer, id, question({ kind: 'long_text', prompt: 'Say', page: '3' }));
		expect(await version(id)).toBe(v0 + 7);
		const qs = await loadQuestions(db, id);
		expect(qs.map((q) => q.kind)).toEqual(['yes_no', 'rating', 'single_choice', 'multiple_choice', 'ranking', 'short_text', 'long_text']);
		expect(qs.find((q) => q.id === go)?.options).toEqual([]);
		expect(qs.find((q) => q.id === often)).toMatchObject({ page: 2, showIf: { questionId: go, value: 'yes' }, options: [{ id: 'o1', label: 'Every week' }, { id: 'o2', label: 'Sometimes' }, { id: 'o3', label: 'Never' }] });
		expect(qs.find((q) => q.kind === 'rating')).toMatchObject({ faces: true, maxChoices: null });
		expect(qs.find((q) => q.kind === 'multiple_choice')?.maxChoices).toBe(2);
		expect(qs.find((q) => q.kind === 'ranking')?.rankCount).toBe(3);

		// Editing: an unchanged label keeps its id even when moved; a new line gets the next free id.
		await updateQuestion(db, officer, id, often, question({ page: '2', options: 'Never\nEvery week\nNow and then\nDaily', condition: `${go}:yes` }));
		const edited = (await loadQuestions(db, id)).find((q) => q.id === often)!;
		expect(edited.options).toEqual([
			{ id: 'o3', label: 'Never' },
			{ id: 'o1', label: 'Every week' },
			{ id: 'o2', label: 'Now and then' },
			{ id: 'o4', label: 'Daily' }
		]);
	});

	it('checks each kind’s fields', async () => {
		await expectInputError(addQuestion(db, officer, id, question({ options: 'Only one' })), 'options');
		await expectInputError(addQuestion(db, officer, id, question({ options: 'A\na' })), 'options');
		await expectInputError(addQuestion(db, officer, id, question({ options: Array.from({ length: 21 }, (_, i) => `C${i}`).join('\n') })), 'options');
		await expectInputError(addQuestion(db, officer, id, question({ options: `A\n${'x'.repeat(201)}` })), 'options');
		await expectInputError(addQuestion(db, officer, id, question({ kind: 'multiple_choice', options: 'A\nB', maxChoices: '3' })), 'maxChoices');
		await expectInputError(addQuestion(db, officer, id, question({ kind: 'multiple_choice', options: 'A\nB', maxChoices: '0' })), 'maxChoices');
		await expectInputError(addQuestion(db, officer, id, question({ kind: 'ranking', options: 'A\nB', rankCount: '1' })), 'rankCount');
		expect(v.safeParse(questionSchema, { ...question(), kind: 'essay' }).success).toBe(false);
		expect(v.safeParse(questionSchema, { kind: 'yes_no', prompt: 'x'.repeat(501), help: '', required: '', page: '1', options: '', maxChoices: '', rankCount: '', faces: '', condition: '' }).success).toBe(false);
		expect(v.safeParse(questionSchema, { kind: 'yes_no', prompt: 'Q', help: '', required: '', page: '21', options: '', maxChoices: '', rankCount: '', faces: '', condition: '' }).success).toBe(false);
	});

	it('conditions point to an earlier page’s answerable question with a real answer', async () => {
		const qs = await loadQuestions(db, id);
		const go = qs.find((q) => q.kind === 'yes_no')!;
		const text = qs.find((q) => q.kind === 'short_text')!;
		const pick = qs.find((q) => q.kind === 'multiple_choice')!;
		const before = await version(id);
		await expectInputError(addQuestion(db, officer, id, question({ page: '1', condition: `${go.id}:yes` })), 'condition');
		await expectInputError(addQuestion(db, officer, id, question({ page: '4', condition: `${go.id}:perhaps` })), 'condition');
		await expectInputError(addQuestion(db, officer, id, question({ page: '4', condition: `${text.id}:o1` })), 'condition');
		await expectInputError(addQuestion(db, officer, id, question({ page: '4', condition: `${newId()}:yes` })), 'condition');
		await addQuestion(db, officer, id, question({ prompt: 'Which?', page: '4', condition: `${pick.id}:o2` }));
		// The source can't move to the dependent's page or after it, be deleted, change kind or lose the option.
		await expectInputError(updateQuestion(db, officer, id, pick.id, question({ kind: 'multiple_choice', prompt: 'Pick', page: '4', options: 'A\nB\nC' })), 'form');
		await expectInputError(updateQuestion(db, officer, id, pick.id, question({ kind: 'multiple_choice', prompt: 'Pick', page: '2', options: 'A\nC' })), 'form');
		await expectInputError(updateQuestion(db, officer, id, pick.id, question({ kind: 'yes_no', prompt: 'Pick', page: '2' })), 'form');
		const err = await expectInputError(deleteQuestion(db, officer, id, go.id));
		expect(err.message).toMatch(/is shown only for a certain answer/);
		expect(await version(id)).toBe(before + 1);
	});

	it('moves up and down within and across pages, and refuses moves that break conditions', async () => {
		const order = async () => (await loadQuestions(db, id)).map((q) => `${q.page}.${q.position}:${q.prompt}`);
		expect(await order()).toEqual(['1.1:Do you go?', '1.2:Rate', '2.1:How often do you go?', '2.2:Pick', '3.1:Rank', '3.2:Name', '3.3:Say', '4.1:Which?']);
		const qs = await loadQuestions(db, id);
		const rate = qs.find((q) => q.prompt === 'Rate')!;
		await moveQuestion(db, officer, id, rate.id, 'up');
		expect((await order()).slice(0, 2)).toEqual(['1.1:Rate', '1.2:Do you go?']);
		await expectInputError(moveQuestion(db, officer, id, rate.id, 'up'));
		// Last on page 1, "down": it becomes the first question of page 2, but its dependent is there.
		const go = qs.find((q) => q.prompt === 'Do you go?')!;
		await expectInputError(moveQuestion(db, officer, id, go.id, 'down'), 'form');
		const say = qs.find((q) => q.prompt === 'Say')!;
		await moveQuestion(db, officer, id, say.id, 'down');
		expect((await order()).slice(-2)).toEqual(['4.1:Say', '4.2:Which?']);
		// The only question on its page moving up closes the page.
		const which = qs.find((q) => q.prompt === 'Which?')!;
		await moveQuestion(db, officer, id, which.id, 'down');
		await moveQuestion(db, officer, id, which.id, 'up');
		expect((await order()).slice(-2)).toEqual(['4.1:Say', '4.2:Which?']);
		await expectInputError(moveQuestion(db, officerB, id, which.id, 'up'));
	});

	it('opens only with a question and a closing date still ahead, and closes', async () => {
		const empty = await createSurvey(db, officer, projectId, newSurvey({ title: 'Empty' }), NOW);
		await expectInputError(openSurvey(db, officer, empty));
		await openSurvey(db, officer, id, NOW);
		expect((await getSurvey(db, officer.organisationId, id)).status).toBe('open');
		await expectInputError(openSurvey(db, officerB, id));
		await closeSurvey(db, officer, id, NOW);
		expect((await getSurvey(db, officer.organisationId, id)).status).toBe('closed');
		const s = await getSurvey(db, officer.organisationId, id);
		await updateSurveyDetails(db, officer, id, v.parse(detailsSchema, { ...detailsToRaw(s), closesAt: '2026-03-01' }), NOW);
		const err = await expectInputError(openSurvey(db, officer, id, NOW));
		expect(err.message).toMatch(/closing date has already passed/);
		await updateSurveyDetails(db, officer, id, v.parse(detailsSchema, { ...detailsToRaw(s), closesAt: '' }), NOW);
		await openSurvey(db, officer, id, NOW);
		expect((await auditFor(db, 'survey.opened')).filter((a) => a.targetId === id).map((a) => a.detail)).toEqual([
			{ projectId, reopened: false },
			{ projectId, reopened: true }
		]);
		expect((await auditFor(db, 'survey.closed')).some((a) => a.targetId === id)).toBe(true);
	});
});

describe('once people have answered', () => {
	let id: string;
	let choice: string;
	beforeAll(async () => {
		id = await createSurvey(db, officer, projectId, newSurvey({ title: 'Answered', anonymous: false }), NOW);
		const s = await getSurvey(db, officer.organisationId, id);
		await updateSurveyDetails(db, officer, id, v.parse(detailsSchema, { ...detailsToRaw(s), equalityMonitoring: 'yes', equalityAreas: 'North\nSouth' }), NOW);
		choice = await addQuestion(db, officer, id, question({ kind: 'multiple_choice', options: 'A\nB\nC', maxChoices: '2', required: 'yes' }));
		await addQuestion(db, officer, id, question({ kind: 'yes_no', prompt: 'Yes?', page: '2', condition: `${choice}:o1` }));
		await openSurvey(db, officer, id, NOW);
		expect(await hasResponses(db, id)).toBe(false);
		expect((await answer(id, { [choice]: ['o1'] })).outcome).toBe('stored');
		expect(await hasResponses(db, id)).toBe(true);
	});

	const edit = (over: Record<string, string>) =>
		updateQuestion(db, officer, id, choice, question({ kind: 'multiple_choice', options: 'A\nB\nC', maxChoices: '2', required: 'yes', ...over }));

	it('refuses changes that would change the meaning of answers, with a plain reason', async () => {
		const before = await version(id);
		const err = await expectInputError(edit({ kind: 'single_choice' }), 'kind');
		expect(err.message).toBe('People have already answered this survey, so the kind of question can’t be changed. You can still reword it.');
		await expectInputError(edit({ options: 'A\nB' }), 'options');
		await expectInputError(edit({ maxChoices: '1' }), 'maxChoices');
		const [, yes] = await loadQuestions(db, id);
		await expectInputError(updateQuestion(db, officer, id, yes.id, question({ kind: 'yes_no', prompt: 'Yes?', page: '2', condition: `${choice}:o2` })), 'condition');
		await expectInputError(updateQuestion(db, officer, id, yes.id, question({ kind: 'yes_no', prompt: 'Yes?', page: '2', condition: `${choice}:o1`, required: 'yes' })), 'required');
		await expectInputError(deleteQuestion(db, officer, id, yes.id));
		await expectInputError(addQuestion(db, officer, id, question({ required: 'yes' })), 'required');
		const s = await getSurvey(db, officer.organisationId, id);
		await expectInputError(updateSurveyDetails(db, officer, id, v.parse(detailsSchema, { ...detailsToRaw(s), anonymous: 'yes' })), 'anonymous');
		await expectInputError(updateSurveyDetails(db, officer, id, v.parse(detailsSchema, { ...detailsToRaw(s), equalityAreas: 'North' })), 'equalityAreas');
		expect(await version(id)).toBe(before);
		expect(await loadQuestions(db, id)).toHaveLength(2);
	});

	it('still allows rewording, new choices at the end, a higher limit and new optional questions', async () => {
		await edit({ prompt: 'Which ones?', options: 'Apples\nB\nC\nD', maxChoices: '3' });
		const [q] = await loadQuestions(db, id);
		expect(q).toMatchObject({ prompt: 'Which ones?', maxChoices: 3, options: [{ id: 'o1', label: 'Apples' }, { id: 'o2', label: 'B' }, { id: 'o3', label: 'C' }, { id: 'o4', label: 'D' }] });
		await addQuestion(db, officer, id, question({ kind: 'long_text', prompt: 'Anything else?', page: '2' }));
		const s = await getSurvey(db, officer.organisationId, id);
		await updateSurveyDetails(db, officer, id, v.parse(detailsSchema, { ...detailsToRaw(s), title: 'Renamed', equalityAreas: 'North side\nSouth\nEast' }), NOW);
		expect((await getSurvey(db, officer.organisationId, id)).title).toBe('Renamed');
	});

	it('duplicates details and questions with fresh ids, remapped conditions, a new code and no answers', async () => {
		const copyId = await duplicateSurvey(db, champion, id, NOW);
		const [source, copy] = await Promise.all([getSurvey(db, officer.organisationId, id), getSurvey(db, officer.organisationId, copyId)]);
		expect(copy).toMatchObject({ title: 'Renamed (copy)', status: 'draft', anonymous: false, equalityMonitoring: true, equalityAreas: source.equalityAreas, resultsPublishedAt: null, resultsVisibility: 'staff', version: 1 });
		expect(copy.code).not.toBe(source.code);
		const [a, b] = [await loadQuestions(db, id), await loadQuestions(db, copyId)];
		expect(b.map((q) => q.prompt)).toEqual(a.map((q) => q.prompt));
		expect(b.some((q) => a.some((x) => x.id === q.id))).toBe(false);
		const conditional = b.find((q) => q.showIf)!;
		expect(conditional.showIf).toEqual({ questionId: b[0].id, value: 'o1' });
		expect(await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, copyId))).toHaveLength(0);
		// The copy has no answers, so it can be changed freely.
		await deleteQuestion(db, officer, copyId, conditional.id);
		const [entry] = (await auditFor(db, 'survey.duplicated')).filter((x) => x.targetId === copyId);
		expect(entry.detail).toEqual({ projectId, fromSurveyId: id });
		await expectInputError(duplicateSurvey(db, officerB, id));
	});

	it('lists surveys with response counts, per project and per organisation, never another organisation’s', async () => {
		const list = await listOrganisationSurveys(db, officer.organisationId);
		expect(list.find((s) => s.id === id)).toMatchObject({ responses: 1, projectTitle: 'Youth club', status: 'open' });
		expect((await listProjectSurveys(db, officer.organisationId, projectId)).length).toBe(list.length);
		expect(await listOrganisationSurveys(db, officerB.organisationId)).toHaveLength(0);
		await expectInputError(listProjectSurveys(db, officerB.organisationId, projectId));
	});
});

describe('limits', () => {
	it('stops at 60 questions', async () => {
		const id = await createSurvey(db, officer, projectId, newSurvey({ title: 'Long' }), NOW);
		for (let i = 0; i < 60; i++) await addQuestion(db, officer, id, question({ kind: 'short_text', prompt: `Q${i}`, page: String(1 + (i % 20)) }));
		const err = await expectInputError(addQuestion(db, officer, id, question({ kind: 'short_text', prompt: 'One more' })));
		expect(err.message).toMatch(/at most 60 questions/);
		const qs = await loadQuestions(db, id);
		expect(qs).toHaveLength(60);
		expect(Math.max(...qs.map((q) => q.page))).toBe(20);
		// The last question can't move onto a 21st page.
		const last = qs.at(-1)!;
		expect(last.page).toBe(20);
		await expectInputError(moveQuestion(db, officer, id, last.id, 'down'));
		expect(Math.max(...(await loadQuestions(db, id)).map((q) => q.page))).toBe(20);
	});
});

describe('option ids', () => {
	it('go by position once answered and reuse labels before that', () => {
		const old = [
			{ id: 'o1', label: 'A' },
			{ id: 'o3', label: 'C' }
		];
		expect(assignOptionIds(['C', 'A', 'New'], old, false)).toEqual([
			{ id: 'o3', label: 'C' },
			{ id: 'o1', label: 'A' },
			{ id: 'o4', label: 'New' }
		]);
		expect(assignOptionIds(['Aa', 'Cc', 'New'], old, true)).toEqual([
			{ id: 'o1', label: 'Aa' },
			{ id: 'o3', label: 'Cc' },
			{ id: 'o4', label: 'New' }
		]);
	});
});
