// `npm run bench`: builds the app, starts it on loopback with demo data (embedded database, or
// Postgres when BENCH_DATABASE_URL is set), and measures it. Figures go to stdout and bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { measureFirstLoadJs, type PageToWeigh } from './js-size';
import { startServer } from './server';
import { insertDirectly, postSubmissions, type LoadResult } from './submissions';
import { benchMonitoring } from './monitoring';
import { benchLive } from './live';
import { createBenchSurvey } from './survey-fixture';
import { benchResults } from './survey-results';
import { timeGet } from './timing';
import { hasWrk, postWithWrk } from './wrk';

const PANEL_SCORING = 'panel scoring (jay)';

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
// As behind a proxy, so each simulated phone can have its own address for the per-address limit.
const server = await startServer(4300, { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
const results: Record<string, unknown> = { at: new Date().toISOString(), database: databaseUrl ? 'postgres' : 'pglite' };
try {
	const pages: PageToWeigh[] = ['/', '/sign-in', '/join', '/survey/YCLUB7', await panelScoringPage(server.origin)];
	const weights = await measureFirstLoadJs(server.origin, pages);
	console.log('First-load JavaScript (gzipped, level 9), 390x844 Chromium, cold cache:');
	for (const w of weights) console.log(`  ${w.label.padEnd(24)} ${(w.gzipBytes / 1024).toFixed(1)} kB gzip  (${(w.rawBytes / 1024).toFixed(1)} kB raw, ${w.files} files)`);
	const scoring = weights.find((w) => w.label === PANEL_SCORING);
	if (scoring && scoring.gzipBytes >= 60 * 1024) console.log(`  ! ${PANEL_SCORING} is over its 60 kB budget`);
	results.firstLoadJs = weights;

	console.log(`Server time on loopback (${results.database}), sequential requests after warm-up:`);
	const timings: Record<string, unknown> = {};
	for (const path of ['/', '/api/public/projects']) {
		const timing = await timeGet(server.origin + path);
		timings[path] = timing;
		console.log(`  GET ${path.padEnd(22)} median ${timing.medianMs} ms, p95 ${timing.p95Ms} ms, p99 ${timing.p99Ms} ms (${timing.requests} requests)`);
	}
	results.serverTime = timings;

	if (databaseUrl) {
		results.live = await benchLive(databaseUrl, server);
		results.surveys = await benchSurveys(databaseUrl, server.origin);
		const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
		try {
			results.monitoring = await benchMonitoring(sql, server.origin);
		} finally {
			await sql.end();
		}
	} else console.log('Survey and monitoring benchmarks need Postgres: set BENCH_DATABASE_URL (see README).');
	mkdirSync('bench/results', { recursive: true });
	writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2));
} finally {
	await server.stop();
}

/** Jay's scoring page for Bid A of the Riverside youth work tender, found as he would find it. */
async function panelScoringPage(origin: string): Promise<PageToWeigh> {
	const signIn = { username: 'jay', password: 'paper-boat-summer' };
	const response = await fetch(`${origin}/sign-in`, { method: 'POST', body: new URLSearchParams(signIn), headers: { origin }, redirect: 'manual' });
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	const get = async (path: string) => (await fetch(origin + path, { headers: { cookie } })).text();
	const panel = /href="\/panels\/([a-z2-7]{16})"[^>]*>Riverside youth work/.exec(await get('/panels'))?.[1];
	const bid = panel && new RegExp(`href="/panels/${panel}/bids/([a-z2-7]{16})"`).exec(await get(`/panels/${panel}`))?.[1];
	if (!bid) throw new Error('bench: could not find jay’s Riverside scoring page');
	return { path: `/panels/${panel}/bids/${bid}`, label: PANEL_SCORING, signIn };
}

function line(label: string, r: LoadResult): string {
	const failed = Object.keys(r.failed).length ? `, failed ${JSON.stringify(r.failed)}` : '';
	return `  ${label.padEnd(26)} ${r.perSecond} responses/s, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, p99 ${r.p99Ms} ms (${r.ok}/${r.requests} in ${r.seconds} s${failed})`;
}

async function benchSurveys(url: string, origin: string) {
	const sql = postgres(url, { max: Number(process.env.BENCH_CONCURRENCY || 32), onnotice: () => {} });
	try {
		const concurrency = Number(process.env.BENCH_CONCURRENCY || 32);
		const total = Number(process.env.BENCH_SUBMISSIONS || 20_000);
		// wrk when installed (a C load generator leaves the 2 cores to the app and Postgres), else Node.
		const generator = hasWrk() ? 'wrk' : 'node';
		const seconds = Number(process.env.BENCH_SECONDS || 20);
		const warmup = await createBenchSurvey(sql, 'BNCHWU');
		const survey = await createBenchSurvey(sql, 'BNCHSB');
		let http: LoadResult;
		if (generator === 'wrk') {
			postWithWrk(origin, warmup, 5, concurrency);
			http = postWithWrk(origin, survey, seconds, concurrency);
		} else {
			await postSubmissions(origin, warmup, 2_000, concurrency);
			http = await postSubmissions(origin, survey, total, concurrency);
		}
		const [{ stored }] = await sql<{ stored: number }[]>`select count(*)::int as stored from survey_responses where survey_id = ${survey.id}`;
		// The database's ceiling: as many single-row inserts as the app stored, at the same concurrency.
		const direct = await insertDirectly(sql, await createBenchSurvey(sql, 'BNCHDB'), generator === 'wrk' ? Math.max(http.ok, 5_000) : total, concurrency);
		const ratio = Math.round((http.perSecond / direct.perSecond) * 100) / 100;
		console.log(`Survey submissions, 15 questions each, ${concurrency} concurrent connections (load from ${generator}):`);
		console.log(line('over HTTP (the app)', http));
		console.log(`  rows stored                ${stored} (every acknowledged response, plus any in flight when the clock stopped)`);
		console.log(line('direct postgres.js insert', direct));
		console.log(`  app / database ceiling     ${ratio}`);
		const responses = Number(process.env.BENCH_RESULTS_RESPONSES || 100_000);
		const results = await benchResults(sql, origin, responses);
		console.log(`Staff results page, ${responses} responses of 15 questions (loaded in ${results.loadSeconds} s):`);
		console.log(`  first request (counts whatever the background round has not yet) ${results.firstRequestMs} ms`);
		console.log(`  after that: median ${results.warm.medianMs} ms, p95 ${results.warm.p95Ms} ms, p99 ${results.warm.p99Ms} ms (${results.warm.requests} requests)`);
		return { concurrency, generator, http, stored, direct, ratio, results };
	} finally {
		await sql.end();
	}
}
