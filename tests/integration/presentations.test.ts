import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { declareInterests } from '../../src/lib/server/evaluation/membership';
import { clearSlot, setSlot } from '../../src/lib/server/evaluation/presentation-slots';
import { addQuestion, editQuestion, MAX_QUESTIONS, memberPresentations, moveQuestion, presentationsPage, recordAsked, removeQuestion, ukLocalInput } from '../../src/lib/server/evaluation/presentations';
import { tenders } from '../../src/lib/server/evaluation/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, birthMonthYearsAgo, expectInputError, quickUser } from '../helpers/fixtures-integration';
import { evaluationCounts, panelTender, ready, SECRETS, type PanelTender } from '../helpers/panel-tender';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let officer: Person;
let champion: Person;
let officerB: Person;
let ash: Person;
let bea: Person;
let cal: Person;
let s: PanelTender;
let other: PanelTender;

async function refused(run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await evaluationCounts(db);
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await evaluationCounts(db)).toEqual(before);
}

const young = (org: string, name: string) => quickUser(db, org, ['young_person'], { displayName: name, birthMonth: birthMonthYearsAgo(16) });
const questionsOf = async (panelId: string) => (await presentationsPage(db, officer.organisationId, s.tenderId)).panels.find((p) => p.panelId === panelId)!.questions;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	const org = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	officer = await quickUser(db, org, ['officer']);
	champion = await quickUser(db, org, ['champion']);
	officerB = await quickUser(db, orgB, ['officer']);
	ash = await young(org, 'Ash');
	bea = await young(org, 'Bea');
	cal = await young(org, 'Cal');
	const projectId = await quickProject(db, officer);
	s = await panelTender(db, officer, projectId, [ash, bea, cal], [officer]);
	other = await panelTender(db, officer, projectId, [ash], [officer]);
}, 60_000);
afterAll(async () => t?.close());

describe('presentation slots', () => {
	it('sets, moves and clears a slot per bid (officers: see evaluation-review-fixes), by letter, audited with ids only', async () => {
		const [bidA, bidB] = s.bidIds;
		const id = await setSlot(db, officer, s.tenderId, bidA, { startsAt: '2027-02-01T10:00', place: 'Riverside Youth Hub, room 2' });
		// Typed in UK time: 10:00 in February is 10:00 UTC.
		let page = await presentationsPage(db, officer.organisationId, s.tenderId);
		expect(page.bids.find((b) => b.bidId === bidA)!.slot).toMatchObject({ id, startsAt: '2027-02-01T10:00', place: 'Riverside Youth Hub, room 2' });
		expect(page.bids.find((b) => b.bidId === bidA)!.slot!.when).toBe('1 February 2027 at 10:00');
		// Setting it again moves the same slot.
		expect(await setSlot(db, officer, s.tenderId, bidA, { startsAt: '2027-07-01T14:30', place: 'https://meet.example/abc' })).toBe(id);
		page = await presentationsPage(db, officer.organisationId, s.tenderId);
		expect(page.bids.find((b) => b.bidId === bidA)!.slot).toMatchObject({ startsAt: '2027-07-01T14:30', when: '1 July 2027 at 14:30' });
		await setSlot(db, officer, s.tenderId, bidB, { startsAt: '2027-07-01T16:00', place: 'Room 3' });
		const audit = await auditFor(db, 'presentation.slot_set');
		expect(audit).toHaveLength(3);
		expect(JSON.stringify(audit)).not.toMatch(/Riverside|meet\.example|Room 3/);
		await clearSlot(db, officer, s.tenderId, bidB);
		expect((await presentationsPage(db, officer.organisationId, s.tenderId)).bids.find((b) => b.bidId === bidB)!.slot).toBeNull();
		expect(await auditFor(db, 'presentation.slot_cleared')).toHaveLength(1);
		expect(ukLocalInput(new Date('2027-07-01T13:30:00Z'))).toBe('2027-07-01T14:30');
	});

	it('refuses bad times and places, other tenders’ bids and other organisations, changing nothing', async () => {
		const [bidA, , bidC] = s.bidIds;
		await refused(() => setSlot(db, officer, s.tenderId, bidC, { startsAt: '', place: 'Room 1' }), /Enter when the presentation starts/, 'startsAt');
		await refused(() => setSlot(db, officer, s.tenderId, bidC, { startsAt: '2027-02-30T10:00', place: 'Room 1' }), /date and time/, 'startsAt');
		await refused(() => setSlot(db, officer, s.tenderId, bidC, { startsAt: 'tomorrow', place: 'Room 1' }), /date and time/, 'startsAt');
		await refused(() => setSlot(db, officer, s.tenderId, bidC, { startsAt: '2027-02-01T10:00', place: '' }), /Please enter where it happens/, 'place');
		await refused(() => setSlot(db, officer, s.tenderId, bidC, { startsAt: '2027-02-01T10:00', place: 'x'.repeat(301) }), /at most 300/, 'place');
		await refused(() => setSlot(db, officer, s.tenderId, bidC, { startsAt: '2027-02-01T10:00', place: 'Room\u00001' }), /can’t accept/, 'place');
		await refused(() => setSlot(db, officer, s.tenderId, other.bidIds[0], { startsAt: '2027-02-01T10:00', place: 'Room 1' }), /this tender’s bids/, 'bidId');
		await refused(() => setSlot(db, officer, s.tenderId, newId(), { startsAt: '2027-02-01T10:00', place: 'Room 1' }), /this tender’s bids/, 'bidId');
		await refused(() => setSlot(db, officerB, s.tenderId, bidC, { startsAt: '2027-02-01T10:00', place: 'Room 1' }), 'That tender does not exist.');
		await refused(() => clearSlot(db, officerB, s.tenderId, bidA), 'That tender does not exist.');
		await refused(() => clearSlot(db, officer, s.tenderId, bidC), /no presentation slot/, 'bidId');
		await expectInputError(presentationsPage(db, officerB.organisationId, s.tenderId));
	});
});

describe('the prepared questions', () => {
	it('adds, edits, reorders and removes questions, numbering them 1, 2, 3', async () => {
		const q1 = await addQuestion(db, champion, s.tenderId, s.youngPanel, { question: 'What would make someone new come along?' });
		const q2 = await addQuestion(db, champion, s.tenderId, s.youngPanel, { question: 'How will you listen to us?' });
		const q3 = await addQuestion(db, champion, s.tenderId, s.youngPanel, { question: 'What if it is too full?' });
		expect((await questionsOf(s.youngPanel)).map((q) => [q.position, q.id])).toEqual([
			[1, q1],
			[2, q2],
			[3, q3]
		]);
		await editQuestion(db, champion, s.tenderId, s.youngPanel, q2, { question: '  How will you listen to what we want?  ' });
		await moveQuestion(db, champion, s.tenderId, s.youngPanel, q3, 'up');
		expect((await questionsOf(s.youngPanel)).map((q) => [q.position, q.question])).toEqual([
			[1, 'What would make someone new come along?'],
			[2, 'What if it is too full?'],
			[3, 'How will you listen to what we want?']
		]);
		await removeQuestion(db, champion, s.tenderId, s.youngPanel, q1);
		expect((await questionsOf(s.youngPanel)).map((q) => [q.position, q.id])).toEqual([
			[1, q3],
			[2, q2]
		]);
		for (const action of ['panel.question_added', 'panel.question_edited', 'panel.question_moved', 'panel.question_removed'])
			expect(JSON.stringify(await auditFor(db, action)), action).not.toMatch(/listen|too full|come along/);
	});

	it('refuses empty, oversized, NUL, other panels’ questions, other tenders and other organisations', async () => {
		const [first, second] = await questionsOf(s.youngPanel);
		const otherQuestion = await addQuestion(db, officer, other.tenderId, other.youngPanel, { question: 'Another tender’s question' });
		await refused(() => addQuestion(db, champion, s.tenderId, s.youngPanel, { question: '   ' }), /Please enter the question/, 'question');
		await refused(() => addQuestion(db, champion, s.tenderId, s.youngPanel, { question: 'q'.repeat(501) }), /at most 500/, 'question');
		await refused(() => addQuestion(db, champion, s.tenderId, s.youngPanel, { question: 'Why\u0000?' }), /can’t accept/, 'question');
		// Another tender's panel through this tender's page, another organisation, a made-up panel.
		await refused(() => addQuestion(db, champion, s.tenderId, other.youngPanel, { question: 'Sneaky' }), 'That panel does not exist.', 'panelId');
		await refused(() => addQuestion(db, officerB, s.tenderId, s.youngPanel, { question: 'Sneaky' }), 'That panel does not exist.', 'panelId');
		await refused(() => addQuestion(db, champion, s.tenderId, newId(), { question: 'Sneaky' }), 'That panel does not exist.', 'panelId');
		await refused(() => editQuestion(db, champion, s.tenderId, s.youngPanel, otherQuestion, { question: 'Changed' }), /isn’t on this panel’s list/, 'questionId');
		await refused(() => editQuestion(db, champion, s.tenderId, s.qualityPanel, first.id, { question: 'Changed' }), /isn’t on this panel’s list/, 'questionId');
		await refused(() => removeQuestion(db, champion, s.tenderId, s.youngPanel, otherQuestion), /isn’t on this panel’s list/, 'questionId');
		await refused(() => removeQuestion(db, officerB, s.tenderId, s.youngPanel, first.id), 'That panel does not exist.', 'panelId');
		await refused(() => moveQuestion(db, champion, s.tenderId, s.youngPanel, first.id, 'up'), /already first/);
		await refused(() => moveQuestion(db, champion, s.tenderId, s.youngPanel, second.id, 'down'), /already last/);
		await refused(() => moveQuestion(db, champion, s.tenderId, s.youngPanel, first.id, 'sideways' as 'up'), /up or down/);
	});

	it('holds at most 40 questions a panel', async () => {
		for (let i = (await questionsOf(s.qualityPanel)).length; i < MAX_QUESTIONS; i++) await addQuestion(db, officer, s.tenderId, s.qualityPanel, { question: `Staff question ${i + 1}` });
		await refused(() => addQuestion(db, officer, s.tenderId, s.qualityPanel, { question: 'One too many' }), /up to 40/, 'question');
	});
});

describe('questions asked at a presentation', () => {
	it('records the set asked, replacing what was recorded, and refuses anything else', async () => {
		const [bidA, bidB] = s.bidIds;
		const [first, second] = await questionsOf(s.youngPanel);
		const staffQuestion = (await questionsOf(s.qualityPanel))[0];
		const otherQuestion = (await presentationsPage(db, officer.organisationId, other.tenderId)).panels.find((p) => p.panelId === other.youngPanel)!.questions[0];
		expect(await recordAsked(db, champion, s.tenderId, bidA, [first.id, second.id, first.id])).toBe(2);
		expect(await recordAsked(db, champion, s.tenderId, bidA, [second.id, staffQuestion.id])).toBe(2);
		let page = await presentationsPage(db, officer.organisationId, s.tenderId);
		expect(page.bids.find((b) => b.bidId === bidA)!.asked.sort()).toEqual([second.id, staffQuestion.id].sort());
		await refused(() => recordAsked(db, champion, s.tenderId, bidB, [first.id]), /presentation slot first/, 'bidId');
		await refused(() => recordAsked(db, champion, s.tenderId, bidA, [otherQuestion.id]), /this tender’s panels’ lists/, 'questionIds');
		await refused(() => recordAsked(db, champion, s.tenderId, bidA, [newId()]), /this tender’s panels’ lists/, 'questionIds');
		await refused(() => recordAsked(db, champion, s.tenderId, bidA, ["x' or 1=1 --"]), /panels’ lists/, 'questionIds');
		await refused(() => recordAsked(db, officerB, s.tenderId, bidA, [first.id]), 'That tender does not exist.');
		await refused(() => recordAsked(db, champion, s.tenderId, other.bidIds[0], [first.id]), /this tender’s bids/, 'bidId');
		expect(await recordAsked(db, champion, s.tenderId, bidA, [])).toBe(0);
		page = await presentationsPage(db, officer.organisationId, s.tenderId);
		expect(page.bids.find((b) => b.bidId === bidA)!.asked).toEqual([]);
		await recordAsked(db, champion, s.tenderId, bidA, [first.id]);
		expect(JSON.stringify(await auditFor(db, 'presentation.questions_recorded'))).not.toMatch(/listen|too full/);
	});
});

describe('what members see', () => {
	it('shows active members the slots by letter and their own panel’s questions, with what was asked', async () => {
		await ready(db, ash, s.youngPanel);
		const view = await memberPresentations(db, ash, s.youngPanel);
		expect(view.slots).toHaveLength(1);
		expect(view.slots[0]).toMatchObject({ bidId: s.bidIds[0], place: 'https://meet.example/abc', online: true, when: '1 July 2027 at 14:30', asked: [1] });
		expect(view.slots[0].label).toMatch(/^[A-C]$/);
		expect(view.questions.map((q) => q.position)).toEqual([1, 2]);
		expect(JSON.stringify(view)).not.toMatch(/Staff question/);
		const text = JSON.stringify(view).toLowerCase();
		for (const secret of SECRETS) expect(text, secret).not.toContain(secret.toLowerCase());
	});

	it('refuses people who haven’t started, are paused, aren’t on the panel or are in another organisation', async () => {
		await refused(() => memberPresentations(db, bea, s.youngPanel), /accept the confidentiality statement/);
		await ready(db, cal, s.youngPanel);
		await declareInterests(db, cal, s.youngPanel, { hasInterest: true, details: 'I know a youth worker there.' });
		await refused(() => memberPresentations(db, cal, s.youngPanel), /officer needs to decide/);
		await refused(() => memberPresentations(db, ash, s.qualityPanel), 'You are not on that panel.');
		await refused(() => memberPresentations(db, officerB, s.youngPanel), 'You are not on that panel.');
	});

	it('freezes once the evaluation is finalised', async () => {
		await db.update(tenders).set({ status: 'finalised' }).where(eq(tenders.id, s.tenderId));
		const [first] = await questionsOf(s.youngPanel);
		await refused(() => setSlot(db, officer, s.tenderId, s.bidIds[2], { startsAt: '2027-02-01T10:00', place: 'Room 1' }), /finalised/);
		await refused(() => addQuestion(db, champion, s.tenderId, s.youngPanel, { question: 'Late' }), /finalised/);
		await refused(() => removeQuestion(db, champion, s.tenderId, s.youngPanel, first.id), /finalised/);
		await refused(() => recordAsked(db, champion, s.tenderId, s.bidIds[0], []), /finalised/);
		expect((await presentationsPage(db, officer.organisationId, s.tenderId)).editable).toBe(false);
		// Members can still read them.
		expect((await memberPresentations(db, ash, s.youngPanel)).slots).toHaveLength(1);
	});
});
