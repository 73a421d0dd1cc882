// Survey submissions under load: `concurrency` clients post complete 15-question responses to the
// built app over HTTP (keep-alive, as phones behind a proxy), then the same inserts are made
// directly with postgres.js at the same concurrency: the database's ceiling on this machine.
import { Agent, request } from 'node:http';
import type { Sql } from 'postgres';
import { percentile } from './timing';
import { randomAnswers, type BenchSurvey } from './survey-fixture';

export interface LoadResult {
	requests: number;
	ok: number;
	failed: Record<string, number>;
	seconds: number;
	perSecond: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
}

function summarise(latencies: number[], ok: number, failed: Record<string, number>, seconds: number): LoadResult {
	latencies.sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		requests: latencies.length,
		ok,
		failed,
		seconds: round(seconds),
		perSecond: Math.round(ok / seconds),
		p50Ms: round(percentile(latencies, 50)),
		p95Ms: round(percentile(latencies, 95)),
		p99Ms: round(percentile(latencies, 99))
	};
}

/** A pool of request bodies made before the clock starts, so the client spends its CPU on sending. */
function bodies(survey: BenchSurvey, count: number): string[] {
	return Array.from({ length: count }, () => JSON.stringify({ idempotencyKey: crypto.randomUUID(), answers: randomAnswers(survey.questions) }));
}

function post(agent: Agent, origin: URL, path: string, body: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			{ agent, host: origin.hostname, port: origin.port, path, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** Every request is a different phone: its own device token and its own address. */
export async function postSubmissions(originText: string, survey: BenchSurvey, total: number, concurrency: number): Promise<LoadResult> {
	const origin = new URL(originText);
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const path = `/api/surveys/${survey.code}/responses`;
	const pool = bodies(survey, total);
	const latencies: number[] = [];
	const failed: Record<string, number> = {};
	let next = 0;
	let ok = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const i = next++;
				const headers = {
					'content-type': 'application/json',
					origin: originText,
					'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
					cookie: `survey_device=${crypto.randomUUID().replaceAll('-', '')}`
				};
				const t = performance.now();
				const status = await post(agent, origin, path, pool[i], headers).catch(() => -1);
				latencies.push(performance.now() - t);
				if (status === 201) ok++;
				else failed[String(status)] = (failed[String(status)] ?? 0) + 1;
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	agent.destroy();
	return summarise(latencies, ok, failed, seconds);
}

/** The same rows inserted directly, one statement each, at the same concurrency. */
export async function insertDirectly(sql: Sql, survey: BenchSurvey, total: number, concurrency: number): Promise<LoadResult> {
	const pool = Array.from({ length: total }, () => randomAnswers(survey.questions));
	const latencies: number[] = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const i = next++;
				const t = performance.now();
				await sql`insert into survey_responses (id, survey_id, device_hash, idempotency_key, respondent_type, age_band, answers)
					values (${crypto.randomUUID().slice(0, 16)}, ${survey.id}, ${crypto.randomUUID()}, ${crypto.randomUUID()}, 'unknown', 'unknown', ${sql.json(pool[i] as never)})`;
				latencies.push(performance.now() - t);
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	return summarise(latencies, total, {}, seconds);
}
