// Joint commissioning: the partner organisations of a project and what each contributes.
import { and, asc, count, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, text, validate } from '../forms';
import { getProject } from './projects';
import { projectPartners } from './schema';

type Actor = { id: string; organisationId: string };

export const MAX_PARTNERS = 30;

export const partnerSchema = v.object({
	name: text('the partner’s name', 120),
	contribution: text('what they contribute', 500),
	/** Optional money contribution, in pounds as typed; empty means none. */
	contributionPounds: v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => s.replace(/[£,\s]/g, '')),
		v.check((s) => s === '' || /^\d{1,10}(\.\d{1,2})?$/.test(s), 'Enter their contribution in pounds, for example 25000, or leave it empty.'),
		v.transform((s) => (s === '' ? null : Math.round(Number(s) * 100)))
	)
});
export type PartnerInput = v.InferOutput<typeof partnerSchema>;
export const PARTNER_FIELDS = ['name', 'contribution', 'contributionPounds'] as const;

export const partnerIdSchema = v.object({
	partnerId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'That partner was not found.'))
});

export interface Partner {
	id: string;
	name: string;
	contribution: string;
	contributionPence: number | null;
}

export async function listPartners(db: Db, organisationId: string, projectId: string): Promise<Partner[]> {
	await getProject(db, organisationId, projectId);
	return db
		.select({ id: projectPartners.id, name: projectPartners.name, contribution: projectPartners.contribution, contributionPence: projectPartners.contributionPence })
		.from(projectPartners)
		.where(eq(projectPartners.projectId, projectId))
		.orderBy(asc(projectPartners.name), asc(projectPartners.id));
}

export async function addPartner(db: Db, actor: Actor, projectId: string, input: PartnerInput): Promise<string> {
	const data = validate(
		v.object({ name: partnerSchema.entries.name, contribution: partnerSchema.entries.contribution }),
		{ name: input.name, contribution: input.contribution }
	);
	const pence = input.contributionPounds;
	if (pence !== null && (!Number.isSafeInteger(pence) || pence < 0))
		throw new InputError('Enter their contribution in pounds, for example 25000, or leave it empty.', 'contributionPounds');
	await getProject(db, actor.organisationId, projectId);
	const id = newId();
	await db.transaction(async (tx) => {
		const [{ n }] = await tx.select({ n: count() }).from(projectPartners).where(eq(projectPartners.projectId, projectId));
		if (n >= MAX_PARTNERS) throw new InputError(`A project can have at most ${MAX_PARTNERS} partners.`);
		await tx.insert(projectPartners).values({ id, projectId, ...data, contributionPence: pence });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'project.partner_added',
			targetType: 'project',
			targetId: projectId,
			detail: { partnerId: id }
		});
	});
	return id;
}

export async function removePartner(db: Db, actor: Actor, projectId: string, partnerId: string): Promise<void> {
	await getProject(db, actor.organisationId, projectId);
	await db.transaction(async (tx) => {
		const gone = await tx
			.delete(projectPartners)
			.where(and(eq(projectPartners.id, partnerId), eq(projectPartners.projectId, projectId)))
			.returning({ id: projectPartners.id });
		if (gone.length !== 1) throw new InputError('That partner was not found. They may have been removed already.');
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'project.partner_removed',
			targetType: 'project',
			targetId: projectId,
			detail: { partnerId }
		});
	});
}
