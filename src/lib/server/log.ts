// One line of JSON per event. Callers pass ids and codes only: never passwords, tokens, codes,
// names or anything else a person typed (security brief, item 19).
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, string | number | boolean | undefined> = {}): void {
	const line = JSON.stringify({ at: new Date().toISOString(), level, message, ...fields });
	if (level === 'error') console.error(line);
	else console.log(line);
}
