// What the champion's control panel shows: the session, its activities in order with how many
// answered, the live snapshot (results always, before they are revealed), the ideas waiting for
// approval, and what was taken off the screen (to put back). The forms' one field schemas too.
import * as v from 'valibot';
import type { Db } from '../db/client';
import { NUL_MESSAGE } from '../forms';
import type { Actor } from '../workshops/lookup';
import { activityList } from './activities';
import { hiddenEntries, pendingEntries, type EntryForReview } from './moderation';
import { liveSnapshot } from './snapshot';

/** Forms name one activity, entry or word; the domain checks it belongs to this session. */
export const activityFormSchema = v.object({ activityId: v.pipe(v.string(), v.maxLength(40, 'Choose an activity from the list.')) });
export const entryFormSchema = v.object({ entryId: v.pipe(v.string(), v.maxLength(40, 'Choose an idea from the list.')) });
export const wordFormSchema = v.object({
	activityId: v.pipe(v.string(), v.maxLength(40, 'Choose an activity from the list.')),
	word: v.pipe(v.string(), v.check((s) => !s.includes('\u0000'), NUL_MESSAGE), v.maxLength(200, 'Choose a word from the cloud.'))
});

export interface ReviewGroup {
	activityId: string;
	number: number;
	prompt: string;
	current: boolean;
	entries: EntryForReview[];
}

export async function controlPanel(db: Db, actor: Actor, sessionId: string) {
	const list = await activityList(db, actor.organisationId, sessionId);
	const snapshot = await liveSnapshot(db, sessionId, 'control');
	const queue: ReviewGroup[] = [];
	const hidden: ReviewGroup[] = [];
	for (const a of list.activities) {
		if (a.type !== 'ideas' && a.type !== 'word_cloud') continue;
		const group = { activityId: a.id, number: a.number, prompt: a.prompt, current: a.current };
		if (a.type === 'ideas') {
			const entries = await pendingEntries(db, actor, sessionId, a.id);
			if (entries.length) queue.push({ ...group, entries });
		}
		// What was taken off: only for the activity on the screen now (the place to change one's mind).
		if (a.current) {
			const entries = await hiddenEntries(db, actor, sessionId, a.id);
			if (entries.length) hidden.push({ ...group, entries });
		}
	}
	// The current activity's ideas first.
	queue.sort((x, y) => Number(y.current) - Number(x.current) || x.number - y.number);
	return {
		session: list.session,
		activities: list.activities.map((a) => ({
			id: a.id,
			number: a.number,
			type: a.type,
			typeLabel: a.typeLabel,
			prompt: a.prompt,
			state: a.state,
			revealed: a.revealed,
			hideUntilRevealed: a.hideUntilRevealed,
			responses: a.responses,
			current: a.current
		})),
		snapshot,
		queue,
		hidden
	};
}
