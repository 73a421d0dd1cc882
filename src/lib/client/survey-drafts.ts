// Answers kept on the phone while a survey is being answered, so a dropped connection, a closed
// tab or a flat battery doesn't lose them. Cleared once sent, and on sign-out.
import type { Answers } from '../surveys/definition';

const PREFIX = 'survey-draft:';

export interface SurveyDraft {
	page: number;
	answers: Answers;
}

export function loadDraft(code: string): SurveyDraft | null {
	try {
		const saved = JSON.parse(localStorage.getItem(PREFIX + code) ?? 'null') as SurveyDraft | null;
		return saved && typeof saved === 'object' && typeof saved.page === 'number' && saved.answers && typeof saved.answers === 'object' ? saved : null;
	} catch {
		return null;
	}
}

export function saveDraft(code: string, draft: SurveyDraft): void {
	try {
		localStorage.setItem(PREFIX + code, JSON.stringify(draft));
	} catch {
		// Storage full or turned off: answering still works, the draft just isn't kept.
	}
}

export function clearDraft(code: string): void {
	try {
		localStorage.removeItem(PREFIX + code);
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
