/** Only same-site paths are followed after sign-in, never another host ("//evil", "/\\evil", "https:"). */
export function safeNext(next: string | null): string | null {
	if (!next || next.length > 500) return null;
	if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
	if (/[\u0000-\u001f\\]/.test(next)) return null;
	return next;
}
