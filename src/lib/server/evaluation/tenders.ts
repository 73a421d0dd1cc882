// Setting up a tender: its details, scoring scale, sections and weighted criteria. Officers only
// (routes check 'tenders:manage'); every read and write is scoped to the actor's organisation.
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, optionalText, text, validate } from '../forms';
import { getProject, poundsField } from '../projects/projects';
import { optionalDate } from '../projects/steps';
import { DEFAULT_SCALE, weightsProblem } from './scoring';
import { PANEL_AUDIENCES, tenderCriteria, tenders, tenderSections, type Tender } from './schema';

type Actor = { id: string; organisationId: string };

const DAY = 86_400_000;
/** Public Contracts guidance: under 40 days from publication to closing is short for bidders. */
export const SHORT_TENDER_DAYS = 40;

export const tenderSchema = v.object({
	title: text('the tender’s title', 200),
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

/** The scale's descriptors, one per point from min to max, each in plain words. */
export async function updateScale(db: Db, actor: Actor, tenderId: string, min: number, max: number, descriptors: readonly string[]): Promise<void> {
	if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max <= min || max > 10) throw new InputError('Use a scale of whole numbers from 0 or more up to 10 at most, for example 0 to 5.', 'scale');
	const words = descriptors.map((d) => d.trim());
	if (words.length !== max - min + 1 || words.some((d) => d.length === 0 || d.length > 80))
		throw new InputError(`Describe every point of the scale (${max - min + 1} descriptions, each up to 80 characters).`, 'descriptors');
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		if (tender.status !== 'setup') throw new InputError('The scale can’t change once evaluation has started.', 'scale');
		await tx.update(tenders).set({ scaleMin: min, scaleMax: max, scaleDescriptors: words, updatedAt: new Date() }).where(eq(tenders.id, tenderId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.scale_changed', targetType: 'tender', targetId: tenderId, detail: { min, max } });
	});
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

export const sectionSchema = v.object({
	name: text('the section’s name', 120),
	about: optionalText('what the section covers', 1000),
	audience: v.picklist(PANEL_AUDIENCES, 'Choose who scores this section.')
});

export async function addSection(db: Db, actor: Actor, tenderId: string, input: v.InferInput<typeof sectionSchema>): Promise<string> {
	const data = validate(sectionSchema, input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		if (tender.status !== 'setup') throw new InputError('Sections can’t change once evaluation has started.');
		const existing = await tx.select({ position: tenderSections.position }).from(tenderSections).where(eq(tenderSections.tenderId, tenderId));
		const id = newId();
		await tx.insert(tenderSections).values({ id, tenderId, name: data.name, about: data.about ?? '', audience: data.audience, position: existing.length + 1 });
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.section_added', targetType: 'tender', targetId: tenderId, detail: { sectionId: id } });
		return id;
	});
}

/** "15", "12.5" or "33.33" percent, as hundredths of a point. */
export const weightField = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^\d{1,3}(\.\d{1,2})?$/, 'Enter the weight as a percentage, for example 15 or 12.5.'),
	v.transform((s) => Math.round(Number(s) * 100)),
	v.minValue(1, 'A weight must be more than 0.'),
	v.maxValue(10_000, 'A weight can’t be more than 100.')
);

export const criterionSchema = v.object({
	sectionId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'Choose a section.')),
	title: text('the question for bidders', 500),
	guidance: optionalText('the guidance', 2000),
	weight: weightField,
	price: v.boolean(),
	presentation: v.boolean()
});

export async function addCriterion(db: Db, actor: Actor, tenderId: string, input: v.InferInput<typeof criterionSchema>): Promise<string> {
	const data = validate(criterionSchema, input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		if (tender.status !== 'setup') throw new InputError('Criteria can’t change once evaluation has started.');
		const [section] = await tx
			.select({ id: tenderSections.id, audience: tenderSections.audience })
			.from(tenderSections)
			.where(and(eq(tenderSections.id, data.sectionId), eq(tenderSections.tenderId, tenderId)));
		if (!section) throw new InputError('Choose a section of this tender.', 'sectionId');
		if (data.price && section.audience !== 'staff') throw new InputError('Price is scored from the bids’ prices, so it can’t be in a young people’s or parents’ section.', 'price');
		const existing = await tx.select({ weight: tenderCriteria.weightHundredths }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId));
		const total = existing.reduce((sum, c) => sum + c.weight, 0) + data.weight;
		if (total > 10_000) throw new InputError(`That would make the weights add up to ${(total / 100).toLocaleString('en-GB')}; they must add up to exactly 100.`, 'weight');
		const id = newId();
		await tx.insert(tenderCriteria).values({
			id,
			tenderId,
			sectionId: section.id,
			title: data.title,
			guidance: data.guidance ?? '',
			weightHundredths: data.weight,
			price: data.price,
			presentation: data.presentation,
			position: existing.length + 1
		});
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.criterion_added', targetType: 'tender', targetId: tenderId, detail: { criterionId: id, weight: data.weight } });
		return id;
	});
}

/** Sections with their criteria and weights, in order, and whether evaluation can open. */
export async function scoringSystem(db: Db, organisationId: string, tenderId: string) {
	const tender = await getTender(db, organisationId, tenderId);
	const sections = await db.select().from(tenderSections).where(eq(tenderSections.tenderId, tenderId)).orderBy(asc(tenderSections.position));
	const criteria = await db.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)).orderBy(asc(tenderCriteria.position));
	const problem = weightsProblem(criteria.map((c) => ({ weight: c.weightHundredths / 100 })));
	return {
		tender,
		sections: sections.map((s) => {
			const own = criteria.filter((c) => c.sectionId === s.id);
			return { ...s, weight: own.reduce((sum, c) => sum + c.weightHundredths, 0) / 100, criteria: own.map((c) => ({ ...c, weight: c.weightHundredths / 100 })) };
		}),
		weightsProblem: problem,
		warning: shortTenderWarning(tender.publishedOn, tender.closesOn)
	};
}
