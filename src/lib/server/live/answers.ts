// Taking a phone's answer to a live activity. One answer per person per activity: the unique index
// on (activity, participant) decides, inside one transaction that also holds the activity and its
// session for share, so the champion closing the activity (or changing it) waits for answers in
// flight and nothing lands after. Changing an answer, where allowed, replaces its choices or
// entries in the same transaction; sending the same answer again is fine and changes nothing.
// What the champion decided stays decided: a changed answer's words keep their status (a hidden
// word doesn't come back, an approved idea doesn't go back to the queue), and words the champion
// has hidden in the activity come in hidden.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { announce } from '../realtime';
import { liveActivities, liveChoices, liveEntries, liveOptions, liveResponses, workshopSessions, type LiveActivity, type LiveEntry, type LiveEntryStatus, type LiveParticipant } from '../workshops/schema';
import { readAnswer, sameAnswer, type Answer, type AnswerInput, type EntryText } from './answer-input';

export type AnswerOutcome =
	| { outcome: 'stored'; changed: boolean }
	| { outcome: 'invalid'; message: string; field: string }
	| { outcome: 'not_found'; message: string }
	| { outcome: 'closed'; message: string }
	| { outcome: 'already_answered'; message: string };

export const ANSWER_MESSAGES = {
	stored: 'Thanks, your answer is in.',
	not_found: 'That activity isn’t part of this session. Please reload the page.',
	session_closed: 'This session isn’t running right now, so answers can’t be sent.',
	not_started: 'This activity hasn’t started yet. Please wait for the champion to open it.',
	closed: 'This activity has closed, so answers can’t be sent now.',
	already_answered: 'You’ve already answered this one, and answers can’t be changed for it. Thanks!'
} as const;

const ID = /^[a-z2-7]{16}$/;
type Participant = Pick<LiveParticipant, 'id' | 'sessionId'>;

class Refusal extends Error {
	constructor(readonly outcome: Exclude<AnswerOutcome, { outcome: 'stored' } | { outcome: 'invalid' }>) {
		super(outcome.message);
	}
}

/** The participant's answer as stored, to compare with a new one. */
async function storedAnswer(tx: Db, activity: Pick<LiveActivity, 'type'>, responseId: string, rating: number | null): Promise<Answer> {
	switch (activity.type) {
		case 'poll': {
			const rows = await tx.select({ optionId: liveChoices.optionId }).from(liveChoices).where(eq(liveChoices.responseId, responseId));
			return { kind: 'choices', optionIds: rows.map((r) => r.optionId) };
		}
		case 'priority': {
			const rows = await tx.select({ optionId: liveChoices.optionId, dots: liveChoices.dots }).from(liveChoices).where(eq(liveChoices.responseId, responseId));
			return { kind: 'dots', dots: rows };
		}
		case 'rating':
			return { kind: 'rating', rating: rating ?? Number.NaN };
		default: {
			const rows = await tx.select({ text: liveEntries.text, normalised: liveEntries.normalised }).from(liveEntries).where(eq(liveEntries.responseId, responseId)).orderBy(liveEntries.createdAt, liveEntries.id);
			return { kind: 'entries', entries: rows };
		}
	}
}

/** What the champion decided about an entry, carried to the same words in a changed answer. */
type Decided = Pick<LiveEntry, 'status' | 'moderatedBy' | 'moderatedAt'>;

/**
 * Each new entry's status: the same words as before keep what the champion decided (hidden stays
 * hidden, approved stays approved); words the champion has hidden in this activity (anyone's)
 * come in hidden; anything else waits (ideas) or goes on the cloud (words, past the filter).
 */
async function entryStatuses(tx: Db, activity: LiveActivity, entries: EntryText[], before: Map<string, Decided>): Promise<Decided[]> {
	const fresh = entries.filter((e) => !before.has(e.normalised)).map((e) => e.normalised);
	const hidden = fresh.length
		? new Set(
				(
					await tx
						.selectDistinct({ normalised: liveEntries.normalised })
						.from(liveEntries)
						.where(and(eq(liveEntries.activityId, activity.id), eq(liveEntries.status, 'hidden'), inArray(liveEntries.normalised, fresh)))
				).map((r) => r.normalised)
			)
		: new Set<string>();
	const arriving: LiveEntryStatus = activity.type === 'ideas' ? 'pending' : 'shown';
	return entries.map((e) => before.get(e.normalised) ?? { status: hidden.has(e.normalised) ? 'hidden' : arriving, moderatedBy: null, moderatedAt: null });
}

/** Writes the answer's choices or entries (the response row exists; `before`: the entries it replaces). */
async function writeParts(tx: Db, activity: LiveActivity, responseId: string, answer: Answer, now: Date, before = new Map<string, Decided>()) {
	if (answer.kind === 'choices' && answer.optionIds.length)
		await tx.insert(liveChoices).values(answer.optionIds.map((optionId) => ({ responseId, optionId, activityId: activity.id, dots: 1 })));
	if (answer.kind === 'dots' && answer.dots.length) await tx.insert(liveChoices).values(answer.dots.map((d) => ({ responseId, optionId: d.optionId, activityId: activity.id, dots: d.dots })));
	if (answer.kind === 'entries' && answer.entries.length) {
		const statuses = await entryStatuses(tx, activity, answer.entries, before);
		await tx.insert(liveEntries).values(
			// Entries keep the order they were typed in: one millisecond apart.
			answer.entries.map((e, i) => ({
				id: newId(),
				responseId,
				activityId: activity.id,
				text: e.text,
				normalised: e.normalised,
				...statuses[i],
				createdAt: new Date(now.getTime() + i)
			}))
		);
	}
}

/** The entries a change replaces, by their words: locked, so a champion hiding one at this moment is waited for and seen. */
async function decidedEntries(tx: Db, responseId: string): Promise<Map<string, Decided>> {
	const rows = await tx
		.select({ normalised: liveEntries.normalised, status: liveEntries.status, moderatedBy: liveEntries.moderatedBy, moderatedAt: liveEntries.moderatedAt })
		.from(liveEntries)
		.where(eq(liveEntries.responseId, responseId))
		.for('update');
	return new Map(rows.map(({ normalised, ...decided }) => [normalised, decided]));
}

/**
 * Stores (or, where allowed, changes) a participant's answer to an activity of their session.
 * Refusals are outcomes with plain messages; nothing is written unless the answer is stored.
 */
export async function submitAnswer(db: Db, participant: Participant, activityId: unknown, input: AnswerInput, now = new Date()): Promise<AnswerOutcome> {
	if (typeof activityId !== 'string' || !ID.test(activityId)) return { outcome: 'not_found', message: ANSWER_MESSAGES.not_found };
	let result: { changed: boolean; announce: boolean };
	try {
		result = await db.transaction(async (tx) => {
			// Held for share until commit: closing, reopening or editing the activity waits for this answer.
			const [row] = await tx
				.select({ activity: liveActivities, status: workshopSessions.status })
				.from(liveActivities)
				.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
				.where(and(eq(liveActivities.id, activityId), eq(liveActivities.sessionId, participant.sessionId)))
				.for('share');
			if (!row) throw new Refusal({ outcome: 'not_found', message: ANSWER_MESSAGES.not_found });
			const { activity } = row;
			if (row.status !== 'live') throw new Refusal({ outcome: 'closed', message: ANSWER_MESSAGES.session_closed });
			if (activity.state === 'draft') throw new Refusal({ outcome: 'closed', message: ANSWER_MESSAGES.not_started });
			if (activity.state !== 'open') throw new Refusal({ outcome: 'closed', message: ANSWER_MESSAGES.closed });
			const options = await tx.select({ id: liveOptions.id }).from(liveOptions).where(eq(liveOptions.activityId, activityId));
			const answer = readAnswer(activity, new Set(options.map((o) => o.id)), input);
			const rating = answer.kind === 'rating' ? answer.rating : null;

			// The unique index decides who is first; a second send finds the row instead.
			const [created] = await tx
				.insert(liveResponses)
				.values({ id: newId(), activityId, participantId: participant.id, rating, createdAt: now, updatedAt: now })
				.onConflictDoNothing({ target: [liveResponses.activityId, liveResponses.participantId] })
				.returning({ id: liveResponses.id });
			if (created) {
				await writeParts(tx, activity, created.id, answer, now);
				return { changed: false, announce: true };
			}
			// Locked, so two changes from one person are made one after the other.
			const [existing] = await tx
				.select({ id: liveResponses.id, rating: liveResponses.rating })
				.from(liveResponses)
				.where(and(eq(liveResponses.activityId, activityId), eq(liveResponses.participantId, participant.id)))
				.for('update');
			if (sameAnswer(await storedAnswer(tx, activity, existing.id, existing.rating), answer)) return { changed: false, announce: false };
			if (!activity.allowChange) throw new Refusal({ outcome: 'already_answered', message: ANSWER_MESSAGES.already_answered });
			const before = await decidedEntries(tx, existing.id);
			await tx.delete(liveChoices).where(eq(liveChoices.responseId, existing.id));
			await tx.delete(liveEntries).where(eq(liveEntries.responseId, existing.id));
			await tx.update(liveResponses).set({ rating, updatedAt: now }).where(eq(liveResponses.id, existing.id));
			await writeParts(tx, activity, existing.id, answer, now, before);
			return { changed: true, announce: true };
		});
	} catch (err) {
		if (err instanceof Refusal) return err.outcome;
		if (err instanceof InputError) return { outcome: 'invalid', message: err.message, field: err.field };
		throw err;
	}
	// After the commit: the tallies are read from the database, so the answer is there to count.
	if (result.announce) await announce({ sessionId: participant.sessionId, what: 'answer' });
	return { outcome: 'stored', changed: result.changed };
}

/** What this participant answered to an activity, for the phone to show (and change). */
export interface MyAnswer {
	choices: string[];
	dots: Record<string, number>;
	rating: number | null;
	entries: { text: string; status: string }[];
}

export async function myAnswer(db: Db, participantId: string, activityId: string): Promise<MyAnswer | null> {
	const [response] = await db
		.select({ id: liveResponses.id, rating: liveResponses.rating })
		.from(liveResponses)
		.where(and(eq(liveResponses.activityId, activityId), eq(liveResponses.participantId, participantId)));
	if (!response) return null;
	const [choices, entries] = await Promise.all([
		db.select({ optionId: liveChoices.optionId, dots: liveChoices.dots }).from(liveChoices).where(eq(liveChoices.responseId, response.id)),
		db.select({ text: liveEntries.text, status: liveEntries.status }).from(liveEntries).where(eq(liveEntries.responseId, response.id)).orderBy(liveEntries.createdAt, liveEntries.id)
	]);
	return {
		choices: choices.map((c) => c.optionId),
		dots: Object.fromEntries(choices.map((c) => [c.optionId, c.dots])),
		rating: response.rating,
		entries
	};
}
