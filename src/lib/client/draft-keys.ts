// Local-storage keys that hold someone's unsent words: survey drafts and visit-report drafts.
// Signing out removes every one of them, with the queue's flag.
export const DRAFT_PREFIXES = ['survey-draft:', 'visit-draft:'] as const;

export function isDraftKey(key: string): boolean {
	return key === 'coproduce-queue' || DRAFT_PREFIXES.some((prefix) => key.startsWith(prefix));
}
