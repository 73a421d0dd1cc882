// Answers kept on the phone while a survey is being answered, so a dropped connection, a closed
// tab or a flat battery doesn't lose them. Cleared once sent, and on sign-out. Kept per survey and
// person (the page's scope), so someone else signing in on the same phone never sees them.
import type { Answers } from '../surveys/definition';

const PREFIX = 'survey-draft:';

export interface SurveyDraft {
	page: number;
	answers: Answers;
}

const keyFor = (code: string, scope: string) => `${PREFIX}${code}:${scope}`;

export function loadDraft(code: string, scope: string): SurveyDraft | null {
	try {
		const saved = JSON.parse(localStorage.getItem(keyFor(code, scope)) ?? 'null') as SurveyDraft | null;
		return saved && typeof saved === 'object' && typeof saved.page === 'number' && saved.answers && typeof saved.answers === 'object' ? saved : null;
	} catch {
		return null;
	}
}

export function saveDraft(code: string, scope: string, draft: SurveyDraft): void {
	try {
		localStorage.setItem(keyFor(code, scope), JSON.stringify(draft));
	} catch {
		// Storage full or turned off: answering still works, the draft just isn't kept.
	}
}

export function clearDraft(code: string, scope: string): void {
	try {
		localStorage.removeItem(keyFor(code, scope));
	} catch {
		// nothing to clear
	}
}

export function clearAllDrafts(): void {
	try {
		for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
	} catch {
		// nothing to clear
	}
}
