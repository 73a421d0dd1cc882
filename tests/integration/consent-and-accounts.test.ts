import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/audit/schema';
import { setAccountDisabled, setStaffRoles } from '../../src/lib/server/auth/accounts';
import { hasActiveConsent, recordConsent, withdrawConsent, type ConsentInput } from '../../src/lib/server/auth/consent';
import { verifyPassword } from '../../src/lib/server/auth/passwords';
import { canJoinPanelOrVisit } from '../../src/lib/server/auth/policy';
import { changePassword } from '../../src/lib/server/auth/profile';
import { consents, userRoles, users } from '../../src/lib/server/auth/schema';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/sessions';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { updateOrganisationSettings } from '../../src/lib/server/organisations/organisations';
import { getParticipant, listParticipants } from '../../src/lib/server/participation/participants';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { allCounts, auditFor, birthMonthYearsAgo, expectInputError, quickUser, SHARED_PASSWORD, sessionsOf } from '../helpers/fixtures-integration';

type Person = Awaited<ReturnType<typeof quickUser>>;
let t: TestDatabase;
let db: Db;
let orgA: string;
let orgB: string;
let champion: Person;
let admin: Person;
let officer: Person;
let young13: Person;
let young17: Person;
let youngNoBirth: Person;
let parent: Person;
let youngB: Person;
let championB: Person;

const today = () => new Date().toISOString().slice(0, 10);
const consentInput = (givenOn = today()): ConsentInput => ({ givenBy: 'Alex Parent-Name', relationship: 'Mother', givenOn, method: 'paper form' });
const settings = (consentAge: number) => ({ name: 'Northfield Council', consentAge, smallNumberThreshold: 5, retentionMonths: 24 });
const subject = (p: { birthMonth: string | null }) => ({ roles: ['young_person'] as const, birthMonth: p.birthMonth });

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	orgA = await makeOrganisation(db, 'Northfield Council');
	orgB = await makeOrganisation(db, 'Southbank Council');
	champion = await quickUser(db, orgA, ['champion']);
	admin = await quickUser(db, orgA, ['admin']);
	officer = await quickUser(db, orgA, ['officer']);
	young13 = await quickUser(db, orgA, ['young_person'], { displayName: 'Thirteen', birthMonth: birthMonthYearsAgo(13) });
	young17 = await quickUser(db, orgA, ['young_person'], { displayName: 'Seventeen', birthMonth: birthMonthYearsAgo(17) });
	youngNoBirth = await quickUser(db, orgA, ['young_person'], { displayName: 'Unknown age' });
	parent = await quickUser(db, orgA, ['parent_carer'], { displayName: 'Parent person' });
	youngB = await quickUser(db, orgB, ['young_person'], { birthMonth: birthMonthYearsAgo(13) });
	championB = await quickUser(db, orgB, ['champion']);
});
afterAll(async () => {
	await t?.close();
});

describe('consent', () => {
	it('records and withdraws consent, opening and closing panels for a 13-year-old', async () => {
		const birthMonth = birthMonthYearsAgo(13);
		expect(await hasActiveConsent(db, young13.id)).toBe(false);
		expect(canJoinPanelOrVisit(subject({ birthMonth }), 16, false)).toBe(false);

		const consentId = await recordConsent(db, champion, young13.id, consentInput());
		expect(await hasActiveConsent(db, young13.id)).toBe(true);
		expect(canJoinPanelOrVisit(subject({ birthMonth }), 16, await hasActiveConsent(db, young13.id))).toBe(true);
		expect((await getParticipant(db, orgA, young13.id)).canJoinPanels).toBe(true);
		const [audit] = (await auditFor(db, 'consent.recorded')).filter((a) => a.targetId === young13.id);
		expect(audit).toMatchObject({ actorId: champion.id, organisationId: orgA, detail: { consentId, method: 'paper form' } });
		expect(JSON.stringify(await db.select().from(auditLog))).not.toContain('Alex Parent-Name');

		await withdrawConsent(db, champion, young13.id, consentId);
		expect(await hasActiveConsent(db, young13.id)).toBe(false);
		expect(canJoinPanelOrVisit(subject({ birthMonth }), 16, false)).toBe(false);
		expect((await getParticipant(db, orgA, young13.id)).canJoinPanels).toBe(false);
		expect((await auditFor(db, 'consent.withdrawn')).some((a) => a.targetId === young13.id)).toBe(true);
		await expectInputError(withdrawConsent(db, champion, young13.id, consentId));
	});

	it('refuses parents, staff, other organisations and future dates, writing nothing', async () => {
		const before = await allCounts(db);
		await expectInputError(recordConsent(db, champion, parent.id, consentInput()));
		await expectInputError(recordConsent(db, champion, officer.id, consentInput()));
		await expectInputError(recordConsent(db, champion, youngB.id, consentInput()));
		await expectInputError(recordConsent(db, championB, young13.id, consentInput()));
		const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
		await expectInputError(recordConsent(db, champion, young13.id, consentInput(tomorrow)), 'givenOn');
		expect(await allCounts(db)).toEqual(before);
	});

	it('won’t let another organisation withdraw a consent', async () => {
		const consentId = await recordConsent(db, championB, youngB.id, consentInput());
		await expectInputError(withdrawConsent(db, champion, youngB.id, consentId));
		await expectInputError(withdrawConsent(db, champion, young13.id, consentId));
		expect((await db.select().from(consents).where(eq(consents.id, consentId)))[0].withdrawnAt).toBeNull();
	});
});

describe('participants', () => {
	it('lists only the organisation’s participants, with consent flags that follow the consent age', async () => {
		const list = await listParticipants(db, orgA);
		const ids = list.map((p) => p.id).sort();
		expect(ids).toEqual([young13.id, young17.id, youngNoBirth.id, parent.id].sort());
		const byId = Object.fromEntries(list.map((p) => [p.id, p]));
		expect(byId[young13.id]).toMatchObject({ role: 'young_person', age: 13, needsConsent: true, hasConsent: false, canJoinPanels: false });
		expect(byId[young17.id]).toMatchObject({ age: 17, needsConsent: false, canJoinPanels: true });
		expect(byId[youngNoBirth.id]).toMatchObject({ age: null, needsConsent: true, canJoinPanels: false });
		expect(byId[parent.id]).toMatchObject({ role: 'parent_carer', needsConsent: false, canJoinPanels: true });

		await expectInputError(getParticipant(db, orgA, youngB.id));
		await expectInputError(getParticipant(db, orgA, champion.id));
		await expectInputError(getParticipant(db, orgB, young13.id));
		expect((await getParticipant(db, orgA, young13.id)).consentAge).toBe(16);

		await updateOrganisationSettings(db, admin.id, orgA, settings(13));
		try {
			const p = await getParticipant(db, orgA, young13.id);
			expect(p).toMatchObject({ consentAge: 13, needsConsent: false, canJoinPanels: true });
			const listed = (await listParticipants(db, orgA)).find((x) => x.id === young13.id);
			expect(listed).toMatchObject({ needsConsent: false, canJoinPanels: true });
			expect((await auditFor(db, 'organisation.settings_changed')).some((a) => a.detail?.consentAge === 13)).toBe(true);
			// Another organisation's setting is untouched.
			expect((await listParticipants(db, orgB)).find((x) => x.id === youngB.id)?.needsConsent).toBe(true);
		} finally {
			await updateOrganisationSettings(db, admin.id, orgA, settings(16));
		}
	});

	it('treats % and _ in a search literally', async () => {
		const orgS = await makeOrganisation(db, 'Searchtown');
		for (const displayName of ['100% Sam', 'Ally_B', 'AllyXB', 'Plain Pat', 'Back\\slash']) {
			await quickUser(db, orgS, ['parent_carer'], { displayName });
		}
		const names = async (q: string) => (await listParticipants(db, orgS, q)).map((p) => p.displayName).sort();
		expect(await names('')).toHaveLength(5);
		expect(await names('%')).toEqual(['100% Sam']);
		expect(await names('_')).toEqual(['Ally_B']);
		expect(await names('y_b')).toEqual(['Ally_B']);
		expect(await names('%%')).toEqual([]);
		expect(await names('\\')).toEqual(['Back\\slash']);
		expect(await names("' or 1=1 --")).toEqual([]);
		expect(await names('ally')).toEqual(['AllyXB', 'Ally_B'].sort());
	});
});

describe('staff accounts', () => {
	it('refuses removing your own admin role and giving staff roles to participants', async () => {
		await expectInputError(setStaffRoles(db, admin, admin.id, ['officer']), 'roles');
		await expectInputError(setStaffRoles(db, admin, parent.id, ['officer']));
		await expectInputError(setStaffRoles(db, admin, championB.id, ['officer']));
		const roles = async (id: string) => (await db.select().from(userRoles).where(eq(userRoles.userId, id))).map((r) => r.role).sort();
		expect(await roles(admin.id)).toEqual(['admin']);
		expect(await roles(parent.id)).toEqual(['parent_carer']);
		expect(await roles(championB.id)).toEqual(['champion']);
	});

	it('audits role changes with before and after, and sessions see them at once', async () => {
		const staff = await quickUser(db, orgA, ['officer']);
		const token = generateSessionToken();
		await createSession(db, token, staff.id);
		await setStaffRoles(db, admin, staff.id, ['officer', 'champion']);
		expect((await validateSessionToken(db, token))!.user.roles).toEqual(['champion', 'officer']);
		const [audit] = (await auditFor(db, 'user.roles_changed')).filter((a) => a.targetId === staff.id);
		expect(audit).toMatchObject({ actorId: admin.id, detail: { before: 'officer', after: 'champion,officer' } });
	});

	it('refuses disabling yourself or someone in another organisation', async () => {
		await expectInputError(setAccountDisabled(db, admin, admin.id, true));
		await expectInputError(setAccountDisabled(db, admin, championB.id, true));
		const disabled = await db.select({ id: users.id, at: users.disabledAt }).from(users);
		expect(disabled.filter((u) => u.id === admin.id || u.id === championB.id).every((u) => u.at === null)).toBe(true);
	});
});

describe('changePassword', () => {
	it('needs the current password, refuses weak ones, and ends every other session', async () => {
		const person = await quickUser(db, orgA, ['young_person'], { username: 'cleo.change', displayName: 'Cleo' });
		const old = [generateSessionToken(), generateSessionToken()];
		for (const token of old) await createSession(db, token, person.id);

		await expectInputError(changePassword(db, person.id, 'not-my-password', 'fresh-orchard-lamp-3'), 'currentPassword');
		await expectInputError(changePassword(db, person.id, SHARED_PASSWORD, 'sunshine1'), 'newPassword');
		await expectInputError(changePassword(db, person.id, SHARED_PASSWORD, 'cleo.change.2025'), 'newPassword');
		expect(await sessionsOf(db, person.id)).toHaveLength(2);

		const next = 'fresh-orchard-lamp-3';
		const { token } = await changePassword(db, person.id, SHARED_PASSWORD, next);
		for (const t of old) expect(await validateSessionToken(db, t)).toBeNull();
		expect(await sessionsOf(db, person.id)).toHaveLength(1);
		expect((await validateSessionToken(db, token))!.user.id).toBe(person.id);
		const [row] = await db.select().from(users).where(eq(users.id, person.id));
		expect(await verifyPassword(row.passwordHash, next)).toBe(true);
		expect((await auditFor(db, 'password.changed')).some((a) => a.targetId === person.id)).toBe(true);
	});
});

describe('seedDemo', () => {
	it('fills an empty database once, with demo passwords that verify', async () => {
		const fresh = await createTestDatabase();
		try {
			expect(await seedDemo(fresh.db)).toBe(true);
			expect(await seedDemo(fresh.db)).toBe(false);
			const counts = await allCounts(fresh.db);
			expect(counts.organisations).toBe(1);
			expect(counts.users).toBe(DEMO_ACCOUNTS.length);
			const stored = await fresh.db.select().from(users);
			for (const account of DEMO_ACCOUNTS) {
				const user = stored.find((u) => u.username === account.username)!;
				expect(await verifyPassword(user.passwordHash, account.password), account.username).toBe(true);
				expect(user.passwordHash).toMatch(/^\$argon2id\$/);
			}
			const mia = stored.find((u) => u.username === 'mia')!;
			expect(await hasActiveConsent(fresh.db, mia.id)).toBe(true);
			const leo = (await listParticipants(fresh.db, mia.organisationId)).find((p) => p.username === 'leo');
			expect(leo).toMatchObject({ needsConsent: true, canJoinPanels: false });
		} finally {
			await fresh.close();
		}
	}, 180_000);
});
