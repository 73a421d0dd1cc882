// Setting up a tender: its details and scoring scale, and the locks every change takes (its
// sections and criteria are in scoring-system.ts). Officers only
// (routes check 'tenders:manage'); every read and write is scoped to the actor's organisation.
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, text, validate } from '../forms';
import { getProject, poundsField } from '../projects/projects';
import { optionalDate } from '../projects/steps';
import { DEFAULT_SCALE } from './scoring';
import { bids, tenders, type Tender, type TenderStatus } from './schema';

type Actor = { id: string; organisationId: string };

const DAY = 86_400_000;
/** Public Contracts guidance: under 40 days from publication to closing is short for bidders. */
export const SHORT_TENDER_DAYS = 40;

export const tenderSchema = v.object({
	title: v.pipe(text('the tender’s title', 200), v.check((s) => !s.includes('\u0000'), NUL_MESSAGE)),
	reference: v.pipe(text('the reference', 60), v.regex(/^[\p{L}\p{N}][\p{L}\p{N}/ _.-]*$/u, 'Use letters, numbers, spaces and / . - _ in the reference.')),
	publishedOn: optionalDate('the publication date'),
	closesOn: optionalDate('the closing date'),
	contractValue: poundsField('the contract value'),
	contractMonths: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,3}$/, 'Enter the contract length as a whole number of months.'),
		v.transform(Number),
		v.minValue(1, 'A contract lasts at least one month.'),
		v.maxValue(360, 'Enter a contract length of 360 months or less.')
	)
});
export type TenderInput = v.InferInput<typeof tenderSchema>;

/** A plain warning (not a refusal) when bidders get under 40 days. */
export function shortTenderWarning(publishedOn: string | null, closesOn: string | null): string | null {
	if (!publishedOn || !closesOn) return null;
	const days = Math.round((Date.parse(closesOn) - Date.parse(publishedOn)) / DAY);
	return days < SHORT_TENDER_DAYS ? `Bidders get only ${days} days between publication and closing; ${SHORT_TENDER_DAYS} or more is usual.` : null;
}

export async function getTender(db: Db, organisationId: string, tenderId: string): Promise<Tender> {
	const [row] = await db
		.select()
		.from(tenders)
		.where(and(eq(tenders.id, tenderId), eq(tenders.organisationId, organisationId)));
	if (!row) throw new InputError('That tender does not exist.');
	return row;
}

export async function createTender(db: Db, actor: Actor, projectId: string, input: TenderInput): Promise<Tender> {
	const data = validate(tenderSchema, input);
	if (data.publishedOn && data.closesOn && data.closesOn <= data.publishedOn) throw new InputError('The closing date must come after the publication date.', 'closesOn');
	await getProject(db, actor.organisationId, projectId);
	const { contractValue, ...rest } = data;
	return db.transaction(async (tx) => {
		const [clash] = await tx
			.select({ id: tenders.id })
			.from(tenders)
			.where(and(eq(tenders.organisationId, actor.organisationId), eq(tenders.reference, data.reference)));
		if (clash) throw new InputError('Another tender already has that reference.', 'reference');
		const [row] = await tx
			.insert(tenders)
			.values({
				id: newId(),
				organisationId: actor.organisationId,
				projectId,
				...rest,
				contractValuePence: contractValue,
				scaleMin: DEFAULT_SCALE.min,
				scaleMax: DEFAULT_SCALE.max,
				scaleDescriptors: DEFAULT_SCALE.descriptors,
				createdBy: actor.id
			})
			.returning();
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.created', targetType: 'tender', targetId: row.id, detail: { projectId } });
		return row;
	});
}

/** Corrects a tender's details while setting up (the reference stays unique). Returns false when nothing changed. */
export async function updateTenderDetails(db: Db, actor: Actor, tenderId: string, input: TenderInput): Promise<boolean> {
	const data = validate(tenderSchema, input);
	if (data.publishedOn && data.closesOn && data.closesOn <= data.publishedOn) throw new InputError('The closing date must come after the publication date.', 'closesOn');
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		if (tender.status !== 'setup') throw new InputError('The tender’s details can’t change once evaluation has started.');
		const same =
			tender.title === data.title &&
			tender.reference === data.reference &&
			tender.publishedOn === data.publishedOn &&
			tender.closesOn === data.closesOn &&
			tender.contractValuePence === data.contractValue &&
			tender.contractMonths === data.contractMonths;
		if (same) return false;
		const [clash] = await tx
			.select({ id: tenders.id })
			.from(tenders)
			.where(and(eq(tenders.organisationId, actor.organisationId), eq(tenders.reference, data.reference), ne(tenders.id, tenderId)));
		if (clash) throw new InputError('Another tender already has that reference.', 'reference');
		const { contractValue, ...rest } = data;
		await tx.update(tenders).set({ ...rest, contractValuePence: contractValue, updatedAt: new Date() }).where(eq(tenders.id, tenderId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.details_changed', targetType: 'tender', targetId: tenderId });
		return true;
	});
}

/** The scale's descriptors, one per point from min to max, each in plain words. */
export async function updateScale(db: Db, actor: Actor, tenderId: string, min: number, max: number, descriptors: readonly string[]): Promise<void> {
	if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max <= min || max > 10) throw new InputError('Use a scale of whole numbers from 0 or more up to 10 at most, for example 0 to 5.', 'scale');
	const words = descriptors.map((d) => String(d).trim());
	if (words.length !== max - min + 1 || words.some((d) => d.length === 0 || d.length > 80 || d.includes('\u0000')))
		throw new InputError(`Describe every point of the scale (${max - min + 1} descriptions, each up to 80 characters).`, 'descriptors');
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'The scale', 'scale');
		if (tender.scaleMin === min && tender.scaleMax === max && words.every((w, i) => w === tender.scaleDescriptors[i])) return;
		await tx.update(tenders).set({ scaleMin: min, scaleMax: max, scaleDescriptors: words, updatedAt: new Date() }).where(eq(tenders.id, tenderId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.scale_changed', targetType: 'tender', targetId: tenderId, detail: { min, max } });
	});
}

/**
 * The scoring system (scale, sections, criteria, weights) can change only while setting up, before
 * it is published (bidders and the public have read it) and before any bid goes to the panels
 * (they would be scoring questions that moved under them). The caller holds the tender's lock.
 */
export async function assertSystemEditable(tx: Db, tender: Tender, what: string, field = 'form'): Promise<void> {
	if (tender.status !== 'setup') throw new InputError(`${what} can’t change once evaluation has started.`, field);
	if (tender.scoringPublishedAt) throw new InputError(`${what} can’t change: the scoring system has been published on the project’s public page.`, field);
	const [released] = await tx
		.select({ id: bids.id })
		.from(bids)
		.where(and(eq(bids.tenderId, tender.id), isNotNull(bids.releasedAt)))
		.limit(1);
	if (released) throw new InputError(`${what} can’t change: bids have already gone to the panels.`, field);
}

/** Panels, their members and presentations may change only in these statuses: never after finalising. */
export const OPEN_STATUSES: readonly TenderStatus[] = ['setup', 'evaluating', 'moderating'];

/** The tender, locked, when it is still open to change (see OPEN_STATUSES); otherwise `refusal`. */
export async function lockOpenTender(tx: Db, organisationId: string, tenderId: string, refusal: string): Promise<Tender> {
	const tender = await lockTender(tx, organisationId, tenderId);
	if (!OPEN_STATUSES.includes(tender.status)) throw new InputError(refusal);
	return tender;
}

/** The tender, locked for the rest of the transaction: every change to a tender's set-up goes through here. */
export async function lockTender(tx: Db, organisationId: string, tenderId: string): Promise<Tender> {
	const [row] = await tx
		.select()
		.from(tenders)
		.where(and(eq(tenders.id, tenderId), eq(tenders.organisationId, organisationId)))
		.for('update');
	if (!row) throw new InputError('That tender does not exist.');
	return row;
}
