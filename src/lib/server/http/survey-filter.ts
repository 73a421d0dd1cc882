import { error } from '@sveltejs/kit';
import { InputError } from '../forms';
import { parseResultsFilter } from '../surveys/results';

/** The results filter from an address; one that isn't ours is the address's fault: a plain 400, never a 500. */
export function resultsFilterFrom(url: URL) {
	try {
		return parseResultsFilter(url.searchParams);
	} catch (err) {
		if (err instanceof InputError) error(400, err.message);
		throw err;
	}
}
