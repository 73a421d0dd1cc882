// Reach figures are right for the seeded demo, with suppression: the 212 anonymous needs-survey
// answers (each one person), the demo participants who took part (each once), the workshop's
// walk-ins and phones apart, the demo population shares, and the flags they raise (never on a
// hidden group whose flag would narrow its number down), and the quality view's counts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Seeding runs the live functions, which tell the screens to look again: nobody listens here.
vi.mock('../../src/lib/server/realtime', () => ({ announce: async () => {} }));

import { seedDemo } from '../../src/lib/server/demo/seed';
import { publicProject } from '../../src/lib/server/publishing/portal';
import type { Breakdown, ReachFigures } from '../../src/lib/server/reach/figures';
import { projectQuality, setQualityPublished } from '../../src/lib/server/reach/quality';
import { organisationReach, projectReach } from '../../src/lib/server/reach/reach';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rows } from '../helpers/fixtures-integration';

let t: TestDatabase;
let organisationId: string;
let mentalHealth: string;
const NOW = new Date('2026-11-20T12:00:00Z');
beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, NOW);
	[{ id: organisationId }] = await rows<{ id: string }>(t.db, 'select id from organisations');
	[{ id: mentalHealth }] = await rows<{ id: string }>(t.db, `select id from projects where slug = 'youth-mental-health-support'`);
}, 180_000);
afterAll(async () => {
	await t?.close();
});

const table = (figures: ReachFigures, dimension: Breakdown['dimension']) =>
	figures.breakdowns
		.find((b) => b.dimension === dimension)!
		.groups.filter((g) => g.count.value !== 0)
		.map((g) => `${g.key} ${g.count.display}${g.percent === null ? '' : ` ${g.percent}%`}${g.flagged ? ' !' : ''}${g.tooFewToCompare ? ' ?' : ''}`);

describe('demo reach', () => {
	it('counts the youth mental-health project’s people, with suppression and flags', async () => {
		const { figures } = await projectReach(t.db, organisationId, mentalHealth, NOW);
		// 212 anonymous answers and 4 participants with accounts: the 4 would show through the total, so both are hidden.
		expect([figures.total.display, figures.accountHolders.display, figures.anonymousResponses.display, figures.withoutDetails.display]).toEqual(['216', 'not shown', 'not shown', '24']);
		expect(figures.activities.map((a) => `${a.activity} ${a.count.display}`)).toEqual(['survey 212', 'mystery_shopping fewer than 5', 'session fewer than 5']);
		// Parents and carers are a handful, so every type is hidden: "not shown" could be anyone, so nothing is compared.
		expect(table(figures, 'type')).toEqual(['young_person not shown ?', 'parent_carer not shown ?', 'unknown not shown']);
		expect(table(figures, 'age_band')).toEqual(['under_13 24 15% !', '13_15 58 37%', '16_17 45 29%', '18_24 28 18%', 'unknown 61']);
		expect(table(figures, 'area')).toEqual(['area:North Riverside 42 30%', 'area:Town centre 36 26%', 'area:South Riverside 32 23%', 'area:Eastfields 31 22% !', 'unknown 75']);
		expect(table(figures, 'sex')).toEqual(['female 59 56%', 'male 47 44%', 'unknown 110']);
		expect(table(figures, 'ethnicity')).toEqual(['asian 42 26%', 'black 22 13%', 'mixed 37 23%', 'white 41 25% !', 'other 21 13%', 'unknown 53']);
		expect(table(figures, 'disability')).toEqual(['yes 61 54%', 'no 52 46% !', 'unknown 103']);
		const detail = table(figures, 'ethnicity_detail');
		expect(detail.filter((row) => row.includes('fewer than'))).toEqual(['asian_bangladeshi fewer than 5', 'black_african fewer than 5']);
		expect(figures.flaggedCount).toBe(4);
	});

	it('counts the whole organisation', async () => {
		const figures = await organisationReach(t.db, organisationId, NOW);
		expect([figures.total.display, figures.anonymousResponses.display, figures.withoutDetails.display]).toEqual(['216', 'not shown', '24']);
		expect(figures.activities.find((a) => a.activity === 'survey')!.count.display).toBe('212');
		expect(table(figures, 'age_band')).toEqual(['under_13 24 15% !', '13_15 58 37%', '16_17 45 29%', '18_24 28 18%', 'unknown 61']);
		expect(table(figures, 'type')).toEqual(['young_person not shown ?', 'parent_carer not shown ?', 'unknown not shown']);
		expect(figures.flaggedCount).toBe(4);
	});

	it('shows the project’s quality view, not public until published', async () => {
		const q = await projectQuality(t.db, organisationId, mentalHealth);
		expect(q.space).toEqual({ steps: [1, 2, 3, 5, 7], planned: 5, of: 8 });
		expect(q.voice.formats).toEqual(['easy_read', 'other_languages', 'bsl', 'audio', 'online', 'in_person', 'evening_weekend', 'travel_paid']);
		// 216 people (4 with accounts, 212 anonymous answers), and 24 walk-ins and phones apart.
		expect([q.voice.people.display, q.voice.withoutDetails.display]).toEqual(['216', '24']);
		// Published entries answered 1 of 2, visit reports reviewed 12 of 12, workshop ideas moderated 9 of 10.
		expect(q.audience).toEqual({ responded: 22, of: 24, youSaid: { responded: 1, of: 2 }, reports: { responded: 12, of: 12 }, ideas: { responded: 9, of: 10 } });
		expect(q.influence).toEqual({ decided: 1, changed: 1 });
		expect((await publicProject(t.db, 'youth-mental-health-support'))!.quality).toBeNull();
		// Published: the headline counts. The 216 shows: the public page's shown activity counts (212 answers, 15 at workshops) cover it.
		const [officer] = await rows<{ id: string }>(t.db, `select id from users where username = 'officer'`);
		await setQualityPublished(t.db, { id: officer.id, organisationId }, mentalHealth, true);
		expect((await publicProject(t.db, 'youth-mental-health-support'))!.quality).toEqual({
			stepsWithInvolvement: 5,
			formatsOffered: 8,
			peopleTakingPart: 216,
			peopleTakingPartDisplay: '216',
			inputResponded: 22,
			inputTotal: 24,
			decisionsMade: 1,
			changesMade: 1
		});
		await setQualityPublished(t.db, { id: officer.id, organisationId }, mentalHealth, false);
	});
});
