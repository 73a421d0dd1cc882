// Setting up a tender: its details, scoring scale, sections and weighted criteria. Officers only
// (routes check 'tenders:manage'); every read and write is scoped to the actor's organisation.
import { and, asc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, optionalText, text, validate } from '../forms';
import { getProject, poundsField } from '../projects/projects';
import { optionalDate } from '../projects/steps';
import { DEFAULT_SCALE, weightsProblem } from './scoring';
import { bidAnswers, bids, PANEL_AUDIENCES, panelMembers, panels, tenderCriteria, tenders, tenderSections, type Tender, type TenderStatus } from './schema';

type Actor = { id: string; organisationId: string };

const DAY = 86_400_000;
/** Public Contracts guidance: under 40 days from publication to closing is short for bidders. */
export const SHORT_TENDER_DAYS = 40;

export const tenderSchema = v.object({
	title: v.pipe(text('the tender’s title', 200), v.check((s) => !s.includes('\u0000'), 'That has a character in it we can’t accept. Please type it again.')),
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

const NUL_MESSAGE = 'That has a character in it we can’t accept. Please type it again.';
const noNul = v.check((s: string) => !s.includes('\u0000'), NUL_MESSAGE);
const noNulOrNull = v.check((s: string | null) => !s?.includes('\u0000'), NUL_MESSAGE);

export const sectionSchema = v.object({
	name: v.pipe(text('the section’s name', 120), noNul),
	about: v.pipe(optionalText('what the section covers', 1000), noNulOrNull),
	audience: v.picklist(PANEL_AUDIENCES, 'Choose who scores this section.')
});

export async function addSection(db: Db, actor: Actor, tenderId: string, input: v.InferInput<typeof sectionSchema>): Promise<string> {
	const data = validate(sectionSchema, input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'Sections');
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
	title: v.pipe(text('the question for bidders', 500), noNul),
	guidance: v.pipe(optionalText('the guidance', 2000), noNulOrNull),
	weight: weightField,
	price: v.boolean(),
	presentation: v.boolean()
});

export async function addCriterion(db: Db, actor: Actor, tenderId: string, input: v.InferInput<typeof criterionSchema>): Promise<string> {
	const data = validate(criterionSchema, input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'Criteria');
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

const ID = /^[a-z2-7]{16}$/;

async function sectionOf(tx: Db, tenderId: string, sectionId: string, field = 'sectionId') {
	const [section] = ID.test(sectionId)
		? await tx
				.select()
				.from(tenderSections)
				.where(and(eq(tenderSections.id, sectionId), eq(tenderSections.tenderId, tenderId)))
		: [];
	if (!section) throw new InputError('Choose a section of this tender.', field);
	return section;
}

async function criterionOf(tx: Db, tenderId: string, criterionId: string) {
	const [criterion] = ID.test(criterionId)
		? await tx
				.select()
				.from(tenderCriteria)
				.where(and(eq(tenderCriteria.id, criterionId), eq(tenderCriteria.tenderId, tenderId)))
		: [];
	if (!criterion) throw new InputError('That question isn’t in this tender.', 'criterionId');
	return criterion;
}

/** How many bids have an answer (as written or anonymised) to any of these criteria. */
async function answersTo(tx: Db, criterionIds: string[]): Promise<number> {
	if (criterionIds.length === 0) return 0;
	const rows = await tx.selectDistinct({ bidId: bidAnswers.bidId }).from(bidAnswers).where(inArray(bidAnswers.criterionId, criterionIds));
	return rows.length;
}

/** After a removal: positions 1..n again, in the order they had. */
async function renumber(tx: Db, tenderId: string): Promise<void> {
	const sections = await tx.select({ id: tenderSections.id }).from(tenderSections).where(eq(tenderSections.tenderId, tenderId)).orderBy(asc(tenderSections.position));
	for (const [i, s] of sections.entries()) await tx.update(tenderSections).set({ position: i + 1 }).where(eq(tenderSections.id, s.id));
	const criteria = await tx.select({ id: tenderCriteria.id }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)).orderBy(asc(tenderCriteria.position));
	for (const [i, c] of criteria.entries()) await tx.update(tenderCriteria).set({ position: i + 1 }).where(eq(tenderCriteria.id, c.id));
}

/** Renames a section or changes what it covers or who scores it. Returns false when nothing changed. */
export async function updateSection(db: Db, actor: Actor, tenderId: string, sectionId: string, input: v.InferInput<typeof sectionSchema>): Promise<boolean> {
	const data = validate(sectionSchema, input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'Sections');
		const section = await sectionOf(tx, tenderId, sectionId);
		const about = data.about ?? '';
		if (section.name === data.name && section.about === about && section.audience === data.audience) return false;
		if (section.audience !== data.audience) {
			const [price] = await tx
				.select({ id: tenderCriteria.id })
				.from(tenderCriteria)
				.where(and(eq(tenderCriteria.sectionId, sectionId), eq(tenderCriteria.price, true)))
				.limit(1);
			if (price && data.audience !== 'staff') throw new InputError('This section has the price question, which is scored from the bids’ prices, so it stays a staff section.', 'audience');
			const [member] = await tx
				.select({ id: panelMembers.id })
				.from(panelMembers)
				.innerJoin(panels, eq(panels.id, panelMembers.panelId))
				.where(eq(panels.sectionId, sectionId))
				.limit(1);
			if (member) throw new InputError('This section’s panel already has members chosen for who scores it now, so that can’t change.', 'audience');
		}
		await tx.update(tenderSections).set({ name: data.name, about, audience: data.audience }).where(eq(tenderSections.id, sectionId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'tender.section_changed', targetType: 'tender', targetId: tenderId, detail: { sectionId, audience: data.audience } });
		return true;
	});
}

/** Removes a section with its criteria and its panel; refused once bids have answers to its questions. */
export async function removeSection(db: Db, actor: Actor, tenderId: string, sectionId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'Sections');
		await sectionOf(tx, tenderId, sectionId);
		const criteria = await tx.select({ id: tenderCriteria.id }).from(tenderCriteria).where(eq(tenderCriteria.sectionId, sectionId));
		const answered = await answersTo(
			tx,
			criteria.map((c) => c.id)
		);
		if (answered) throw new InputError(`Bids have answers to this section’s questions (${answered === 1 ? '1 bid' : `${answered} bids`}), so it can’t be removed. You can still rename it and change its questions.`);
		const [panel] = await tx.select({ id: panels.id }).from(panels).where(eq(panels.sectionId, sectionId));
		await tx.delete(tenderSections).where(eq(tenderSections.id, sectionId));
		await renumber(tx, tenderId);
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'tender.section_removed',
			targetType: 'tender',
			targetId: tenderId,
			detail: { sectionId, criteria: criteria.length, panelId: panel?.id ?? null }
		});
	});
}

/** Changes a criterion: its question, guidance, weight, section or kind. Returns false when nothing changed. */
export async function updateCriterion(db: Db, actor: Actor, tenderId: string, criterionId: string, input: v.InferInput<typeof criterionSchema>): Promise<boolean> {
	const data = validate(criterionSchema, input);
	return db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'Criteria');
		const criterion = await criterionOf(tx, tenderId, criterionId);
		const section = await sectionOf(tx, tenderId, data.sectionId);
		const guidance = data.guidance ?? '';
		const same =
			criterion.sectionId === section.id &&
			criterion.title === data.title &&
			criterion.guidance === guidance &&
			criterion.weightHundredths === data.weight &&
			criterion.price === data.price &&
			criterion.presentation === data.presentation;
		if (same) return false;
		if (data.price && section.audience !== 'staff') throw new InputError('Price is scored from the bids’ prices, so it can’t be in a young people’s or parents’ section.', 'price');
		if (data.price && !criterion.price && (await answersTo(tx, [criterionId]))) throw new InputError('Bids have answers to this question, so it can’t become the price question.', 'price');
		const others = await tx
			.select({ weight: tenderCriteria.weightHundredths })
			.from(tenderCriteria)
			.where(and(eq(tenderCriteria.tenderId, tenderId), ne(tenderCriteria.id, criterionId)));
		const total = others.reduce((sum, c) => sum + c.weight, 0) + data.weight;
		if (total > 10_000) throw new InputError(`That would make the weights add up to ${(total / 100).toLocaleString('en-GB')}; they must add up to exactly 100.`, 'weight');
		await tx
			.update(tenderCriteria)
			.set({ sectionId: section.id, title: data.title, guidance, weightHundredths: data.weight, price: data.price, presentation: data.presentation })
			.where(eq(tenderCriteria.id, criterionId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'tender.criterion_changed',
			targetType: 'tender',
			targetId: tenderId,
			detail: { criterionId, sectionId: section.id, weight: data.weight, price: data.price, presentation: data.presentation }
		});
		return true;
	});
}

/** Removes a criterion; refused once any bid has an answer to it (the bidder's text would go with it). */
export async function removeCriterion(db: Db, actor: Actor, tenderId: string, criterionId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const tender = await lockTender(tx, actor.organisationId, tenderId);
		await assertSystemEditable(tx, tender, 'Criteria');
		const criterion = await criterionOf(tx, tenderId, criterionId);
		const answered = await answersTo(tx, [criterionId]);
		if (answered) throw new InputError(`${answered === 1 ? '1 bid has an answer' : `${answered} bids have answers`} to this question, so it can’t be removed. You can still change its wording and weight.`);
		await tx.delete(tenderCriteria).where(eq(tenderCriteria.id, criterionId));
		await renumber(tx, tenderId);
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'tender.criterion_removed',
			targetType: 'tender',
			targetId: tenderId,
			detail: { criterionId, sectionId: criterion.sectionId, weight: criterion.weightHundredths }
		});
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
