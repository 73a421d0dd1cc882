// A programme's checklist: plain questions by theme, each rated on the simple 1 to 5 scale with a
// comment box (or "I didn't see this"). The champion edits it with young people until the first
// report arrives; from then on it is locked, so every visit is rated on the same questions and
// visits compare over time.
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { DEFAULT_CHECKLIST } from '../../monitoring/labels';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, validate } from '../forms';
import { ID, hasReports, lockProgramme, moved, optionalWords, words, type Actor, type MoveDirection } from './programme-fields';
import { CHECKLIST_THEMES, checklistItems } from './schema';

export const MAX_CHECKLIST_ITEMS = 40;
export const CHECKLIST_LOCKED =
	'The checklist is locked because a shopper has already sent a report: every visit is rated on the same questions so visits can be compared over time.';

export const checklistItemSchema = v.object({
	theme: v.picklist(CHECKLIST_THEMES, 'Choose a theme for the question.'),
	question: words('the question', 300),
	hint: optionalWords('the hint', 500)
});
export type ChecklistItemInput = v.InferInput<typeof checklistItemSchema>;
export const CHECKLIST_FIELDS = ['theme', 'question', 'hint'] as const;

export function checklistOf(db: Db, programmeId: string) {
	return db.select().from(checklistItems).where(eq(checklistItems.programmeId, programmeId)).orderBy(asc(checklistItems.position), asc(checklistItems.createdAt));
}

/** The programme locked for a change to its checklist, refused once any report exists. */
async function openChecklist(tx: Db, actor: Actor, programmeId: string) {
	await lockProgramme(tx, actor.organisationId, programmeId);
	if (await hasReports(tx, programmeId)) throw new InputError(CHECKLIST_LOCKED);
}

async function itemIn(tx: Db, programmeId: string, itemId: string) {
	const [row] = ID.test(itemId) ? await tx.select().from(checklistItems).where(and(eq(checklistItems.id, itemId), eq(checklistItems.programmeId, programmeId))) : [];
	if (!row) throw new InputError('That question isn’t on this programme’s checklist.', 'itemId');
	return row;
}

const audit = (tx: Db, actor: Actor, action: string, programmeId: string, detail: Record<string, string | number>) =>
	recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action, targetType: 'shopping_programme', targetId: programmeId, detail });

export async function addChecklistItem(db: Db, actor: Actor, programmeId: string, input: ChecklistItemInput): Promise<string> {
	const data = validate(checklistItemSchema, input);
	return db.transaction(async (tx) => {
		await openChecklist(tx, actor, programmeId);
		const items = await checklistOf(tx, programmeId);
		if (items.length >= MAX_CHECKLIST_ITEMS) throw new InputError(`A checklist can have at most ${MAX_CHECKLIST_ITEMS} questions.`);
		const id = newId();
		const position = items.length ? Math.max(...items.map((i) => i.position)) + 1 : 0;
		await tx.insert(checklistItems).values({ id, programmeId, position, ...data });
		await audit(tx, actor, 'checklist_item.added', programmeId, { itemId: id });
		return id;
	});
}

/** Returns false when nothing changed. */
export async function updateChecklistItem(db: Db, actor: Actor, programmeId: string, itemId: string, input: ChecklistItemInput, now = new Date()): Promise<boolean> {
	const data = validate(checklistItemSchema, input);
	return db.transaction(async (tx) => {
		await openChecklist(tx, actor, programmeId);
		const current = await itemIn(tx, programmeId, itemId);
		if (current.theme === data.theme && current.question === data.question && current.hint === data.hint) return false;
		await tx.update(checklistItems).set({ ...data, updatedAt: now }).where(eq(checklistItems.id, itemId));
		await audit(tx, actor, 'checklist_item.updated', programmeId, { itemId });
		return true;
	});
}

export async function moveChecklistItem(db: Db, actor: Actor, programmeId: string, itemId: string, direction: MoveDirection): Promise<void> {
	await db.transaction(async (tx) => {
		await openChecklist(tx, actor, programmeId);
		await itemIn(tx, programmeId, itemId);
		const order = moved(await checklistOf(tx, programmeId), itemId, direction, 'question');
		for (const [position, item] of order.entries()) await tx.update(checklistItems).set({ position }).where(eq(checklistItems.id, item.id));
		await audit(tx, actor, 'checklist_item.moved', programmeId, { itemId });
	});
}

export async function removeChecklistItem(db: Db, actor: Actor, programmeId: string, itemId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await openChecklist(tx, actor, programmeId);
		await itemIn(tx, programmeId, itemId);
		if ((await checklistOf(tx, programmeId)).length <= 1) throw new InputError('A checklist needs at least one question.', 'itemId');
		await tx.delete(checklistItems).where(eq(checklistItems.id, itemId));
		await audit(tx, actor, 'checklist_item.removed', programmeId, { itemId });
	});
}

/** Back to the default checklist: every question replaced by the defaults. */
export async function resetChecklist(db: Db, actor: Actor, programmeId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		await openChecklist(tx, actor, programmeId);
		await tx.delete(checklistItems).where(eq(checklistItems.programmeId, programmeId));
		await tx
			.insert(checklistItems)
			.values(DEFAULT_CHECKLIST.map((item, position) => ({ id: newId(), programmeId, position, theme: item.theme, question: item.question, hint: item.hint, createdAt: now, updatedAt: now })));
		await audit(tx, actor, 'checklist.reset', programmeId, { items: DEFAULT_CHECKLIST.length });
	});
}
