/** Percentile of a sorted list (nearest rank). */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Timing {
	requests: number;
	medianMs: number;
	p95Ms: number;
	p99Ms: number;
}

/**
 * Response time of one page on loopback, one request at a time after a warm-up, so the figure
 * is the server's time to render (plus a loopback round trip), not queueing.
 */
export async function timeGet(url: string, requests = 300, warmup = 30, init: RequestInit = {}): Promise<Timing> {
	for (let i = 0; i < warmup; i++) await (await fetch(url, init)).arrayBuffer();
	const times: number[] = [];
	for (let i = 0; i < requests; i++) {
		const started = performance.now();
		const response = await fetch(url, init);
		await response.arrayBuffer();
		if (!response.ok) throw new Error(`${url} answered ${response.status}`);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 100) / 100;
	return { requests, medianMs: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)) };
}
