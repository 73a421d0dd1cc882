import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { eq } from 'drizzle-orm';
import { projects } from '../../src/lib/server/projects/schema';
import type { Db } from '../../src/lib/server/db/client';
import { addPartner, listPartners, partnerSchema, removePartner } from '../../src/lib/server/projects/partners';
import { addPlanItem, listPlanItems, planItemSchema, removePlanItem, stepsWithoutPlans } from '../../src/lib/server/projects/plans';
import { createProject, getProject, guidelineDates, listProjects, projectSchema, updateProject, type ProjectInputRaw } from '../../src/lib/server/projects/projects';
import { currentStep, isRealDate, listSteps, nextStep, stepSchema, updateStep, type StepInput } from '../../src/lib/server/projects/steps';
import { getProjectCycle, getProjectOverview, parseProjectFilter } from '../../src/lib/server/projects/workspace';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let orgB: string;
let officer: Person;
let officerB: Person;
let champion: Person;

const NOW = new Date(Date.UTC(2026, 0, 15, 10));
const TODAY = '2026-01-15';

const raw = (over: Partial<ProjectInputRaw> = {}): ProjectInputRaw => ({
	title: 'Youth mental health support',
	summary: 'Support for young people who feel low or anxious.',
	serviceArea: 'Mental health',
	level: 'operational',
	route: 'procurement',
	annualValue: '250,000',
	contractMonths: '36',
	leadOfficerId: '',
	publicContact: '',
	status: 'planned',
	...over
});
const input = (over: Partial<ProjectInputRaw> = {}) => v.parse(projectSchema, raw(over));
const stepInput = (over: Partial<Record<keyof StepInput, string>> = {}) =>
	v.parse(stepSchema, { step: '2', plannedStart: '', plannedEnd: '', actualStart: '', actualEnd: '', status: 'not_started', notes: '', ...over });

const PROJECT_TABLES = ['projects', 'project_steps', 'project_partners', 'participation_plans', 'audit_log'];
async function counts() {
	const out: Record<string, number> = {};
	for (const table of PROJECT_TABLES) out[table] = Number((await rows<{ n: number }>(db, `select count(*)::int as n from ${table}`))[0].n);
	return out;
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer'], { displayName: 'Olu Officer' });
	officerB = await quickUser(db, orgB, ['officer']);
	champion = await quickUser(db, orgA, ['champion']);
});
afterAll(async () => {
	await t?.close();
});

describe('creating and updating a project', () => {
	it('creates a project with eight steps planned by the guideline durations', async () => {
		const project = await createProject(db, officer, input({ leadOfficerId: officer.id }), NOW);
		expect(project.organisationId).toBe(orgA);
		expect(project.annualValuePence).toBe(25_000_000);
		expect(project.slug).toMatch(/^youth-mental-health-support-[a-z2-7]{4}$/);
		const steps = await listSteps(db, orgA, project.id);
		expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(steps.map((s) => s.name)).toEqual(['Initiate', 'Investigate', 'Collaborate', 'Incubate', 'Negotiate', 'Activate', 'Consolidate', 'Evaluate and improve']);
		expect(steps.map((s) => s.phase)).toEqual(['Analyse', 'Analyse', 'Plan', 'Plan', 'Do', 'Do', 'Review', 'Review']);
		const expected = guidelineDates(NOW);
		steps.forEach((s, i) => {
			expect(s.plannedStart).toBe(expected[i].plannedStart);
			expect(s.plannedEnd).toBe(expected[i].plannedEnd);
		});
		expect(steps[0].plannedStart).toBe(TODAY);
		// Investigate's guideline is six months, starting the day after Initiate ends.
		expect(steps[1]).toMatchObject({ plannedStart: '2026-02-15', plannedEnd: '2026-08-14' });
		expect(steps[0]).toMatchObject({ status: 'in_progress', actualStart: TODAY });
		expect(steps.slice(1).every((s) => s.status === 'not_started' && s.actualStart === null)).toBe(true);
		expect(currentStep(steps)).toBe(1);
		expect(nextStep(steps, 1)?.step).toBe(2);
		expect((await auditFor(db, 'project.created')).some((a) => a.targetId === project.id && a.actorId === officer.id)).toBe(true);
	});

	it('updates the project fields and shows them in the overview', async () => {
		const project = await createProject(db, officer, input({ title: 'Short breaks' }), NOW);
		await updateProject(db, officer, project.id, input({ title: 'Short breaks for disabled children', annualValue: '120000.50', contractMonths: '24', leadOfficerId: officer.id, status: 'active', publicContact: 'commissioning@example.gov.uk' }));
		const saved = await getProject(db, orgA, project.id);
		expect(saved).toMatchObject({ title: 'Short breaks for disabled children', annualValuePence: 12_000_050, contractMonths: 24, status: 'active', leadOfficerId: officer.id });
		const overview = await getProjectOverview(db, orgA, project.id);
		expect(overview.leadOfficer).toBe('Olu Officer');
		expect(overview.totalValuePence).toBe(24_000_100);
		expect(overview.steps).toHaveLength(8);
		expect(overview.evidence).toEqual([]);
		expect(overview.unplanned).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('refuses a lead officer from another organisation and writes nothing', async () => {
		const before = await counts();
		await expectInputError(createProject(db, officer, input({ leadOfficerId: officerB.id }), NOW), 'leadOfficerId');
		expect(await counts()).toEqual(before);
	});
});

describe('listing, filtering and searching', () => {
	let orgC: string;
	let actor: Person;
	beforeAll(async () => {
		orgC = await makeOrganisation(db, 'Filter Council');
		actor = await quickUser(db, orgC, ['officer']);
		await createProject(db, actor, input({ title: 'Youth club', serviceArea: 'Youth work', route: 'grant', level: 'strategic', status: 'active' }), NOW);
		await createProject(db, actor, input({ title: '100% youth voice', serviceArea: 'Participation', route: 'self_delivery', level: 'operational' }), NOW);
		// Decommissioning only starts through its own checks; here the status is set as that flow would.
		const leaving = await createProject(db, actor, input({ title: 'Leaving_care support', serviceArea: 'Leaving care', route: 'procurement', level: 'individual' }), NOW);
		await db.update(projects).set({ status: 'decommissioning' }).where(eq(projects.id, leaving.id));
		await createProject(db, officerB, input({ title: 'Youth club elsewhere' }), NOW);
	});
	const titles = async (filter: Parameters<typeof listProjects>[2]) => (await listProjects(db, orgC, filter)).map((p) => p.title).sort();

	it('lists only the organisation’s projects, with the current step', async () => {
		const list = await listProjects(db, orgC);
		expect(list).toHaveLength(3);
		expect(list.map((p) => p.currentStep)).toEqual([1, 1, 1]);
	});
	it('filters by status, route and level, alone and together', async () => {
		expect(await titles({ status: 'active' })).toEqual(['Youth club']);
		expect(await titles({ route: 'procurement' })).toEqual(['Leaving_care support']);
		expect(await titles({ level: 'operational' })).toEqual(['100% youth voice']);
		expect(await titles({ status: 'planned', route: 'grant' })).toEqual([]);
	});
	it('searches title, service area and summary, case-insensitively', async () => {
		expect(await titles({ q: 'YOUTH' })).toEqual(['100% youth voice', 'Youth club']);
		expect(await titles({ q: 'leaving care' })).toEqual(['Leaving_care support']);
		expect(await titles({ q: 'anxious' })).toHaveLength(3);
		expect(await titles({ q: 'nothing like this' })).toEqual([]);
	});
	it('treats % and _ in a search as the characters themselves', async () => {
		expect(await titles({ q: '%' })).toEqual(['100% youth voice']);
		expect(await titles({ q: '_' })).toEqual(['Leaving_care support']);
		expect(await titles({ q: 'g_c' })).toEqual(['Leaving_care support']);
		expect(await titles({ q: '\\' })).toEqual([]);
	});
	it('reads filters from the address bar, ignoring unknown values', () => {
		expect(parseProjectFilter(new URLSearchParams('status=active&route=grant&level=strategic&q=club'))).toEqual({ q: 'club', status: 'active', route: 'grant', level: 'strategic' });
		expect(parseProjectFilter(new URLSearchParams(`status=deleted&route=%27;--&level=&q=${'x'.repeat(200)}`))).toEqual({ q: 'x'.repeat(80), status: undefined, route: undefined, level: undefined });
	});
});

describe('steps', () => {
	let projectId: string;
	beforeAll(async () => {
		projectId = (await createProject(db, officer, input({ title: 'Steps project' }), NOW)).id;
	});

	it('saves planned and actual dates, status and notes', async () => {
		await updateStep(db, officer, projectId, stepInput({ step: '2', plannedStart: '2026-02-01', plannedEnd: '2026-06-30', actualStart: '2026-01-10', status: 'in_progress', notes: 'Survey first.' }), NOW);
		const steps = await listSteps(db, orgA, projectId);
		expect(steps[1]).toMatchObject({ plannedStart: '2026-02-01', plannedEnd: '2026-06-30', actualStart: '2026-01-10', actualEnd: null, status: 'in_progress', notes: 'Survey first.' });
		expect(currentStep(steps)).toBe(1);
		expect((await auditFor(db, 'project.step_updated')).some((a) => a.targetId === projectId)).toBe(true);
	});

	it('moves the current step on as steps are done, and says what comes next', async () => {
		await updateStep(db, officer, projectId, stepInput({ step: '1', actualStart: '2026-01-01', actualEnd: '2026-01-12', status: 'done' }), NOW);
		let steps = await listSteps(db, orgA, projectId);
		expect(currentStep(steps)).toBe(2);
		expect(nextStep(steps, 2)?.step).toBe(3);
		await updateStep(db, officer, projectId, stepInput({ step: '3', status: 'skipped' }), NOW);
		steps = await listSteps(db, orgA, projectId);
		expect(nextStep(steps, 2)?.step).toBe(4);
		await updateStep(db, officer, projectId, stepInput({ step: '2', actualStart: '2026-01-10', actualEnd: '2026-01-14', status: 'done' }), NOW);
		steps = await listSteps(db, orgA, projectId);
		// Nothing in progress: the first step not started.
		expect(currentStep(steps)).toBe(4);
	});

	it('works out the current step from statuses alone', () => {
		const st = (...statuses: ('not_started' | 'in_progress' | 'done' | 'skipped')[]) => statuses.map((status, i) => ({ step: i + 1, status }));
		expect(currentStep(st('done', 'in_progress', 'in_progress', 'not_started'))).toBe(2);
		expect(currentStep(st('done', 'skipped', 'not_started', 'in_progress'))).toBe(4);
		expect(currentStep(st('done', 'skipped', 'not_started', 'not_started'))).toBe(3);
		expect(currentStep(st('done', 'done', 'skipped'))).toBeNull();
		expect(nextStep(st('done', 'in_progress', 'done', 'skipped'), 2)).toBeNull();
		expect(nextStep(st('done'), null)).toBeNull();
	});

	it('refuses impossible dates and writes nothing', async () => {
		const before = await counts();
		const stepsBefore = await listSteps(db, orgA, projectId);
		const cases: [Partial<Record<keyof StepInput, string>>, string][] = [
			[{ plannedStart: '2026-05-01', plannedEnd: '2026-04-30' }, 'plannedEnd'],
			[{ actualStart: '2026-01-10', actualEnd: '2026-01-09', status: 'done' }, 'actualEnd'],
			[{ actualEnd: '2026-01-09', status: 'done' }, 'actualStart'],
			[{ actualStart: '2026-01-16', status: 'in_progress' }, 'actualStart'],
			[{ actualStart: '2026-01-01', actualEnd: '2026-02-01', status: 'done' }, 'actualEnd'],
			[{ actualStart: '2026-01-01', status: 'not_started' }, 'status']
		];
		for (const [over, field] of cases) await expectInputError(updateStep(db, officer, projectId, stepInput({ step: '5', ...over }), NOW), field);
		expect(await counts()).toEqual(before);
		expect(await listSteps(db, orgA, projectId)).toEqual(stepsBefore);
	});

	it('refuses malformed step input at the schema, and in the domain call too', async () => {
		const bad = (over: Record<string, string>) =>
			v.safeParse(stepSchema, { step: '2', plannedStart: '', plannedEnd: '', actualStart: '', actualEnd: '', status: 'not_started', notes: '', ...over });
		expect(bad({ plannedStart: '2026-02-30' }).success).toBe(false);
		expect(bad({ plannedStart: '14/09/2026' }).success).toBe(false);
		expect(bad({ plannedStart: '1850-01-01' }).success).toBe(false);
		expect(bad({ step: '9' }).success).toBe(false);
		expect(bad({ step: '0' }).success).toBe(false);
		expect(bad({ step: '1.5' }).success).toBe(false);
		expect(bad({ status: 'finished' }).success).toBe(false);
		expect(bad({ notes: 'x'.repeat(2001) }).success).toBe(false);
		expect(bad({ plannedStart: '2026-02-28', notes: 'fine' }).success).toBe(true);
		expect(isRealDate('2028-02-29')).toBe(true);
		expect(isRealDate('2027-02-29')).toBe(false);
		const before = await counts();
		await expectInputError(updateStep(db, officer, projectId, { ...stepInput(), step: 9 }, NOW), 'step');
		await expectInputError(updateStep(db, officer, projectId, { ...stepInput(), plannedStart: 'soon' }, NOW), 'plannedStart');
		await expectInputError(updateStep(db, officer, projectId, { ...stepInput(), status: 'gone' as never }, NOW), 'status');
		expect(await counts()).toEqual(before);
	});
});

describe('participation plans', () => {
	let projectId: string;
	beforeAll(async () => {
		projectId = (await createProject(db, officer, input({ title: 'Plans project' }), NOW)).id;
	});
	const item = (over: Record<string, string> = {}) => v.parse(planItemSchema, { step: '2', activity: 'survey', audience: 'young_people', description: '', ...over });

	it('adds plan items per step (a champion may plan) and flags steps with nothing planned', async () => {
		const a = await addPlanItem(db, champion, projectId, item({ description: 'Needs survey in schools' }));
		await addPlanItem(db, officer, projectId, item({ activity: 'workshop', audience: 'both' }));
		await addPlanItem(db, officer, projectId, item({ step: '5', activity: 'panel', audience: 'parents' }));
		const plans = await listPlanItems(db, orgA, projectId);
		expect(plans.map((p) => [p.step, p.activity, p.audience])).toEqual([
			[2, 'survey', 'young_people'],
			[2, 'workshop', 'both'],
			[5, 'panel', 'parents']
		]);
		expect(plans[0]).toMatchObject({ id: a, description: 'Needs survey in schools' });
		expect(plans[1].description).toBeNull();
		expect(stepsWithoutPlans(plans)).toEqual([1, 3, 4, 6, 7, 8]);
		const cycle = await getProjectCycle(db, orgA, projectId);
		expect(cycle.unplanned).toEqual([1, 3, 4, 6, 7, 8]);
		expect(cycle.steps[1].plans).toHaveLength(2);
		expect(cycle.steps[1].prompts.length).toBeGreaterThan(0);
		const audit = await auditFor(db, 'project.plan_added');
		expect(audit.filter((e) => e.targetId === projectId)).toHaveLength(3);
		expect(JSON.stringify(audit)).not.toContain('Needs survey in schools');
	});

	it('does not flag a skipped step', async () => {
		await updateStep(db, officer, projectId, stepInput({ step: '3', status: 'skipped' }), NOW);
		const steps = await listSteps(db, orgA, projectId);
		expect(stepsWithoutPlans(await listPlanItems(db, orgA, projectId), steps)).toEqual([1, 4, 6, 7, 8]);
	});

	it('removes a plan item, once', async () => {
		const [first] = await listPlanItems(db, orgA, projectId);
		expect(await removePlanItem(db, officer, projectId, first.id)).toBe(2);
		expect((await listPlanItems(db, orgA, projectId)).some((p) => p.id === first.id)).toBe(false);
		await expectInputError(removePlanItem(db, officer, projectId, first.id));
	});

	it('refuses bad plan items and writes nothing', async () => {
		const bad = (over: Record<string, string>) => v.safeParse(planItemSchema, { step: '2', activity: 'survey', audience: 'both', description: '', ...over });
		expect(bad({ activity: 'party' }).success).toBe(false);
		expect(bad({ audience: 'teachers' }).success).toBe(false);
		expect(bad({ step: '10' }).success).toBe(false);
		expect(bad({ description: 'x'.repeat(501) }).success).toBe(false);
		const before = await counts();
		await expectInputError(addPlanItem(db, officer, projectId, { ...item(), activity: 'party' as never }), 'activity');
		await expectInputError(addPlanItem(db, officer, projectId, { ...item(), step: 0 }), 'step');
		await expectInputError(addPlanItem(db, officer, projectId, { ...item(), description: 'x'.repeat(10_000) }), 'description');
		await expectInputError(removePlanItem(db, officer, projectId, 'zzzzzzzzzzzzzzzz'));
		expect(await counts()).toEqual(before);
	});
});

describe('partners', () => {
	let projectId: string;
	beforeAll(async () => {
		projectId = (await createProject(db, officer, input({ title: 'Joint project' }), NOW)).id;
	});
	const partner = (over: Record<string, string> = {}) => v.parse(partnerSchema, { name: 'Riverside ICB', contribution: 'Half the funding', contributionPounds: '', ...over });

	it('adds partners with and without money, and removes them', async () => {
		const icb = await addPartner(db, officer, projectId, partner({ contributionPounds: '£125,000.50' }));
		await addPartner(db, officer, projectId, partner({ name: 'Youth Trust', contribution: 'Youth workers' }));
		const list = await listPartners(db, orgA, projectId);
		expect(list.map((p) => [p.name, p.contributionPence])).toEqual([
			['Riverside ICB', 12_500_050],
			['Youth Trust', null]
		]);
		expect((await getProjectOverview(db, orgA, projectId)).partners).toHaveLength(2);
		await removePartner(db, officer, projectId, icb);
		expect((await listPartners(db, orgA, projectId)).map((p) => p.name)).toEqual(['Youth Trust']);
		await expectInputError(removePartner(db, officer, projectId, icb));
		expect((await auditFor(db, 'project.partner_removed')).some((a) => a.targetId === projectId)).toBe(true);
	});

	it('refuses bad partners and writes nothing', async () => {
		const bad = (over: Record<string, string>) => v.safeParse(partnerSchema, { name: 'A', contribution: 'B', contributionPounds: '', ...over });
		expect(bad({ name: '' }).success).toBe(false);
		expect(bad({ contribution: '  ' }).success).toBe(false);
		expect(bad({ contributionPounds: 'lots' }).success).toBe(false);
		expect(bad({ contributionPounds: '-5' }).success).toBe(false);
		expect(bad({ contributionPounds: '99999999999' }).success).toBe(false);
		expect(bad({ name: 'x'.repeat(121) }).success).toBe(false);
		const before = await counts();
		await expectInputError(addPartner(db, officer, projectId, { ...partner(), name: '' }), 'name');
		await expectInputError(addPartner(db, officer, projectId, { ...partner(), contributionPounds: -1 }), 'contributionPounds');
		await expectInputError(removePartner(db, officer, projectId, 'zzzzzzzzzzzzzzzz'));
		expect(await counts()).toEqual(before);
	});
});

describe('other organisations’ projects are out of reach', () => {
	let projectId: string;
	let planId: string;
	let partnerId: string;
	let otherProjectId: string;
	beforeAll(async () => {
		projectId = (await createProject(db, officer, input({ title: 'Private project' }), NOW)).id;
		planId = await addPlanItem(db, officer, projectId, v.parse(planItemSchema, { step: '1', activity: 'survey', audience: 'both', description: '' }));
		partnerId = await addPartner(db, officer, projectId, v.parse(partnerSchema, { name: 'P', contribution: 'C', contributionPounds: '' }));
		otherProjectId = (await createProject(db, officer, input({ title: 'Another project' }), NOW)).id;
	});

	it('answers "not found" to every read and write from another organisation, writing nothing', async () => {
		const before = await counts();
		await expectInputError(getProject(db, orgB, projectId));
		await expectInputError(getProjectOverview(db, orgB, projectId));
		await expectInputError(getProjectCycle(db, orgB, projectId));
		await expectInputError(listSteps(db, orgB, projectId));
		await expectInputError(listPlanItems(db, orgB, projectId));
		await expectInputError(listPartners(db, orgB, projectId));
		await expectInputError(updateProject(db, officerB, projectId, input({ title: 'Taken over' })));
		await expectInputError(updateStep(db, officerB, projectId, stepInput({ step: '2', status: 'done' }), NOW));
		await expectInputError(addPlanItem(db, officerB, projectId, v.parse(planItemSchema, { step: '2', activity: 'survey', audience: 'both', description: '' })));
		await expectInputError(removePlanItem(db, officerB, projectId, planId));
		await expectInputError(addPartner(db, officerB, projectId, v.parse(partnerSchema, { name: 'X', contribution: 'Y', contributionPounds: '' })));
		await expectInputError(removePartner(db, officerB, projectId, partnerId));
		expect((await listProjects(db, orgB)).some((p) => p.id === projectId)).toBe(false);
		expect(await counts()).toEqual(before);
		expect((await getProject(db, orgA, projectId)).title).toBe('Private project');
	});

	it('refuses a plan item or partner reached through a different project of the same organisation', async () => {
		const before = await counts();
		await expectInputError(removePlanItem(db, officer, otherProjectId, planId));
		await expectInputError(removePartner(db, officer, otherProjectId, partnerId));
		expect(await counts()).toEqual(before);
		expect(await listPlanItems(db, orgA, projectId)).toHaveLength(1);
		expect(await listPartners(db, orgA, projectId)).toHaveLength(1);
	});
});

describe('decommissioning only through its own checks', () => {
	it('refuses to create or edit a project straight into decommissioning, writing nothing', async () => {
		const orgD = await makeOrganisation(db, 'Status Council');
		const actor = await quickUser(db, orgD, ['officer']);
		await expectInputError(createProject(db, actor, input({ title: 'Sneaky', status: 'decommissioning' }), NOW), 'status');
		expect(await listProjects(db, orgD)).toHaveLength(0);
		const p = await createProject(db, actor, input({ title: 'Honest' }), NOW);
		await expectInputError(updateProject(db, actor, p.id, input({ title: 'Honest', status: 'decommissioning' }), NOW), 'status');
		expect((await getProject(db, orgD, p.id)).status).toBe('planned');
	});
});
