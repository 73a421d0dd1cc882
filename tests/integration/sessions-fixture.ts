// Shared set-up for the sessions tests: two councils, their champions and projects, participants
// of each kind (a 17-year-old, a 14-year-old with consent, a 13-year-old without, a parent), a
// session form filled in, and "nothing changed" counts over every table the sessions code writes.
import { expect } from 'vitest';
import { recordConsent } from '../../src/lib/server/auth/consent';
import type { Db } from '../../src/lib/server/db/client';
import type { SessionInput } from '../../src/lib/server/workshops/session-input';
import { createSession } from '../../src/lib/server/workshops/sessions';
import { allCounts, birthMonthYearsAgo, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

export type Person = Awaited<ReturnType<typeof quickUser>>;
/** Sunday 15 March 2026, noon in London (GMT). */
export const NOW = new Date('2026-03-15T12:00:00Z');

export const form = (projectId: string, overrides: Partial<SessionInput> = {}): SessionInput => ({
	projectId,
	step: '2',
	kind: 'workshop',
	title: 'What makes a good youth club?',
	description: 'Pizza and ideas.',
	startsAt: '2026-03-20T18:00',
	endsAt: '2026-03-20T20:00',
	place: 'Riverside Youth Centre',
	onlineLink: '',
	capacity: '',
	invite: 'participants',
	hoursCredited: '2',
	showNicknames: '',
	...overrides
});

export async function sessionWorld(db: Db) {
	const orgA = await makeOrganisation(db, 'Northfield Council');
	const orgB = await makeOrganisation(db, 'Southbank Council');
	const champion = await quickUser(db, orgA, ['champion']);
	const officer = await quickUser(db, orgA, ['officer']);
	const championB = await quickUser(db, orgB, ['champion']);
	const projectId = await quickProject(db, champion);
	const projectB = await quickProject(db, championB, 'Elsewhere');
	const jay = await quickUser(db, orgA, ['young_person'], { displayName: 'Jay', birthMonth: birthMonthYearsAgo(17, NOW) });
	const mia = await quickUser(db, orgA, ['young_person'], { displayName: 'Mia', birthMonth: birthMonthYearsAgo(14, NOW) });
	await recordConsent(db, champion, mia.id, { givenBy: 'Sam Mia-parent', relationship: 'Parent', givenOn: '2026-01-10', method: 'paper form' }, NOW);
	const leo = await quickUser(db, orgA, ['young_person'], { displayName: 'Leo', birthMonth: birthMonthYearsAgo(13, NOW) });
	const priya = await quickUser(db, orgA, ['parent_carer'], { displayName: 'Priya' });
	const outsider = await quickUser(db, orgB, ['young_person'], { displayName: 'Olu', birthMonth: birthMonthYearsAgo(17, NOW) });
	return { orgA, orgB, champion, officer, championB, projectId, projectB, jay, mia, leo, priya, outsider };
}
export type SessionWorld = Awaited<ReturnType<typeof sessionWorld>>;

export async function quickSession(db: Db, w: SessionWorld, overrides: Partial<SessionInput> = {}) {
	return createSession(db, w.champion, form(w.projectId, overrides), NOW);
}

/** Every table the sessions code writes, with the audit log. */
export async function sessionCounts(db: Db): Promise<Record<string, number>> {
	const counts = await allCounts(db);
	for (const t of ['workshop_sessions', 'session_registrations', 'contributions', 'live_activities']) {
		const [row] = await rows<{ n: number }>(db, `select count(*)::int as n from ${t}`);
		counts[t] = Number(row.n);
	}
	return counts;
}

/** A snapshot of the rows that matter, to show a refusal changed nothing at all. */
export async function snapshot(db: Db) {
	return {
		counts: await sessionCounts(db),
		sessions: await rows(db, 'select * from workshop_sessions order by id'),
		registrations: await rows(db, 'select * from session_registrations order by id')
	};
}

/** The call is refused with a message matching `message` (on `field`), and nothing changes. */
export async function refused(db: Db, run: () => Promise<unknown>, message: string | RegExp, field?: string) {
	const before = await snapshot(db);
	const err = await expectInputError(run(), field);
	expect(err.message).toMatch(message);
	expect(await snapshot(db)).toEqual(before);
	return err;
}
