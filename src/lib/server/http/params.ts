import { error } from '@sveltejs/kit';
import { ID_PATTERN, InputError } from '../forms';

/** Our ids are 16 lower-case base32 characters; anything else can't exist. */
export function idParam(value: string): string {
	if (!ID_PATTERN.test(value)) error(404, 'We couldn’t find that.');
	return value;
}

/** Loads something by id, turning "not found or not yours" into the same 404. */
export async function found<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof InputError) error(404, 'We couldn’t find that.');
		throw err;
	}
}
