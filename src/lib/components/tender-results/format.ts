// Display only: the arithmetic keeps every number exact, and pages round as they show them.

/** 48 → "48.0", 3.456 → "3.5". */
export function oneDecimal(n: number): string {
	return n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** A weight as written: 15 → "15", 12.5 → "12.5". */
export function percent(n: number): string {
	return `${n.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(n: number): string {
	const tens = n % 100;
	const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
	return `${n}${suffix}`;
}
