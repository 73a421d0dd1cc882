// A council, a champion, a project and live sessions to hang activities and answers on. Sessions
// are inserted directly (the sessions module has its own tests); status is set as the control
// panel would set it.
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { generateLiveCode } from '../../src/lib/server/workshops/live-code';
import { liveActivities, workshopSessions, type SessionStatus } from '../../src/lib/server/workshops/schema';
import { activitySchema, newActivityRaw, type ActivityInput } from '../../src/lib/server/live/activity-input';
import { addActivity } from '../../src/lib/server/live/activities';
import { joinLive } from '../../src/lib/server/live/participants';
import * as v from 'valibot';
import { quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

export type Person = Awaited<ReturnType<typeof quickUser>>;

export async function liveCouncil(db: Db, name = 'Live Council') {
	const organisationId = await makeOrganisation(db, name);
	const champion = await quickUser(db, organisationId, ['champion']);
	const officer = await quickUser(db, organisationId, ['officer']);
	const projectId = await quickProject(db, officer, `${name} project`);
	return { organisationId, champion, officer, projectId };
}

export async function quickSession(db: Db, council: { organisationId: string; projectId: string; champion: Person }, options: { status?: SessionStatus; showNicknames?: boolean; title?: string } = {}) {
	const id = newId();
	const code = generateLiveCode();
	await db.insert(workshopSessions).values({
		id,
		organisationId: council.organisationId,
		projectId: council.projectId,
		step: 2,
		kind: 'workshop',
		title: options.title ?? 'Youth club ideas',
		startsAt: new Date('2026-05-01T16:00:00Z'),
		endsAt: new Date('2026-05-01T18:00:00Z'),
		code,
		status: options.status ?? 'planned',
		showNicknames: options.showNicknames ?? false,
		createdBy: council.champion.id
	});
	return { id, code };
}

export const setStatus = (db: Db, sessionId: string, status: SessionStatus) => db.update(workshopSessions).set({ status }).where(eq(workshopSessions.id, sessionId));

/** Opens an activity and makes it the session's current one (what the control panel does). */
export async function openActivity(db: Db, sessionId: string, activityId: string) {
	await db.update(liveActivities).set({ state: 'open', openedAt: new Date() }).where(eq(liveActivities.id, activityId));
	await db.update(workshopSessions).set({ currentActivityId: activityId }).where(eq(workshopSessions.id, sessionId));
}

export const setState = (db: Db, activityId: string, state: 'draft' | 'open' | 'closed') => db.update(liveActivities).set({ state }).where(eq(liveActivities.id, activityId));

/** A form's input for an activity, from the form's strings. */
export function activityInput(fields: Partial<Record<keyof ReturnType<typeof newActivityRaw>, string>>): ActivityInput {
	return v.parse(activitySchema, { ...newActivityRaw(), ...fields });
}

export const KINDS = {
	poll: { type: 'poll', prompt: 'Best night for the club?', options: 'Monday\nWednesday\nFriday' },
	pollMany: { type: 'poll', prompt: 'What should we add?', pick: 'several', options: 'Music\nSport\nCooking\nGaming' },
	rating: { type: 'rating', prompt: 'How safe do you feel getting there?', scaleMin: '1', scaleMax: '5', minLabel: 'Not at all', maxLabel: 'Very' },
	words: { type: 'word_cloud', prompt: 'One word for the club', maxEntries: '3' },
	ideas: { type: 'ideas', prompt: 'Ideas for the summer', maxEntries: '2' },
	priority: { type: 'priority', prompt: 'Spend the budget', options: 'Trips\nFood\nKit', dots: '5' }
} as const;

/** A live session with one open activity of each kind, and two anonymous phones joined. */
export async function liveWithActivities(db: Db, council: Awaited<ReturnType<typeof liveCouncil>>, options: { allowChange?: boolean } = {}) {
	const session = await quickSession(db, council, { status: 'live' });
	const ids: Record<keyof typeof KINDS, string> = {} as never;
	for (const [key, fields] of Object.entries(KINDS)) {
		ids[key as keyof typeof KINDS] = await addActivity(db, council.champion, session.id, activityInput({ ...fields, allowChange: options.allowChange === false ? '' : 'yes' }));
		await setState(db, ids[key as keyof typeof KINDS], 'open');
	}
	const live = { id: session.id, status: 'live' as const, showNicknames: false };
	const phoneA = (await joinLive(db, { session: live, user: null, token: null })).participant;
	const phoneB = (await joinLive(db, { session: live, user: null, token: null })).participant;
	return { session, ids, phoneA, phoneB };
}
