// Stopping a service. Starting it needs at least one listed reason, an equality assessment under
// way, planned consultation with young people and parents, and a provider notice date (three
// months ahead by default). One per project; the project's status changes with it.
import { and, eq, ne } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { type FieldErrors, type FormValues, InputError, NUL_MESSAGE, type Parsed, text, validate } from '../forms';
import { equalityStatus } from './equality';
import { getProject } from './projects';
import { DECOMMISSIONING_REASONS, decommissionings, participationPlans, projects, type DecommissioningReason } from './schema';
import { isRealDate } from './steps';

type Actor = { id: string; organisationId: string };

export const DECOMMISSIONING_REASON_LABELS: Record<DecommissioningReason, string> = {
	better_alternatives: 'Better alternatives exist',
	needs_no_longer_met: 'It no longer meets the needs of the people using it',
	outcomes_not_met: 'It is not achieving the outcomes agreed',
	quality_failure: 'The quality is not good enough',
	statutory_failure: 'It does not meet a legal (statutory) duty',
	missed_targets: 'It missed its performance targets',
	safeguarding_failure: 'It failed to keep children and young people safe (safeguarding)',
	equality_failure: 'It failed to treat people fairly (equality)',
	not_value_for_money: 'No longer value for money',
	need_no_longer_exists: 'The need for it no longer exists'
};

/** Today plus `months`, kept inside the target month (30 November + 3 months is 28 or 29 February). */
export function monthsAhead(now: Date, months: number): string {
	const y = now.getUTCFullYear();
	const m = now.getUTCMonth() + months;
	const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

/** The usual notice to a provider: three months. */
export const defaultNoticeDate = (now = new Date()) => monthsAhead(now, 3);

export const decommissioningSchema = v.object({
	reasons: v.pipe(
		v.array(v.picklist(DECOMMISSIONING_REASONS, 'Choose reasons from the list.'), 'Choose reasons from the list.'),
		v.minLength(1, 'Choose at least one reason for decommissioning.'),
		v.transform((reasons) => DECOMMISSIONING_REASONS.filter((r) => reasons.includes(r)))
	),
	explanation: text('an explanation', 4000),
	consultationPlan: text('how young people and parents will be consulted', 4000),
	providerNoticeDate: v.pipe(
		v.string(),
		v.trim(),
		v.check(isRealDate, 'Enter the provider notice date as a real date, for example 2026-09-14.'),
		v.check((s) => s <= '2099-12-31', 'Enter a provider notice date before the year 2100.')
	)
});
export type DecommissioningInput = v.InferOutput<typeof decommissioningSchema>;
const TEXT_FIELDS = ['explanation', 'consultationPlan', 'providerNoticeDate'] as const;

/** Reads the form (reasons are repeated checkboxes) with plain-words messages, like parseForm. */
export function parseDecommissioningForm(form: FormData): Parsed<DecommissioningInput> {
	const errors: FieldErrors = {};
	const raw: Record<string, string> = {};
	for (const name of TEXT_FIELDS) {
		const value = form.get(name);
		if (value !== null && typeof value !== 'string') errors[name] = 'Please type this in rather than attaching a file.';
		else if (typeof value === 'string' && value.includes('\u0000')) errors[name] = NUL_MESSAGE;
		raw[name] = typeof value === 'string' ? value : '';
	}
	const all = form.getAll('reasons');
	if (all.some((r) => typeof r !== 'string')) errors.reasons = 'Choose reasons from the list.';
	const reasons = all.filter((r): r is string => typeof r === 'string').slice(0, 40);
	const values: FormValues = { reasons: reasons.join(',').slice(0, 2000) };
	for (const name of TEXT_FIELDS) values[name] = raw[name].slice(0, 4000);
	if (Object.keys(errors).length) return { ok: false, errors, values };
	const result = v.safeParse(decommissioningSchema, { ...raw, reasons });
	if (result.success) return { ok: true, data: result.output, values };
	for (const issue of result.issues) {
		const key = issue.path?.[0]?.key;
		errors[typeof key === 'string' ? key : 'form'] ??= issue.message;
	}
	return { ok: false, errors, values };
}

/** What still stands in the way of decommissioning (caller checked the project). */
export async function decommissioningReadiness(db: Db, projectId: string) {
	const [equality, [plan]] = await Promise.all([
		equalityStatus(db, projectId),
		db
			.select({ id: participationPlans.id })
			.from(participationPlans)
			.where(and(eq(participationPlans.projectId, projectId), ne(participationPlans.activity, 'other')))
			.limit(1)
	]);
	return { equality, equalityStarted: equality.started, consultationPlanned: !!plan };
}

export async function startDecommissioning(db: Db, actor: Actor, projectId: string, input: DecommissioningInput, now = new Date()): Promise<void> {
	const data = validate(decommissioningSchema, input);
	const project = await getProject(db, actor.organisationId, projectId);
	if (project.status === 'decommissioning') throw new InputError('Decommissioning has already started for this project.');
	if (project.status === 'closed') throw new InputError('This project is closed, so there is nothing left to decommission.');
	if (data.providerNoticeDate < now.toISOString().slice(0, 10)) throw new InputError('The provider notice date can’t be in the past.', 'providerNoticeDate');
	const ready = await decommissioningReadiness(db, projectId);
	if (!ready.equalityStarted) throw new InputError('Complete the equality assessment first: it must be in progress or complete before decommissioning starts (Equality page).');
	if (!ready.consultationPlanned) throw new InputError('Plan how young people and parents will be consulted first (Cycle page).');
	try {
		await db.transaction(async (tx) => {
			await tx.insert(decommissionings).values({ projectId, ...data, startedBy: actor.id, startedAt: now });
			const changed = await tx
				.update(projects)
				.set({ status: 'decommissioning', updatedAt: now })
				.where(and(eq(projects.id, projectId), eq(projects.organisationId, actor.organisationId), ne(projects.status, 'decommissioning')))
				.returning({ id: projects.id });
			if (changed.length !== 1) throw new InputError('Decommissioning has already started for this project.');
			await recordAudit(tx, {
				organisationId: actor.organisationId,
				actorId: actor.id,
				action: 'project.decommissioning_started',
				targetType: 'project',
				targetId: projectId,
				detail: { reasons: data.reasons.join(','), providerNoticeDate: data.providerNoticeDate }
			});
		});
	} catch (err) {
		if (isUniqueViolation(err)) throw new InputError('Decommissioning has already started for this project.');
		throw err;
	}
}

export interface DecommissioningView {
	reasons: DecommissioningReason[];
	reasonLabels: string[];
	explanation: string;
	consultationPlan: string;
	providerNoticeDate: string;
	startedAt: Date;
}

/** The project's decommissioning, or null; safe to show publicly once the project is published. */
export async function getDecommissioning(db: Db, projectId: string): Promise<DecommissioningView | null> {
	const [row] = await db
		.select({
			reasons: decommissionings.reasons,
			explanation: decommissionings.explanation,
			consultationPlan: decommissionings.consultationPlan,
			providerNoticeDate: decommissionings.providerNoticeDate,
			startedAt: decommissionings.startedAt
		})
		.from(decommissionings)
		.where(eq(decommissionings.projectId, projectId));
	if (!row) return null;
	const reasons = row.reasons.filter((r) => r in DECOMMISSIONING_REASON_LABELS);
	return { ...row, reasons, reasonLabels: reasons.map((r) => DECOMMISSIONING_REASON_LABELS[r]) };
}
