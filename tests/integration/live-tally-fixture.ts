// A live session built straight into the tables (independent of the sessions and answers
// helpers' code), with helpers to add participants and answers for tally, hub and control tests.
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import type { LiveActivityType } from '../../src/lib/live/kinds';
import {
	liveActivities,
	liveChoices,
	liveEntries,
	liveOptions,
	liveParticipants,
	liveResponses,
	workshopSessions,
	type LiveActivity,
	type LiveEntryStatus
} from '../../src/lib/server/workshops/schema';
import { quickUser } from '../helpers/fixtures-integration';
import { makeOrganisation } from '../helpers/people';
import { quickProject } from '../helpers/projects';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function randomCode(): string {
	return Array.from({ length: 6 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('');
}

export async function liveOrganisation(db: Db, name = 'Test Council') {
	const organisationId = await makeOrganisation(db, name);
	const champion = await quickUser(db, organisationId, ['champion']);
	const projectId = await quickProject(db, champion);
	return { organisationId, champion, projectId };
}

export async function liveSession(
	db: Db,
	org: { organisationId: string; champion: { id: string }; projectId: string },
	overrides: Partial<typeof workshopSessions.$inferInsert> = {}
) {
	const id = newId();
	const now = Date.now();
	await db.insert(workshopSessions).values({
		id,
		organisationId: org.organisationId,
		projectId: org.projectId,
		step: 2,
		kind: 'workshop',
		title: 'Youth voice workshop',
		startsAt: new Date(now - 3600_000),
		endsAt: new Date(now + 3600_000),
		status: 'live',
		code: randomCode(),
		createdBy: org.champion.id,
		...overrides
	});
	return id;
}

export async function addActivity(
	db: Db,
	sessionId: string,
	type: LiveActivityType,
	overrides: Partial<typeof liveActivities.$inferInsert> & { options?: string[] } = {}
): Promise<LiveActivity & { optionIds: string[] }> {
	const { options = type === 'poll' || type === 'priority' ? ['Music', 'Sport', 'Art'] : [], ...rest } = overrides;
	const existing = await db.$count(liveActivities);
	const [activity] = await db
		.insert(liveActivities)
		.values({ id: newId(), sessionId, position: existing + 1, type, prompt: `What do you think (${type})?`, ...rest })
		.returning();
	const optionIds: string[] = [];
	for (const [i, label] of options.entries()) {
		const id = newId();
		optionIds.push(id);
		await db.insert(liveOptions).values({ id, activityId: activity.id, position: i + 1, label });
	}
	return { ...activity, optionIds };
}

export async function addParticipant(db: Db, sessionId: string, nickname = '') {
	const id = newId();
	await db.insert(liveParticipants).values({ id, sessionId, tokenHash: newId() + newId(), nickname });
	return id;
}

export async function respond(
	db: Db,
	activityId: string,
	participantId: string,
	answer: { choices?: [string, number][]; rating?: number; entries?: [string, LiveEntryStatus][] }
) {
	const responseId = newId();
	await db.insert(liveResponses).values({ id: responseId, activityId, participantId, rating: answer.rating ?? null });
	for (const [optionId, dots] of answer.choices ?? []) await db.insert(liveChoices).values({ responseId, optionId, activityId, dots });
	const entryIds: string[] = [];
	for (const [text, status] of answer.entries ?? []) {
		const id = newId();
		entryIds.push(id);
		await db.insert(liveEntries).values({ id, responseId, activityId, text, normalised: text.trim().toLowerCase(), status });
	}
	return { responseId, entryIds };
}
