// JSON posts from our own pages (the phone's offline queue): same origin, JSON only, capped in size
// without reading an oversized body into memory, and every refusal a 4xx with a plain message.
import { json, type RequestEvent } from '@sveltejs/kit';

export const problem = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
	json({ code, message, ...extra }, { status, headers: { 'cache-control': 'no-store', ...headers } });

/** The body as text, refusing (null) anything over the cap without reading it all into memory. */
async function readCapped(request: Request, maxBytes: number): Promise<string | null | 'unreadable'> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) return null;
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				await reader.cancel().catch(() => {});
				return null;
			}
			chunks.push(value);
		}
		return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
	} catch (err) {
		// adapter-node errors the stream when BODY_SIZE_LIMIT is passed.
		return err instanceof Error && /limit|too large/i.test(err.message) ? null : 'unreadable';
	}
}

export interface JsonBodyWords {
	/** "Answers can only be sent from this website." */
	crossOrigin: string;
	/** "Please send the answers as JSON." */
	notJson: string;
	/** "Those answers are too long to send. ..." */
	tooLarge: string;
	/** "We couldn't read those answers. Please try again." */
	unreadable: string;
}

/** The posted JSON object, or the refusal to send back. */
export async function readJsonObject(
	event: Pick<RequestEvent, 'request' | 'url'>,
	maxBytes: number,
	words: JsonBodyWords
): Promise<{ body: Record<string, unknown> } | { refusal: Response }> {
	const { request, url } = event;
	// SvelteKit's CSRF check covers form posts only; a JSON post must come from our own pages too.
	if (request.headers.get('origin') !== url.origin) return { refusal: problem(403, 'forbidden', words.crossOrigin) };
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json') return { refusal: problem(415, 'unsupported', words.notJson) };
	const text = await readCapped(request, maxBytes);
	// The rest of the body is never read, so the connection can't be reused for another request.
	if (text === null) return { refusal: problem(413, 'too_large', words.tooLarge, {}, { connection: 'close' }) };
	if (text === 'unreadable') return { refusal: problem(400, 'unreadable', words.unreadable) };
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return { refusal: problem(400, 'unreadable', words.unreadable) };
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { refusal: problem(400, 'unreadable', words.unreadable) };
	return { body: body as Record<string, unknown> };
}
