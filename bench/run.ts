// `npm run bench`: builds the app, starts it on loopback with demo data (embedded database, or
// Postgres when BENCH_DATABASE_URL is set), and measures it. Figures go to stdout and bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { measureFirstLoadJs } from './js-size';
import { startServer } from './server';
import { timeGet } from './timing';

async function freshDatabase(serverUrl: string): Promise<string> {
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe('drop database if exists coproduce_bench with (force)');
	await admin.unsafe('create database coproduce_bench');
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = '/coproduce_bench';
	return url.href;
}

const databaseUrl = process.env.BENCH_DATABASE_URL ? await freshDatabase(process.env.BENCH_DATABASE_URL) : undefined;
const server = await startServer(4300, databaseUrl ? { DATABASE_URL: databaseUrl } : {});
const results: Record<string, unknown> = { at: new Date().toISOString(), database: databaseUrl ? 'postgres' : 'pglite' };
try {
	const pages = ['/', '/sign-in', '/join'];
	const weights = await measureFirstLoadJs(server.origin, pages);
	console.log('First-load JavaScript (gzipped, level 9), 390x844 Chromium, cold cache:');
	for (const w of weights) console.log(`  ${w.path.padEnd(10)} ${(w.gzipBytes / 1024).toFixed(1)} kB gzip  (${(w.rawBytes / 1024).toFixed(1)} kB raw, ${w.files} files)`);
	results.firstLoadJs = weights;

	console.log(`Server time on loopback (${results.database}), sequential requests after warm-up:`);
	const timings: Record<string, unknown> = {};
	for (const path of ['/', '/api/public/projects']) {
		const timing = await timeGet(server.origin + path);
		timings[path] = timing;
		console.log(`  GET ${path.padEnd(22)} median ${timing.medianMs} ms, p95 ${timing.p95Ms} ms, p99 ${timing.p99Ms} ms (${timing.requests} requests)`);
	}
	results.serverTime = timings;
	mkdirSync('bench/results', { recursive: true });
	writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2));
} finally {
	await server.stop();
}
