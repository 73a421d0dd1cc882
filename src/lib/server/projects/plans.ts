// The participation plan: how young people and parents will be involved at each step.
import { and, asc, count, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, optionalText, validate } from '../forms';
import { getProject } from './projects';
import { ACCESSIBLE_FORMATS, ACTIVITY_KINDS, AUDIENCES, participationPlans, type AccessibleFormat, type ActivityKind, type Audience, type StepStatus } from './schema';
import { stepField } from './steps';

type Actor = { id: string; organisationId: string };

/** Enough for any real plan; stops a runaway form filling the table. */
export const MAX_PLAN_ITEMS_PER_STEP = 30;

export const planItemSchema = v.object({
	step: stepField,
	activity: v.picklist(ACTIVITY_KINDS, 'Choose an activity.'),
	audience: v.picklist(AUDIENCES, 'Choose who will take part.'),
	description: optionalText('the description', 500)
});
/** Accessible formats ticked on the form: each one known, none twice (the quality view counts them). */
export const formatsSchema = v.pipe(
	v.array(v.picklist(ACCESSIBLE_FORMATS, 'Choose accessible formats from the list.'), 'Choose accessible formats from the list.'),
	v.maxLength(ACCESSIBLE_FORMATS.length, 'Choose accessible formats from the list.'),
	v.check((list) => new Set(list).size === list.length, 'Choose each accessible format once.')
);
export type PlanItemInput = v.InferOutput<typeof planItemSchema> & { formats?: AccessibleFormat[] };
export const PLAN_ITEM_FIELDS = ['step', 'activity', 'audience', 'description'] as const;

export const planItemIdSchema = v.object({
	planId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That plan item was not found.'))
});

export interface PlanItem {
	id: string;
	step: number;
	activity: ActivityKind;
	audience: Audience;
	description: string | null;
	formats: AccessibleFormat[];
}

/** Every plan item of a project, by step then in the order added (organisation checked). */
export async function listPlanItems(db: Db, organisationId: string, projectId: string): Promise<PlanItem[]> {
	await getProject(db, organisationId, projectId);
	return db
		.select({
			id: participationPlans.id,
			step: participationPlans.step,
			activity: participationPlans.activity,
			audience: participationPlans.audience,
			description: participationPlans.description,
			formats: participationPlans.formats
		})
		.from(participationPlans)
		.where(eq(participationPlans.projectId, projectId))
		.orderBy(asc(participationPlans.step), asc(participationPlans.createdAt), asc(participationPlans.id));
}

/**
 * Steps with nothing planned, to flag. A skipped step needs no plan; without statuses every step
 * from 1 to 8 is considered.
 */
export function stepsWithoutPlans(plans: readonly { step: number }[], steps?: readonly { step: number; status: StepStatus }[]): number[] {
	const planned = new Set(plans.map((p) => p.step));
	const candidates = steps ? steps.filter((s) => s.status !== 'skipped').map((s) => s.step) : [1, 2, 3, 4, 5, 6, 7, 8];
	return [...new Set(candidates)].filter((step) => !planned.has(step)).sort((a, b) => a - b);
}

export async function addPlanItem(db: Db, actor: Actor, projectId: string, input: PlanItemInput, now = new Date()): Promise<string> {
	const data = validate(planItemSchema, { ...input, step: String(input.step), description: input.description ?? '' });
	const formats = validate(formatsSchema, input.formats ?? []);
	await getProject(db, actor.organisationId, projectId);
	const id = newId();
	await db.transaction(async (tx) => {
		const [{ n }] = await tx
			.select({ n: count() })
			.from(participationPlans)
			.where(and(eq(participationPlans.projectId, projectId), eq(participationPlans.step, data.step)));
		if (n >= MAX_PLAN_ITEMS_PER_STEP) throw new InputError(`A step can have at most ${MAX_PLAN_ITEMS_PER_STEP} planned activities.`);
		await tx.insert(participationPlans).values({ id, projectId, ...data, formats, createdAt: now });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'project.plan_added',
			targetType: 'project',
			targetId: projectId,
			detail: { planId: id, step: data.step, activity: data.activity, audience: data.audience, formats: formats.length }
		});
	});
	return id;
}

/** Removes one plan item of this project; returns the step it belonged to. */
export async function removePlanItem(db: Db, actor: Actor, projectId: string, planId: string): Promise<number> {
	await getProject(db, actor.organisationId, projectId);
	return db.transaction(async (tx) => {
		const gone = await tx
			.delete(participationPlans)
			.where(and(eq(participationPlans.id, planId), eq(participationPlans.projectId, projectId)))
			.returning({ step: participationPlans.step });
		if (gone.length !== 1) throw new InputError('That plan item was not found. It may have been removed already.');
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'project.plan_removed',
			targetType: 'project',
			targetId: projectId,
			detail: { planId, step: gone[0].step }
		});
		return gone[0].step;
	});
}
