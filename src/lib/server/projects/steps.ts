// A project's eight steps: planned and actual dates, status and notes, and where it is now.
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError, isRealDate, optionalText, validate } from '../forms';
import { cycleStep, type Phase } from './cycle';
import { getProject } from './projects';
import { STEP_STATUSES, projectSteps, type StepStatus } from './schema';

type Actor = { id: string; organisationId: string };

/** True for a calendar date that exists (2026-02-30 does not). */
export { isRealDate };

/** An optional date typed as YYYY-MM-DD (what a date input sends); empty becomes null. */
export const optionalDate = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || isRealDate(s), `Enter ${label} as a real date, for example 2026-09-14.`),
		v.check((s) => s === '' || (s >= '2000-01-01' && s <= '2099-12-31'), `Enter ${label} between the years 2000 and 2099.`),
		v.transform((s) => (s === '' ? null : s))
	);

/** A step number 1-8 as sent by a form. */
export const stepField = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^[1-8]$/, 'Choose a step of the cycle.'),
	v.transform(Number)
);

export const stepSchema = v.object({
	step: stepField,
	plannedStart: optionalDate('the planned start'),
	plannedEnd: optionalDate('the planned end'),
	actualStart: optionalDate('the actual start'),
	actualEnd: optionalDate('the actual end'),
	status: v.picklist(STEP_STATUSES, 'Choose a status for this step.'),
	notes: optionalText('the notes', 2000)
});
export type StepInput = v.InferOutput<typeof stepSchema>;
export const STEP_FIELDS = ['step', 'plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'status', 'notes'] as const;

export interface StepView {
	id: string;
	step: number;
	name: string;
	phase: Phase;
	about: string;
	prompts: string[];
	guidelineMonths: number | null;
	plannedStart: string | null;
	plannedEnd: string | null;
	actualStart: string | null;
	actualEnd: string | null;
	status: StepStatus;
	notes: string | null;
}

/** The project's steps in order, with the framework's words for each (organisation checked). */
export async function listSteps(db: Db, organisationId: string, projectId: string): Promise<StepView[]> {
	await getProject(db, organisationId, projectId);
	const rows = await db.select().from(projectSteps).where(eq(projectSteps.projectId, projectId)).orderBy(asc(projectSteps.step));
	return rows.map((row) => {
		const c = cycleStep(row.step);
		return {
			id: row.id,
			step: row.step,
			name: c.name,
			phase: c.phase,
			about: c.about,
			prompts: [...c.prompts],
			guidelineMonths: c.guidelineMonths,
			plannedStart: row.plannedStart,
			plannedEnd: row.plannedEnd,
			actualStart: row.actualStart,
			actualEnd: row.actualEnd,
			status: row.status,
			notes: row.notes
		};
	});
}

/** Where the project is: the lowest step in progress, else the first not started; null when all are done or skipped. */
export function currentStep(steps: readonly { step: number; status: StepStatus }[]): number | null {
	const sorted = [...steps].sort((a, b) => a.step - b.step);
	return sorted.find((s) => s.status === 'in_progress')?.step ?? sorted.find((s) => s.status === 'not_started')?.step ?? null;
}

/** What comes next: the first later step still to do (not done, not skipped). */
export function nextStep<T extends { step: number; status: StepStatus }>(steps: readonly T[], current: number | null): T | null {
	if (current === null) return null;
	return [...steps].sort((a, b) => a.step - b.step).find((s) => s.step > current && (s.status === 'not_started' || s.status === 'in_progress')) ?? null;
}

/** Plain-words problems with a step's dates, as [field, message]. */
export function stepDateProblems(input: Pick<StepInput, 'plannedStart' | 'plannedEnd' | 'actualStart' | 'actualEnd' | 'status'>, today: string): [string, string][] {
	const problems: [string, string][] = [];
	if (input.plannedStart && input.plannedEnd && input.plannedEnd < input.plannedStart)
		problems.push(['plannedEnd', 'The planned end can’t be before the planned start.']);
	if (input.actualEnd && !input.actualStart) problems.push(['actualStart', 'Enter when the step actually started as well as when it ended.']);
	if (input.actualStart && input.actualEnd && input.actualEnd < input.actualStart)
		problems.push(['actualEnd', 'The actual end can’t be before the actual start.']);
	if (input.actualStart && input.actualStart > today) problems.push(['actualStart', 'The actual start can’t be in the future. Use the planned dates for that.']);
	if (input.actualEnd && input.actualEnd > today) problems.push(['actualEnd', 'The actual end can’t be in the future. Use the planned dates for that.']);
	if (input.status === 'not_started' && input.actualStart) problems.push(['status', 'A step that has actually started can’t be “not started”.']);
	return problems;
}

/** Saves one step's dates, status and notes. Every rule is checked before anything is written. */
export async function updateStep(db: Db, actor: Actor, projectId: string, input: StepInput, now = new Date()): Promise<void> {
	const data = validate(stepSchema, {
		...input,
		step: String(input.step),
		plannedStart: input.plannedStart ?? '',
		plannedEnd: input.plannedEnd ?? '',
		actualStart: input.actualStart ?? '',
		actualEnd: input.actualEnd ?? '',
		notes: input.notes ?? ''
	});
	await getProject(db, actor.organisationId, projectId);
	const [problem] = stepDateProblems(data, now.toISOString().slice(0, 10));
	if (problem) throw new InputError(problem[1], problem[0]);
	const { step, ...fields } = data;
	await db.transaction(async (tx) => {
		const done = await tx
			.update(projectSteps)
			.set(fields)
			.where(and(eq(projectSteps.projectId, projectId), eq(projectSteps.step, step)))
			.returning({ id: projectSteps.id });
		if (done.length !== 1) throw new InputError('That step was not found.');
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'project.step_updated',
			targetType: 'project',
			targetId: projectId,
			detail: { step, status: data.status }
		});
	});
}
