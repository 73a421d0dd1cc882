// Finding the demo's panel, bid and criterion ids the way a person's pages show them, for the
// panel specs (panel-scoring, panel-idor, panel-identity-leak, hostile-panel).
import type { APIRequestContext } from '@playwright/test';
import postgres from 'postgres';
import { BASE_URL, DEMO, expect, postForm } from './fixtures';

export const RIVERSIDE = 'Riverside youth work: the service that replaces the club contract';
export const LOT1 = 'Short breaks lot 1: overnight and weekend short breaks';
export const LOT2 = 'Short breaks lot 2: holiday and after-school clubs';

/** The e2e run's database, when it is Postgres (TEST_DATABASE_URL), for "nothing changed" checks. */
export function e2eDatabaseUrl(): string | null {
	const saved = process.env.COPRODUCE_E2E_RUN;
	return saved ? (JSON.parse(saved) as { databaseUrl: string }).databaseUrl || null : null;
}

export async function withDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T | null> {
	const url = e2eDatabaseUrl();
	if (!url) return null;
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		return await work(sql);
	} finally {
		await sql.end();
	}
}

/** Everything panel members can change, as it stands: equal snapshots mean nothing changed. */
export async function panelState(): Promise<unknown> {
	return withDatabase(async (sql) => ({
		scores: await sql`select id, panel_member_id, bid_id, criterion_id, score, comment, submitted_at, updated_at from panel_scores order by id`,
		members: await sql`select id, status, confidentiality_accepted_at, declared_at, interest from panel_members order by id`,
		slots: await sql`select id, bid_id, starts_at, place from presentations order by id`,
		questions: await sql`select id, panel_id, position, question from panel_questions order by id`,
		asked: await sql`select question_id, presentation_id from questions_asked order by question_id, presentation_id`
	}));
}

export async function signedIn(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }, who: keyof typeof DEMO): Promise<APIRequestContext> {
	const request = await playwright.request.newContext({ baseURL: BASE_URL });
	const response = await postForm(request, '/sign-in', { username: DEMO[who].username, password: DEMO[who].password });
	expect(response.status(), `signing in as ${who}`).toBe(303);
	return request;
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/<!--.*?-->/g, '').trim();

export interface PanelLink {
	panelId: string;
	title: string;
	section: string;
}

/** The panels on the signed-in person's /panels page. */
export async function myPanelLinks(request: APIRequestContext): Promise<PanelLink[]> {
	const html = await (await request.get('/panels')).text();
	return [...html.matchAll(/href="\/panels\/([a-z2-7]{16})"[^>]*>([\s\S]*?)<\/a>[\s\S]*?<strong>([\s\S]*?)<\/strong>/g)].map((m) => ({ panelId: m[1], title: decode(m[2]), section: decode(m[3]) }));
}

export async function panelOf(request: APIRequestContext, title: string, section = 'What young people think'): Promise<string> {
	const found = (await myPanelLinks(request)).find((p) => p.title === title && p.section === section);
	expect(found, `a panel for ${title} / ${section}`).toBeTruthy();
	return found!.panelId;
}

/** Bid letter → id, from the scoring links on a panel page (while scoring is open). */
export async function scoringLinks(request: APIRequestContext, panelId: string): Promise<Record<string, string>> {
	const html = await (await request.get(`/panels/${panelId}`)).text();
	return Object.fromEntries([...html.matchAll(new RegExp(`href="/panels/${panelId}/bids/([a-z2-7]{16})"[^>]*>[\\s\\S]*?Bid ([A-Z]+)`, 'g'))].map((m) => [m[2], m[1]]));
}

/** The criterion ids a scoring page's form posts (score-<id>). */
export async function criterionIds(request: APIRequestContext, panelId: string, bidId: string): Promise<string[]> {
	const html = await (await request.get(`/panels/${panelId}/bids/${bidId}`)).text();
	return [...new Set([...html.matchAll(/name="score-([a-z2-7]{16})"/g)].map((m) => m[1]))];
}

/** As an officer: tender title → id, from the staff tender list. */
export async function tenderIds(officer: APIRequestContext): Promise<Record<string, string>> {
	const html = await (await officer.get('/staff/tenders')).text();
	return Object.fromEntries([...html.matchAll(/href="\/staff\/tenders\/([a-z2-7]{16})"[^>]*>([^<]+)<\/a>/g)].map((m) => [decode(m[2]), m[1]]));
}

/** As an officer or champion: bid letter → id for a tender's released bids (the presentations page). */
export async function tenderBids(staff: APIRequestContext, tenderId: string): Promise<Record<string, string>> {
	const html = await (await staff.get(`/staff/tenders/${tenderId}/presentations`)).text();
	return Object.fromEntries([...html.matchAll(/id="slot-([a-z2-7]{16})-h"[^>]*>Bid ([A-Z]+)</g)].map((m) => [m[2], m[1]]));
}
