// Follows a live session over server-sent events, for phones, the projector and the control
// panel. The browser's EventSource reconnects by itself after a dropped connection (the server
// asks for `retry: 1000`), but gives up for good when a restarting server answers 502/503 or
// refuses the connection (readyState CLOSED); then we open a new one after 1 s, 2 s, 4 s … at
// most 10 s, so a room keeps following after a restart without anyone reloading.
//
// Every message is a whole snapshot with an increasing `at`; one older than the last seen is
// ignored (a slower process or a late message cannot take the screen back in time). Once the
// session is closed the server sends the final snapshot and ends; we stop there.
import type { LiveSnapshot } from '$lib/live/types';

/**
 * connecting: the first attempt; live: messages arrive; reconnecting: the connection dropped and
 * we are trying again; ended: the server says this stream isn't there for us (an unknown or
 * changed code, a signed-out champion) and we stopped trying.
 */
export type LiveStreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** Answers that won't change by asking again (409: the session has a new code; the page asks where). */
const FINAL_STATUSES = new Set([400, 401, 403, 404, 409, 410]);

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 10_000;

/** Opens the stream at `url`; returns a function that closes it for good. */
export function openLiveStream(url: string, onSnapshot: (snapshot: LiveSnapshot) => void, onStatus?: (status: LiveStreamStatus) => void): () => void {
	let source: EventSource | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let delay = FIRST_RETRY_MS;
	let lastAt = -Infinity;
	let stopped = false;
	let status: LiveStreamStatus | null = null;

	const report = (next: LiveStreamStatus) => {
		if (next === status) return;
		status = next;
		onStatus?.(next);
	};

	/**
	 * EventSource can't tell a restarting server (try again) from a code that no longer exists
	 * (stop); one plain request can, before we open it again.
	 */
	const probe = async (): Promise<'open' | 'retry' | 'end'> => {
		const abort = new AbortController();
		try {
			const response = await fetch(url, { headers: { accept: 'text/event-stream' }, cache: 'no-store', signal: abort.signal });
			abort.abort();
			if (response.ok) return 'open';
			return FINAL_STATUSES.has(response.status) ? 'end' : 'retry';
		} catch {
			return 'retry';
		}
	};

	const reopenLater = () => {
		if (stopped || timer) return;
		report('reconnecting');
		timer = setTimeout(async () => {
			const next = await probe();
			timer = undefined;
			if (stopped) return;
			if (next === 'open') return open();
			if (next === 'end') {
				stopped = true;
				return report('ended');
			}
			reopenLater();
		}, delay);
		delay = Math.min(delay * 2, MAX_RETRY_MS);
	};

	const open = () => {
		if (stopped) return;
		source?.close();
		const current = new EventSource(url);
		source = current;
		current.onopen = () => {
			if (current !== source) return;
			delay = FIRST_RETRY_MS;
			report('live');
		};
		current.onmessage = (event: MessageEvent<string>) => {
			if (current !== source) return;
			let snapshot: LiveSnapshot;
			try {
				snapshot = JSON.parse(event.data) as LiveSnapshot;
			} catch {
				return;
			}
			if (typeof snapshot?.at !== 'number' || snapshot.at < lastAt) return;
			lastAt = snapshot.at;
			delay = FIRST_RETRY_MS;
			report('live');
			onSnapshot(snapshot);
			if (snapshot.status === 'closed' || snapshot.status === 'cancelled') {
				// The session is over: nothing more will come, so stop asking.
				stopped = true;
				current.close();
			}
		};
		current.onerror = () => {
			if (current !== source) return;
			if (current.readyState === EventSource.CLOSED) {
				// The browser gave up (an error status or no server at all): start again ourselves.
				current.close();
				source = null;
				reopenLater();
			} else {
				// CONNECTING: the browser retries by itself after `retry`.
				report('reconnecting');
			}
		};
	};

	report('connecting');
	open();

	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
		timer = undefined;
		source?.close();
		source = null;
	};
}
