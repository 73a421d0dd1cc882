// The staff results page for a survey with many responses: the first request adds every response
// into the running tallies once; after that, each request reads tallies only.
import type { Sql } from 'postgres';
import { createBenchSurvey, loadResponses } from './survey-fixture';
import { timeGet, type Timing } from './timing';

/** Signs in as the demo officer and returns the session cookie header. */
export async function signInAsOfficer(origin: string): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html' },
		body: new URLSearchParams({ username: 'officer', password: 'quiet-copper-meadow' })
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session=') || c.startsWith('__Host-session='));
	if (!cookie) throw new Error(`signing in answered ${response.status} without a session cookie`);
	return cookie.split(';')[0];
}

export interface ResultsBench {
	responses: number;
	loadSeconds: number;
	firstRequestMs: number;
	warm: Timing;
}

export async function benchResults(sql: Sql, origin: string, responses: number): Promise<ResultsBench> {
	const survey = await createBenchSurvey(sql, 'BNCHRS');
	const loading = performance.now();
	await loadResponses(sql, survey, responses);
	const loadSeconds = Math.round((performance.now() - loading) / 100) / 10;
	const cookie = await signInAsOfficer(origin);
	const url = `${origin}/staff/surveys/${survey.id}/results`;
	const first = performance.now();
	const response = await fetch(url, { headers: { cookie } });
	const html = await response.text();
	const firstRequestMs = Math.round(performance.now() - first);
	if (!response.ok) throw new Error(`results page answered ${response.status}`);
	if (!html.includes(responses.toLocaleString('en-GB')) && !html.includes(String(responses)))
		throw new Error('results page does not show the response count');
	const warm = await timeGet(url, 50, 5, { headers: { cookie } });
	return { responses, loadSeconds, firstRequestMs, warm };
}
