// My data and deleting an account, on the seeded demo: a participant's export holds every kind of
// thing about them and nothing about anyone else (other participants, bidders, supervisors, the
// champion who recorded consent); confirming a deletion scrubs every personal field in every table
// while survey answers, tallies, panel scores and hours stay counted; the person can't sign in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import { eq } from 'drizzle-orm';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { invitations, users } from '../../src/lib/server/auth/schema';
import { newId } from '../../src/lib/server/db/ids';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { emailOutbox, notifications } from '../../src/lib/server/notifications/schema';
import { collectMyData } from '../../src/lib/server/my-data/export';
import { deleteParticipantAccount, requestDeletion } from '../../src/lib/server/my-data/deletion';
import { listPendingDeletions } from '../../src/lib/server/my-data/review';
import { getParticipant, listParticipants } from '../../src/lib/server/participation/participants';
import { rewards } from '../../src/lib/server/recognition/schema';
import { certificateFor } from '../../src/lib/server/recognition/certificate';
import { ledgerPeople } from '../../src/lib/server/recognition/people';
import { listRewards } from '../../src/lib/server/recognition/rewards';
import { rewardsCsv } from '../../src/lib/server/recognition/rewards-export';
import { liveTokenHash, newLiveToken, participantFor } from '../../src/lib/server/live/participants';
import { liveParticipants } from '../../src/lib/server/workshops/schema';
import { surveyResponses, surveys } from '../../src/lib/server/surveys/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, expectInputError, rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
const NOW = new Date('2026-11-20T12:00:00Z');
type Person = { id: string; organisationId: string; roles: ('young_person' | 'parent_carer' | 'champion' | 'officer' | 'admin')[] };
const people: Record<string, Person> = {};

async function giveSurveyAnswer(username: string) {
	const [survey] = await t.db.select().from(surveys).where(eq(surveys.title, 'Your say on short breaks'));
	const questions = await rows<{ id: string; kind: string; options: { id: string }[] }>(t.db, `select id, kind, options from survey_questions where survey_id = '${survey.id}' order by page, position`);
	const answers: Record<string, string | string[] | number> = {};
	for (const q of questions) {
		if (q.kind === 'yes_no') answers[q.id] = 'yes';
		if (q.kind === 'rating') answers[q.id] = 4;
		if (q.kind === 'multiple_choice') answers[q.id] = [q.options[0].id, q.options[2].id];
		if (q.kind === 'long_text') answers[q.id] = `More clubs please, from ${username}`;
	}
	await t.db.insert(surveyResponses).values({ id: newId(), surveyId: survey.id, userId: people[username].id, idempotencyKey: newId(), respondentType: 'young_person', ageBand: '13_15', answers, submittedAt: NOW });
}

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, NOW);
	for (const account of DEMO_ACCOUNTS) {
		const [u] = await t.db.select().from(users).where(eq(users.username, account.username));
		people[account.username] = { id: u.id, organisationId: u.organisationId, roles: account.roles as Person['roles'] };
	}
	for (const name of ['jay', 'mia']) {
		const p = people[name];
		await giveSurveyAnswer(name);
		await t.db.insert(rewards).values({ id: newId(), organisationId: p.organisationId, userId: p.id, kind: 'voucher', description: `Voucher for ${name}`, valuePence: 1500, givenOn: '2026-10-01' });
		const notificationId = newId();
		await t.db.insert(notifications).values({ id: notificationId, organisationId: p.organisationId, userId: p.id, kind: 'outcome', title: 'Short breaks: we decided', sourceKey: `test:${name}` });
		await t.db.insert(emailOutbox).values({ id: newId(), notificationId, toAddress: `${name}@example.test`, subject: 'Short breaks', body: 'We decided' });
	}
	await t.db.update(users).set({ email: 'mia@example.test' }).where(eq(users.id, people.mia.id));
	// The invitation each joined with, with the champion's note on it.
	for (const name of ['jay', 'mia'])
		await t.db.insert(invitations).values({ id: newId(), organisationId: people[name].organisationId, codeHash: `hash-${newId()}`, purpose: 'join', role: 'young_person', label: `Tuesday youth forum (${name})`, usedBy: people[name].id, usedAt: new Date('2020-01-07T18:00:00Z'), expiresAt: new Date('2020-01-21T18:00:00Z'), createdBy: people.champion.id, createdAt: new Date('2020-01-07T17:00:00Z') });
	await t.db.insert(invitations).values({ id: newId(), organisationId: people.mia.organisationId, codeHash: `hash-${newId()}`, purpose: 'reset', userId: people.mia.id, expiresAt: new Date(NOW.getTime() + 86_400_000), createdBy: people.champion.id });
}, 240_000);
afterAll(async () => {
	await t?.close();
});

describe('exporting my data', () => {
	it('holds every kind of thing about jay, in plain words', async () => {
		const data = await collectMyData(t.db, people.jay, NOW);
		expect(data.account).toMatchObject({ username: 'jay', displayName: 'Jay', roles: ['young_person'], email: null, notifications: { inApp: true, byEmail: false } });
		expect(data.account.birthMonth).toMatch(/^\d{4}-\d{2}$/);
		expect(data.account.invitationNote).toBe('Tuesday youth forum (jay)');
		expect(data.surveyResponses).toHaveLength(1);
		expect(data.surveyResponses[0].survey).toBe('Your say on short breaks');
		expect(data.surveyResponses[0].answers).toContainEqual({ question: 'Does your family use short breaks now?', answer: 'Yes' });
		expect(data.surveyResponses[0].answers).toContainEqual({ question: 'Which activities would you like more of?', answer: 'Sports, Days out' });
		expect(data.panels.length).toBeGreaterThan(0);
		const scores = data.panels.flatMap((p) => p.scores);
		expect(scores.length).toBeGreaterThan(0);
		expect(scores.every((s) => /^Bid [A-Z]$/.test(s.bid))).toBe(true);
		expect(scores.some((s) => s.comment?.includes('quiet room'))).toBe(true);
		expect(data.visits.length).toBeGreaterThan(0);
		expect(data.visits.some((v) => v.report && v.report.ratings.length > 0)).toBe(true);
		expect(data.sessions.some((s) => s.attended)).toBe(true);
		expect(data.liveAnswers.length).toBeGreaterThan(0);
		expect(data.liveAnswers[0].answers.length).toBeGreaterThan(0);
		expect(data.contributions.length).toBeGreaterThan(0);
		expect(data.rewards).toContainEqual({ kind: 'voucher', description: 'Voucher for jay', valuePence: 1500, givenOn: '2026-10-01' });
		expect(data.notifications.map((n) => n.title)).toContain('Short breaks: we decided');
		expect(data.consents).toEqual([]);
	});

	it('names nobody else: no other participant, bidder, supervisor or staff member', async () => {
		const text = JSON.stringify(await collectMyData(t.db, people.jay, NOW));
		for (const other of DEMO_ACCOUNTS.filter((a) => a.username !== 'jay')) {
			expect(text, other.displayName).not.toMatch(new RegExp(`\\b${other.displayName}\\b`));
			expect(text, other.username).not.toMatch(new RegExp(`"${other.username}"`));
		}
		for (const b of await rows<{ bidder_name: string; contact_name: string; contact_email: string }>(t.db, 'select bidder_name, contact_name, contact_email from bid_identities')) {
			expect(text).not.toContain(b.bidder_name);
			if (b.contact_name) expect(text).not.toContain(b.contact_name);
			if (b.contact_email) expect(text).not.toContain(b.contact_email);
		}
		for (const s of await rows<{ supervisor: string }>(t.db, 'select distinct supervisor from shopping_visits')) expect(text).not.toContain(s.supervisor);
		// Mia's words on the same panel and her survey answer stay hers.
		expect(text).not.toContain('It only says what adults will do');
		expect(text).not.toContain('from mia');
		for (const id of Object.values(people).filter((p) => p.id !== people.jay.id)) expect(text).not.toContain(id.id);
	});

	it('shows mia her consent record, recorded by "a participation champion" rather than by name', async () => {
		const data = await collectMyData(t.db, people.mia, NOW);
		expect(data.consents).toHaveLength(1);
		// "Given by" stays: it is the parent's own consent about this child, as the champion recorded it.
		expect(data.consents[0]).toMatchObject({ givenBy: 'Parent of Mia', relationship: 'Mother', method: 'paper form', recordedBy: 'A participation champion', withdrawnAt: null });
		expect(JSON.stringify(data)).not.toContain('Chloe');
	});
});

describe('deleting mia’s account', () => {
	const snapshot = async () => ({
		hours: (await rows<{ h: string }>(t.db, `select coalesce(sum(hours), 0)::text as h from contributions`))[0].h,
		rewardPence: (await rows<{ p: number }>(t.db, `select coalesce(sum(value_pence), 0)::int as p from rewards`))[0].p,
		responses: await rows(t.db, `select id, survey_id, answers::text, respondent_type, age_band from survey_responses order by id`),
		tallies: await rows(t.db, `select * from survey_tallies order by 1, 2, 3, 4, 5`),
		scores: await rows(t.db, `select id, panel_member_id, bid_id, criterion_id, score, comment, submitted_at from panel_scores order by id`),
		reports: await rows(t.db, `select id, shopper_id, went_well, status from shopping_reports order by id`),
		liveResponses: await rows(t.db, `select id, participant_id, rating from live_responses order by id`),
		registrations: await rows(t.db, `select id, user_id, attended_at from session_registrations order by id`)
	});

	it('scrubs every personal detail in one go and keeps what she gave counted without her name', async () => {
		const mia = people.mia;
		const token = generateSessionToken();
		await createSession(t.db, token, mia.id, NOW);
		const before = await snapshot();
		const miaContributions = (await rows<{ n: number }>(t.db, `select count(*)::int as n from contributions where user_id = '${mia.id}'`))[0].n;
		expect(miaContributions).toBeGreaterThan(0);
		const miaRewards = (await rows<{ n: number }>(t.db, `select count(*)::int as n from rewards where user_id = '${mia.id}'`))[0].n;
		expect(miaRewards).toBeGreaterThan(0);
		// Her phone joined a live session with a nickname; its cookie holds this token.
		const phoneToken = newLiveToken();
		const [session] = await rows<{ id: string }>(
			t.db,
			`select s.id from workshop_sessions s where s.organisation_id = '${mia.organisationId}' and not exists (select 1 from live_participants p where p.session_id = s.id and p.user_id = '${mia.id}') order by s.starts_at limit 1`
		);
		const phoneSession = session.id;
		await t.db.insert(liveParticipants).values({ id: newId(), sessionId: phoneSession, userId: mia.id, tokenHash: liveTokenHash(phoneToken), nickname: 'Mimi' });
		expect(await participantFor(t.db, phoneSession, phoneToken, mia)).not.toBeNull();
		const miaLive = (await rows<{ n: number }>(t.db, `select count(*)::int as n from live_participants where user_id = '${mia.id}'`))[0].n;

		const requestId = await requestDeletion(t.db, mia, NOW);
		expect((await listPendingDeletions(t.db, mia.organisationId)).map((p) => p.userId)).toContain(mia.id);
		const pending = (await listPendingDeletions(t.db, mia.organisationId)).find((p) => p.userId === mia.id)!;
		expect(pending.kept.surveyResponses).toBe(1);
		expect(pending.kept.rewards).toBeGreaterThanOrEqual(1);
		expect(pending.kept.hours).toBeGreaterThan(0);

		expect(await deleteParticipantAccount(t.db, people.champion, mia.id, { now: NOW })).toBe(requestId);

		const [row] = await t.db.select().from(users).where(eq(users.id, mia.id));
		expect(row.username).toMatch(/^deleted-[a-z2-7]{16}$/);
		expect(row).toMatchObject({ displayName: 'Deleted account', passwordHash: '!deleted', email: null, birthMonth: null, notifyInApp: false, notifyByEmail: false });
		expect(row.deletedAt).toEqual(NOW);
		expect(row.disabledAt).toEqual(NOW);
		const count = async (sql: string) => (await rows<{ n: number }>(t.db, sql))[0].n;
		const where = `user_id = '${mia.id}'`;
		expect(await count(`select count(*)::int as n from sessions where ${where}`)).toBe(0);
		expect(await count(`select count(*)::int as n from consents where ${where}`)).toBe(0);
		expect(await count(`select count(*)::int as n from notifications where ${where}`)).toBe(0);
		expect(await count(`select count(*)::int as n from email_outbox where to_address = 'mia@example.test'`)).toBe(0);
		expect(await count(`select count(*)::int as n from invitations where ${where} or used_by = '${mia.id}'`)).toBe(0);
		expect(await count(`select count(*)::int as n from panel_members where ${where} and (interest is not null or decision_note is not null)`)).toBe(0);
		// Kept rows point at the placeholder (one anonymous person, whose hours still add up), never a name.
		expect(await count(`select count(*)::int as n from survey_responses where ${where}`)).toBe(1);
		expect(await count(`select count(*)::int as n from contributions where ${where}`)).toBe(miaContributions);
		expect(await count(`select count(*)::int as n from rewards where ${where}`)).toBe(miaRewards);
		expect(await count(`select count(*)::int as n from live_participants where ${where}`)).toBe(miaLive);
		// Live answers: no nickname and no phone token hash left, so her phone's old cookie can't answer as the placeholder.
		expect(await count(`select count(*)::int as n from live_participants where ${where} and (nickname <> '' or token_hash not like 'deleted-%')`)).toBe(0);
		expect(await count(`select count(*)::int as n from live_participants where token_hash = '${liveTokenHash(phoneToken)}'`)).toBe(0);
		expect(await participantFor(t.db, phoneSession, phoneToken, null)).toBeNull();
		expect(await count(`select count(*)::int as n from panel_members where ${where}`)).toBeGreaterThan(0);
		expect(await count(`select count(*)::int as n from visit_shoppers where ${where}`)).toBeGreaterThan(0);
		expect(await count(`select count(*)::int as n from session_registrations where ${where}`)).toBeGreaterThan(0);
		expect(await count(`select count(*)::int as n from user_roles where ${where}`)).toBe(1);

		const after = await snapshot();
		expect(after).toEqual(before);
		// Her hours still add up under the one placeholder.
		expect((await rows<{ h: string }>(t.db, `select coalesce(sum(hours), 0)::text as h from contributions where ${where}`))[0].h).not.toBe('0');

		const [request] = await rows<{ status: string; decided_by: string; origin: string }>(t.db, `select status, decided_by, origin from deletion_requests where id = '${requestId}'`);
		expect(request).toEqual({ status: 'confirmed', decided_by: people.champion.id, origin: 'participant' });
		const audit = (await auditFor(t.db, 'account.deleted')).filter((a) => a.targetId === mia.id);
		expect(audit).toHaveLength(1);
		expect(JSON.stringify(audit[0].detail)).not.toMatch(/mia|Mia/);

		// Never signs in again: not with the old name, not with the placeholder, not with the old session.
		expect((await signIn(t.db, { username: 'mia', password: 'green-tea-rocket', address: '203.0.113.9' })).ok).toBe(false);
		expect((await signIn(t.db, { username: row.username, password: '!deleted', address: '203.0.113.9' })).ok).toBe(false);
		expect(await validateSessionToken(t.db, token, NOW)).toBeNull();
		await expectInputError(collectMyData(t.db, mia, NOW));

		// Wherever people are named: left out, or "Deleted account".
		expect((await ledgerPeople(t.db, mia.organisationId)).map((p) => p.id)).not.toContain(mia.id);
		await expectInputError(certificateFor(t.db, mia.organisationId, mia.id, NOW));
		const given = (await listRewards(t.db, mia.organisationId)).filter((r) => r.description === 'Voucher for mia');
		expect(given).toEqual([expect.objectContaining({ recipient: 'Deleted account', recipientId: null, valuePence: 1500 })]);
		const csv = rewardsCsv(await listRewards(t.db, mia.organisationId));
		expect(csv).toContain('Voucher for mia');
		expect(csv).not.toMatch(/\bMia\b|green-tea/);
		expect(csv.split('\n').find((line) => line.includes('Voucher for mia'))).toMatch(/Deleted account/);
		expect(await count(`select count(*)::int as n from invitations where label like 'Tuesday youth forum (mia)'`)).toBe(0);
		// Gone from the participant list and page.
		expect((await listParticipants(t.db, mia.organisationId, '', NOW)).map((p) => p.id)).not.toContain(mia.id);
		await expectInputError(getParticipant(t.db, mia.organisationId, mia.id, NOW));
		expect((await listPendingDeletions(t.db, mia.organisationId)).map((p) => p.userId)).not.toContain(mia.id);
	});

	it('refuses to delete her twice', async () => {
		const before = await rows(t.db, 'select count(*)::int as n from audit_log');
		await expectInputError(deleteParticipantAccount(t.db, people.champion, people.mia.id, { now: NOW }));
		await expectInputError(deleteParticipantAccount(t.db, people.champion, people.mia.id, { origin: 'retention', now: new Date(NOW.getTime() + 10 * 365 * 86_400_000) }));
		expect(await rows(t.db, 'select count(*)::int as n from audit_log')).toEqual(before);
	});
});
