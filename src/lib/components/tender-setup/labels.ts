// Plain words for tender set-up pages (browser-safe: no server imports).

export type Audience = 'staff' | 'young_people' | 'parents';

/** What a section is called by who scores it. */
export const SECTION_KIND: Record<Audience, string> = {
	young_people: 'Young people’s section',
	parents: 'Parents’ section',
	staff: 'Staff section'
};

/** The choice on the section form. */
export const AUDIENCE_CHOICES: { value: Audience; label: string; hint: string }[] = [
	{ value: 'staff', label: 'Staff', hint: 'Officers score it (for example quality, safeguarding, price).' },
	{ value: 'young_people', label: 'Young people', hint: 'A young people’s panel scores it: the young people’s section.' },
	{ value: 'parents', label: 'Parents and carers', hint: 'A parents’ panel scores it: the parents’ section.' }
];

/** "15%" or "12.5%". */
export function percent(weight: number): string {
	return `${weight.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
}

/** A weight as the form's box shows it: "15" or "12.5". */
export function weightInput(weight: number): string {
	return String(Math.round(weight * 100) / 100);
}

export const STATUS_BADGE: Record<string, string> = {
	setup: 'warn',
	evaluating: 'ok',
	moderating: 'warn',
	finalised: 'ok',
	awarded: 'ok'
};
