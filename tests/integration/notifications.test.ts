// Notifications: each event tells the right people once, through the domains' own functions;
// the off switch, email opt-in and deleted accounts are respected.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { publishAward, recordAward } from '../../src/lib/server/evaluation/award';
import { addMember } from '../../src/lib/server/evaluation/panels';
import { panelMembers } from '../../src/lib/server/evaluation/schema';
import { assignShopper } from '../../src/lib/server/mystery-shopping/visits';
import { returnReport } from '../../src/lib/server/mystery-shopping/review';
import { emailOutbox, notifications } from '../../src/lib/server/notifications/schema';
import { emailText, notify } from '../../src/lib/server/notifications/notify';
import { config } from '../../src/lib/server/config';
import { addYouSaid, publishYouSaid, withdrawYouSaid } from '../../src/lib/server/projects/you-said';
import { publishResults } from '../../src/lib/server/surveys/publish-results';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { expectInputError, quickUser, birthMonthYearsAgo } from '../helpers/fixtures-integration';
import { quickContract, quickProgramme, quickVisit } from '../helpers/monitoring';
import { panelTender } from '../helpers/panel-tender';
import { awardFixture, awardInput, BIDDERS, NOW as AWARD_NOW } from './award-fixture';
import { NOW, sessionAttended, surveyWith, visitReported, world, type World } from './my-space-world';

let t: TestDatabase;
let db: Db;
let w: World;
const startingOrigin = process.env.ORIGIN;

beforeAll(async () => {
	// Emails are checked without a public address unless a test sets one.
	delete process.env.ORIGIN;
	t = await createTestDatabase();
	db = t.db;
	w = await world(db);
}, 60_000);
afterAll(async () => t?.close());

const mine = (userId: string) => db.select().from(notifications).where(eq(notifications.userId, userId));
const bySource = (sourceKey: string) => db.select().from(notifications).where(eq(notifications.sourceKey, sourceKey));
const outboxFor = (userId: string) =>
	db.select({ to: emailOutbox.toAddress, subject: emailOutbox.subject, body: emailOutbox.body }).from(emailOutbox).innerJoin(notifications, eq(notifications.id, emailOutbox.notificationId)).where(eq(notifications.userId, userId));
const youSaid = (text: string) => ({ activity: 'survey' as const, source: 'Our survey', youSaid: text, weDid: 'We changed it.', status: 'changed' as const, decidedOn: null, step: null });
const young = (name: string, org = w.orgA) => quickUser(db, org, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(17, NOW) });

describe('notify', () => {
	it('tells each person once per event, skips the switched off and the deleted, and emails only with an address and opt-in', async () => {
		const plain = await young('Plain');
		const off = await young('Off');
		const deleted = await young('Deleted');
		const emailed = await young('Emailed');
		const addressOnly = await young('Address only');
		const optInOnly = await young('Opt in only');
		const elsewhere = await young('Elsewhere', w.orgB);
		await db.update(users).set({ notifyInApp: false }).where(eq(users.id, off.id));
		await db.update(users).set({ deletedAt: NOW, email: 'deleted@example.org', notifyByEmail: true }).where(eq(users.id, deleted.id));
		await db.update(users).set({ email: 'emailed@example.org', notifyByEmail: true }).where(eq(users.id, emailed.id));
		await db.update(users).set({ email: 'address@example.org' }).where(eq(users.id, addressOnly.id));
		await db.update(users).set({ notifyByEmail: true }).where(eq(users.id, optInOnly.id));
		const event = { organisationId: w.orgA, projectId: w.projectP, kind: 'outcome' as const, title: 'News', body: 'Something happened.', href: '/me/activity', sourceKey: 'test:1' };
		// Staff sit on panels too, but have no My space: they get nothing.
		const everyone = [plain, off, deleted, emailed, addressOnly, optInOnly, elsewhere, w.officer].map((p) => p.id);
		expect(await notify(db, { ...event, userIds: [...everyone, plain.id] })).toBe(4);
		expect(await notify(db, { ...event, userIds: everyone })).toBe(0);
		const made = await bySource('test:1');
		expect(made.map((n) => n.userId).sort()).toEqual([plain.id, emailed.id, addressOnly.id, optInOnly.id].sort());
		// No public address set (ORIGIN): the path, and how to get there.
		expect(await outboxFor(emailed.id)).toEqual([{ to: 'emailed@example.org', subject: 'News', body: expect.stringContaining('See it in Coproduce: /me/activity (sign in to Coproduce to see it)') }]);
		for (const p of [plain, addressOnly, optInOnly, deleted]) expect(await outboxFor(p.id)).toEqual([]);
		expect(await notify(db, { ...event, userIds: [] })).toBe(0);
	});
});

describe('each event', () => {
	it('a published award tells the tender’s panel members and everyone who took part, once', async () => {
		const f = await awardFixture(db, w.officer, w.projectP, 'NT/1');
		const respondent = await young('Survey answerer');
		const stranger = await young('Took no part');
		await surveyWith(db, w.officer, w.projectP, [respondent.id, w.outsider.id]);
		await sessionAttended(db, w.champion, w.projectP, w.someoneElse.id);
		const members = (await db.select({ userId: panelMembers.userId }).from(panelMembers).where(eq(panelMembers.panelId, f.panelIds[1]))).map((m) => m.userId);
		await recordAward(db, w.officer, f.tenderId, awardInput(f.bids.x), AWARD_NOW);
		expect(await bySource(`award:${f.tenderId}`)).toEqual([]);
		await publishAward(db, w.officer, f.tenderId, AWARD_NOW);
		const told = await bySource(`award:${f.tenderId}`);
		const ids = told.map((n) => n.userId);
		for (const id of [...members, respondent.id, w.someoneElse.id]) expect(ids).toContain(id);
		for (const id of [stranger.id, w.outsider.id, w.officer.id]) expect(ids).not.toContain(id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(told[0]).toMatchObject({ kind: 'outcome', projectId: w.projectP, href: `/me/activity#project-${w.projectP}` });
		// Never the winner's name, even though it is public now.
		for (const n of told) for (const b of Object.values(BIDDERS)) expect(`${n.title} ${n.body}`).not.toContain(b.bidderName);
		await expectInputError(publishAward(db, w.officer, f.tenderId, AWARD_NOW));
		expect(await bySource(`award:${f.tenderId}`)).toHaveLength(told.length);
	});

	it('a published “you said, we did” entry tells the project’s contributors once, and only on a published project', async () => {
		const contributor = await young('Contributor');
		await surveyWith(db, w.officer, w.projectP, [contributor.id]);
		await surveyWith(db, w.officer, w.projectQ, [contributor.id]);
		const entry = await addYouSaid(db, w.officer, w.projectP, youSaid('More evening sessions'));
		expect(await bySource(`you-said:${entry}`)).toEqual([]);
		await publishYouSaid(db, w.officer, w.projectP, entry);
		await withdrawYouSaid(db, w.officer, w.projectP, entry);
		await publishYouSaid(db, w.officer, w.projectP, entry);
		const told = await bySource(`you-said:${entry}`);
		expect(told.filter((n) => n.userId === contributor.id)).toHaveLength(1);
		expect(told[0].title).toBe('You said, we did: Youth clubs');
		const hidden = await addYouSaid(db, w.officer, w.projectQ, youSaid('On a project nobody can see'));
		await publishYouSaid(db, w.officer, w.projectQ, hidden);
		expect(await bySource(`you-said:${hidden}`)).toEqual([]);
	});

	it('survey results published to participants tell the signed-in respondents, once; staff-only tells nobody', async () => {
		const a = await young('Respondent A');
		const b = await young('Respondent B');
		const survey = await surveyWith(db, w.officer, w.projectP, [a.id, b.id]);
		await publishResults(db, w.officer, survey.id, { visibility: 'staff', summary: '' });
		expect(await bySource(`survey-results:${survey.id}`)).toEqual([]);
		await publishResults(db, w.officer, survey.id, { visibility: 'participants', summary: 'Most want later opening.' });
		await publishResults(db, w.officer, survey.id, { visibility: 'public', summary: 'Most want later opening, and music.' });
		const told = await bySource(`survey-results:${survey.id}`);
		expect(told.map((n) => n.userId).sort()).toEqual([a.id, b.id].sort());
		expect(told[0]).toMatchObject({ kind: 'outcome', href: `/survey/${survey.code}/results` });
		// Another organisation's officer can't publish it, and nobody more is told.
		await expectInputError(publishResults(db, w.officerB, survey.id, { visibility: 'public', summary: 'x' }));
		expect(await bySource(`survey-results:${survey.id}`)).toHaveLength(2);
	});

	it('being added to a panel, given a visit, or having a report returned needs the person: an action', async () => {
		const person = await young('Newcomer');
		const g = await panelTender(db, w.officer, w.projectP, [], [], { open: false });
		const memberId = await addMember(db, w.officer, g.youngPanel, person.id);
		expect(await bySource(`panel-member:${memberId}`)).toEqual([expect.objectContaining({ userId: person.id, kind: 'action', href: `/panels/${g.youngPanel}` })]);

		const contractId = await quickContract(db, w.champion, w.projectP);
		const { programmeId } = await quickProgramme(db, w.champion, contractId);
		const visitId = await quickVisit(db, w.champion, programmeId, [], { windowFrom: '2026-12-01', windowTo: '2026-12-31' });
		await assignShopper(db, w.champion, visitId, person.id);
		expect(await bySource(`visit:${visitId}`)).toEqual([expect.objectContaining({ userId: person.id, kind: 'action', href: `/visits/${visitId}` })]);

		const report = await visitReported(db, w.champion, w.projectP, person.id, 'submitted');
		await returnReport(db, w.champion, report.reportId, { note: 'Please add the day you went.' }, NOW);
		const returned = (await mine(person.id)).filter((n) => n.sourceKey.startsWith(`report-returned:${report.reportId}`));
		expect(returned).toEqual([expect.objectContaining({ kind: 'action', href: `/visits/${report.visitId}`, title: 'Your visit report needs a change' })]);
		// The note itself (staff's words) is on the visit page, not in the notification or an email.
		expect(returned[0].body).not.toContain('Please add the day');
	});

	it('a refused event notifies nobody', async () => {
		const before = (await db.select().from(notifications)).length;
		const person = await young('Refused');
		const contractId = await quickContract(db, w.champion, w.projectP);
		const { programmeId } = await quickProgramme(db, w.champion, contractId);
		const visitId = await quickVisit(db, w.champion, programmeId, [person.id]);
		await expectInputError(assignShopper(db, w.champion, visitId, person.id), 'userId');
		await expectInputError(assignShopper(db, w.officerB, visitId, w.outsider.id));
		expect((await db.select().from(notifications)).length).toBe(before);
		expect(await db.select().from(notifications).where(and(eq(notifications.organisationId, w.orgB)))).toEqual([]);
	});
});

describe('links in emails', () => {
	afterEach(() => {
		delete process.env.ORIGIN;
	});
	afterAll(() => {
		if (startingOrigin !== undefined) process.env.ORIGIN = startingOrigin;
	});

	it('are full links when the public address (ORIGIN) is set, else the path with how to get there', async () => {
		const person = await young('Linked');
		await db.update(users).set({ email: 'linked@example.org', notifyByEmail: true }).where(eq(users.id, person.id));
		process.env.ORIGIN = 'https://coproduce.example.org/';
		expect(config.publicOrigin).toBe('https://coproduce.example.org');
		const event = { organisationId: w.orgA, projectId: w.projectP, kind: 'outcome' as const, title: 'Linked news', body: 'Something happened.', href: `/me/activity#project-${w.projectP}`, sourceKey: 'test:link' };
		expect(await notify(db, { ...event, userIds: [person.id] })).toBe(1);
		const [mail] = await outboxFor(person.id);
		expect(mail.body).toContain(`See it in Coproduce: https://coproduce.example.org/me/activity#project-${w.projectP}`);
		expect(mail.body).not.toContain('sign in to Coproduce');

		delete process.env.ORIGIN;
		expect(config.publicOrigin).toBeNull();
		expect(emailText({ title: 'T', body: 'B', href: '/panels/abc' }).body).toContain('See it in Coproduce: /panels/abc (sign in to Coproduce to see it)');
		expect(emailText({ title: 'T', body: 'B', href: null }).body).not.toContain('See it');
		process.env.ORIGIN = 'not an address';
		expect(() => config.publicOrigin).toThrow(/ORIGIN/);
		process.env.ORIGIN = 'javascript:alert(1)';
		expect(() => config.publicOrigin).toThrow(/ORIGIN/);
	});
});
