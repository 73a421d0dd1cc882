// The public summary of a programme (suggested words, drafts by champions, publishing by
// officers, never with a shopper's name in it) and how shoppers' names are found and removed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { contractFindings, findingsFor } from '../../src/lib/server/mystery-shopping/findings';
import { quarterLabel, quartersBetween, whenWords } from '../../src/lib/server/mystery-shopping/findings-themes';
import { publishSummary, saveSummary, summaryPage, unpublishSummary, whoWent } from '../../src/lib/server/mystery-shopping/public-summary';
import { findName, nameWords, NAME_REMOVED, redactNames } from '../../src/lib/server/mystery-shopping/redact';
import { shoppingProgrammes } from '../../src/lib/server/mystery-shopping/schema';
import { allCounts, auditFor, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { quickProgramme } from '../helpers/monitoring';
import { seedFindingsWorld, type FindingsWorld, type Person } from './findings-fixture';

let w: FindingsWorld;
let db: Db;
let org: string;
let officer: Person;
let outsider: Person;
let contractId: string;
let programmeId: string;

beforeAll(async () => {
	w = await seedFindingsWorld();
	({ db, org, officer, outsider, contractId, programmeId } = w);
}, 120_000);
afterAll(async () => {
	await w?.t.close();
});

describe('redaction', () => {
	const words = nameWords([
		{ displayName: 'Jay', username: 'jay' },
		{ displayName: 'Mary-Jane O’Neil', username: 'mj.oneil' },
		{ displayName: 'Tom', username: 'tom' }
	]);
	it('replaces whole words in any case, leaving parts of other words', () => {
		expect(redactNames('jay and JAY and Jay’s coat, but not Jayden or jaywalking', words)).toBe(
			`${NAME_REMOVED} and ${NAME_REMOVED} and ${NAME_REMOVED}’s coat, but not Jayden or jaywalking`
		);
		expect(redactNames('Mary-Jane O’Neil came, then Mary-Jane', words)).toBe(`${NAME_REMOVED} came, then ${NAME_REMOVED}`);
		expect(redactNames('ask mj.oneil tomorrow; Tom.', words)).toBe(`ask ${NAME_REMOVED} tomorrow; ${NAME_REMOVED}.`);
		expect(redactNames('Nothing to see', [])).toBe('Nothing to see');
	});
	it('matches a name that is also an everyday word only when capitalised', () => {
		const ordinary = nameWords([
			{ displayName: 'Will', username: 'will' },
			{ displayName: 'Grace Hopper', username: 'ghop' },
			{ displayName: 'Priya', username: 'priya-2' }
		]);
		expect(ordinary.find((w) => w.word === 'Will')).toEqual({ word: 'Will', capitalisedOnly: true });
		// "will" and "grace" as words stay; the names go whatever follows them.
		expect(redactNames('It will help, said Will. WILL was there; by the grace of the staff, Grace’s idea worked.', ordinary)).toBe(
			`It will help, said ${NAME_REMOVED}. ${NAME_REMOVED} was there; by the grace of the staff, ${NAME_REMOVED}’s idea worked.`
		);
		// A full name, a name that isn't an everyday word and a username go in any case.
		expect(redactNames('grace hopper, HOPPER, priya and PRIYA-2 came.', ordinary)).toBe(`${NAME_REMOVED}, ${NAME_REMOVED}, ${NAME_REMOVED} and ${NAME_REMOVED} came.`);
		expect(findName('It will get better and we may go back.', ordinary)).toBeNull();
		expect(findName('Thanks, Will!', ordinary)).toBe('Will');
		// Two people sharing an everyday-word name: still only capitalised.
		const both = nameWords([
			{ displayName: 'Hope', username: 'h1' },
			{ displayName: 'Tom Hope', username: 'hope' }
		]);
		expect(redactNames('We hope so, Hope.', both)).toBe(`We hope so, ${NAME_REMOVED}.`);
		expect(redactNames('Tom and Jay', nameWords([{ displayName: 'Tom', username: 'tommy' }]))).toBe(`${NAME_REMOVED} and Jay`);
	});
	it('finds a name as written, or nothing', () => {
		expect(findName('We met TOM at the door', words)).toBe('TOM');
		expect(findName('Atom and tomato', words)).toBeNull();
	});
	it('reads quarters and months in plain words', () => {
		expect(quartersBetween('2025-11-03', '2026-04-01')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
		expect(quarterLabel('2025-Q4')).toBe('October to December 2025');
		expect(whenWords('2026-03-02', '2026-03-28')).toBe('in March 2026');
		expect(whenWords('2025-11-02', '2026-02-28')).toBe('between November 2025 and February 2026');
	});
});

describe('public summary', () => {
	it('refuses another council’s programme, changing nothing', async () => {
		await expectInputError(summaryPage(db, outsider.organisationId, programmeId));
		const before = await allCounts(db);
		await expectInputError(saveSummary(db, outsider, programmeId, { summary: 'Hello' }));
		await expectInputError(publishSummary(db, outsider, programmeId, { summary: 'Hello' }));
		await expectInputError(unpublishSummary(db, outsider, programmeId));
		expect(await allCounts(db)).toEqual(before);
	});

	it('suggests plain words from the approved findings', async () => {
		const page = await summaryPage(db, org, programmeId);
		const { findings } = await contractFindings(db, org, contractId);
		expect(page.visits).toBe(4);
		expect(page.suggestion).toBe(
			`Young inspectors visited the service 4 times between January and May 2026 and rated it ${findings.overall.mean!.toFixed(1)} out of 5 overall. ` +
				'They liked the welcome they got most (4.5 out of 5). They said how easy it was for everyone to use could be better (2.7 out of 5).'
		);
		expect(whoWent(new Set(['young_person', 'parent_carer']))).toBe('Young inspectors and parents');
		expect(whoWent(new Set(['parent_carer']))).toBe('Parents and carers');
	});

	it('refuses an empty text, a shopper’s name or username, NUL and oversized text, changing nothing', async () => {
		const before = await allCounts(db);
		expect((await expectInputError(publishSummary(db, officer, programmeId, { summary: '   ' }), 'summary')).message).toBe('Please write the summary before publishing it.');
		const named = await expectInputError(publishSummary(db, officer, programmeId, { summary: 'Thanks to ben carter for visiting.' }), 'summary');
		expect(named.message).toBe('The summary has a shopper’s name in it (“ben carter”). Please take it out: shoppers’ names are never published.');
		await expectInputError(publishSummary(db, officer, programmeId, { summary: 'Great work, ZED.' }), 'summary');
		await expectInputError(publishSummary(db, officer, programmeId, { summary: 'Ask chris_p about it.' }), 'summary');
		await expectInputError(saveSummary(db, officer, programmeId, { summary: 'Bad\u0000text' }), 'summary');
		await expectInputError(saveSummary(db, officer, programmeId, { summary: 'x'.repeat(2001) }), 'summary');
		await expectInputError(unpublishSummary(db, officer, programmeId));
		expect(await allCounts(db)).toEqual(before);
		const [p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p).toMatchObject({ publicSummary: '', publicSummaryPublishedAt: null });
	});

	it('saves a draft, publishes it, keeps it from changing while public, and takes it down', async () => {
		const champion = await quickUser(db, org, ['champion']);
		await saveSummary(db, champion, programmeId, { summary: '  Young inspectors visited 4 times. Tomorrow we meet the provider.  ' });
		let [p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p).toMatchObject({ publicSummary: 'Young inspectors visited 4 times. Tomorrow we meet the provider.', publicSummaryPublishedAt: null });
		const at = new Date('2026-07-01T10:00:00Z');
		await publishSummary(db, officer, programmeId, { summary: p.publicSummary }, at);
		[p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p.publicSummaryPublishedAt?.toISOString()).toBe(at.toISOString());
		const published = await auditFor(db, 'shopping.summary_published');
		expect(published).toHaveLength(1);
		expect(published[0]).toMatchObject({ actorId: officer.id, targetId: programmeId, detail: { republished: false } });
		// A champion can't change the public words from under the page.
		const refused = await expectInputError(saveSummary(db, champion, programmeId, { summary: 'Changed' }), 'summary');
		expect(refused.message).toMatch(/on the public page now/);
		// An officer can publish new words straight away.
		await publishSummary(db, officer, programmeId, { summary: 'Young inspectors visited 4 times.' });
		[p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p.publicSummary).toBe('Young inspectors visited 4 times.');
		await unpublishSummary(db, officer, programmeId);
		[p] = await db.select().from(shoppingProgrammes).where(eq(shoppingProgrammes.id, programmeId));
		expect(p).toMatchObject({ publicSummary: 'Young inspectors visited 4 times.', publicSummaryPublishedAt: null });
		expect(await auditFor(db, 'shopping.summary_unpublished')).toHaveLength(1);
		expect(await auditFor(db, 'shopping.summary_saved')).toHaveLength(1);
		const audits = JSON.stringify([...(await auditFor(db, 'shopping.summary_saved')), ...published]);
		expect(audits).not.toContain('Young inspectors');
	});

	it('has findings for a programme with no approved reports: nothing to suggest', async () => {
		const fresh = await quickProgramme(db, officer, contractId, { title: 'Phone checks' });
		const findings = await findingsFor(db, { organisationId: org, contractId, programmeId: fresh.programmeId });
		expect(findings).toMatchObject({ visits: 0, when: null, comments: [], periods: [] });
		expect((await summaryPage(db, org, fresh.programmeId)).suggestion).toBe('');
	});
});
