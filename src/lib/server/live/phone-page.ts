// What the phone's live page shows on first load (and without JavaScript, on every load): the
// session as phones see it (the same snapshot the event stream sends), and this phone's own answer
// to the activity on the screen. No-JS answers arrive as a form and are read here into the same
// shape the JSON endpoint takes.
import type { Db } from '../db/client';
import type { LiveParticipant, WorkshopSession } from '../workshops/schema';
import type { LiveSnapshot } from '../../live/types';
import { myAnswer, type MyAnswer } from './answers';
import type { AnswerInput } from './answer-input';
import { liveSnapshot } from './snapshot';

export interface PhonePage {
	snapshot: LiveSnapshot;
	answer: MyAnswer | null;
}

export async function phonePage(db: Db, session: Pick<WorkshopSession, 'id'>, participant: Pick<LiveParticipant, 'id'>): Promise<PhonePage> {
	const snapshot = await liveSnapshot(db, session.id, 'phone');
	const answer = snapshot.activity ? await myAnswer(db, participant.id, snapshot.activity.id) : null;
	return { snapshot, answer };
}

const MAX_FIELDS = 40;

/**
 * A posted answer form (no JavaScript) as the JSON endpoint's input. `kind` says which fields to
 * read; anything unexpected becomes something submitAnswer refuses with its usual message.
 */
export function answerFromForm(form: FormData): { activityId: string; input: AnswerInput } {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	const texts = (name: string) =>
		form
			.getAll(name)
			.slice(0, MAX_FIELDS)
			.map((v) => (typeof v === 'string' ? v : ''));
	const activityId = text('activityId');
	switch (text('kind')) {
		case 'poll':
			return { activityId, input: { choices: texts('choices') } };
		case 'rating': {
			const raw = text('rating').trim();
			return { activityId, input: { rating: /^\d{1,2}$/.test(raw) ? Number(raw) : raw === '' ? undefined : raw } };
		}
		case 'priority': {
			const dots: [string, unknown][] = [];
			for (const [name, value] of form.entries()) {
				if (!name.startsWith('dots.') || dots.length >= MAX_FIELDS) continue;
				const raw = typeof value === 'string' ? value.trim() : '';
				dots.push([name.slice(5), raw === '' ? 0 : /^\d{1,2}$/.test(raw) ? Number(raw) : raw]);
			}
			// fromEntries makes own properties, so a field called "dots.__proto__" is just an unknown option.
			return { activityId, input: { dots: Object.fromEntries(dots) } };
		}
		case 'word_cloud':
		case 'ideas':
			// Boxes left empty are simply not sent.
			return { activityId, input: { entries: texts('entries').filter((e) => e.trim() !== '') } };
		default:
			return { activityId, input: {} };
	}
}
