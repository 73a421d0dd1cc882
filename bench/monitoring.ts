// Contract monitoring and mystery shopping at scale (Postgres only): visit reports posted from
// phones with retries (exactly once), the findings page over thousands of approved reports, and
// the public project page that carries the performance section.
import { createHash, randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { DEFAULT_CHECKLIST } from '../src/lib/monitoring/labels';
import { newId } from '../src/lib/server/db/ids';
import { measureFirstLoadJs, type PageWeight } from './js-size';
import { signInAsOfficer } from './survey-results';
import { percentile, timeGet, type Timing } from './timing';

const JAY = { username: 'jay', password: 'paper-boat-summer' };
const SLUG = 'youth-mental-health-support';

async function signIn(origin: string, who: { username: string; password: string }): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html' },
		body: new URLSearchParams(who)
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session=') || c.startsWith('__Host-session='));
	if (!cookie) throw new Error(`signing in answered ${response.status} without a session cookie`);
	return cookie.split(';')[0];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));

interface Fixture {
	organisationId: string;
	contractId: string;
	programmeId: string;
	itemIds: string[];
}

/** A programme with the default checklist on the demo youth mental-health contract (or a new one). */
async function benchProgramme(sql: Sql, title: string): Promise<Fixture> {
	const [project] = await sql<{ id: string; organisation_id: string }[]>`select id, organisation_id from projects where slug = ${SLUG}`;
	if (!project) throw new Error('bench: the demo youth mental-health project is missing');
	let [contract] = await sql<{ id: string }[]>`select id from contracts where project_id = ${project.id} order by created_at limit 1`;
	if (!contract) {
		contract = { id: newId() };
		await sql`insert into contracts (id, organisation_id, project_id, title, provider, starts_on, ends_on, value_pence, new_service, first_review_on)
			values (${contract.id}, ${project.organisation_id}, ${project.id}, 'Bench contract', 'Bench provider', ${daysAgo(700)}, ${daysAgo(-400)}, 90000000, false, ${daysAgo(335)})`;
	}
	const programmeId = newId();
	await sql`insert into shopping_programmes (id, organisation_id, contract_id, title, purpose, contact_kind, starts_on, ends_on)
		values (${programmeId}, ${project.organisation_id}, ${contract.id}, ${title}, 'Benchmark', 'visit', ${daysAgo(365)}, ${daysAgo(-30)})`;
	const itemIds = DEFAULT_CHECKLIST.map(() => newId());
	for (const [position, item] of DEFAULT_CHECKLIST.entries())
		await sql`insert into checklist_items (id, programme_id, position, theme, question, hint) values (${itemIds[position]}, ${programmeId}, ${position}, ${item.theme}, ${item.question}, ${item.hint})`;
	return { organisationId: project.organisation_id, contractId: contract.id, programmeId, itemIds };
}

async function visitsFor(sql: Sql, fixture: Fixture, shopperIds: string[][], windowFromDaysAgo: (i: number) => number): Promise<string[]> {
	const ids = shopperIds.map(() => newId());
	const visits = ids.map((id, i) => ({ id, programme_id: fixture.programmeId, window_from: daysAgo(windowFromDaysAgo(i)), window_to: daysAgo(Math.max(0, windowFromDaysAgo(i) - 7)), supervisor: 'Bench supervisor' }));
	for (let i = 0; i < visits.length; i += 500) await sql`insert into shopping_visits ${sql(visits.slice(i, i + 500))}`;
	const shoppers = ids.flatMap((visitId, i) => shopperIds[i].map((userId) => ({ visit_id: visitId, user_id: userId })));
	for (let i = 0; i < shoppers.length; i += 1000) await sql`insert into visit_shoppers ${sql(shoppers.slice(i, i + 1000))}`;
	return ids;
}

function reportBody(fixture: Fixture, visitedOn: string, seed: number) {
	const ratings = Object.fromEntries(fixture.itemIds.map((id, i) => [id, { rating: ((seed + i) % 5) + 1, comment: i % 3 === 0 ? 'The waiting area was calm and the staff explained things well.' : '' }]));
	return { visitedOn, ratings, wentWell: 'Friendly welcome and clear leaflets.', couldBeBetter: 'The sign outside is hard to see.', otherComments: '' };
}

export interface ReportLoad {
	visits: number;
	concurrency: number;
	perSecond: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	firstSends: Record<number, number>;
	retriesSameKey: Record<number, number>;
	resendsNewKey: Record<number, number>;
	stored: number;
}

/** Jay sends a report for each of `visits` visits; each is sent again with the same key and once more with a new one. */
async function postReports(sql: Sql, origin: string, visits: number, concurrency: number): Promise<ReportLoad> {
	const fixture = await benchProgramme(sql, 'Bench: reports from phones');
	const [jay] = await sql<{ id: string }[]>`select id from users where username = 'jay'`;
	const visitIds = await visitsFor(sql, fixture, Array.from({ length: visits }, () => [jay.id]), () => 10);
	const cookie = await signIn(origin, JAY);
	const tally = (into: Record<number, number>, status: number) => (into[status] = (into[status] ?? 0) + 1);
	const firstSends: Record<number, number> = {};
	const retriesSameKey: Record<number, number> = {};
	const resendsNewKey: Record<number, number> = {};
	const times: number[] = [];
	const post = async (visitId: string, key: string, seed: number) => {
		const scope = createHash('sha256').update(`visit-report:${jay.id}:${visitId}`).digest('hex').slice(0, 16);
		const started = performance.now();
		const response = await fetch(`${origin}/api/visits/${visitId}/report`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin, cookie },
			body: JSON.stringify({ idempotencyKey: key, scope, answers: reportBody(fixture, daysAgo(5), seed) })
		});
		await response.arrayBuffer();
		return { status: response.status, ms: performance.now() - started };
	};
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < visitIds.length) {
				const i = next++;
				const key = randomUUID();
				// The phone's first send and a retry of it racing (a flaky connection), then a second report.
				const [first, retry] = await Promise.all([post(visitIds[i], key, i), post(visitIds[i], key, i)]);
				tally(firstSends, first.status);
				tally(retriesSameKey, retry.status);
				times.push(first.ms);
				tally(resendsNewKey, (await post(visitIds[i], randomUUID(), i)).status);
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	const [{ stored }] = await sql<{ stored: number }[]>`select count(*)::int as stored from shopping_reports r join shopping_visits v on v.id = r.visit_id where v.programme_id = ${fixture.programmeId}`;
	times.sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		visits,
		concurrency,
		perSecond: Math.round((visits * 3) / seconds),
		p50Ms: round(percentile(times, 50)),
		p95Ms: round(percentile(times, 95)),
		p99Ms: round(percentile(times, 99)),
		firstSends,
		retriesSameKey,
		resendsNewKey,
		stored
	};
}

/** `reports` approved reports (pairs of bench shoppers, 7 ratings each) loaded straight into a new programme. */
async function loadApprovedReports(sql: Sql, reports: number): Promise<Fixture> {
	const fixture = await benchProgramme(sql, 'Bench: findings at scale');
	const [hash] = await sql<{ password_hash: string }[]>`select password_hash from users where username = 'jay'`;
	const shoppers = Array.from({ length: 40 }, (_, i) => ({ id: newId(), organisation_id: fixture.organisationId, username: `bench-shopper-${i}-${newId().slice(0, 6)}`, display_name: `Bench shopper ${i}`, password_hash: hash.password_hash }));
	await sql`insert into users ${sql(shoppers, 'id', 'organisation_id', 'username', 'display_name', 'password_hash')}`;
	await sql`insert into user_roles ${sql(shoppers.map((s) => ({ user_id: s.id, role: 'young_person' })))}`;
	const pairs = Array.from({ length: Math.ceil(reports / 2) }, (_, i) => [shoppers[(2 * i) % 40].id, shoppers[(2 * i + 1) % 40].id]);
	const visitIds = await visitsFor(sql, fixture, pairs, (i) => 20 + (i % 330));
	const reportRows = visitIds.flatMap((visitId, i) =>
		pairs[i].map((shopperId) => ({ id: newId(), visit_id: visitId, shopper_id: shopperId, idempotency_key: randomUUID(), visited_on: daysAgo(15 + (i % 330)), went_well: 'Friendly staff.', could_be_better: 'Longer opening hours.', status: 'approved' }))
	);
	for (let i = 0; i < reportRows.length; i += 1000) await sql`insert into shopping_reports ${sql(reportRows.slice(i, i + 1000))}`;
	const ratingRows = reportRows.flatMap((r, n) => fixture.itemIds.map((itemId, i) => ({ report_id: r.id, item_id: itemId, rating: ((n + i) % 5) + 1, comment: (n + i) % 9 === 0 ? 'It felt welcoming.' : '' })));
	for (let i = 0; i < ratingRows.length; i += 2000) await sql`insert into report_ratings ${sql(ratingRows.slice(i, i + 2000))}`;
	return fixture;
}

export interface MonitoringBench {
	reports: ReportLoad;
	reportPageJs: PageWeight[];
	findings: { approvedReports: number; page: Timing; printable: Timing };
	publicPage: Timing;
	publicJson: Timing;
}

export async function benchMonitoring(sql: Sql, origin: string): Promise<MonitoringBench> {
	const visits = Number(process.env.BENCH_VISIT_REPORTS || 500);
	const reports = await postReports(sql, origin, visits, 16);
	console.log(`Visit reports from phones, ${reports.visits} visits, ${reports.concurrency} at a time; each sent, retried with the same key at once, then sent again with a new key:`);
	console.log(`  first sends ${JSON.stringify(reports.firstSends)}, same-key retries ${JSON.stringify(reports.retriesSameKey)}, new-key resends ${JSON.stringify(reports.resendsNewKey)}`);
	console.log(`  reports stored ${reports.stored} of ${reports.visits}; ${reports.perSecond} requests/s; first send p50 ${reports.p50Ms} ms, p95 ${reports.p95Ms} ms, p99 ${reports.p99Ms} ms`);

	const open = await benchProgramme(sql, 'Bench: a report to weigh');
	const [jay] = await sql<{ id: string }[]>`select id from users where username = 'jay'`;
	const [visitId] = await visitsFor(sql, open, [[jay.id]], () => 3);
	const reportPageJs = await measureFirstLoadJs(origin, [{ path: `/visits/${visitId}/report`, label: 'visit report (jay)', signIn: JAY }]);
	for (const w of reportPageJs) console.log(`  first-load JavaScript of ${w.label}: ${(w.gzipBytes / 1024).toFixed(1)} kB gzip (${w.files} files)`);

	const approvedReports = Number(process.env.BENCH_FINDINGS_REPORTS || 4000);
	const loaded = await loadApprovedReports(sql, approvedReports);
	const officer = { headers: { cookie: await signInAsOfficer(origin) } };
	const page = await timeGet(`${origin}/staff/contracts/${loaded.contractId}/findings`, 30, 3, officer);
	const printable = await timeGet(`${origin}/staff/contracts/${loaded.contractId}/findings/report`, 30, 3, officer);
	console.log(`Findings for a contract with ${approvedReports} more approved reports (7 ratings each): page median ${page.medianMs} ms, p95 ${page.p95Ms} ms; printable report median ${printable.medianMs} ms, p95 ${printable.p95Ms} ms (30 requests each)`);

	const publicPage = await timeGet(`${origin}/projects/${SLUG}`, 100, 10);
	const publicJson = await timeGet(`${origin}/api/public/projects/${SLUG}`, 100, 10);
	console.log(`Public project page with performance: median ${publicPage.medianMs} ms, p95 ${publicPage.p95Ms} ms; its open data JSON median ${publicJson.medianMs} ms, p95 ${publicJson.p95Ms} ms`);
	return { reports, reportPageJs, findings: { approvedReports, page, printable }, publicPage, publicJson };
}
