// Submissions waiting on the phone, in IndexedDB, until the server has them: survey answers and
// mystery-shopping visit reports. Used by the answering and reporting pages, the root layout (on
// any page load) and the service worker (background sync), so it touches nothing that only exists
// in a window. Each entry keeps its idempotency key, so however many times it is sent (retries,
// two tabs, the worker) the server stores it once. An entry names the endpoint it goes to; every
// endpoint takes JSON { idempotencyKey, answers, scope } and answers 201, or 409 already_received
// for a key it already has.
import type { Answers } from '../surveys/definition';

const DB_NAME = 'coproduce-offline';
const STORE = 'survey-submissions';
export const SYNC_TAG = 'survey-submissions';
/** Set while anything is queued, so ordinary page loads can skip loading this module. */
export const PENDING_FLAG = 'coproduce-queue';
const CHANNEL = 'coproduce-queue';

export interface QueuedSubmission {
	idempotencyKey: string;
	/** The survey's code, or the visit's id for a visit report. */
	code: string;
	/** Where it is sent (a path under /api/); a survey's responses endpoint when absent. */
	endpoint?: string;
	/** Whose answers these are (from the page, never who they are): the server refuses anyone else's. */
	scope: string;
	/** A survey's answers, or a visit report's ratings and words. */
	answers: Answers | Record<string, unknown>;
	queuedAt: number;
}

interface Sent {
	key: string;
	code: string;
	scope: string;
}
export type SendResult =
	| (Sent & { result: 'sent' })
	| (Sent & { result: 'rejected'; message: string; errors?: Record<string, string> })
	| (Sent & { result: 'waiting' });

/** A fresh idempotency key (crypto.randomUUID where the browser has it). */
export function newIdempotencyKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'idempotencyKey' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function withStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const request = work(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(request.result);
			tx.onerror = tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

function setFlag(on: boolean): void {
	if (typeof localStorage === 'undefined') return;
	try {
		if (on) localStorage.setItem(PENDING_FLAG, '1');
		else localStorage.removeItem(PENDING_FLAG);
	} catch {
		// Storage may be off; the survey page still flushes on its own.
	}
}

export async function enqueue(submission: QueuedSubmission): Promise<void> {
	await withStore('readwrite', (store) => store.put(submission));
	setFlag(true);
	// Background sync (where the browser has it) sends it even if this page is closed.
	if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator && navigator.serviceWorker.controller) {
		navigator.serviceWorker.ready
			.then((registration) => (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(SYNC_TAG))
			.catch(() => {});
	}
}

/** What is queued; for one survey, only this person's (their scope). */
export async function queued(code?: string, scope?: string): Promise<QueuedSubmission[]> {
	const all = await withStore('readonly', (store) => store.getAll() as IDBRequest<QueuedSubmission[]>);
	return code ? all.filter((s) => s.code === code && s.scope === scope) : all;
}

function remove(key: string): Promise<undefined> {
	return withStore('readwrite', (store) => store.delete(key));
}

/** Removes everything queued: on sign-out, nothing of a person's answers stays on the phone. */
export async function clearQueue(): Promise<void> {
	await withStore('readwrite', (store) => store.clear());
	setFlag(false);
}

/** Only our own API is ever posted to, whatever an entry in storage says. */
function endpointOf(entry: QueuedSubmission): string {
	if (typeof entry.endpoint === 'string' && /^\/api\/[A-Za-z0-9/_-]+$/.test(entry.endpoint)) return entry.endpoint;
	return `/api/surveys/${encodeURIComponent(entry.code)}/responses`;
}

/** One POST to the server, and what it means for the queued entry. */
export async function sendSubmission(entry: QueuedSubmission): Promise<SendResult> {
	const base = { key: entry.idempotencyKey, code: entry.code, scope: entry.scope };
	let response: Response;
	try {
		response = await fetch(endpointOf(entry), {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			credentials: 'same-origin',
			body: JSON.stringify({ idempotencyKey: entry.idempotencyKey, answers: entry.answers, scope: entry.scope })
		});
	} catch {
		return { ...base, result: 'waiting' };
	}
	const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string; errors?: Record<string, string> };
	if (response.status === 201 || (response.status === 409 && body.code === 'already_received')) return { ...base, result: 'sent' };
	// Signed out, timed out, too many, or the server's own trouble: keep it and try again later.
	// Another person's answers (409 other_person) are refused, so they are dropped below, unseen.
	if (response.status === 401 || response.status === 408 || response.status === 429 || response.status >= 500) return { ...base, result: 'waiting' };
	const errors = body.errors && typeof body.errors === 'object' ? body.errors : undefined;
	return { ...base, result: 'rejected', message: body.message ?? 'We couldn’t take this. Please check it and try again.', errors };
}

let flushing: Promise<SendResult[]> | null = null;

/** Sends everything queued, once at a time across this page's callers; tells other tabs and the worker. */
export function flushQueue(): Promise<SendResult[]> {
	flushing ??= (async () => {
		try {
			const work = async () => {
				const results: SendResult[] = [];
				for (const entry of await queued()) {
					const result = await sendSubmission(entry);
					if (result.result !== 'waiting') await remove(entry.idempotencyKey);
					results.push(result);
				}
				return results;
			};
			const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
			const results = locks ? await locks.request(CHANNEL, work) : await work();
			if (!(await queued()).length) setFlag(false);
			if (results.length && typeof BroadcastChannel !== 'undefined') {
				const channel = new BroadcastChannel(CHANNEL);
				channel.postMessage(results);
				channel.close();
			}
			return results;
		} finally {
			flushing = null;
		}
	})();
	return flushing;
}

/** Before signing out: tries to send what is waiting (for at most `ms`); how many are still here. */
export async function sendBeforeSigningOut(ms: number): Promise<number> {
	await Promise.race([flushQueue().catch(() => []), new Promise((resolve) => setTimeout(resolve, ms))]);
	return (await queued()).length;
}

/** Hears what another tab or the service worker sent. Returns a function that stops listening. */
export function onSent(listener: (results: SendResult[]) => void): () => void {
	if (typeof BroadcastChannel === 'undefined') return () => {};
	const channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (event) => listener(event.data as SendResult[]);
	return () => channel.close();
}
