import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, ORIGIN, postForm, test } from './fixtures';
import { myPanelLinks, scoringLinks, signedIn, tenderBids, tenderIds, withDatabase } from './panel-ids';

// THE guarantee (issue 5): no bidder's identity reaches a panel member. Signed in as jay (on the
// young people's panels of all three demo tenders), this visits every page, page-data JSON,
// action result (failed ones too), public page, open-data JSON, feed and error a member can reach,
// following every link, and finds no seeded bidder's name (or its distinctive word), contact name,
// email, email domain word or phone number in any format. The one exception is the law's: once an
// award is published, the winner's name is on the public pages, and on "What I did and what it
// changed" (/me/activity), which repeats a published project's public award to the people who took
// part (and only there).

interface Identity {
	bidderName: string;
	contactName: string;
	contactEmail: string;
	contactPhone: string;
}

// The demo's bidders, as seeded (src/lib/server/demo/tenders.ts); with Postgres, the database's own list is added.
const SEEDED: Identity[] = [
	['Brightside Play Ltd', 'Sam Whitlock', 'sam.whitlock@brightsideplay.example', '020 7946 0101'],
	['Harbour Family Services CIC', 'Dee Okafor', 'dee@harbourfamily.example', '020 7946 0202'],
	['Oakfield Short Breaks Trust', 'Nia Patel', 'nia.patel@oakfieldtrust.example', '020 7946 0303'],
	['Kite Community Care Ltd', 'Rob Hale', 'rob@kitecare.example', '020 7946 0404'],
	['Northgate Youth Trust', 'Ali Brennan', 'ali@northgateyouth.example', '020 7946 0505'],
	['Canal Street Collective CIC', 'Jo Mensah', 'jo@canalstreet.example', '020 7946 0606'],
	['Bluebell Leisure Ltd', 'Kim Varga', 'kim.varga@bluebell-leisure.example', '020 7946 0707'],
	['Willow Play Clubs CIC', 'Ros Adeyemi', 'ros@willowplay.example', '020 7946 0808'],
	['SummerSpace Riverside Ltd', 'Ben Carter', 'ben.carter@summerspace-riverside.example', '020 7946 0909']
].map(([bidderName, contactName, contactEmail, contactPhone]) => ({ bidderName, contactName, contactEmail, contactPhone }));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s).replace(/\\?[\s-]+/g, '[\\s\\-–—.]*')}(?![\\p{L}\\p{N}])`, 'iu');

/** The phone's digits however written: 020 7946 0101, 02079460101, +44 (0)20-7946-0101, 7946 0101 ... */
function phonePattern(phone: string): RegExp {
	let digits = phone.replace(/\D/g, '');
	if (digits.startsWith('44')) digits = digits.slice(2);
	if (digits.startsWith('0')) digits = digits.slice(1);
	const sep = '[\\s\\-().\\u00a0]*';
	// The last 8 digits (the local number, however the area code is written, if at all) identify a demo bidder.
	return new RegExp([...digits.slice(-8)].join(sep));
}

interface Probe {
	label: string;
	pattern: RegExp;
}

function probesFor(id: Identity): Probe[] {
	const probes: Probe[] = [];
	const name = id.bidderName;
	probes.push({ label: `bidder name ${name}`, pattern: word(name) });
	probes.push({ label: `bidder name ${name} without suffix`, pattern: word(name.replace(/\s+(ltd|cic|limited|plc|trust)$/i, '')) });
	probes.push({ label: `distinctive word of ${name}`, pattern: word(name.split(' ')[0]) });
	if (id.contactName) {
		probes.push({ label: `contact ${id.contactName}`, pattern: word(id.contactName) });
		probes.push({ label: `contact surname of ${id.contactName}`, pattern: word(id.contactName.split(' ').at(-1)!) });
	}
	if (id.contactEmail) {
		probes.push({ label: `email ${id.contactEmail}`, pattern: new RegExp(escape(id.contactEmail), 'i') });
		probes.push({ label: `email domain word of ${id.contactEmail}`, pattern: word(id.contactEmail.split('@')[1].split('.')[0]) });
	}
	if (id.contactPhone) probes.push({ label: `phone ${id.contactPhone}`, pattern: phonePattern(id.contactPhone) });
	return probes;
}

const PUBLIC = /^\/($|projects(\/|$)|api\/public\/|feed\.xml)/;
/** Pages that repeat a published award from the public page, under the same rule (the project is published). */
const REPEATS_PUBLIC = /^\/me\/activity(\/|$)/;

test('no page, JSON, action result or error a panel member can reach names a bidder', async ({ playwright }) => {
	test.setTimeout(300_000);
	const jay = await signedIn(playwright, 'jay');
	const officer = await signedIn(playwright, 'officer');
	try {
		// Who the bidders are, and which names are public because their award is published.
		const identities = [...SEEDED];
		let winners: string[] = [];
		await withDatabase(async (sql) => {
			for (const r of await sql`select bidder_name, contact_name, contact_email, contact_phone from bid_identities`)
				identities.push({ bidderName: r.bidder_name, contactName: r.contact_name, contactEmail: r.contact_email, contactPhone: r.contact_phone });
			winners = (await sql`select i.bidder_name from awards a join bid_identities i on i.bid_id = a.winning_bid_id where a.published_at is not null`).map((r) => r.bidder_name as string);
		});

		// Every id a member might try: their panels, the staff panels they aren't on, every bid of every tender.
		const jayPanels = (await myPanelLinks(jay)).map((p) => p.panelId);
		expect(jayPanels.length, 'jay sits on the three seeded young people’s panels (other specs may add more)').toBeGreaterThanOrEqual(3);
		const staffPanels = (await myPanelLinks(officer)).map((p) => p.panelId).filter((id) => !jayPanels.includes(id));
		expect(staffPanels.length).toBeGreaterThan(0);
		const tenders = await tenderIds(officer);
		expect(Object.keys(tenders).length).toBeGreaterThanOrEqual(3);
		const bidIds: string[] = [];
		for (const tenderId of Object.values(tenders)) bidIds.push(...Object.values(await tenderBids(officer, tenderId)));
		expect(bidIds.length).toBeGreaterThanOrEqual(10);
		const criteria: string[] = [];
		for (const panelId of jayPanels) {
			const links = Object.values(await scoringLinks(jay, panelId));
			if (links.length) criteria.push(...[...(await (await jay.get(`/panels/${panelId}/bids/${links[0]}`)).text()).matchAll(/name="score-([a-z2-7]{16})"/g)].map((m) => m[1]));
		}
		const slugs = ((await (await jay.get('/api/public/projects')).json()) as { projects: { slug: string }[] }).projects.map((p) => p.slug);
		if (!winners.length) {
			// Without the database: names under an `award` in the open data are the published winners.
			for (const slug of slugs) {
				const json = JSON.stringify(await (await jay.get(`/api/public/projects/${slug}`)).json());
				for (const m of json.matchAll(/"award":\{[^}]*\}/g)) for (const id of identities) if (m[0].includes(id.bidderName)) winners.push(id.bidderName);
			}
		}
		const probes = identities.flatMap(probesFor);
		// The probes find what they should, however it is written.
		const sample = 'Brightside  Play-Ltd, known as brightside play, rings from +44 (0)20-7946-0101; ask for SAM WHITLOCK (sam.whitlock@brightsideplay.example).';
		for (const probe of probesFor(SEEDED[0])) expect(probe.pattern.test(sample), `self-check: ${probe.label}`).toBe(true);
		for (const written of ['02079460101', '020 7946 0101', '(020) 7946-0101', '+442079460101', '7946 0101']) expect(phonePattern('020 7946 0101').test(`call ${written} now`), written).toBe(true);

		const findings: string[] = [];
		let checked = 0;
		async function check(label: string, path: string, response: APIResponse) {
			checked++;
			let body = `${response.status()} ${JSON.stringify(response.headers())}\n${await response.text()}`;
			if (PUBLIC.test(path) || REPEATS_PUBLIC.test(path)) for (const w of winners) body = body.replace(new RegExp(escape(w), 'gi'), '[published winner]');
			for (const probe of probes) {
				const hit = probe.pattern.exec(body);
				if (hit) findings.push(`${label}: ${probe.label} (“${body.slice(Math.max(0, hit.index - 60), hit.index + hit[0].length + 60).replace(/\s+/g, ' ')}”)`);
			}
			expect(response.status(), `${label} is never a server error`).toBeLessThan(500);
		}

		// 1. Pages and their data JSON, following every link on the way.
		const FAKE = 'zzzzzzzzzzzzzzzz';
		const queue: string[] = ['/', '/me', '/panels', '/account', '/projects', '/survey', '/offline', '/feed.xml', '/api/public/projects', '/nope', '/projects/nope', '/api/public/projects/nope'];
		for (const slug of slugs) queue.push(`/projects/${slug}`, `/api/public/projects/${slug}`);
		for (const panelId of [...jayPanels, ...staffPanels, FAKE, 'not-an-id', ...bidIds.slice(0, 2)]) {
			queue.push(`/panels/${panelId}`, `/panels/${panelId}/presentations`, `/panels/${panelId}/bids/${FAKE}`, `/panels/${panelId}/bids/BAD`);
			for (const bidId of bidIds) queue.push(`/panels/${panelId}/bids/${bidId}`);
		}
		for (const tenderId of Object.values(tenders))
			for (const sub of ['', '/bids', '/panels', '/presentations', '/moderation', '/results', '/award', '/summaries']) queue.push(`/staff/tenders/${tenderId}${sub}`);
		const seen = new Set<string>();
		while (queue.length) {
			const path = queue.shift()!;
			if (seen.has(path) || seen.size > 1500) continue;
			seen.add(path);
			const response = await jay.get(path, { maxRedirects: 0 });
			await check(`GET ${path}`, path, response);
			const type = response.headers()['content-type'] ?? '';
			if (type.includes('text/html') && !path.includes('.')) {
				const data = `${path === '/' ? '' : path}/__data.json`;
				await check(`GET ${data}`, path, await jay.get(data, { maxRedirects: 0 }));
				for (const m of (await response.text()).matchAll(/href="([^"#?]+)/g)) {
					const href = new URL(m[1], ORIGIN);
					if (href.origin !== ORIGIN || /^\/(_app|sign-out|favicon|icons|manifest)/.test(href.pathname) || /\.(png|svg|ico|webmanifest|js|css)$/.test(href.pathname)) continue;
					if (!seen.has(href.pathname)) queue.push(href.pathname);
				}
			}
		}

		// 2. Action results, failed and harmless, plain and as use:enhance asks for them (JSON).
		const post = async (path: string, fields: Record<string, string>) => {
			await check(`POST ${path} ${JSON.stringify(fields).slice(0, 80)}`, path, await postForm(jay, path, fields));
			await check(`POST ${path} (enhanced)`, path, await postForm(jay, path, fields, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } }));
		};
		for (const panelId of [...jayPanels, ...staffPanels.slice(0, 2), FAKE]) {
			await post(`/panels/${panelId}?/accept`, {});
			await post(`/panels/${panelId}?/declare`, {});
			await post(`/panels/${panelId}?/declare`, { hasInterest: 'maybe', details: 'x' });
			await post(`/panels/${panelId}?/declare`, { hasInterest: 'no', details: '\u0000' });
			for (const bidId of [...bidIds, FAKE]) {
				const bad: Record<string, string> = {};
				for (const c of criteria) {
					bad[`score-${c}`] = '9';
					bad[`comment-${c}`] = 'far too high';
				}
				await post(`/panels/${panelId}/bids/${bidId}?/save`, {});
				await post(`/panels/${panelId}/bids/${bidId}?/submit`, bad);
			}
		}
		for (const tenderId of Object.values(tenders)) await post(`/staff/tenders/${tenderId}/presentations?/slot`, { bidId: bidIds[0], startsAt: '', place: '' });

		expect(checked).toBeGreaterThan(400);
		console.log(`panel-identity-leak: ${checked} responses checked as jay; published winners allowed on public pages: ${winners.join(', ') || 'none'}`);
		expect(findings, `bidder identity reached a panel member:\n${findings.slice(0, 30).join('\n')}`).toEqual([]);
	} finally {
		await jay.dispose();
		await officer.dispose();
	}
});

test('the public pages name a winner only once the award is published, and never a contact', async ({ playwright }) => {
	const visitor = await playwright.request.newContext({ baseURL: ORIGIN });
	try {
		const slugs = ((await (await visitor.get('/api/public/projects')).json()) as { projects: { slug: string }[] }).projects.map((p) => p.slug);
		const everything = (await Promise.all(slugs.flatMap((slug) => [visitor.get(`/projects/${slug}`), visitor.get(`/api/public/projects/${slug}`)]).map(async (r) => (await r).text()))).join('\n');
		for (const id of SEEDED) {
			for (const probe of probesFor(id).filter((p) => !p.label.startsWith('bidder name') && !p.label.startsWith('distinctive')))
				expect(probe.pattern.test(everything), `${probe.label} on a public page`).toBe(false);
		}
		// The Riverside and lot 2 bidders aren't winners of anything published.
		for (const name of ['Northgate Youth Trust', 'Canal Street Collective CIC', 'Bluebell Leisure Ltd', 'Willow Play Clubs CIC', 'SummerSpace Riverside Ltd']) expect(everything).not.toContain(name);
	} finally {
		await visitor.dispose();
	}
});

test('panel pages are never cached (they hold confidential bids and scores)', async ({ playwright }) => {
	const jay: APIRequestContext = await signedIn(playwright, 'jay');
	try {
		for (const panelId of (await myPanelLinks(jay)).map((p) => p.panelId)) {
			expect((await jay.get(`/panels/${panelId}`)).headers()['cache-control']).toBe('no-store');
			for (const bidId of Object.values(await scoringLinks(jay, panelId))) expect((await jay.get(`/panels/${panelId}/bids/${bidId}`)).headers()['cache-control']).toBe('no-store');
		}
	} finally {
		await jay.dispose();
	}
});
