import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { InputError } from '../forms';
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
