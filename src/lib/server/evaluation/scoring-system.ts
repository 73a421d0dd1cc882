// A tender's scoring system: its sections (who scores each) and weighted criteria, changed only
// while it may change (see assertSystemEditable), and read back in order with the weights' total.
// Officers only (routes check 'tenders:manage'); every id is checked against the tender.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, optionalText, text, validate } from '../forms';
import { weightsProblem } from './scoring';
import { bidAnswers, PANEL_AUDIENCES, panelMembers, panels, tenderCriteria, tenderSections } from './schema';
import { assertSystemEditable, getTender, lockTender, shortTenderWarning } from './tenders';

type Actor = { id: string; organisationId: string };

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
