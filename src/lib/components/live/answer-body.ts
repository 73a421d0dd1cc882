// The phone's answer as the JSON endpoint takes it, read from the answer form (the same fields a
// form post without JavaScript sends), and what the phone then shows as "your answer".
import type { LiveActivityView } from '$lib/live/types';

export interface Mine {
	choices: string[];
	dots: Record<string, number>;
	rating: number | null;
	entries: { text: string; status: string }[];
}

export interface AnswerBody {
	activityId: string;
	choices?: string[];
	dots?: Record<string, number>;
	rating?: number;
	entries?: string[];
}

const strings = (form: FormData, name: string) => form.getAll(name).map((v) => (typeof v === 'string' ? v : ''));

export function answerBody(activity: LiveActivityView, form: FormData): AnswerBody {
	const activityId = activity.id;
	switch (activity.type) {
		case 'poll':
			return { activityId, choices: strings(form, 'choices') };
		case 'rating':
			return { activityId, rating: Number(form.get('rating')) };
		case 'priority':
			return { activityId, dots: Object.fromEntries(activity.options.map((o) => [o.id, Number(form.get(`dots.${o.id}`) || 0)])) };
		default:
			return { activityId, entries: strings(form, 'entries').map((s) => s.trim()).filter(Boolean) };
	}
}

/** What was sent, as the phone shows it until the page loads again. */
export function mineFrom(activity: LiveActivityView, body: AnswerBody): Mine {
	return {
		choices: body.choices ?? [],
		dots: Object.fromEntries(Object.entries(body.dots ?? {}).filter(([, n]) => n > 0)),
		rating: body.rating ?? null,
		entries: (body.entries ?? []).map((text) => ({ text: text.replace(/\s+/g, ' '), status: activity.type === 'ideas' ? 'pending' : 'shown' }))
	};
}

const IDEA_STATUS: Record<string, string> = { pending: 'waiting to be checked', approved: 'on the screen', hidden: 'not shown' };

/** "You chose Wednesday.", "Your words: music, art." … */
export function describeMine(activity: LiveActivityView, mine: Mine): string {
	const label = (id: string) => activity.options.find((o) => o.id === id)?.label ?? 'an option';
	switch (activity.type) {
		case 'poll':
			return `You chose ${mine.choices.map(label).join(', ')}.`;
		case 'rating':
			return `You chose ${mine.rating}.`;
		case 'priority':
			return `Your dots: ${Object.entries(mine.dots)
				.map(([id, n]) => `${label(id)} ${n}`)
				.join(', ')}.`;
		case 'word_cloud':
			return `Your ${mine.entries.length === 1 ? 'word' : 'words'}: ${mine.entries.map((e) => e.text).join(', ')}.`;
		default:
			return `Your ${mine.entries.length === 1 ? 'idea' : 'ideas'}: ${mine.entries.map((e) => `“${e.text}” (${IDEA_STATUS[e.status] ?? e.status})`).join('; ')}.`;
	}
}
