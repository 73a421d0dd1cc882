import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { InputError, type FieldErrors, type FormValues } from '../forms';

/** A form body that can't be read (wrong type, cut off, malformed) is the sender's fault: 400, never 500. */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'We couldn’t read that form. Please go back and try again.');
	}
}

export function invalid(errors: FieldErrors, values: FormValues = {}): ActionFailure<{ errors: FieldErrors; values: FormValues }> {
	return fail(400, { errors, values });
}

/**
 * Runs a domain call; a broken business rule (InputError) becomes a 400 with the message on its
 * field. Anything else is a real fault and propagates.
 */
export async function attempt<T>(
	values: FormValues,
	work: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; failure: ReturnType<typeof invalid> }> {
	try {
		return { ok: true, value: await work() };
	} catch (err) {
		if (err instanceof InputError) return { ok: false, failure: invalid({ [err.field]: err.message }, values) };
		throw err;
	}
}

/** The client's address for throttling; adapter-node reads it from ADDRESS_HEADER behind a proxy. */
export function clientAddress(event: { getClientAddress(): string }): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
