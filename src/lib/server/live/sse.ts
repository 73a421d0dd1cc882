// A server-sent event stream as a web Response: the headers that keep proxies and caches from
// holding it back, a `retry` hint, and a sink the hub writes ready-encoded messages to. A sink
// whose reader has fallen far behind (a phone that stopped reading) is closed rather than
// buffered without end; its EventSource reconnects and gets the current state.
const encoder = new TextEncoder();

/** Queued messages a reader may fall behind by before its stream is dropped. */
const MAX_BACKLOG = 32;

export interface SseSink {
	/** Writes one encoded chunk; false when the stream is gone (closed, cancelled or too slow). */
	send(chunk: Uint8Array): boolean;
	close(): void;
	readonly closed: boolean;
}

export function sseMessage(data: string): Uint8Array {
	return encoder.encode(`data: ${data}\n\n`);
}

export const SSE_HEARTBEAT = encoder.encode(': still here\n\n');
const RETRY = encoder.encode('retry: 1000\n\n');

export const SSE_HEADERS = {
	'Content-Type': 'text/event-stream; charset=utf-8',
	'Cache-Control': 'no-cache, no-store, no-transform',
	'X-Accel-Buffering': 'no',
	Connection: 'keep-alive'
};

/**
 * Starts a stream; `open` gets the sink and returns what to do when it ends (the client went
 * away, the server closed it, or the request was aborted).
 */
export function sseResponse(signal: AbortSignal | undefined, open: (sink: SseSink) => (() => void) | void): Response {
	let cleanup: (() => void) | void;
	let closed = false;
	let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
	const finish = () => {
		if (closed) return;
		closed = true;
		signal?.removeEventListener('abort', finish);
		try {
			controllerRef?.close();
		} catch {
			// already closed or errored
		}
		const done = cleanup;
		cleanup = undefined;
		done?.();
	};
	const sink: SseSink = {
		send(chunk) {
			if (closed || !controllerRef) return false;
			if ((controllerRef.desiredSize ?? 0) < -MAX_BACKLOG) {
				finish();
				return false;
			}
			try {
				controllerRef.enqueue(chunk);
				return true;
			} catch {
				finish();
				return false;
			}
		},
		close: finish,
		get closed() {
			return closed;
		}
	};
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			controllerRef = controller;
			controller.enqueue(RETRY);
			if (signal?.aborted) return finish();
			signal?.addEventListener('abort', finish);
			cleanup = open(sink);
			if (closed) {
				// open() closed the sink itself (e.g. a final snapshot): run its cleanup now.
				const done = cleanup;
				cleanup = undefined;
				done?.();
			}
		},
		cancel() {
			finish();
		}
	});
	return new Response(body, { headers: SSE_HEADERS });
}
