// The demo's recognition: panel hours for the participants who submitted scores (never staff),
// the champion's hours for jay, and every kind of reward, all through the real functions.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Seeding runs the live functions, which tell the screens to look again: nobody listens here.
vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import { seedDemo } from '../../src/lib/server/demo/seed';
import { certificateFor } from '../../src/lib/server/recognition/certificate';
import { participantLedger } from '../../src/lib/server/recognition/ledger';
import { listRewards } from '../../src/lib/server/recognition/rewards';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
const NOW = new Date('2026-11-20T12:00:00Z');
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, NOW);
}, 180_000);
afterAll(async () => {
	await t?.close();
});

const person = async (username: string) => (await rows<{ id: string; organisation_id: string }>(t.db, `select id, organisation_id from users where username = '${username}'`))[0];

describe('demo recognition', () => {
	it('credits panel hours once to each participant who submitted scores, and none to staff', async () => {
		const credited = await rows<{ username: string; n: number }>(
			t.db,
			`select u.username, count(*)::int as n from contributions c join users u on u.id = c.user_id where c.activity = 'panel' group by u.username order by u.username`
		);
		expect(credited.length).toBeGreaterThan(0);
		expect(credited.map((c) => c.username)).toContain('jay');
		expect(credited.some((c) => ['officer', 'morgan', 'champion'].includes(c.username))).toBe(false);
		const twice = await rows(t.db, `select source_id from contributions where activity = 'panel' group by source_id having count(*) > 1`);
		expect(twice).toEqual([]);
	});

	it('gives jay every kind of ledger row the demo has, and rewards of every kind overall', async () => {
		const jay = await person('jay');
		const ledger = await participantLedger(t.db, jay.organisation_id, jay.id);
		const kinds = ledger.byActivity.map((a) => a.activity);
		for (const k of ['panel', 'session', 'other']) expect(kinds).toContain(k);
		expect(ledger.entries.find((e) => e.activity === 'other')).toMatchObject({ addedBy: 'Chloe Champion', hours: 3 });
		const all = await listRewards(t.db, jay.organisation_id);
		expect(new Set(all.map((r) => r.kind))).toEqual(new Set(['voucher', 'payment', 'accreditation']));
		const jays = all.filter((r) => r.recipientId === jay.id);
		expect(jays.find((r) => r.kind === 'voucher')).toMatchObject({ valuePence: 2000 });
		expect(jays.find((r) => r.kind === 'voucher')!.projectTitle).toBeTruthy();
		for (const r of all) expect(r.givenOn <= '2026-11-20').toBe(true);
		const certificate = await certificateFor(t.db, jay.organisation_id, jay.id, NOW);
		expect(certificate.totalHours).toBe(ledger.totalHours);
		expect(certificate.accreditations.map((a) => a.description)).toEqual(['AQA Unit Award: helping to choose a local service']);
	});
});
