// Bidders' presentations to the panels: each panel's shared list of prepared questions (the
// champion keeps it), which questions were asked at each presentation, and the slots (when, and a
// room or a link) as staff and members see them. Staff with 'panels:manage' change the questions
// and record those asked (routes check the permission); the slots themselves are set by officers
// only, in presentation-slots.ts, which checks a place for traces of the bidders. Members read
// all this through their own membership. Panel-facing: bids are known here only by their letter,
// through panel-view.ts. Audit entries hold ids and counts, never the questions or places.
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, text, validate } from '../forms';
import { windowTime } from './panels';
import { memberHold } from './membership';
import { panelBids } from './panel-view';
import { lockOpenTender, OPEN_STATUSES } from './tenders';
import { panelMembers, panelQuestions, panels, presentations, questionsAsked, tenderCriteria, tenders, tenderSections } from './schema';

type Actor = { id: string; organisationId: string };

export const MAX_QUESTIONS = 40;
const NUL = NUL_MESSAGE;
const noNul = v.check((s: string) => !s.includes('\u0000'), NUL);

export const questionSchema = v.object({ question: v.pipe(text('the question', 500), noNul) });
export type QuestionInput = v.InferInput<typeof questionSchema>;

/** "2026-09-14T18:00" in UK time: what a datetime-local input shows (and parseWindowTime reads back). */
export function ukLocalInput(d: Date): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
			.formatToParts(d)
			.map((p) => [p.type, p.value])
	);
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The tender, locked for a change to its presentations, and refused once the evaluation is finalised. */
export function lockedTender(tx: Db, organisationId: string, tenderId: string) {
	return lockOpenTender(tx, organisationId, tenderId, 'The evaluation is finalised, so presentations can’t change now.');
}

/** The tender's bids that have gone to the panels, by letter only (any section gives the same bids). */
async function releasedLetters(db: Db, tenderId: string): Promise<{ bidId: string; label: string }[]> {
	const [section] = await db.select({ id: tenderSections.id }).from(tenderSections).where(eq(tenderSections.tenderId, tenderId)).orderBy(asc(tenderSections.position)).limit(1);
	if (!section) return [];
	return (await panelBids(db, tenderId, section.id)).map((b) => ({ bidId: b.bidId, label: b.label }));
}

/** A bid of the tender that has gone to the panels, by letter only; refused otherwise. */
export async function bidOfTender(db: Db, tenderId: string, bidId: string) {
	const bid = (await releasedLetters(db, tenderId)).find((b) => b.bidId === bidId);
	if (!bid) throw new InputError('Choose one of this tender’s bids that has gone to the panels.', 'bidId');
	return bid;
}

/** A panel of this tender and organisation, locked with its tender for a change to its questions. */
async function panelForChange(tx: Db, organisationId: string, tenderId: string, panelId: string) {
	const [row] = await tx
		.select({ id: panels.id, tenderId: panels.tenderId })
		.from(panels)
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.where(and(eq(panels.id, panelId), eq(panels.tenderId, tenderId), eq(tenders.organisationId, organisationId)));
	if (!row) throw new InputError('That panel does not exist.', 'panelId');
	await lockedTender(tx, organisationId, row.tenderId);
	return row;
}

/** Everything on the staff presentations page: slots by bid letter, and each panel's questions. */
export async function presentationsPage(db: Db, organisationId: string, tenderId: string) {
	const [tender] = await db
		.select({ id: tenders.id, title: tenders.title, reference: tenders.reference, status: tenders.status })
		.from(tenders)
		.where(and(eq(tenders.id, tenderId), eq(tenders.organisationId, organisationId)));
	if (!tender) throw new InputError('That tender does not exist.');
	const letters = await releasedLetters(db, tenderId);
	const slots = letters.length
		? await db
				.select({ id: presentations.id, bidId: presentations.bidId, startsAt: presentations.startsAt, place: presentations.place })
				.from(presentations)
				.where(
					inArray(
						presentations.bidId,
						letters.map((b) => b.bidId)
					)
				)
		: [];
	const asked = slots.length
		? await db
				.select({ presentationId: questionsAsked.presentationId, questionId: questionsAsked.questionId })
				.from(questionsAsked)
				.where(
					inArray(
						questionsAsked.presentationId,
						slots.map((s) => s.id)
					)
				)
		: [];
	const panelRows = await db
		.select({ panelId: panels.id, sectionId: panels.sectionId, sectionName: tenderSections.name, audience: tenderSections.audience, position: tenderSections.position })
		.from(panels)
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(eq(panels.tenderId, tenderId))
		.orderBy(asc(tenderSections.position));
	const questions = panelRows.length
		? await db
				.select({ id: panelQuestions.id, panelId: panelQuestions.panelId, position: panelQuestions.position, question: panelQuestions.question })
				.from(panelQuestions)
				.where(
					inArray(
						panelQuestions.panelId,
						panelRows.map((p) => p.panelId)
					)
				)
				.orderBy(asc(panelQuestions.position))
		: [];
	const presenting = await db.select({ sectionId: tenderCriteria.sectionId }).from(tenderCriteria).where(and(eq(tenderCriteria.tenderId, tenderId), eq(tenderCriteria.presentation, true)));
	return {
		tender,
		editable: OPEN_STATUSES.includes(tender.status),
		bids: letters.map((b) => {
			const slot = slots.find((s) => s.bidId === b.bidId);
			return {
				...b,
				slot: slot ? { id: slot.id, startsAt: ukLocalInput(slot.startsAt), when: windowTime(slot.startsAt), place: slot.place } : null,
				asked: slot ? asked.filter((a) => a.presentationId === slot.id).map((a) => a.questionId) : []
			};
		}),
		panels: panelRows.map((p) => ({
			panelId: p.panelId,
			sectionName: p.sectionName,
			audience: p.audience,
			presentationCriteria: presenting.filter((c) => c.sectionId === p.sectionId).length,
			questions: questions.filter((q) => q.panelId === p.panelId).map((q) => ({ id: q.id, position: q.position, question: q.question }))
		}))
	};
}

async function questionsOf(tx: Db, panelId: string) {
	return tx.select({ id: panelQuestions.id, position: panelQuestions.position }).from(panelQuestions).where(eq(panelQuestions.panelId, panelId)).orderBy(asc(panelQuestions.position), asc(panelQuestions.createdAt));
}

export async function addQuestion(db: Db, actor: Actor, tenderId: string, panelId: string, input: QuestionInput): Promise<string> {
	const data = validate(questionSchema, input);
	return db.transaction(async (tx) => {
		await panelForChange(tx, actor.organisationId, tenderId, panelId);
		const existing = await questionsOf(tx, panelId);
		if (existing.length >= MAX_QUESTIONS) throw new InputError(`A panel can prepare up to ${MAX_QUESTIONS} questions.`, 'question');
		const [{ last }] = await tx.select({ last: max(panelQuestions.position) }).from(panelQuestions).where(eq(panelQuestions.panelId, panelId));
		const id = newId();
		await tx.insert(panelQuestions).values({ id, panelId, position: (last ?? 0) + 1, question: data.question, createdBy: actor.id });
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'panel.question_added', targetType: 'panel', targetId: panelId, detail: { questionId: id } });
		return id;
	});
}

async function questionOfPanel(tx: Db, panelId: string, questionId: string) {
	const [row] = await tx
		.select({ id: panelQuestions.id })
		.from(panelQuestions)
		.where(and(eq(panelQuestions.id, questionId), eq(panelQuestions.panelId, panelId)));
	if (!row) throw new InputError('That question isn’t on this panel’s list.', 'questionId');
	return row;
}

export async function editQuestion(db: Db, actor: Actor, tenderId: string, panelId: string, questionId: string, input: QuestionInput, now = new Date()): Promise<void> {
	const data = validate(questionSchema, input);
	await db.transaction(async (tx) => {
		await panelForChange(tx, actor.organisationId, tenderId, panelId);
		await questionOfPanel(tx, panelId, questionId);
		await tx.update(panelQuestions).set({ question: data.question, updatedAt: now }).where(eq(panelQuestions.id, questionId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'panel.question_edited', targetType: 'panel', targetId: panelId, detail: { questionId } });
	});
}

/** Writes positions 1, 2, 3 ... in the given order. */
async function renumber(tx: Db, ids: string[]) {
	for (const [i, id] of ids.entries()) await tx.update(panelQuestions).set({ position: i + 1 }).where(eq(panelQuestions.id, id));
}

export async function removeQuestion(db: Db, actor: Actor, tenderId: string, panelId: string, questionId: string): Promise<void> {
	await db.transaction(async (tx) => {
		await panelForChange(tx, actor.organisationId, tenderId, panelId);
		await questionOfPanel(tx, panelId, questionId);
		await tx.delete(panelQuestions).where(eq(panelQuestions.id, questionId));
		await renumber(
			tx,
			(await questionsOf(tx, panelId)).map((q) => q.id)
		);
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'panel.question_removed', targetType: 'panel', targetId: panelId, detail: { questionId } });
	});
}

export async function moveQuestion(db: Db, actor: Actor, tenderId: string, panelId: string, questionId: string, direction: 'up' | 'down'): Promise<void> {
	if (direction !== 'up' && direction !== 'down') throw new InputError('Choose to move it up or down.', 'direction');
	await db.transaction(async (tx) => {
		await panelForChange(tx, actor.organisationId, tenderId, panelId);
		await questionOfPanel(tx, panelId, questionId);
		const ids = (await questionsOf(tx, panelId)).map((q) => q.id);
		const at = ids.indexOf(questionId);
		const to = direction === 'up' ? at - 1 : at + 1;
		if (to < 0) throw new InputError('That question is already first.', 'questionId');
		if (to >= ids.length) throw new InputError('That question is already last.', 'questionId');
		[ids[at], ids[to]] = [ids[to], ids[at]];
		await renumber(tx, ids);
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'panel.question_moved', targetType: 'panel', targetId: panelId, detail: { questionId, direction } });
	});
}

/**
 * Records which prepared questions were asked at a bid's presentation (replacing what was recorded
 * before). The questions must be on this tender's panels' lists.
 */
export async function recordAsked(db: Db, actor: Actor, tenderId: string, bidId: string, questionIds: readonly string[], now = new Date()): Promise<number> {
	const wanted = [...new Set(questionIds)];
	if (wanted.length > MAX_QUESTIONS * 10) throw new InputError('That’s more questions than the panels have.', 'questionIds');
	if (wanted.some((id) => !/^[a-z2-7]{16}$/.test(id))) throw new InputError('Tick questions from the panels’ lists.', 'questionIds');
	return db.transaction(async (tx) => {
		await lockedTender(tx, actor.organisationId, tenderId);
		const bid = await bidOfTender(tx, tenderId, bidId);
		const [slot] = await tx.select({ id: presentations.id }).from(presentations).where(eq(presentations.bidId, bid.bidId));
		if (!slot) throw new InputError(`Give Bid ${bid.label} a presentation slot first.`, 'bidId');
		if (wanted.length) {
			const known = await tx
				.select({ id: panelQuestions.id })
				.from(panelQuestions)
				.innerJoin(panels, eq(panels.id, panelQuestions.panelId))
				.where(and(eq(panels.tenderId, tenderId), inArray(panelQuestions.id, wanted)));
			if (known.length !== wanted.length) throw new InputError('Tick questions from this tender’s panels’ lists.', 'questionIds');
		}
		await tx.delete(questionsAsked).where(eq(questionsAsked.presentationId, slot.id));
		if (wanted.length) await tx.insert(questionsAsked).values(wanted.map((questionId) => ({ questionId, presentationId: slot.id, recordedAt: now })));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'presentation.questions_recorded', targetType: 'tender', targetId: tenderId, detail: { bidId: bid.bidId, presentationId: slot.id, count: wanted.length } });
		return wanted.length;
	});
}

/**
 * A member's view: the presentation slots (by bid letter) and their panel's prepared questions,
 * with which were asked where. Only for members who have accepted the confidentiality statement,
 * whose place is active and who may still take part (memberHold).
 */
export async function memberPresentations(db: Db, user: Actor, panelId: string, now = new Date()) {
	const [member] = await db
		.select({
			status: panelMembers.status,
			accepted: panelMembers.confidentialityAcceptedAt,
			tenderId: panels.tenderId,
			tenderTitle: tenders.title,
			sectionName: tenderSections.name,
			audience: tenderSections.audience
		})
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, user.id), eq(tenders.organisationId, user.organisationId)));
	if (!member) throw new InputError('You are not on that panel.');
	if (member.status === 'removed') throw new InputError('You are no longer on this panel.');
	if (member.status === 'interest_declared') throw new InputError('An officer needs to decide about the interest you declared before you can see or score anything.');
	// Consent withdrawn, an account switched off, or no longer allowed to see bids: as for scoring.
	const hold = await memberHold(db, user.id, member.audience, now);
	if (hold) throw new InputError(hold);
	if (member.status !== 'active' || !member.accepted) throw new InputError('Please accept the confidentiality statement and declare any interests first.');
	const letters = await releasedLetters(db, member.tenderId);
	const slots = letters.length
		? await db
				.select({ id: presentations.id, bidId: presentations.bidId, startsAt: presentations.startsAt, place: presentations.place })
				.from(presentations)
				.where(
					inArray(
						presentations.bidId,
						letters.map((b) => b.bidId)
					)
				)
				.orderBy(asc(presentations.startsAt))
		: [];
	const questions = await db
		.select({ id: panelQuestions.id, position: panelQuestions.position, question: panelQuestions.question })
		.from(panelQuestions)
		.where(eq(panelQuestions.panelId, panelId))
		.orderBy(asc(panelQuestions.position));
	const asked = slots.length
		? await db
				.select({ presentationId: questionsAsked.presentationId, questionId: questionsAsked.questionId })
				.from(questionsAsked)
				.where(
					inArray(
						questionsAsked.presentationId,
						slots.map((s) => s.id)
					)
				)
		: [];
	return {
		panel: { id: panelId, tenderTitle: member.tenderTitle, sectionName: member.sectionName },
		slots: slots.map((s) => ({
			bidId: s.bidId,
			label: letters.find((b) => b.bidId === s.bidId)!.label,
			when: windowTime(s.startsAt),
			place: s.place,
			online: /^https:\/\/\S+$/.test(s.place),
			asked: questions.filter((q) => asked.some((a) => a.presentationId === s.id && a.questionId === q.id)).map((q) => q.position)
		})),
		questions: questions.map((q) => ({ position: q.position, question: q.question }))
	};
}
