import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { listApprovalBands, parseApprovalBandsForm, replaceApprovalBands } from '../../src/lib/server/organisations/organisations';
import { approvalRouteForProject, decisionEvidence, listDecisions, recordDecision, type DecisionInput } from '../../src/lib/server/projects/decisions';
import {
	defaultNoticeDate,
	getDecommissioning,
	monthsAhead,
	parseDecommissioningForm,
	startDecommissioning,
	type DecommissioningInput
} from '../../src/lib/server/projects/decommissioning';
import {
	addEqualityAction,
	equalityEvidence,
	equalityFormSchema,
	equalityStatus,
	getEqualityAssessment,
	removeEqualityAction,
	saveEqualityAssessment,
	type EqualityInput
} from '../../src/lib/server/projects/equality';
import { createProject, getProject, updateProject, type ProjectInput } from '../../src/lib/server/projects/projects';
import { EQUALITY_CHARACTERISTICS, participationPlans } from '../../src/lib/server/projects/schema';
import { listProjectEvidence } from '../../src/lib/server/projects/sources';
import * as v from 'valibot';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let orgB: string;
let officer: Person;
let admin: Person;
let officerB: Person;

const today = () => new Date().toISOString().slice(0, 10);
const projectInput = (over: Partial<ProjectInput> = {}): ProjectInput => ({
	title: 'Youth club contract',
	summary: 'Clubs where young people meet after school.',
	serviceArea: 'Youth services',
	level: 'operational',
	route: 'procurement',
	annualValue: 12_000_000,
	contractMonths: 36,
	leadOfficerId: null,
	publicContact: null,
	status: 'active',
	...over
});
const decision = (over: Partial<DecisionInput> = {}): DecisionInput => ({
	decidedOn: today(),
	decision: 'Go out to tender for a three-year contract',
	decidedBy: 'Senior leadership team',
	notes: null,
	step: 3,
	...over
});
const equalityInput = (status: EqualityInput['status'], reviewDate: string | null, findings: Partial<Record<string, string>> = {}): EqualityInput =>
	v.parse(equalityFormSchema, {
		status,
		reviewDate: reviewDate ?? '',
		summary: '',
		...Object.fromEntries(EQUALITY_CHARACTERISTICS.flatMap((c) => [[`findings-${c}`, findings[c] ?? ''], [`dataSources-${c}`, ''], [`gaps-${c}`, '']]))
	});
const decommissioning = (over: Partial<DecommissioningInput> = {}): DecommissioningInput => ({
	reasons: ['not_value_for_money'],
	explanation: 'Attendance has fallen by half and a new youth hub opens nearby.',
	consultationPlan: 'Two workshops with club members and a survey of parents in June.',
	providerNoticeDate: defaultNoticeDate(),
	...over
});

/** Rows in every table these features write, and the audit log. */
async function governanceCounts() {
	const counts: Record<string, number> = {};
	for (const table of ['decisions', 'equality_assessments', 'equality_findings', 'equality_actions', 'decommissionings', 'approval_bands', 'audit_log']) {
		const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from ${table}`);
		counts[table] = Number(row.n);
	}
	return counts;
}

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, orgA, ['officer']);
	admin = await quickUser(db, orgA, ['admin']);
	officerB = await quickUser(db, orgB, ['officer']);
});
afterAll(async () => {
	await t?.close();
});

describe('approval route', () => {
	it('follows the Achieving for Children bands at every edge, from annual value × months', async () => {
		const project = await createProject(db, officer, projectInput());
		const at = async (annualValue: number, contractMonths: number) => {
			await updateProject(db, officer, project.id, projectInput({ annualValue, contractMonths }));
			return approvalRouteForProject(db, orgA, project.id);
		};
		const cases: [number, number, number, string][] = [
			[0, 12, 0, 'Line manager'],
			[49_999, 12, 49_999, 'Line manager'], // £499.99
			[50_000, 12, 50_000, 'Head of service'], // £500
			[1_666_666, 36, 4_999_998, 'Head of service'],
			[4_999_999, 12, 4_999_999, 'Head of service'], // £49,999.99
			[5_000_000, 12, 5_000_000, 'Senior leadership team'], // £50,000
			[600_000, 100, 5_000_000, 'Senior leadership team'], // £6,000 a year for 100 months
			[50_000_000, 12, 50_000_000, 'Senior leadership team'], // £500,000 exactly
			[25_000_000, 24, 50_000_000, 'Senior leadership team'],
			[50_000_001, 12, 50_000_001, 'The board'], // £500,000.01
			[30_000_000, 24, 60_000_000, 'The board']
		];
		for (const [annual, months, total, approver] of cases) {
			const route = await at(annual, months);
			expect(route.totalValuePence, `${annual} × ${months}`).toBe(total);
			expect(route.approver, `${annual} × ${months}`).toBe(approver);
		}
		expect((await at(12_000_000, 36)).sentence).toBe('Total value £360,000: the senior leadership team must approve.');
		expect((await at(50_000_001, 12)).sentence).toBe('Total value £500,000.01: the board must approve.');
		expect((await at(49_999, 12)).sentence).toBe('Total value £499.99: the line manager must approve.');
		expect((await at(49_999, 12)).bands).toHaveLength(4);
	});
});

describe('decision log', () => {
	it('stores the approver required at the time, even after the bands change', async () => {
		const project = await createProject(db, officer, projectInput({ annualValue: 12_000_000, contractMonths: 36 }));
		const id = await recordDecision(db, officer, project.id, decision());
		const before = await listDecisions(db, orgA, project.id);
		expect(before).toHaveLength(1);
		expect(before[0]).toMatchObject({ id, totalValuePence: 36_000_000, requiredApprover: 'Senior leadership team', step: 3, stepName: 'Collaborate' });
		expect(await auditFor(db, 'decision.recorded')).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: project.id, actorId: officer.id })]));

		// A new organisation with its own bands: a different approver for the same project now...
		const orgC = await makeOrganisation(db, 'Westvale Council');
		const officerC = await quickUser(db, orgC, ['officer']);
		const adminC = await quickUser(db, orgC, ['admin']);
		const projectC = await createProject(db, officerC, projectInput());
		await recordDecision(db, officerC, projectC.id, decision({ decidedBy: 'Head of children’s services' }));
		await replaceApprovalBands(db, adminC, orgC, [
			{ fromPence: 0, toPence: 3_000_001, approver: 'Head of service' },
			{ fromPence: 3_000_001, toPence: null, approver: 'Joint commissioning board' }
		]);
		expect((await approvalRouteForProject(db, orgC, projectC.id)).approver).toBe('Joint commissioning board');
		// ...but the recorded decision keeps the approver the old bands required.
		const [kept] = await listDecisions(db, orgC, projectC.id);
		expect(kept.requiredApprover).toBe('Senior leadership team');
		expect(kept.totalValuePence).toBe(36_000_000);
		// New decisions use the new bands.
		await recordDecision(db, officerC, projectC.id, decision({ decision: 'Award to the preferred bidder' }));
		const log = await listDecisions(db, orgC, projectC.id);
		expect(log.map((d) => d.requiredApprover).sort()).toEqual(['Joint commissioning board', 'Senior leadership team']);
	});

	it('refuses future dates and broken input, writing nothing', async () => {
		const project = await createProject(db, officer, projectInput());
		const before = await governanceCounts();
		await expectInputError(recordDecision(db, officer, project.id, decision({ decidedOn: '2099-01-01' })), 'decidedOn');
		await expectInputError(recordDecision(db, officer, project.id, decision({ decidedOn: '2026-02-30' })), 'decidedOn');
		await expectInputError(recordDecision(db, officer, project.id, decision({ decision: '' })), 'decision');
		await expectInputError(recordDecision(db, officer, project.id, decision({ decision: 'x'.repeat(10_000) })), 'decision');
		await expectInputError(recordDecision(db, officer, project.id, decision({ step: 9 })), 'step');
		expect(await governanceCounts()).toEqual(before);
	});

	it('shows decisions in the project’s evidence at their step', async () => {
		const project = await createProject(db, officer, projectInput());
		await recordDecision(db, officer, project.id, decision({ decidedOn: '2026-03-12', decidedBy: 'The board', step: 5 }));
		const items = await decisionEvidence.list(db, project.id);
		expect(items).toEqual([
			expect.objectContaining({ kind: 'decision', step: 5, summary: 'Approved by The board on 12 March 2026', href: `/staff/projects/${project.id}/approvals` })
		]);
		const evidence = await listProjectEvidence(db, project.id);
		expect(evidence.find((e) => e.step === 5)?.items.some((i) => i.kind === 'decision')).toBe(true);
	});
});

describe('equality assessment', () => {
	it('reads as not started, then saves, upserts and counts findings', async () => {
		const project = await createProject(db, officer, projectInput());
		const empty = await getEqualityAssessment(db, orgA, project.id);
		expect(empty.exists).toBe(false);
		expect(empty.status).toBe('not_started');
		expect(empty.characteristics.map((c) => c.label)).toEqual([
			'Age',
			'Disability',
			'Gender reassignment',
			'Marriage and civil partnership',
			'Pregnancy and maternity',
			'Race',
			'Religion or belief',
			'Sex',
			'Sexual orientation'
		]);
		expect(await equalityEvidence.list(db, project.id)).toEqual([]);

		await saveEqualityAssessment(db, officer, project.id, equalityInput('in_progress', '2027-03-03', { age: 'Fewer 16-18s take part.', disability: 'No data yet.' }));
		await saveEqualityAssessment(db, officer, project.id, equalityInput('in_progress', '2027-03-03', { age: 'Fewer 16-18s take part than 11-15s.', race: 'Matches the borough.' }));
		const saved = await getEqualityAssessment(db, orgA, project.id);
		expect(saved.status).toBe('in_progress');
		expect(saved.characteristics.find((c) => c.characteristic === 'age')?.findings).toBe('Fewer 16-18s take part than 11-15s.');
		expect(saved.characteristics.find((c) => c.characteristic === 'disability')?.findings).toBeNull();
		const [{ n }] = await rows<{ n: number }>(db, `select count(*)::int as n from equality_findings where project_id = '${project.id}'`);
		expect(Number(n)).toBe(9);

		const actionId = await addEqualityAction(db, officer, project.id, { issue: 'Few disabled young people answered', action: 'Run an accessible workshop', lead: 'Participation team', dueDate: '2026-12-01' });
		await addEqualityAction(db, officer, project.id, { issue: 'No data on religion', action: 'Add an optional question', lead: 'Data team', dueDate: null });
		let status = await equalityStatus(db, project.id);
		expect(status).toMatchObject({ started: true, status: 'in_progress', characteristicsWithFindings: 2, actions: 2, reviewDate: '2027-03-03' });
		await removeEqualityAction(db, officer, project.id, actionId);
		await expectInputError(removeEqualityAction(db, officer, project.id, actionId));
		status = await equalityStatus(db, project.id);
		expect(status.actions).toBe(1);
		const [item] = await equalityEvidence.list(db, project.id);
		expect(item).toMatchObject({ kind: 'equality', step: 2 });
		expect(item.summary).toBe('Equality assessment: in progress, review by 3 March 2027. Findings for 2 of 9 characteristics; 1 open action.');
		expect((await auditFor(db, 'equality.updated')).filter((a) => a.targetId === project.id)).toHaveLength(2);
		expect((await auditFor(db, 'equality.action_added')).filter((a) => a.targetId === project.id)).toHaveLength(2);
		expect((await auditFor(db, 'equality.action_removed')).filter((a) => a.targetId === project.id)).toHaveLength(1);
	});

	it('refuses a complete assessment without a review date, and bad actions, writing nothing', async () => {
		const project = await createProject(db, officer, projectInput());
		const before = await governanceCounts();
		await expectInputError(saveEqualityAssessment(db, officer, project.id, equalityInput('complete', null)), 'reviewDate');
		await expectInputError(addEqualityAction(db, officer, project.id, { issue: '', action: 'Do it', lead: 'Me', dueDate: null }), 'issue');
		await expectInputError(addEqualityAction(db, officer, project.id, { issue: 'x', action: 'x'.repeat(10_000), lead: 'Me', dueDate: null }), 'action');
		await expectInputError(addEqualityAction(db, officer, project.id, { issue: 'x', action: 'y', lead: 'Me', dueDate: '2026-13-01' }), 'dueDate');
		expect(v.safeParse(equalityFormSchema, { status: 'done' }).success).toBe(false);
		expect(await governanceCounts()).toEqual(before);
	});
});

describe('decommissioning', () => {
	it('refuses without reasons, equality assessment, consultation or a future notice date, writing nothing; then starts', async () => {
		const project = await createProject(db, officer, projectInput());
		const before = await governanceCounts();
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning({ reasons: [] })), 'reasons');
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning({ explanation: '' })), 'explanation');
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning({ consultationPlan: ' ' })), 'consultationPlan');
		const noEquality = await expectInputError(startDecommissioning(db, officer, project.id, decommissioning()));
		expect(noEquality.message).toMatch(/equality assessment first/);

		// An assessment saved as "not started" is not enough.
		await saveEqualityAssessment(db, officer, project.id, equalityInput('not_started', null));
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning()));
		await saveEqualityAssessment(db, officer, project.id, equalityInput('in_progress', null, { age: 'Used mostly by 13-16s.' }));

		// A plan of "other" activities is not consultation with young people and parents.
		await db.insert(participationPlans).values({ id: newId(), projectId: project.id, step: 8, activity: 'other', audience: 'both' });
		const noConsultation = await expectInputError(startDecommissioning(db, officer, project.id, decommissioning()));
		expect(noConsultation.message).toBe('Plan how young people and parents will be consulted first (Cycle page).');
		await db.insert(participationPlans).values({ id: newId(), projectId: project.id, step: 8, activity: 'workshop', audience: 'both' });

		const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning({ providerNoticeDate: yesterday })), 'providerNoticeDate');
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning({ providerNoticeDate: '2026-02-30' })), 'providerNoticeDate');
		const counts = await governanceCounts();
		expect(counts.decommissionings).toBe(before.decommissionings);
		expect((await getProject(db, orgA, project.id)).status).toBe('active');
		expect(await getDecommissioning(db, project.id)).toBeNull();

		await startDecommissioning(db, officer, project.id, decommissioning({ reasons: ['not_value_for_money', 'better_alternatives'], providerNoticeDate: today() }));
		expect((await getProject(db, orgA, project.id)).status).toBe('decommissioning');
		const started = await getDecommissioning(db, project.id);
		expect(started).toMatchObject({ reasons: ['better_alternatives', 'not_value_for_money'], reasonLabels: ['Better alternatives exist', 'No longer value for money'], providerNoticeDate: today() });
		expect(started).not.toHaveProperty('startedBy');
		expect((await auditFor(db, 'project.decommissioning_started')).filter((a) => a.targetId === project.id)).toHaveLength(1);
		await expectInputError(startDecommissioning(db, officer, project.id, decommissioning()));
		expect((await governanceCounts()).decommissionings).toBe(counts.decommissionings + 1);
	});

	it('reads the form: reasons from the list only, files and junk refused', () => {
		const form = (entries: [string, string | Blob][]) => {
			const f = new FormData();
			for (const [k, val] of entries) f.append(k, val);
			return f;
		};
		const base: [string, string][] = [
			['explanation', 'Why'],
			['consultationPlan', 'How'],
			['providerNoticeDate', '2030-01-31']
		];
		const ok = parseDecommissioningForm(form([['reasons', 'missed_targets'], ['reasons', 'missed_targets'], ['reasons', 'quality_failure'], ...base]));
		expect(ok.ok && ok.data.reasons).toEqual(['quality_failure', 'missed_targets']);
		const unknown = parseDecommissioningForm(form([['reasons', 'bored'], ...base]));
		expect(!unknown.ok && unknown.errors.reasons).toBe('Choose reasons from the list.');
		const none = parseDecommissioningForm(form(base));
		expect(!none.ok && none.errors.reasons).toBe('Choose at least one reason for decommissioning.');
		const file = parseDecommissioningForm(form([['reasons', new Blob(['x'])], ...base]));
		expect(file.ok).toBe(false);
		const nul = parseDecommissioningForm(form([['reasons', 'missed_targets'], ['explanation', 'a\u0000b'], ['consultationPlan', 'How'], ['providerNoticeDate', '2030-01-31']]));
		expect(!nul.ok && nul.errors.explanation).toBeTruthy();
	});

	it('defaults the notice to three months ahead, inside the month', () => {
		expect(monthsAhead(new Date('2026-01-15T10:00:00Z'), 3)).toBe('2026-04-15');
		expect(monthsAhead(new Date('2026-11-30T10:00:00Z'), 3)).toBe('2027-02-28');
		expect(monthsAhead(new Date('2027-11-30T10:00:00Z'), 3)).toBe('2028-02-29');
	});
});

describe('approval bands', () => {
	it('refuses bands that leave gaps, don’t start at £0 or don’t end open, changing nothing', async () => {
		const before = await listApprovalBands(db, orgA);
		const counts = await governanceCounts();
		const bad = [
			[],
			[{ fromPence: 100, toPence: null, approver: 'Anyone' }],
			[
				{ fromPence: 0, toPence: 500, approver: 'A' },
				{ fromPence: 600, toPence: null, approver: 'B' }
			],
			[{ fromPence: 0, toPence: 500, approver: 'A' }],
			[{ fromPence: 0, toPence: null, approver: ' ' }],
			[{ fromPence: -5, toPence: null, approver: 'A' }],
			[{ fromPence: 0.5, toPence: null, approver: 'A' }],
			[{ fromPence: 0, toPence: null, approver: 'x'.repeat(10_000) }]
		];
		for (const bands of bad) await expectInputError(replaceApprovalBands(db, admin, orgA, bands));
		expect(await listApprovalBands(db, orgA)).toEqual(before);
		expect(await governanceCounts()).toEqual(counts);
	});

	it('replaces the set in one go, audited, from the settings form', async () => {
		const f = new FormData();
		const set = (k: string, val: string) => f.set(k, val);
		set('from-0', '0');
		set('to-0', '1,000');
		set('approver-0', 'Line manager');
		set('from-1', '£1,000');
		set('to-1', '');
		set('approver-1', 'Head of service');
		set('from-2', '5');
		set('to-2', '6');
		set('approver-2', 'Gone');
		set('remove-2', 'on');
		set('from-3', '');
		set('to-3', '');
		set('approver-3', '');
		const parsed = parseApprovalBandsForm(f);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.bands).toEqual([
			{ fromPence: 0, toPence: 100_000, approver: 'Line manager' },
			{ fromPence: 100_000, toPence: null, approver: 'Head of service' }
		]);
		const orgD = await makeOrganisation(db, 'Eastmoor Council');
		const adminD = await quickUser(db, orgD, ['admin']);
		await replaceApprovalBands(db, adminD, orgD, parsed.bands);
		expect((await listApprovalBands(db, orgD)).map((b) => b.approver)).toEqual(['Line manager', 'Head of service']);
		expect((await auditFor(db, 'organisation.approval_bands_changed')).filter((a) => a.targetId === orgD)).toHaveLength(1);

		const gap = new FormData();
		gap.set('from-0', '0');
		gap.set('to-0', '100');
		gap.set('approver-0', 'A');
		gap.set('from-1', '200');
		gap.set('to-1', '');
		gap.set('approver-1', 'B');
		const refused = parseApprovalBandsForm(gap);
		expect(!refused.ok && refused.errors.form).toBe('Band 2 must start where band 1 ends.');
		const junk = new FormData();
		junk.set('from-0', 'lots');
		junk.set('to-0', '');
		junk.set('approver-0', 'A');
		const junkParsed = parseApprovalBandsForm(junk);
		expect(!junkParsed.ok && junkParsed.errors['from-0']).toMatch(/in pounds/);
	});
});

describe('another organisation’s projects', () => {
	it('are not found, and nothing is written', async () => {
		const project = await createProject(db, officer, projectInput());
		const actionId = await addEqualityAction(db, officer, project.id, { issue: 'i', action: 'a', lead: 'l', dueDate: null });
		const other = await createProject(db, officer, projectInput({ title: 'Other' }));
		const before = await governanceCounts();
		await expectInputError(approvalRouteForProject(db, orgB, project.id));
		await expectInputError(listDecisions(db, orgB, project.id));
		await expectInputError(recordDecision(db, officerB, project.id, decision()));
		await expectInputError(getEqualityAssessment(db, orgB, project.id));
		await expectInputError(saveEqualityAssessment(db, officerB, project.id, equalityInput('in_progress', null)));
		await expectInputError(addEqualityAction(db, officerB, project.id, { issue: 'i', action: 'a', lead: 'l', dueDate: null }));
		await expectInputError(removeEqualityAction(db, officerB, project.id, actionId));
		await expectInputError(startDecommissioning(db, officerB, project.id, decommissioning()));
		await expectInputError(replaceApprovalBands(db, officerB, orgA, [{ fromPence: 0, toPence: null, approver: 'Anyone' }]));
		// An action id from this project can't be removed through another project of the same organisation.
		await expectInputError(removeEqualityAction(db, officer, other.id, actionId));
		const after = await governanceCounts();
		expect(after).toEqual(before);
		expect((await db.select().from(participationPlans).where(eq(participationPlans.projectId, project.id))).length).toBe(0);
	});
});
