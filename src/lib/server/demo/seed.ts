import { count } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { hashPassword } from '../auth/passwords';
import { consents, userRoles, users, type Role } from '../auth/schema';
import { approvalBands, organisations } from '../organisations/schema';
import { seedDemoProjects } from './projects';
import { seedDemoSurveys } from './surveys';
import { seedDemoTenders } from './tenders';
import { seedDemoMonitoring } from './monitoring';
import { seedDemoSessions } from './sessions';
import { seedDemoRecognition } from './recognition';

/** The demo accounts, also listed in the README. Demo only: never seeded unless asked for. */
export const DEMO_ACCOUNTS: { username: string; password: string; displayName: string; roles: Role[]; ageYears?: number; consent?: boolean }[] = [
	{ username: 'admin', password: 'amber-lantern-harbour', displayName: 'Ada Admin', roles: ['admin'] },
	{ username: 'officer', password: 'quiet-copper-meadow', displayName: 'Owen Officer', roles: ['officer'] },
	{ username: 'champion', password: 'bright-kite-orchard', displayName: 'Chloe Champion', roles: ['champion'] },
	{ username: 'morgan', password: 'silver-fern-compass', displayName: 'Morgan Lead', roles: ['officer', 'champion'] },
	{ username: 'jay', password: 'paper-boat-summer', displayName: 'Jay', roles: ['young_person'], ageYears: 17 },
	{ username: 'mia', password: 'green-tea-rocket', displayName: 'Mia', roles: ['young_person'], ageYears: 14, consent: true },
	{ username: 'leo', password: 'purple-cloud-tiger', displayName: 'Leo', roles: ['young_person'], ageYears: 13 },
	{ username: 'priya', password: 'warm-bread-sunday', displayName: 'Priya', roles: ['parent_carer'] },
	{ username: 'tom', password: 'orange-sofa-pebble', displayName: 'Tom', roles: ['parent_carer'] }
];

/** Achieving for Children's bands (domain brief), in pence; each band's upper bound is exclusive. */
export const AFC_APPROVAL_BANDS = [
	{ fromPence: 0, toPence: 50_000, approver: 'Line manager' },
	{ fromPence: 50_000, toPence: 5_000_000, approver: 'Head of service' },
	{ fromPence: 5_000_000, toPence: 50_000_001, approver: 'Senior leadership team' },
	{ fromPence: 50_000_001, toPence: null, approver: 'The board' }
];

function birthMonthFor(ageYears: number, now: Date): string {
	const d = new Date(Date.UTC(now.getUTCFullYear() - ageYears, now.getUTCMonth() - 3, 1));
	return d.toISOString().slice(0, 10);
}

export async function isEmpty(db: Db): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(organisations);
	return row.n === 0;
}

/** Fills an empty database with a demo organisation and people. Returns false if it wasn't empty. */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
	if (!(await isEmpty(db))) return false;
	const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
	await db.transaction(async (tx) => {
		const organisationId = newId();
		await tx.insert(organisations).values({ id: organisationId, name: 'Riverside Borough Council (demo)' });
		await tx.insert(approvalBands).values(AFC_APPROVAL_BANDS.map((b) => ({ id: newId(), organisationId, ...b })));
		const ids = new Map<string, string>();
		for (const [i, account] of DEMO_ACCOUNTS.entries()) {
			const id = newId();
			ids.set(account.username, id);
			await tx.insert(users).values({
				id,
				organisationId,
				username: account.username,
				displayName: account.displayName,
				passwordHash: hashes[i],
				birthMonth: account.ageYears ? birthMonthFor(account.ageYears, now) : null
			});
			await tx.insert(userRoles).values(account.roles.map((role) => ({ userId: id, role })));
		}
		for (const account of DEMO_ACCOUNTS.filter((a) => a.consent)) {
			await tx.insert(consents).values({
				id: newId(),
				userId: ids.get(account.username)!,
				givenBy: 'Parent of ' + account.displayName,
				relationship: 'Mother',
				// A year ago: before the demo's mystery-shopping visits, which need it.
				givenOn: new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10),
				method: 'paper form',
				recordedBy: ids.get('champion')!,
				recordedAt: new Date(now.getTime() - 364 * 86_400_000)
			});
		}
		await seedDemoProjects(tx, organisationId, ids.get('officer')!, now);
		await seedDemoSurveys(tx, organisationId, ids.get('officer')!, now);
		await seedDemoTenders(tx, organisationId, now);
		await seedDemoMonitoring(tx, organisationId, ids, now);
		await seedDemoSessions(tx, organisationId, ids, now);
		await (await import('./reach')).seedDemoReach(tx, organisationId, ids.get('officer')!, now);
		await seedDemoRecognition(tx, organisationId, ids, now);
		await recordAudit(tx, { organisationId, action: 'demo.seeded' });
	});
	return true;
}
