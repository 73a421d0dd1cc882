// A visit report kept on the phone while it is being filled in, right after the visit and maybe
// with no signal, so a closed tab or a flat battery doesn't lose it. Cleared once sent, and on
// sign-out (the prefix is in draft-keys.ts). Kept per visit and person (the page's scope), so
// someone else signing in on the same phone never sees it. Only the form's own fields are kept:
// ratings and words, never anything about where the phone is.

const PREFIX = 'visit-draft:';

export type VisitDraft = Record<string, string>;

const keyFor = (visitId: string, scope: string) => `${PREFIX}${visitId}:${scope}`;

export function loadVisitDraft(visitId: string, scope: string): VisitDraft | null {
	try {
		const saved = JSON.parse(localStorage.getItem(keyFor(visitId, scope)) ?? 'null') as unknown;
		if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return null;
		const draft: VisitDraft = {};
		for (const [name, value] of Object.entries(saved)) if (typeof value === 'string') draft[name] = value;
		return draft;
	} catch {
		return null;
	}
}

export function saveVisitDraft(visitId: string, scope: string, draft: VisitDraft): void {
	try {
		localStorage.setItem(keyFor(visitId, scope), JSON.stringify(draft));
	} catch {
		// Storage full or turned off: the report still works, the draft just isn't kept.
	}
}

export function clearVisitDraft(visitId: string, scope: string): void {
	try {
		localStorage.removeItem(keyFor(visitId, scope));
	} catch {
		// nothing to clear
	}
}
