import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { type FieldErrors, type FormValues, InputError, NUL_MESSAGE } from '../forms';
import { bandProblems, type Band } from '../projects/approvals';
import { approvalBands, organisations, type Organisation } from './schema';

export async function getOrganisation(db: Db, id: string): Promise<Organisation> {
	const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
	if (!row) throw new InputError('That organisation does not exist.');
	return row;
}

export function listApprovalBands(db: Db, organisationId: string) {
	return db
		.select()
		.from(approvalBands)
		.where(eq(approvalBands.organisationId, organisationId))
		.orderBy(asc(approvalBands.fromPence));
}

const whole = (label: string, min: number, max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,4}$/, `${label} must be a whole number.`),
		v.transform(Number),
		v.minValue(min, `${label} must be at least ${min}.`),
		v.maxValue(max, `${label} must be at most ${max}.`)
	);

export const organisationSettingsSchema = v.object({
	name: v.pipe(v.string(), v.trim(), v.minLength(2, 'Please enter the organisation’s name.'), v.maxLength(120, 'The name can be at most 120 characters.')),
	consentAge: whole('The consent age', 10, 18),
	smallNumberThreshold: whole('The small-number threshold', 2, 100),
	retentionMonths: whole('The retention period', 1, 120)
});
export type OrganisationSettings = v.InferOutput<typeof organisationSettingsSchema>;

export async function updateOrganisationSettings(db: Db, actorId: string, organisationId: string, settings: OrganisationSettings) {
	await db.transaction(async (tx) => {
		await tx
			.update(organisations)
			.set({ ...settings, updatedAt: new Date() })
			.where(eq(organisations.id, organisationId));
		await recordAudit(tx, {
			organisationId,
			actorId,
			action: 'organisation.settings_changed',
			targetType: 'organisation',
			targetId: organisationId,
			detail: {
				consentAge: settings.consentAge,
				smallNumberThreshold: settings.smallNumberThreshold,
				retentionMonths: settings.retentionMonths
			}
		});
	});
}

/** At most this many bands; real organisations have three to five. */
export const MAX_APPROVAL_BANDS = 12;
const MAX_BAND_PENCE = 100_000_000_000_000; // £1 trillion: far beyond any contract, well inside a safe integer.

/** Pounds as typed ("12,500" or "499.99") to whole pence; blank is null; anything else undefined. */
function penceFrom(typed: string): number | null | undefined {
	const s = typed.trim().replace(/[£,\s]/g, '');
	if (s === '') return null;
	if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) return undefined;
	const pence = Math.round(Number(s) * 100);
	return pence <= MAX_BAND_PENCE ? pence : undefined;
}

export type BandsParsed = { ok: true; bands: Band[]; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * Reads the bands form: rows `from-N`, `to-N`, `approver-N` (N from 0), `remove-N` to drop a row.
 * A row left entirely blank (the "add a band" row) is ignored. Amounts are pounds.
 */
export function parseApprovalBandsForm(form: FormData): BandsParsed {
	const errors: FieldErrors = {};
	const values: FormValues = {};
	const bands: Band[] = [];
	const read = (name: string) => {
		const value = form.get(name);
		if (value !== null && typeof value !== 'string') {
			errors[name] = 'Please type this in rather than attaching a file.';
			return '';
		}
		if (typeof value === 'string' && value.includes('\u0000')) {
			errors[name] = NUL_MESSAGE;
			return '';
		}
		values[name] = (value ?? '').slice(0, 200);
		return value ?? '';
	};
	for (let i = 0; i < MAX_APPROVAL_BANDS + 1; i++) {
		if (!['from', 'to', 'approver'].some((f) => form.has(`${f}-${i}`))) continue;
		const from = read(`from-${i}`);
		const to = read(`to-${i}`);
		const approver = read(`approver-${i}`).trim();
		if (form.has(`remove-${i}`)) {
			values[`remove-${i}`] = 'on';
			continue;
		}
		if (!from.trim() && !to.trim() && !approver) continue;
		const fromPence = penceFrom(from);
		const toPence = penceFrom(to);
		if (fromPence === undefined || fromPence === null) errors[`from-${i}`] ??= 'Enter where this band starts, in pounds, for example 500.';
		if (toPence === undefined) errors[`to-${i}`] ??= 'Enter where this band ends, in pounds, or leave it empty for no upper limit.';
		if (!approver) errors[`approver-${i}`] ??= 'Enter who approves in this band.';
		else if (approver.length > 120) errors[`approver-${i}`] ??= 'Who approves can be at most 120 characters.';
		if (typeof fromPence === 'number' && toPence !== undefined) bands.push({ fromPence, toPence, approver });
	}
	if (Object.keys(errors).length) return { ok: false, errors, values };
	if (bands.length > MAX_APPROVAL_BANDS) return { ok: false, errors: { form: `Use at most ${MAX_APPROVAL_BANDS} bands.` }, values };
	const problems = bandProblems(bands);
	if (problems.length) return { ok: false, errors: { form: problems.join(' ') }, values };
	return { ok: true, bands: [...bands].sort((a, b) => a.fromPence - b.fromPence), values };
}

/** Replaces the organisation's approval bands as one set; decisions already recorded keep theirs. */
export async function replaceApprovalBands(db: Db, actor: { id: string; organisationId: string }, organisationId: string, bands: readonly Band[]) {
	if (actor.organisationId !== organisationId) throw new InputError('That organisation does not exist.');
	if (bands.length > MAX_APPROVAL_BANDS) throw new InputError(`Use at most ${MAX_APPROVAL_BANDS} bands.`);
	for (const b of bands) {
		const amounts = [b.fromPence, ...(b.toPence === null ? [] : [b.toPence])];
		if (amounts.some((p) => !Number.isSafeInteger(p) || p < 0 || p > MAX_BAND_PENCE)) throw new InputError('Band amounts must be whole pence from £0.');
		if (b.approver.trim().length > 120) throw new InputError('Who approves can be at most 120 characters.');
	}
	const problems = bandProblems(bands);
	if (problems.length) throw new InputError(problems.join(' '));
	await db.transaction(async (tx) => {
		await tx.delete(approvalBands).where(eq(approvalBands.organisationId, organisationId));
		await tx.insert(approvalBands).values(
			bands.map((b) => ({ id: newId(), organisationId, fromPence: b.fromPence, toPence: b.toPence, approver: b.approver.trim() }))
		);
		await recordAudit(tx, {
			organisationId,
			actorId: actor.id,
			action: 'organisation.approval_bands_changed',
			targetType: 'organisation',
			targetId: organisationId,
			detail: { bands: bands.length }
		});
	});
}
