/** The text values of a repeated field (checkboxes); files are dropped and the count capped. */
export function allText(form: FormData, name: string, max = 20): string[] {
	return form
		.getAll(name)
		.filter((v): v is string => typeof v === 'string')
		.slice(0, max);
}
