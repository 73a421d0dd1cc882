// Sending finished answers from the phone (a survey, a visit report): into the offline queue
// first, then to the server. Offline, they wait on the phone and go when the connection is back
// (this page, any later page load, or the service worker), exactly once. The component that shows
// where it is (survey/SendStatus.svelte, visit-report/SendReport.svelte) owns the status; this
// only moves it on.
import { enqueue, flushQueue, newIdempotencyKey, onSent, queued, sendSubmission, type QueuedSubmission, type SendResult } from './offline-queue';

export type SenderStatus = 'answering' | 'sending' | 'queued' | 'sent';

export interface QueuedSenderOptions {
	/** The survey's code or the visit's id, as in the queue. */
	code: () => string;
	/** Whose answers these are on this phone: another person's results are never shown here. */
	scope: () => string;
	/** Where the entry is sent (a path under /api/); the survey endpoint when absent. */
	endpoint?: () => string;
	status: () => SenderStatus;
	setStatus: (status: SenderStatus) => void;
	/** It waited on the phone before it went (the page says so once sent). */
	onqueued: () => void;
	/** The server has it: the draft can go. */
	onsent: () => void;
	onrejected: (message: string, errors?: Record<string, string>) => void;
	/** What to say when there is no offline store and the straight send couldn't reach us. */
	unreachable: string;
}

export function queuedSender(o: QueuedSenderOptions) {
	let mine: string | null = null;

	function apply(results: SendResult[]) {
		for (const result of results) {
			// Someone else's answers on this phone (another scope) are never shown here.
			if (result.code !== o.code() || result.scope !== o.scope() || (mine && result.key !== mine)) continue;
			if (result.result === 'sent') {
				o.onsent();
				o.setStatus('sent');
			} else if (result.result === 'rejected') {
				o.setStatus('answering');
				o.onrejected(result.message, result.errors);
			}
		}
	}

	function markQueued() {
		o.setStatus('queued');
		o.onqueued();
	}

	async function flush() {
		apply(await flushQueue());
		const status = o.status();
		if (status === 'sending' || status === 'queued') {
			const waiting = await queued(o.code(), o.scope());
			if (waiting.length) markQueued();
		}
	}

	async function send(answers: QueuedSubmission['answers']) {
		o.setStatus('sending');
		const endpoint = o.endpoint?.();
		const entry: QueuedSubmission = { idempotencyKey: newIdempotencyKey(), code: o.code(), ...(endpoint ? { endpoint } : {}), scope: o.scope(), answers, queuedAt: Date.now() };
		mine = entry.idempotencyKey;
		try {
			await enqueue(entry);
		} catch {
			// No IndexedDB here (some private windows): send straight away, and say so if that fails.
			const result = await sendSubmission(entry);
			if (result.result === 'waiting') {
				o.setStatus('answering');
				o.onrejected(o.unreachable);
			} else apply([result]);
			return;
		}
		await flush();
	}

	/** For onMount: picks up what is still queued, listens for sends elsewhere, retries online and every 30 s. Returns the clean-up. */
	function start(): () => void {
		const stop = onSent(apply);
		const retry = () => {
			if (o.status() === 'queued') void flush();
		};
		queued(o.code(), o.scope())
			.then((waiting) => {
				if (waiting.length && o.status() === 'answering') {
					markQueued();
					void flush();
				}
			})
			.catch(() => {});
		window.addEventListener('online', retry);
		const timer = setInterval(retry, 30_000);
		return () => {
			stop();
			window.removeEventListener('online', retry);
			clearInterval(timer);
		};
	}

	return { send, start };
}
