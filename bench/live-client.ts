// The bench's simulated phones and projector, on node:http (the bench shares the 2 cores with the
// app and Postgres, so the client stays cheap): form posts and JSON posts on keep-alive agents,
// and server-sent event streams that count the messages they get and keep the last one.
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';

export interface Reply {
	status: number;
	headers: IncomingMessage['headers'];
	body: string;
}

/** One request; the body is read (small answers only). */
export function send(agent: Agent, origin: URL, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = request(
			{ agent, host: origin.hostname, port: origin.port, path, method, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** A held-open event stream: how many messages came, and the last one's data. */
export interface EventStream {
	status: number;
	messages: number;
	last: string | null;
	/** Called with each message's data as it arrives (the projector parses them; phones don't). */
	onMessage?: (data: string, at: number) => void;
	close(): void;
}

/** Opens GET `path` as an event stream; resolves once the response headers are in. */
export function openStream(agent: Agent, origin: URL, path: string, headers: Record<string, string>, onMessage?: EventStream['onMessage']): Promise<EventStream> {
	return new Promise((resolve, reject) => {
		const req = request({ agent, host: origin.hostname, port: origin.port, path, method: 'GET', headers: { accept: 'text/event-stream', ...headers } }, (res) => {
			let buffer = '';
			const stream: EventStream = {
				status: res.statusCode ?? 0,
				messages: 0,
				last: null,
				onMessage,
				close: () => req.destroy()
			};
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => {
				buffer += chunk;
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					if (!block.startsWith('data: ')) continue; // retry hints and heartbeats
					stream.messages++;
					stream.last = block.slice(6);
					stream.onMessage?.(stream.last, performance.now());
				}
			});
			res.on('error', () => {});
			resolve(stream);
		});
		req.on('error', (err) => reject(err));
		req.end();
	});
}

/** Runs `work` for 0..total-1 with at most `concurrency` at once. */
export async function pool(total: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, total) }, async () => {
			while (next < total) await work(next++);
		})
	);
}

/** The server child's memory from /proc: resident now, and the peak since the last reset. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
		return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, hwmMb: Math.round(kb('VmHWM') / 102.4) / 10 };
	} catch {
		return null;
	}
}

/** Resets the peak (VmHWM) to the current size, so the peak read later is this run's (Linux 4.0+). */
export function resetPeakMemory(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** CPU time the process has used so far, in ms (user + system, from /proc/<pid>/stat at 100 ticks a second). */
export function cpuMsOf(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return null;
	}
}
