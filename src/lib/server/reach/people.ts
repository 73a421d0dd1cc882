// Who took part, for reach: one profile per person. Account holders who took part in any way (the
// shared list in participation/took-part.ts: a signed-in survey response, submitted panel scores, a
// visit report, an attended session, a live activity answered signed in, contribution hours) count
// once, described by their account and their most recent equality answers. A deleted account still
// counts as one person (its survey answers stay linked to it, never counted as anonymous), with
// every detail "Not known": nothing it answered is used. Each anonymous survey response counts as one
// person: nothing links two of them, so one person answering two surveys counts twice. Walk-ins and
// phones that answered a live activity without signing in gave no details at all and are only
// counted, separately.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { ageOn } from '../auth/policy';
import { userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { TOOK_PART_ACTIVITIES, tookPart, type TookPartActivity } from '../participation/took-part';
import { surveyResponses, surveys } from '../surveys/schema';
import { liveActivities, liveParticipants, liveResponses, workshopSessions } from '../workshops/schema';
import { AGE_BANDS, PREFER_NOT, ageBandFor, ageBandFromAnswer } from '../../surveys/equality';
import type { Answers } from '../../surveys/definition';
import { UNKNOWN, areaKey, broadEthnicity } from './groups';

/** Where the figures come from: the whole organisation, or one of its projects. */
export interface ReachScope {
	organisationId: string;
	projectId?: string;
}

export const REACH_ACTIVITIES = TOOK_PART_ACTIVITIES;
export type ReachActivity = TookPartActivity;

/** A person's group in each breakdown ('unknown' when not known). */
export interface Profile {
	type: string;
	age_band: string;
	area: string;
	sex: string;
	gender_same: string;
	ethnicity: string;
	ethnicity_detail: string;
	disability: string;
	religion: string;
	sexual_orientation: string;
}

export interface Participants {
	/** Account holders (deduplicated) first, then one per anonymous survey response. */
	people: Profile[];
	accountHolders: number;
	anonymousResponses: number;
	/** Distinct people per activity (anonymous responses count under 'survey'). */
	byActivity: Record<ReachActivity, number>;
	walkIns: number;
	anonymousPhones: number;
}

const ANSWER_DIMENSIONS: [keyof Profile, string][] = [
	['sex', 'eq-sex'],
	['gender_same', 'eq-gender-same'],
	['ethnicity_detail', 'eq-ethnicity'],
	['disability', 'eq-disability'],
	['religion', 'eq-religion'],
	['sexual_orientation', 'eq-sexual-orientation']
];

interface ResponseRow {
	userId: string | null;
	respondentType: string;
	ageBand: string;
	answers: Answers;
	submittedAt: Date;
	areas: string[];
}

/** A single-choice answer that tells us something ("prefer not to say" tells us nothing). */
const told = (value: unknown): string | null => (typeof value === 'string' && value !== PREFER_NOT && value !== '' ? value : null);

/** The area's name for an eq-area answer ("a2" → the survey's second area). */
function areaOf(answer: unknown, areas: readonly string[]): string | null {
	const id = told(answer);
	const match = id ? /^a(\d{1,3})$/.exec(id) : null;
	return match ? (areas[Number(match[1]) - 1] ?? null) : null;
}

const blank = (): Profile => ({
	type: UNKNOWN,
	age_band: UNKNOWN,
	area: UNKNOWN,
	sex: UNKNOWN,
	gender_same: UNKNOWN,
	ethnicity: UNKNOWN,
	ethnicity_detail: UNKNOWN,
	disability: UNKNOWN,
	religion: UNKNOWN,
	sexual_orientation: UNKNOWN
});

/** Fills what the answers tell, newest response first: each question from the newest response that answered it. */
function fromResponses(profile: Profile, newestFirst: readonly ResponseRow[]): Profile {
	for (const [field, questionId] of ANSWER_DIMENSIONS) {
		const hit = newestFirst.find((r) => questionId in r.answers);
		if (hit) profile[field] = told(hit.answers[questionId]) ?? UNKNOWN;
	}
	if (profile.ethnicity_detail !== UNKNOWN) profile.ethnicity = broadEthnicity(profile.ethnicity_detail) ?? UNKNOWN;
	const withArea = newestFirst.find((r) => 'eq-area' in r.answers);
	if (withArea) {
		const name = areaOf(withArea.answers['eq-area'], withArea.areas);
		profile.area = name === null ? UNKNOWN : areaKey(name);
	}
	if (profile.age_band === UNKNOWN) {
		for (const r of newestFirst) {
			const band = ageBandFromAnswer(r.answers['eq-age']) ?? ((AGE_BANDS as readonly string[]).includes(r.ageBand) ? r.ageBand : null);
			if (band) {
				profile.age_band = band;
				break;
			}
		}
	}
	return profile;
}

function anonymousProfile(r: ResponseRow): Profile {
	const profile = blank();
	if (r.respondentType === 'young_person' || r.respondentType === 'parent_carer') profile.type = r.respondentType;
	return fromResponses(profile, [r]);
}

const responseColumns = {
	userId: surveyResponses.userId,
	respondentType: surveyResponses.respondentType,
	ageBand: surveyResponses.ageBand,
	answers: surveyResponses.answers,
	submittedAt: surveyResponses.submittedAt,
	areas: surveys.equalityAreas
};

interface Gathered {
	/** Participant accounts (young people, parents and carers, deleted accounts) by id. */
	accounts: Map<string, Account>;
	byActivity: Record<ReachActivity, number>;
	anonymous: ResponseRow[];
	walkIns: number;
	anonymousPhones: number;
}

interface Account {
	birthMonth: string | null;
	deleted: boolean;
	type: string;
}

/** Everyone who took part in the scope, counted: the part reach and the quality view's "voice" share. */
async function gather(db: Db, scope: ReachScope): Promise<Gathered> {
	const org = scope.organisationId;
	const inProject = (column: AnyPgColumn) => (scope.projectId ? eq(column, scope.projectId) : undefined);
	const [rows, anonymous, phones, sessionTotals] = await Promise.all([
		tookPart(db, scope),
		db
			.select(responseColumns)
			.from(surveyResponses)
			.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
			.where(and(eq(surveys.organisationId, org), isNull(surveyResponses.userId), inProject(surveys.projectId))),
		db
			.select({ n: sql<number>`count(distinct ${liveParticipants.id})::int` })
			.from(liveResponses)
			.innerJoin(liveParticipants, eq(liveParticipants.id, liveResponses.participantId))
			.innerJoin(liveActivities, eq(liveActivities.id, liveResponses.activityId))
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveActivities.sessionId))
			.where(and(eq(workshopSessions.organisationId, org), isNull(liveParticipants.userId), inProject(workshopSessions.projectId))),
		db
			.select({ walkIns: sql<number>`coalesce(sum(${workshopSessions.walkIns}), 0)::int` })
			.from(workshopSessions)
			.where(and(eq(workshopSessions.organisationId, org), inProject(workshopSessions.projectId)))
	]);
	const accounts = await participantAccounts(db, org, [...new Set(rows.map((r) => r.userId))]);
	const byActivity = new Map<ReachActivity, Set<string>>(REACH_ACTIVITIES.map((a) => [a, new Set<string>()]));
	// Staff who sat on a panel or ran a session were doing their job: reach counts young people and parents.
	for (const r of rows) if (accounts.has(r.userId)) byActivity.get(r.activity)!.add(r.userId);
	const counts = Object.fromEntries(REACH_ACTIVITIES.map((a) => [a, byActivity.get(a)!.size])) as Record<ReachActivity, number>;
	counts.survey += anonymous.length;
	return { accounts, byActivity: counts, anonymous, walkIns: Number(sessionTotals[0]?.walkIns ?? 0), anonymousPhones: Number(phones[0]?.n ?? 0) };
}

/** How many people took part, deduplicated as on the reach page (for the quality view's "voice"). */
export async function countParticipants(db: Db, scope: ReachScope): Promise<{ people: number; withoutDetails: number }> {
	const g = await gather(db, scope);
	return { people: g.accounts.size + g.anonymous.length, withoutDetails: g.walkIns + g.anonymousPhones };
}

export async function gatherParticipants(db: Db, scope: ReachScope, now = new Date()): Promise<Participants> {
	const g = await gather(db, scope);
	const people = await accountProfiles(db, scope.organisationId, g.accounts, now);
	return {
		people: [...people, ...g.anonymous.map(anonymousProfile)],
		accountHolders: people.length,
		anonymousResponses: g.anonymous.length,
		byActivity: g.byActivity,
		walkIns: g.walkIns,
		anonymousPhones: g.anonymousPhones
	};
}

/**
 * The accounts reach counts, by id: young people and parents or carers (type from their role), and
 * deleted accounts (type "Not known"). Staff-only accounts are left out.
 */
async function participantAccounts(db: Db, organisationId: string, ids: string[]): Promise<Map<string, Account>> {
	const accounts = new Map<string, Account>();
	for (let i = 0; i < ids.length; i += 2000) {
		const chunk = ids.slice(i, i + 2000);
		const [people, roles] = await Promise.all([
			db.select({ id: users.id, birthMonth: users.birthMonth, deletedAt: users.deletedAt }).from(users).where(and(inArray(users.id, chunk), eq(users.organisationId, organisationId))),
			db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, chunk))
		]);
		for (const person of people) {
			if (person.deletedAt) {
				accounts.set(person.id, { birthMonth: null, deleted: true, type: UNKNOWN });
				continue;
			}
			const theirs = roles.filter((r) => r.userId === person.id).map((r) => r.role as string);
			const type = theirs.includes('young_person') ? 'young_person' : theirs.includes('parent_carer') ? 'parent_carer' : null;
			if (type) accounts.set(person.id, { birthMonth: person.birthMonth, deleted: false, type });
		}
	}
	return accounts;
}

/**
 * Each account's profile: type from their role, age from their birth month, the rest from their
 * newest answers anywhere in the organisation. A deleted account's profile is all "Not known": its
 * answers are never read.
 */
async function accountProfiles(db: Db, organisationId: string, accounts: ReadonlyMap<string, Account>, now: Date): Promise<Profile[]> {
	const ids = [...accounts.keys()].sort();
	const profiles: Profile[] = [];
	for (let i = 0; i < ids.length; i += 2000) {
		const chunk = ids.slice(i, i + 2000).filter((id) => !accounts.get(id)!.deleted);
		const answered = chunk.length
			? await db
					.select(responseColumns)
					.from(surveyResponses)
					.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
					.where(and(eq(surveys.organisationId, organisationId), inArray(surveyResponses.userId, chunk)))
			: [];
		const byPerson = new Map<string, ResponseRow[]>();
		for (const r of answered) byPerson.set(r.userId!, [...(byPerson.get(r.userId!) ?? []), r]);
		for (const id of ids.slice(i, i + 2000)) {
			const account = accounts.get(id)!;
			const profile = blank();
			profiles.push(profile);
			if (account.deleted) continue;
			profile.type = account.type;
			if (account.birthMonth) profile.age_band = ageBandFor(ageOn(account.birthMonth, now));
			fromResponses(profile, (byPerson.get(id) ?? []).sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime()));
		}
	}
	return profiles;
}
