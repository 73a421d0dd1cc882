import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO, ORIGIN, expect4xx } from './fixtures';
import { openDatabase } from '../../src/lib/server/db/client';
import { addBid } from '../../src/lib/server/evaluation/bids';
import { addMember, createPanel } from '../../src/lib/server/evaluation/panels';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { createProject } from '../../src/lib/server/projects/projects';
import { makeOrganisation, makeUser } from '../helpers/people';

// Every tender set-up form gets malformed, oversized, NUL and wrongly typed input, unknown ids,
// another tender's ids and (on Postgres runs) another council's: each is a clear 4xx and the
// pages afterwards show nothing changed. Weights that don't add up to 100 stop evaluation and
// publishing. A champion may read the overview and run panels but never reaches bids, bidders or
// the officers' actions.

const LONG = 'x'.repeat(10_000);
const FAKE_ID = 'zzzzzzzzzzzzzzzz';
const BAD_IDS = [FAKE_ID, 'not-an-id', "1' or '1'='1", '../../etc', 'ZZZZZZZZZZZZZZZZ'];
const run = Math.random().toString(36).slice(2, 7).toUpperCase();
const BIDDER = `Zephyrine Kites ${run} Trust`;

const tenderFields = (over: Record<string, string> = {}) => ({
	title: 'Hostile tender',
	reference: `HOSTILE/${run}/${Math.random().toString(36).slice(2, 6)}`,
	publishedOn: '2026-12-01',
	closesOn: '2027-01-20',
	contractValue: '250000',
	contractMonths: '24',
	...over
});
const sectionFields = (over: Record<string, string> = {}) => ({ name: 'A section', about: '', audience: 'staff', ...over });
const criterionFields = (sectionId: string, over: Record<string, string> = {}) => ({ sectionId, title: 'A question', guidance: '', weight: '10', ...over });
const bidFields = (over: Record<string, string> = {}) => ({ bidderName: 'A bidder', contactName: '', contactEmail: '', contactPhone: '', price: '1000', ...over });

function postFile(request: APIRequestContext, path: string, field: string, extra: Record<string, string> = {}) {
	return request.post(path, {
		multipart: { ...extra, [field]: { name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') } },
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

/** A page's content without what changes on every request (scripts and their nonces). */
async function state(request: APIRequestContext, path: string): Promise<string> {
	const response = await request.get(path);
	expect(response.status(), path).toBe(200);
	const html = await response.text();
	return html
		.replace(/<head>[\s\S]*?<\/head>/, '')
		.replace(/<script[\s\S]*?<\/script>/g, '')
		.replace(/ nonce="[^"]*"/g, '');
}

/** Runs the attempts, then proves the page reads exactly as before. */
async function nothingChanges(request: APIRequestContext, path: string, attempts: () => Promise<void>) {
	const before = await state(request, path);
	await attempts();
	expect(await state(request, path), `${path} changed`).toBe(before);
}

async function refused(request: APIRequestContext, path: string, fields: Record<string, string>, message?: string | RegExp) {
	const response = await postForm(request, path, fields);
	await expect4xx(response, `${path} ${JSON.stringify(fields).slice(0, 120)}`);
	if (message) expect(await response.text(), `${path} ${JSON.stringify(fields).slice(0, 80)}`).toMatch(message);
}

const ids = (html: string, pattern: RegExp) => [...new Set([...html.matchAll(pattern)].map((m) => m[1]))];

async function projectId(page: Page, title: string) {
	await page.goto('/staff/projects');
	const href = await page.getByRole('link', { name: title }).first().getAttribute('href');
	return href!.split('/').pop()!;
}

async function tenderIdByTitle(request: APIRequestContext, title: RegExp) {
	const html = await (await request.get('/staff/tenders')).text();
	const match = new RegExp(`href="/staff/tenders/([a-z2-7]{16})">${title.source}`).exec(html);
	expect(match, `a tender titled ${title}`).not.toBeNull();
	return match![1];
}

/** Another council's project, tender, section, criterion, bid, panel and member (Postgres runs only). */
async function otherOrganisation() {
	const settings = JSON.parse(process.env.COPRODUCE_E2E_RUN ?? '{}') as { databaseUrl?: string };
	if (!settings.databaseUrl) return null;
	const database = await openDatabase({ url: settings.databaseUrl, poolSize: 1 });
	try {
		const db = database.db;
		const org = await makeOrganisation(db, `Elsewhere Council ${run}-${Math.random().toString(36).slice(2, 6)}`);
		const officer = await makeUser(db, org, ['officer']);
		const project = await createProject(db, officer, {
			title: 'Elsewhere project',
			summary: 'Not yours.',
			serviceArea: 'Youth',
			level: 'operational',
			route: 'procurement',
			annualValue: 100_000,
			contractMonths: 12,
			leadOfficerId: null,
			publicContact: null,
			status: 'active'
		});
		const tender = await createTender(db, officer, project.id, tenderFields());
		const sectionId = await addSection(db, officer, tender.id, { name: 'All', about: '', audience: 'staff' });
		const criterionId = await addCriterion(db, officer, tender.id, { sectionId, title: 'Q', guidance: '', weight: '100', price: false, presentation: false });
		const bidId = await addBid(db, officer, tender.id, { bidderName: 'Elsewhere Ltd', contactName: '', contactEmail: '', contactPhone: '', price: '', answers: { [criterionId]: 'Hi' } });
		const panelId = await createPanel(db, officer, tender.id, sectionId, { quorum: '1', opensAt: '', closesAt: '' });
		const memberId = await addMember(db, officer, panelId, officer.id);
		return { projectId: project.id, tenderId: tender.id, sectionId, criterionId, bidId, panelId, memberId, userId: officer.id };
	} finally {
		await database.close();
	}
}

test.describe.configure({ mode: 'serial' });

let project: string;
let tender: string;
let quality: string;
let young: string;
let q1: string;
let y1: string;
let priceCriterion: string;
let bid: string;
let seeded: string;
let other: Awaited<ReturnType<typeof otherOrganisation>>;

test('creating a tender refuses bad input, unknown projects and other councils’ projects', async ({ page }) => {
	test.setTimeout(120_000);
	other = await otherOrganisation();
	expect(!!other || !process.env.TEST_DATABASE_URL).toBe(true);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	project = await projectId(page, 'Youth mental health support service');
	const path = `/staff/projects/${project}/tenders`;
	const bad: Record<string, string>[] = [
		{},
		tenderFields({ title: '' }),
		tenderFields({ title: LONG }),
		tenderFields({ title: 'Hi\u0000there' }),
		tenderFields({ reference: '' }),
		tenderFields({ reference: '<script>' }),
		tenderFields({ reference: 'R'.repeat(61) }),
		tenderFields({ publishedOn: '2026-02-30' }),
		tenderFields({ closesOn: 'next week' }),
		tenderFields({ publishedOn: '2026-12-01', closesOn: '2026-11-30' }),
		tenderFields({ publishedOn: '2150-01-01' }),
		tenderFields({ contractValue: 'lots' }),
		tenderFields({ contractValue: '-5' }),
		tenderFields({ contractValue: '1'.repeat(20) }),
		tenderFields({ contractMonths: '0' }),
		tenderFields({ contractMonths: '361' }),
		tenderFields({ contractMonths: '12.5' })
	];
	await nothingChanges(page.request, path, async () => {
		for (const fields of bad) await refused(page.request, path, fields);
		await expect4xx(await postFile(page.request, path, 'title', tenderFields()), 'file as title');
	});
	// A reference can be used once.
	expect((await postForm(page.request, path, tenderFields({ reference: `DUP/${run}` }))).status()).toBe(303);
	await nothingChanges(page.request, path, async () => {
		await refused(page.request, path, tenderFields({ reference: `DUP/${run}` }), 'Another tender already has that reference.');
	});
	for (const id of [...BAD_IDS, ...(other ? [other.projectId] : [])]) {
		expect((await postForm(page.request, `/staff/projects/${encodeURIComponent(id)}/tenders`, tenderFields())).status(), id).toBe(404);
		expect((await page.request.get(`/staff/projects/${encodeURIComponent(id)}/tenders`)).status(), id).toBe(404);
	}
	const list = await state(page.request, '/staff/tenders');
	expect(list.match(new RegExp(`DUP/${run}`, 'g'))).toHaveLength(1);
	for (const id of [...BAD_IDS, ...(other ? [other.tenderId] : [])]) {
		for (const sub of ['', '/bids', '/panels', `/bids/${FAKE_ID}`]) {
			expect((await page.request.get(`/staff/tenders/${encodeURIComponent(id)}${sub}`)).status(), `${id}${sub}`).toBe(404);
		}
	}
});

test('sections, criteria and the scale refuse bad input and other tenders’ ids, and change nothing', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const r = page.request;
	const created = await postForm(r, `/staff/projects/${project}/tenders`, tenderFields({ title: 'Hostile set-up' }));
	expect(created.status()).toBe(303);
	tender = /\/staff\/tenders\/([a-z2-7]{16})/.exec(created.headers()['location'])![1];
	const base = `/staff/tenders/${tender}`;
	expect((await postForm(r, `${base}?/addSection`, sectionFields({ name: 'Quality' }))).status()).toBe(303);
	expect((await postForm(r, `${base}?/addSection`, sectionFields({ name: 'Young people', audience: 'young_people' }))).status()).toBe(303);
	[quality, young] = ids(await (await r.get(base)).text(), /name="sectionId" value="([a-z2-7]{16})"/g);
	expect((await postForm(r, `${base}?/addCriterion`, criterionFields(quality, { title: 'Safety', weight: '45' }))).status()).toBe(303);
	expect((await postForm(r, `${base}?/addCriterion`, criterionFields(young, { title: 'A good break', weight: '15' }))).status()).toBe(303);
	[q1, y1] = ids(await (await r.get(base)).text(), /name="criterionId" value="([a-z2-7]{16})"/g);
	seeded = await tenderIdByTitle(r, /Riverside youth work/);
	const seededHtml = await (await r.get(`/staff/tenders/${seeded}/panels`)).text();
	expect(seededHtml).toContain('Panels');
	const seededOverview = await (await r.get(`/staff/tenders/${seeded}`)).text();
	expect(seededOverview).not.toContain('name="sectionId"');

	await nothingChanges(r, base, async () => {
		// Weights that don't add up to 100: evaluation can't open and the system can't be published.
		await refused(r, `${base}?/open`, {}, /Not yet: The weights add up to 60, not 100\./);
		await refused(r, `${base}?/publish`, {}, /Finish the scoring system before publishing it: The weights add up to 60, not 100\./);
		// The details.
		for (const fields of [{}, tenderFields({ title: '' }), tenderFields({ title: LONG }), tenderFields({ title: 'a\u0000' }), tenderFields({ reference: `DUP/${run}` }), tenderFields({ closesOn: '2026-11-01' }), tenderFields({ contractValue: '£lots' })])
			await refused(r, `${base}?/details`, fields);
		// Sections.
		for (const fields of [{}, sectionFields({ name: '' }), sectionFields({ name: LONG }), sectionFields({ name: 'Q\u0000' }), sectionFields({ about: LONG }), sectionFields({ audience: 'pupils' }), sectionFields({ audience: '' })])
			await refused(r, `${base}?/addSection`, fields);
		await expect4xx(await postFile(r, `${base}?/addSection`, 'name', { audience: 'staff' }), 'file as section name');
		for (const sectionId of [...BAD_IDS, ...(other ? [other.sectionId] : []), ''])
			for (const action of ['editSection', 'removeSection']) await refused(r, `${base}?/${action}`, { sectionId, ...sectionFields() });
		// Criteria: weights past 100 or malformed, price in a participant section, other tenders' ids.
		for (const weight of ['0', '-1', '101', '12.345', 'ten', '', '1e2', '40.01', '41'])
			await refused(r, `${base}?/addCriterion`, criterionFields(quality, { weight }), /weight|add up to/i);
		await refused(r, `${base}?/addCriterion`, criterionFields(quality, { weight: '41' }), /That would make the weights add up to 101; they must add up to exactly 100\./);
		await refused(r, `${base}?/addCriterion`, criterionFields(young, { weight: '5', price: 'yes' }), /can’t be in a young people’s or parents’ section/);
		for (const fields of [criterionFields(quality, { title: '' }), criterionFields(quality, { title: LONG }), criterionFields(quality, { title: 'a\u0000b' }), criterionFields(quality, { guidance: LONG })])
			await refused(r, `${base}?/addCriterion`, fields);
		for (const sectionId of [...BAD_IDS, ...(other ? [other.sectionId] : [])]) await refused(r, `${base}?/addCriterion`, criterionFields(sectionId));
		await refused(r, `${base}?/editCriterion`, { criterionId: q1, ...criterionFields(quality, { weight: '85.5' }) }, /add up to 100\.5/);
		for (const criterionId of [...BAD_IDS, ...(other ? [other.criterionId] : [])])
			for (const action of ['editCriterion', 'removeCriterion']) await refused(r, `${base}?/${action}`, { criterionId, ...criterionFields(quality) });
		// The scale.
		const point = (n: number) => `descriptor-${n}`;
		const five = Object.fromEntries([0, 1, 2, 3, 4, 5].map((n) => [point(n), `Point ${n}`]));
		for (const fields of [
			{},
			{ scaleMin: '0', scaleMax: '11', ...five },
			{ scaleMin: '3', scaleMax: '2', ...five },
			{ scaleMin: 'a', scaleMax: '5', ...five },
			{ scaleMin: '0', scaleMax: '5', ...five, [point(3)]: '' },
			{ scaleMin: '0', scaleMax: '5', ...five, [point(3)]: 'x'.repeat(81) },
			{ scaleMin: '0', scaleMax: '5', ...five, [point(2)]: 'Poor\u0000' },
			{ scaleMin: '1', scaleMax: '3', shownMin: '0', shownMax: '5', ...five }
		])
			await refused(r, `${base}?/scale`, fields);
		// Another tender's page is no back door for this one's ids, and back.
		await refused(r, `/staff/tenders/${seeded}?/editSection`, { sectionId: quality, ...sectionFields() });
		await refused(r, `/staff/tenders/${seeded}?/removeCriterion`, { criterionId: q1 });
	});
	// What did go in stayed as it was.
	const after = await (await r.get(base)).text();
	expect(after).toContain('The weights add up to 60%, not 100%.');
	expect(after).not.toContain('Point 3');
	// And the price criterion takes it to 100.
	expect((await postForm(r, `${base}?/addCriterion`, criterionFields(quality, { title: 'Price', weight: '40', price: 'yes' }))).status()).toBe(303);
	priceCriterion = ids(await (await r.get(base)).text(), /name="criterionId" value="([a-z2-7]{16})"/g).find((id) => id !== q1 && id !== y1)!;
	expect(priceCriterion).toBeTruthy();
	await nothingChanges(r, base, async () => {
		await refused(r, `${base}?/editSection`, { sectionId: quality, ...sectionFields({ name: 'Quality', audience: 'young_people' }) }, /stays a staff section/);
		await refused(r, `${base}?/editCriterion`, { criterionId: priceCriterion, ...criterionFields(young, { title: 'Price', weight: '40', price: 'yes' }) }, /can’t be in a young people’s or parents’ section/);
	});
});

test('bids refuse bad input, and a bid that still names its bidder can’t be released', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const r = page.request;
	const bids = `/staff/tenders/${tender}/bids`;
	const answer = (id: string) => `answer-${id}`;
	await nothingChanges(r, bids, async () => {
		for (const fields of [
			{},
			bidFields({ bidderName: '' }),
			bidFields({ bidderName: LONG }),
			bidFields({ bidderName: 'Acme\u0000' }),
			bidFields({ contactEmail: 'not-an-email' }),
			bidFields({ contactPhone: 'call me' }),
			bidFields({ price: 'free' }),
			bidFields({ price: '0' }),
			bidFields({ price: '-100' }),
			bidFields({ price: '12345678901' }),
			bidFields({ [answer(q1)]: 'x'.repeat(20_001) }),
			bidFields({ [answer(y1)]: 'Hi\u0000' })
		])
			await refused(r, `${bids}?/add`, fields);
		await expect4xx(await postFile(r, `${bids}?/add`, answer(q1), bidFields()), 'file as an answer');
		await expect4xx(await postFile(r, `${bids}?/add`, 'bidderName', {}), 'file as the bidder');
		// Far past the body limit.
		const huge = await r.post(`${bids}?/add`, { form: bidFields({ [answer(q1)]: 'y'.repeat(1_200_000) }), headers: { origin: ORIGIN, accept: 'text/html' }, maxRedirects: 0 });
		await expect4xx(huge, 'a 1.2 MB answer');
	});
	// An answer to the price question, or to another tender's question, is simply not read.
	const added = await postForm(r, `${bids}?/add`, {
		...bidFields({ bidderName: BIDDER, contactName: 'Quentin Marlowe', contactEmail: `q@zephyrine-${run.toLowerCase()}.org` }),
		[answer(q1)]: `${BIDDER} has run kite clubs since 1999. Ask Quentin Marlowe.`,
		[answer(y1)]: 'Children fly kites.',
		[answer(priceCriterion)]: 'Cheap!',
		...(other ? { [answer(other.criterionId)]: 'Sneaky' } : {})
	});
	expect(added.status()).toBe(303);
	const list = await (await r.get(bids)).text();
	bid = ids(list, new RegExp(`href="${bids}/([a-z2-7]{16})"`, 'g'))[0];
	const page1 = `${bids}/${bid}`;
	const detail = await (await r.get(page1)).text();
	expect(detail).not.toContain('Cheap!');
	expect(detail).not.toContain('Sneaky');

	await nothingChanges(r, page1, async () => {
		// Release is refused: nothing is anonymised yet.
		await refused(r, `${page1}?/release`, {}, /can’t go to the panels yet: prepare the anonymised answer to “Safety”/);
		const attempts: Record<string, string>[] = [
			{},
			{ criterionId: q1, anonymisedText: '' },
			{ criterionId: q1, anonymisedText: '   ' },
			{ criterionId: q1, anonymisedText: 'x'.repeat(20_001) },
			{ criterionId: q1, anonymisedText: 'Hello\u0000' },
			{ criterionId: priceCriterion, anonymisedText: 'A price' },
			...[...BAD_IDS, ...(other ? [other.criterionId] : [])].map((criterionId) => ({ criterionId, anonymisedText: 'Text' }))
		];
		for (const fields of attempts) await refused(r, `${page1}?/anonymise`, fields);
		await expect4xx(await postFile(r, `${page1}?/anonymise`, 'anonymisedText', { criterionId: q1 }), 'file as the anonymised text');
		for (const criterionId of [...BAD_IDS, priceCriterion]) await refused(r, `${page1}?/copy`, { criterionId });
	});

	// Copy the original in: the bidder's name, contact and email domain are marked; release still refused.
	expect((await postForm(r, `${page1}?/copy`, { criterionId: q1 })).status()).toBe(303);
	expect((await postForm(r, `${page1}?/anonymise`, { criterionId: y1, anonymisedText: 'Children fly kites.' })).status()).toBe(303);
	const marked = await (await r.get(page1)).text();
	expect(marked).toMatch(/<mark[^>]*>.*Zephyrine.*<\/mark>/);
	expect(marked).toMatch(/<mark[^>]*>.*Quentin Marlowe.*<\/mark>/);
	await nothingChanges(r, page1, async () => {
		await refused(r, `${page1}?/release`, {}, /can’t go to the panels yet: remove what identifies the bidder from the answer to “Safety”/);
		await refused(r, `${page1}?/copy`, { criterionId: q1 }, /already has an anonymised version/);
	});

	// Wrong ids in the address: another tender's bid, another council's, nonsense.
	const seededBid = ids(await (await r.get(`/staff/tenders/${seeded}/bids`)).text(), new RegExp(`href="/staff/tenders/${seeded}/bids/([a-z2-7]{16})"`, 'g'))[0];
	for (const id of [...BAD_IDS, seededBid, ...(other ? [other.bidId] : [])]) {
		expect((await r.get(`${bids}/${encodeURIComponent(id)}`)).status(), id).toBe(404);
		for (const action of ['anonymise', 'copy', 'release']) expect((await postForm(r, `${bids}/${encodeURIComponent(id)}?/${action}`, { criterionId: q1, anonymisedText: 'x' })).status(), `${action} ${id}`).toBe(404);
	}
	expect((await r.get(`/staff/tenders/${seeded}/bids/${bid}`)).status()).toBe(404);
});

test('panels refuse bad quorums and windows, people who can’t join, and other tenders’ panels and members', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, DEMO.officer.username, DEMO.officer.password);
	const r = page.request;
	const panels = `/staff/tenders/${tender}/panels`;
	const panelFields = (over: Record<string, string> = {}) => ({ quorum: '2', opensAt: '', closesAt: '', ...over });
	const participants = await (await r.get('/staff/participants')).text();
	const leo = /href="\/staff\/participants\/([a-z2-7]{16})"[^>]*>Leo</.exec(participants)?.[1];
	const jay = /href="\/staff\/participants\/([a-z2-7]{16})"[^>]*>Jay</.exec(participants)?.[1];
	expect(leo && jay).toBeTruthy();
	const seededPanels = await (await r.get(`/staff/tenders/${seeded}/panels`)).text();
	const seededPanel = ids(seededPanels, /name="panelId" value="([a-z2-7]{16})"/g)[0];
	const seededMember = ids(seededPanels, /name="memberId" value="([a-z2-7]{16})"/g)[0];

	await nothingChanges(r, panels, async () => {
		for (const fields of [
			{},
			{ sectionId: young, ...panelFields({ quorum: '0' }) },
			{ sectionId: young, ...panelFields({ quorum: '51' }) },
			{ sectionId: young, ...panelFields({ quorum: 'two' }) },
			{ sectionId: young, ...panelFields({ quorum: '2\u0000' }) },
			{ sectionId: young, ...panelFields({ opensAt: 'tomorrow' }) },
			{ sectionId: young, ...panelFields({ opensAt: '2026-02-30T10:00' }) },
			{ sectionId: young, ...panelFields({ opensAt: LONG }) },
			{ sectionId: young, ...panelFields({ opensAt: '2026-09-14T18:00', closesAt: '2026-09-14T17:00' }) },
			...[...BAD_IDS, ...(other ? [other.sectionId] : [])].map((sectionId) => ({ sectionId, ...panelFields() }))
		])
			await refused(r, `${panels}?/create`, fields);
	});
	expect((await postForm(r, `${panels}?/create`, { sectionId: young, ...panelFields({ opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00' }) })).status()).toBe(303);
	const html = await (await r.get(panels)).text();
	const youngPanel = ids(html, /name="panelId" value="([a-z2-7]{16})"/g)[0];
	expect(html).toContain('1 December 2026 at 09:00');
	expect(html).toContain('Leo needs a parent’s consent on record before joining a panel.');

	await nothingChanges(r, panels, async () => {
		await refused(r, `${panels}?/create`, { sectionId: young, ...panelFields() }, /already has a panel/);
		await refused(r, `${panels}?/add`, { panelId: youngPanel, userId: leo! }, /Leo needs a parent’s consent on record/);
		await refused(r, `${panels}?/add`, { panelId: youngPanel, userId: FAKE_ID }, /Choose someone from your organisation/);
		if (other) await refused(r, `${panels}?/add`, { panelId: youngPanel, userId: other.userId }, /Choose someone from your organisation/);
		for (const userId of ['', 'not-an-id', 'x\u0000']) await refused(r, `${panels}?/add`, { panelId: youngPanel, userId });
		await expect4xx(await postFile(r, `${panels}?/add`, 'userId', { panelId: youngPanel }), 'file as the person');
		for (const fields of [{ panelId: youngPanel, ...panelFields({ quorum: '0' }) }, { panelId: youngPanel, ...panelFields({ closesAt: 'soon' }) }, { panelId: 'nope', ...panelFields() }])
			await refused(r, `${panels}?/update`, fields);
		for (const memberId of ['', 'not-an-id']) {
			await refused(r, `${panels}?/remove`, { memberId });
			await refused(r, `${panels}?/decide`, { memberId, decision: 'stays', note: 'Fine' });
		}
	});
	// Another tender's (or council's) panel or member through this tender's page: not here.
	for (const panelId of [seededPanel, FAKE_ID, ...(other ? [other.panelId] : [])]) {
		expect((await postForm(r, `${panels}?/add`, { panelId, userId: jay! })).status(), panelId).toBe(404);
		expect((await postForm(r, `${panels}?/update`, { panelId, ...panelFields() })).status(), panelId).toBe(404);
	}
	for (const memberId of [seededMember, FAKE_ID, ...(other ? [other.memberId] : [])]) {
		expect((await postForm(r, `${panels}?/remove`, { memberId })).status(), memberId).toBe(404);
		expect((await postForm(r, `${panels}?/decide`, { memberId, decision: 'removed', note: 'No' })).status(), memberId).toBe(404);
	}
	expect(await (await r.get(`/staff/tenders/${seeded}/panels`)).text()).toContain('Take Jay off the panel');

	// Jay joins; there is no interest to decide on, and a decision needs its choice and a note.
	expect((await postForm(r, `${panels}?/add`, { panelId: youngPanel, userId: jay! })).status()).toBe(303);
	const member = ids(await (await r.get(panels)).text(), /name="memberId" value="([a-z2-7]{16})"/g)[0];
	await nothingChanges(r, panels, async () => {
		await refused(r, `${panels}?/add`, { panelId: youngPanel, userId: jay! }, /Jay is already on this panel/);
		await refused(r, `${panels}?/decide`, { memberId: member, decision: 'stays', note: 'Fine' }, /no declared interest waiting/);
		for (const fields of [{ memberId: member, decision: 'maybe', note: 'x' }, { memberId: member, decision: 'stays', note: '' }, { memberId: member, decision: 'stays', note: 'a\u0000' }, { memberId: member, decision: 'stays', note: LONG }])
			await refused(r, `${panels}?/decide`, fields);
	});
	expect((await postForm(r, `${panels}?/remove`, { memberId: member })).status()).toBe(303);
	await refused(r, `${panels}?/remove`, { memberId: member }, /already off this panel/);
	expect(await (await r.get(panels)).text()).toMatch(/Jay<\/strong>(?:<!---->)?: Removed from the panel/);
});

test('a champion reads the overview and runs panels, but never reaches bids, bidders or officers’ actions', async ({ page }) => {
	test.setTimeout(120_000);
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	const r = page.request;
	const base = `/staff/tenders/${tender}`;
	await page.goto(base);
	await expect(page.getByRole('heading', { level: 1, name: 'Hostile set-up' })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Panels/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Bids/ })).toHaveCount(0);
	for (const name of ['Open evaluation', 'Publish the scoring system', 'Add the section', 'Add the criterion', 'Save the scale']) await expect(page.getByRole('button', { name })).toHaveCount(0);
	const overview = await (await r.get(base)).text();
	expect(overview).not.toContain(BIDDER);
	expect(overview).not.toContain('Quentin');
	await page.goto(`/staff/tenders/${seeded}`);
	await expect(page.getByRole('link', { name: /^Moderation|^Results|^Award|^Bids/ })).toHaveCount(0);

	for (const path of [`${base}/bids`, `${base}/bids/${bid}`]) expect((await r.get(path)).status(), path).toBe(403);
	const officerOnly: [string, Record<string, string>][] = [
		[`${base}?/details`, tenderFields()],
		[`${base}?/scale`, { scaleMin: '0', scaleMax: '1', 'descriptor-0': 'No', 'descriptor-1': 'Yes' }],
		[`${base}?/addSection`, sectionFields()],
		[`${base}?/editSection`, { sectionId: quality, ...sectionFields() }],
		[`${base}?/removeSection`, { sectionId: young }],
		[`${base}?/addCriterion`, criterionFields(quality, { weight: '1' })],
		[`${base}?/editCriterion`, { criterionId: q1, ...criterionFields(quality) }],
		[`${base}?/removeCriterion`, { criterionId: q1 }],
		[`${base}?/open`, {}],
		[`${base}?/publish`, {}],
		[`${base}/bids?/add`, bidFields()],
		[`${base}/bids/${bid}?/anonymise`, { criterionId: q1, anonymisedText: 'x' }],
		[`${base}/bids/${bid}?/copy`, { criterionId: y1 }],
		[`${base}/bids/${bid}?/release`, {}],
		[`${base}/panels?/decide`, { memberId: FAKE_ID, decision: 'stays', note: 'Fine' }],
		[`/staff/projects/${project}/tenders`, tenderFields()]
	];
	await nothingChanges(r, base, async () => {
		for (const [path, fields] of officerOnly) {
			expect((await postForm(r, path, fields)).status(), path).toBe(403);
			expect((await postForm(r, path, fields, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } })).status(), `enhanced ${path}`).toBe(403);
		}
	});

	// Panels are the champion's to run: set one up for Quality and add a member.
	await page.goto(`${base}/panels`);
	const qualityPanel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Quality', exact: true }) });
	await qualityPanel.getByLabel(/^Quorum/).fill('1');
	await qualityPanel.getByRole('button', { name: 'Set up the panel' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Panel set up.' })).toBeVisible();
	// A staff panel reads the bids' answers, so only officers sit on one: not the champion herself.
	await expect(qualityPanel.getByLabel(/^Who to add/).locator('option', { hasText: 'Chloe Champion' })).toHaveCount(0);
	await expect(qualityPanel.getByText(/Chloe Champion can’t see bids: only officers sit on a staff panel\./)).toBeVisible();
	await qualityPanel.getByLabel(/^Who to add/).selectOption({ label: 'Morgan Lead' });
	await qualityPanel.getByRole('button', { name: 'Add to the panel' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Member added.' })).toBeVisible();
	await expect(qualityPanel.getByText('Morgan Lead: Invited')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Record the decision' })).toHaveCount(0);
});
