// A project's equality assessment: the nine protected characteristics with findings, data
// sources and gaps; actions (issue, action, lead, due date); status and review date.
// The assessment row is created the first time it is saved; until then it reads as "not started".
import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, optionalText, text, validate } from '../forms';
import { formatDay } from './decisions';
import type { EvidenceSource } from './evidence';
import { getProject } from './projects';
import {
	EQUALITY_CHARACTERISTICS,
	EQUALITY_STATUSES,
	equalityActions,
	equalityAssessments,
	equalityFindings,
	type EqualityCharacteristic,
	type EqualityStatus
} from './schema';
import { optionalDate } from './steps';

type Actor = { id: string; organisationId: string };

export const EQUALITY_CHARACTERISTIC_LABELS: Record<EqualityCharacteristic, string> = {
	age: 'Age',
	disability: 'Disability',
	gender_reassignment: 'Gender reassignment',
	marriage_and_civil_partnership: 'Marriage and civil partnership',
	pregnancy_and_maternity: 'Pregnancy and maternity',
	race: 'Race',
	religion_or_belief: 'Religion or belief',
	sex: 'Sex',
	sexual_orientation: 'Sexual orientation'
};

export const EQUALITY_STATUS_LABELS: Record<EqualityStatus, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	complete: 'Complete'
};

/** Enough for any real assessment; stops a runaway form filling the table. */
export const MAX_EQUALITY_ACTIONS = 100;

const PARTS = ['findings', 'dataSources', 'gaps'] as const;
type Part = (typeof PARTS)[number];
const PART_LABELS: Record<Part, string> = { findings: 'the findings', dataSources: 'the data sources', gaps: 'the gaps' };

/** Form field name for one part of one characteristic, e.g. "findings-age". */
export const findingField = (part: Part, characteristic: EqualityCharacteristic) => `${part}-${characteristic}` as const;

const partFields = Object.fromEntries(
	EQUALITY_CHARACTERISTICS.flatMap((c) =>
		PARTS.map((p) => [findingField(p, c), optionalText(`${PART_LABELS[p]} for ${EQUALITY_CHARACTERISTIC_LABELS[c].toLowerCase()}`, 2000)])
	)
) as Record<`${Part}-${EqualityCharacteristic}`, ReturnType<typeof optionalText>>;

/** The whole assessment as one form: status, review date, summary and the nine characteristics. */
export const equalityFormSchema = v.pipe(
	v.object({
		status: v.picklist(EQUALITY_STATUSES, 'Choose a status for the assessment.'),
		reviewDate: optionalDate('the review date'),
		summary: optionalText('the summary', 2000),
		...partFields
	}),
	v.transform((f) => ({
		status: f.status,
		reviewDate: f.reviewDate,
		summary: f.summary,
		findings: EQUALITY_CHARACTERISTICS.map((c) => ({
			characteristic: c,
			findings: f[findingField('findings', c)],
			dataSources: f[findingField('dataSources', c)],
			gaps: f[findingField('gaps', c)]
		}))
	}))
);
export type EqualityInput = v.InferOutput<typeof equalityFormSchema>;
export const EQUALITY_FORM_FIELDS = ['status', 'reviewDate', 'summary', ...EQUALITY_CHARACTERISTICS.flatMap((c) => PARTS.map((p) => findingField(p, c)))];

export const equalityActionSchema = v.object({
	issue: text('the issue', 500),
	action: text('the action', 500),
	lead: text('who leads the action', 120),
	dueDate: optionalDate('the due date')
});
export type EqualityActionInput = v.InferOutput<typeof equalityActionSchema>;
export const EQUALITY_ACTION_FIELDS = ['issue', 'action', 'lead', 'dueDate'] as const;

export const equalityActionIdSchema = v.object({
	actionId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That action was not found.'))
});

/** The assessment for the equality page (organisation checked). */
export async function getEqualityAssessment(db: Db, organisationId: string, projectId: string) {
	await getProject(db, organisationId, projectId);
	const [[assessment], findings, actions] = await Promise.all([
		db.select().from(equalityAssessments).where(eq(equalityAssessments.projectId, projectId)),
		db.select().from(equalityFindings).where(eq(equalityFindings.projectId, projectId)),
		db
			.select({ id: equalityActions.id, issue: equalityActions.issue, action: equalityActions.action, lead: equalityActions.lead, dueDate: equalityActions.dueDate })
			.from(equalityActions)
			.where(eq(equalityActions.projectId, projectId))
			.orderBy(asc(equalityActions.createdAt), asc(equalityActions.id))
	]);
	return {
		exists: !!assessment,
		status: assessment?.status ?? ('not_started' as EqualityStatus),
		summary: assessment?.summary ?? null,
		reviewDate: assessment?.reviewDate ?? null,
		updatedAt: assessment?.updatedAt ?? null,
		characteristics: EQUALITY_CHARACTERISTICS.map((c) => {
			const row = findings.find((f) => f.characteristic === c);
			return {
				characteristic: c,
				label: EQUALITY_CHARACTERISTIC_LABELS[c],
				findings: row?.findings ?? null,
				dataSources: row?.dataSources ?? null,
				gaps: row?.gaps ?? null
			};
		}),
		actions
	};
}

function toFormShape(input: EqualityInput): Record<string, string> {
	const flat: Record<string, string> = { status: input.status, reviewDate: input.reviewDate ?? '', summary: input.summary ?? '' };
	for (const c of EQUALITY_CHARACTERISTICS) for (const p of PARTS) flat[findingField(p, c)] = '';
	for (const f of input.findings) {
		if (!EQUALITY_CHARACTERISTICS.includes(f.characteristic)) throw new InputError('That is not one of the protected characteristics.');
		for (const p of PARTS) flat[findingField(p, f.characteristic)] = f[p] ?? '';
	}
	return flat;
}

/** Saves status, review date, summary and all nine characteristics at once. */
export async function saveEqualityAssessment(db: Db, actor: Actor, projectId: string, input: EqualityInput, now = new Date()): Promise<void> {
	const data = validate(equalityFormSchema, toFormShape(input));
	if (data.status === 'complete' && !data.reviewDate) throw new InputError('Set a review date before marking the assessment complete.', 'reviewDate');
	await getProject(db, actor.organisationId, projectId);
	await db.transaction(async (tx) => {
		const assessment = { status: data.status, reviewDate: data.reviewDate, summary: data.summary, updatedAt: now };
		await tx
			.insert(equalityAssessments)
			.values({ projectId, ...assessment, createdAt: now })
			.onConflictDoUpdate({ target: equalityAssessments.projectId, set: assessment });
		await tx
			.insert(equalityFindings)
			.values(data.findings.map((f) => ({ id: newId(), projectId, ...f })))
			.onConflictDoUpdate({
				target: [equalityFindings.projectId, equalityFindings.characteristic],
				set: { findings: sql`excluded.findings`, dataSources: sql`excluded.data_sources`, gaps: sql`excluded.gaps` }
			});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'equality.updated',
			targetType: 'project',
			targetId: projectId,
			detail: { status: data.status, characteristicsWithFindings: data.findings.filter((f) => f.findings).length }
		});
	});
}

/** Makes sure the assessment exists (not started) so actions can hang off it. */
async function ensureAssessment(tx: Db, projectId: string, now: Date) {
	await tx.insert(equalityAssessments).values({ projectId, createdAt: now, updatedAt: now }).onConflictDoNothing();
}

export async function addEqualityAction(db: Db, actor: Actor, projectId: string, input: EqualityActionInput, now = new Date()): Promise<string> {
	const data = validate(equalityActionSchema, { ...input, dueDate: input.dueDate ?? '' });
	await getProject(db, actor.organisationId, projectId);
	const id = newId();
	await db.transaction(async (tx) => {
		const [{ n }] = await tx.select({ n: count() }).from(equalityActions).where(eq(equalityActions.projectId, projectId));
		if (n >= MAX_EQUALITY_ACTIONS) throw new InputError(`An assessment can have at most ${MAX_EQUALITY_ACTIONS} actions.`);
		await ensureAssessment(tx, projectId, now);
		await tx.insert(equalityActions).values({ id, projectId, ...data, createdAt: now });
		await tx.update(equalityAssessments).set({ updatedAt: now }).where(eq(equalityAssessments.projectId, projectId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'equality.action_added',
			targetType: 'project',
			targetId: projectId,
			detail: { actionId: id }
		});
	});
	return id;
}

export async function removeEqualityAction(db: Db, actor: Actor, projectId: string, actionId: string, now = new Date()): Promise<void> {
	await getProject(db, actor.organisationId, projectId);
	await db.transaction(async (tx) => {
		const gone = await tx
			.delete(equalityActions)
			.where(and(eq(equalityActions.id, actionId), eq(equalityActions.projectId, projectId)))
			.returning({ id: equalityActions.id });
		if (gone.length !== 1) throw new InputError('That action was not found. It may have been removed already.');
		await tx.update(equalityAssessments).set({ updatedAt: now }).where(eq(equalityAssessments.projectId, projectId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'equality.action_removed',
			targetType: 'project',
			targetId: projectId,
			detail: { actionId }
		});
	});
}

export interface EqualityStatusSummary {
	started: boolean;
	status: EqualityStatus;
	label: string;
	reviewDate: string | null;
	updatedAt: Date | null;
	characteristicsWithFindings: number;
	actions: number;
}

/** The assessment's status for the project overview and decommissioning (caller checked the project). */
export async function equalityStatus(db: Db, projectId: string): Promise<EqualityStatusSummary> {
	const [[assessment], [withFindings], [actions]] = await Promise.all([
		db.select().from(equalityAssessments).where(eq(equalityAssessments.projectId, projectId)),
		db
			.select({ n: count() })
			.from(equalityFindings)
			.where(and(eq(equalityFindings.projectId, projectId), isNotNull(equalityFindings.findings))),
		db.select({ n: count() }).from(equalityActions).where(eq(equalityActions.projectId, projectId))
	]);
	const status = assessment?.status ?? 'not_started';
	return {
		started: status !== 'not_started',
		status,
		label: EQUALITY_STATUS_LABELS[status],
		reviewDate: assessment?.reviewDate ?? null,
		updatedAt: assessment?.updatedAt ?? null,
		characteristicsWithFindings: Number(withFindings.n),
		actions: Number(actions.n)
	};
}

/** "Equality assessment: in progress, review by 3 March 2027" */
export function equalitySentence(s: Pick<EqualityStatusSummary, 'status' | 'reviewDate'>): string {
	const review = s.reviewDate ? `, review by ${formatDay(s.reviewDate)}` : '';
	return `Equality assessment: ${EQUALITY_STATUS_LABELS[s.status].toLowerCase()}${review}`;
}

/** The assessment in a project's evidence, at step 2 (Investigate). */
export const equalityEvidence: EvidenceSource = {
	kind: 'equality',
	label: 'Equality assessment',
	async list(db, projectId) {
		const s = await equalityStatus(db, projectId);
		if (!s.updatedAt) return [];
		const actions = `${s.actions} open action${s.actions === 1 ? '' : 's'}`;
		return [
			{
				kind: 'equality',
				step: 2,
				title: 'Equality assessment',
				summary: `${equalitySentence(s)}. Findings for ${s.characteristicsWithFindings} of ${EQUALITY_CHARACTERISTICS.length} characteristics; ${actions}.`,
				date: s.updatedAt.toISOString().slice(0, 10),
				href: `/staff/projects/${projectId}/equality`
			}
		];
	}
};
