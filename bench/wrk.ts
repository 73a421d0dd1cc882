// The same submissions load driven by wrk (a C load generator, Debian package `wrk`) when it is
// installed: on a 2-core machine a Node client takes a large share of the CPU it is measuring.
// A Lua script gives every request its own idempotency key, device cookie and address.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './submissions';
import { randomAnswers, type BenchSurvey } from './survey-fixture';

export function hasWrk(): boolean {
	return spawnSync('wrk', ['--version']).error === undefined;
}

function luaString(text: string): string {
	return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function script(origin: string, survey: BenchSurvey): string {
	const answers = Array.from({ length: 500 }, () => luaString(JSON.stringify(randomAnswers(survey.questions))));
	return `
local answers = { ${answers.join(',\n')} }
local chars = "abcdefghijklmnopqrstuvwxyz0123456789"
local counter = 0
local threadId = 0
local function token(n)
  local t = {}
  for i = 1, n do local r = math.random(1, #chars); t[i] = chars:sub(r, r) end
  return table.concat(t)
end
function setup(thread) threadId = threadId + 1; thread:set("tid", threadId) end
function init(args) math.randomseed(os.time() * 1000 + (tid or 0)) end
request = function()
  counter = counter + 1
  local body = '{"idempotencyKey":"' .. token(32) .. '","answers":' .. answers[(counter % #answers) + 1] .. '}'
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Origin"] = ${luaString(origin)}
  headers["Cookie"] = "survey_device=" .. token(32)
  headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/api/surveys/${survey.code}/responses", headers, body)
end
function done(summary, latency, requests)
  io.write(string.format('WRK_JSON {"requests":%d,"non2xx":%d,"socketErrors":%d,"micros":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
`;
}

/** Posts for `seconds` with `concurrency` open connections on one wrk thread. */
export function postWithWrk(origin: string, survey: BenchSurvey, seconds: number, concurrency: number): LoadResult {
	const dir = mkdtempSync(join(tmpdir(), 'coproduce-wrk-'));
	const file = join(dir, 'submit.lua');
	writeFileSync(file, script(origin, survey));
	const out = execFileSync('wrk', ['-t1', `-c${concurrency}`, `-d${seconds}s`, '--timeout', '10s', '-s', file, origin], { encoding: 'utf8' });
	const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
	if (!line) throw new Error(`wrk printed no summary:\n${out}`);
	const r = JSON.parse(line.slice('WRK_JSON '.length)) as { requests: number; non2xx: number; socketErrors: number; micros: number; p50: number; p95: number; p99: number };
	const ok = r.requests - r.non2xx;
	const secs = r.micros / 1e6;
	const failed: Record<string, number> = {};
	if (r.non2xx) failed['non-2xx'] = r.non2xx;
	if (r.socketErrors) failed.socket = r.socketErrors;
	const ms = (us: number) => Math.round(us / 100) / 10;
	return { requests: r.requests, ok, failed, seconds: Math.round(secs * 10) / 10, perSecond: Math.round(ok / secs), p50Ms: ms(r.p50), p95Ms: ms(r.p95), p99Ms: ms(r.p99) };
}
