import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { changePassword } from '../../src/lib/server/auth/profile';
import { staffAccountSchema } from '../../src/lib/server/auth/accounts';
import { consentSchema } from '../../src/lib/server/auth/consent';
import { createProject, getProject, projectSchema, updateProject } from '../../src/lib/server/projects/projects';
import { projects } from '../../src/lib/server/projects/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { makeOrganisation } from '../helpers/people';
import { auditFor, expectInputError, quickUser, SHARED_PASSWORD } from '../helpers/fixtures-integration';

// Rules added after a security review; each test fails if its rule is lost.

let t: TestDatabase;
let db: Db;
let org: string;
beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	org = await makeOrganisation(db);
});
afterAll(async () => {
	await t?.close();
});

const project = (over: Record<string, string> = {}) =>
	v.parse(projectSchema, {
		title: 'Rules project',
		summary: 'A project for testing the rules.',
		serviceArea: 'Testing',
		level: 'operational',
		route: 'grant',
		annualValue: '1000',
		contractMonths: '12',
		leadOfficerId: '',
		publicContact: '',
		status: 'planned',
		...over
	});

describe('changing a password', () => {
	it('throttles and audits wrong current passwords, as signing in does', async () => {
		const person = await quickUser(db, org, ['parent_carer']);
		const now = new Date('2026-11-22T10:00:00Z');
		for (let i = 0; i < 6; i++) await expectInputError(changePassword(db, person.id, `wrong-${i}-password`, 'a fresh long passphrase', now), 'currentPassword');
		// Now even the right password waits, with a plain message.
		const waiting = await expectInputError(changePassword(db, person.id, SHARED_PASSWORD, 'a fresh long passphrase', now), 'currentPassword');
		expect(waiting.message).toMatch(/Too many tries/);
		const audit = await auditFor(db, 'password.change_failed');
		expect(audit.filter((a) => a.targetId === person.id)).toHaveLength(6);
		// After the wait it works, and clears the count.
		const later = new Date(now.getTime() + 31_000);
		await changePassword(db, person.id, SHARED_PASSWORD, 'a fresh long passphrase', later);
	});
});

describe('projects', () => {
	it('takes only officers of the organisation as lead officer', async () => {
		const officer = await quickUser(db, org, ['officer']);
		const youngPerson = await quickUser(db, org, ['young_person']);
		const champion = await quickUser(db, org, ['champion']);
		for (const lead of [youngPerson, champion]) {
			await expectInputError(createProject(db, officer, project({ leadOfficerId: lead.id })), 'leadOfficerId');
		}
		const ok = await createProject(db, officer, project({ leadOfficerId: officer.id }));
		expect(ok.leadOfficerId).toBe(officer.id);
	});

	it('lets a project being decommissioned be closed, but not quietly reopened', async () => {
		const officer = await quickUser(db, org, ['officer']);
		const p = await createProject(db, officer, project());
		await db.update(projects).set({ status: 'decommissioning' }).where(eq(projects.id, p.id));
		for (const status of ['active', 'planned']) {
			await expectInputError(updateProject(db, officer, p.id, project({ status })), 'status');
		}
		expect((await getProject(db, org, p.id)).status).toBe('decommissioning');
		await updateProject(db, officer, p.id, project({ status: 'closed' }));
		expect((await getProject(db, org, p.id)).status).toBe('closed');
	});
});

describe('form schemas', () => {
	it('refuse dates that are not on the calendar, which Postgres would refuse', () => {
		for (const givenOn of ['2026-02-31', '0000-01-01', '2026-13-01', '1999-12-31']) {
			expect(v.safeParse(consentSchema, { givenBy: 'A', relationship: 'Mother', givenOn, method: 'paper form' }).success, givenOn).toBe(false);
		}
	});
	it('treat a role chosen twice as one role', () => {
		const parsed = v.parse(staffAccountSchema, { displayName: 'Dee', username: 'dee', roles: ['officer', 'officer'] });
		expect(parsed.roles).toEqual(['officer']);
	});
});
