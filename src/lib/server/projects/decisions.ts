// The approval route (who must approve, from the total contract value and the organisation's
// bands) and the decision log. A decision keeps the approver the bands required on the day it was
// recorded, so changing the bands later never rewrites history.
import { desc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, optionalText, text, validate } from '../forms';
import { listApprovalBands } from '../organisations/organisations';
import { approvalBandFor, totalContractValuePence, type Band } from './approvals';
import { cycleStep } from './cycle';
import type { EvidenceSource } from './evidence';
import { getProject } from './projects';
import { decisions, type Decision } from './schema';
import { isRealDate } from './steps';

type Actor = { id: string; organisationId: string };

/** Whole pounds without pence, pence only when there are some: "£360,000", "£499.99". */
export function formatPounds(pence: number): string {
	const whole = pence % 100 === 0;
	return (pence / 100).toLocaleString('en-GB', {
		style: 'currency',
		currency: 'GBP',
		minimumFractionDigits: whole ? 0 : 2,
		maximumFractionDigits: 2
	});
}

/** "12 March 2026" from "2026-03-12". */
export function formatDay(iso: string): string {
	return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "Senior leadership team" → "the senior leadership team"; names in capitals stay as they are. */
function approverPhrase(approver: string): string {
	const name = approver.trim().replace(/^the\s+/i, '');
	const words = name.split(/\s+/);
	const ordinary = words.slice(1).every((w) => w === w.toLowerCase()) && (name.length < 2 || name[1] === name[1].toLowerCase());
	return `the ${ordinary ? name.charAt(0).toLowerCase() + name.slice(1) : name}`;
}

export function approvalSentence(totalValuePence: number, band: Band | null): string {
	const value = `Total value ${formatPounds(totalValuePence)}`;
	if (!band) return `${value}: no approval band covers this value. Ask an admin to fix the approval bands in Settings.`;
	return `${value}: ${approverPhrase(band.approver)} must approve.`;
}

export interface ApprovalRoute {
	annualValuePence: number;
	contractMonths: number;
	totalValuePence: number;
	bands: Band[];
	band: Band | null;
	approver: string | null;
	sentence: string;
}

/** Who must approve this project now, with the bands used to decide. */
export async function approvalRouteForProject(db: Db, organisationId: string, projectId: string): Promise<ApprovalRoute> {
	const project = await getProject(db, organisationId, projectId);
	const rows = await listApprovalBands(db, organisationId);
	const bands = rows.map((b) => ({ fromPence: b.fromPence, toPence: b.toPence, approver: b.approver }));
	const totalValuePence = totalContractValuePence(project.annualValuePence, project.contractMonths);
	const band = approvalBandFor(bands, totalValuePence);
	return {
		annualValuePence: project.annualValuePence,
		contractMonths: project.contractMonths,
		totalValuePence,
		bands,
		band,
		approver: band?.approver ?? null,
		sentence: approvalSentence(totalValuePence, band)
	};
}

const dateDecided = v.pipe(
	v.string(),
	v.trim(),
	v.check(isRealDate, 'Enter the date of the decision as a real date, for example 2026-09-14.'),
	v.check((s) => s >= '2000-01-01', 'Enter a date from the year 2000 on.')
);

export const decisionSchema = v.object({
	decidedOn: dateDecided,
	decision: text('the decision', 500),
	decidedBy: text('who made the decision', 120),
	notes: optionalText('the notes', 2000),
	step: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^[1-8]?$/, 'Choose a step of the cycle, or none.'),
		v.transform((s) => (s === '' ? null : Number(s)))
	)
});
export type DecisionInput = v.InferOutput<typeof decisionSchema>;
export const DECISION_FIELDS = ['decidedOn', 'decision', 'decidedBy', 'notes', 'step'] as const;

/** Records a decision with the total value and the approver required at this moment. */
export async function recordDecision(db: Db, actor: Actor, projectId: string, input: DecisionInput, now = new Date()): Promise<string> {
	const data = validate(decisionSchema, { ...input, notes: input.notes ?? '', step: input.step === null ? '' : String(input.step) });
	const route = await approvalRouteForProject(db, actor.organisationId, projectId);
	if (data.decidedOn > now.toISOString().slice(0, 10)) throw new InputError('The date of the decision can’t be in the future.', 'decidedOn');
	if (!route.approver) throw new InputError('No approval band covers this project’s value. Ask an admin to fix the approval bands in Settings first.');
	const id = newId();
	await db.transaction(async (tx) => {
		await tx.insert(decisions).values({
			id,
			projectId,
			step: data.step,
			decidedOn: data.decidedOn,
			decision: data.decision,
			decidedBy: data.decidedBy,
			notes: data.notes,
			totalValuePence: route.totalValuePence,
			requiredApprover: route.approver!,
			recordedBy: actor.id,
			createdAt: now
		});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'decision.recorded',
			targetType: 'project',
			targetId: projectId,
			detail: { decisionId: id, totalValuePence: route.totalValuePence, step: data.step }
		});
	});
	return id;
}

export type DecisionView = Omit<Decision, 'recordedBy' | 'projectId'> & { stepName: string | null };

/** The decision log, newest first (organisation checked). */
export async function listDecisions(db: Db, organisationId: string, projectId: string): Promise<DecisionView[]> {
	await getProject(db, organisationId, projectId);
	const rows = await db
		.select({
			id: decisions.id,
			step: decisions.step,
			decidedOn: decisions.decidedOn,
			decision: decisions.decision,
			decidedBy: decisions.decidedBy,
			totalValuePence: decisions.totalValuePence,
			requiredApprover: decisions.requiredApprover,
			notes: decisions.notes,
			createdAt: decisions.createdAt
		})
		.from(decisions)
		.where(eq(decisions.projectId, projectId))
		.orderBy(desc(decisions.decidedOn), desc(decisions.createdAt));
	return rows.map((r) => ({ ...r, stepName: r.step ? cycleStep(r.step).name : null }));
}

/** Decisions in a project's evidence, at the step they belong to. */
export const decisionEvidence: EvidenceSource = {
	kind: 'decision',
	label: 'Decisions',
	async list(db, projectId) {
		const rows = await db
			.select({ step: decisions.step, decision: decisions.decision, decidedBy: decisions.decidedBy, decidedOn: decisions.decidedOn })
			.from(decisions)
			.where(eq(decisions.projectId, projectId))
			.orderBy(desc(decisions.decidedOn));
		return rows.map((r) => ({
			kind: 'decision',
			step: r.step,
			title: r.decision,
			summary: `Approved by ${r.decidedBy} on ${formatDay(r.decidedOn)}`,
			date: r.decidedOn,
			href: `/staff/projects/${projectId}/approvals`
		}));
	}
};
