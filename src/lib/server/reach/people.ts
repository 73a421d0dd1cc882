// Who took part, for reach: one profile per person. Account holders who took part in any way
// (a signed-in survey response, submitted panel scores, a visit report, an attended session, a
// signed-in live phone, a contributions row) count once, described by their account and their most
// recent equality answers. Each anonymous survey response counts as one person: nothing links two
// of them, so one person answering two surveys counts twice. Walk-ins and anonymous live phones
// gave no details at all and are only counted, separately.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { ageOn } from '../auth/policy';
import { userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { panelMembers, panelScores, panels, tenders } from '../evaluation/schema';
import { contracts } from '../monitoring/schema';
import { shoppingProgrammes, shoppingReports, shoppingVisits } from '../mystery-shopping/schema';
import { contributions } from '../participation/schema';
import { surveyResponses, surveys } from '../surveys/schema';
import { liveParticipants, sessionRegistrations, workshopSessions } from '../workshops/schema';
import { AGE_BANDS, PREFER_NOT, ageBandFor, ageBandFromAnswer } from '../../surveys/equality';
import type { Answers } from '../../surveys/definition';
import { UNKNOWN, broadEthnicity } from './groups';

/** Where the figures come from: the whole organisation, or one of its projects. */
export interface ReachScope {
	organisationId: string;
	projectId?: string;
}

export const REACH_ACTIVITIES = ['survey', 'panel', 'mystery_shopping', 'session', 'other'] as const;
export type ReachActivity = (typeof REACH_ACTIVITIES)[number];

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
	if (withArea) profile.area = areaOf(withArea.answers['eq-area'], withArea.areas) ?? UNKNOWN;
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

export async function gatherParticipants(db: Db, scope: ReachScope, now = new Date()): Promise<Participants> {
	const org = scope.organisationId;
	const inProject = (column: AnyPgColumn) => (scope.projectId ? eq(column, scope.projectId) : undefined);

	const [responses, panelPeople, shoppers, attended, livePeople, credited, sessionTotals] = await Promise.all([
		db
			.select({ userId: surveyResponses.userId, respondentType: surveyResponses.respondentType, ageBand: surveyResponses.ageBand, answers: surveyResponses.answers, submittedAt: surveyResponses.submittedAt, areas: surveys.equalityAreas })
			.from(surveyResponses)
			.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
			.where(and(eq(surveys.organisationId, org), inProject(surveys.projectId))),
		db
			.selectDistinct({ userId: panelMembers.userId })
			.from(panelScores)
			.innerJoin(panelMembers, eq(panelMembers.id, panelScores.panelMemberId))
			.innerJoin(panels, eq(panels.id, panelMembers.panelId))
			.innerJoin(tenders, eq(tenders.id, panels.tenderId))
			.where(and(eq(tenders.organisationId, org), isNotNull(panelScores.submittedAt), inProject(tenders.projectId))),
		db
			.selectDistinct({ userId: shoppingReports.shopperId })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
			.innerJoin(contracts, eq(contracts.id, shoppingProgrammes.contractId))
			.where(and(eq(shoppingProgrammes.organisationId, org), inProject(contracts.projectId))),
		db
			.selectDistinct({ userId: sessionRegistrations.userId })
			.from(sessionRegistrations)
			.innerJoin(workshopSessions, eq(workshopSessions.id, sessionRegistrations.sessionId))
			.where(and(eq(workshopSessions.organisationId, org), isNotNull(sessionRegistrations.attendedAt), inProject(workshopSessions.projectId))),
		db
			.select({ userId: liveParticipants.userId })
			.from(liveParticipants)
			.innerJoin(workshopSessions, eq(workshopSessions.id, liveParticipants.sessionId))
			.where(and(eq(workshopSessions.organisationId, org), inProject(workshopSessions.projectId))),
		db
			.selectDistinct({ userId: contributions.userId, activity: contributions.activity })
			.from(contributions)
			.where(and(eq(contributions.organisationId, org), isNotNull(contributions.userId), inProject(contributions.projectId))),
		db
			.select({ walkIns: sql<number>`coalesce(sum(${workshopSessions.walkIns}), 0)::int` })
			.from(workshopSessions)
			.where(and(eq(workshopSessions.organisationId, org), inProject(workshopSessions.projectId)))
	]);

	const byActivity = new Map<ReachActivity, Set<string>>(REACH_ACTIVITIES.map((a) => [a, new Set<string>()]));
	const add = (activity: ReachActivity, userId: string | null) => {
		if (userId) byActivity.get(activity)!.add(userId);
	};
	const signedIn = responses.filter((r) => r.userId !== null);
	const unlinked = responses.filter((r) => r.userId === null);
	for (const r of signedIn) add('survey', r.userId);
	for (const r of panelPeople) add('panel', r.userId);
	for (const r of shoppers) add('mystery_shopping', r.userId);
	for (const r of attended) add('session', r.userId);
	for (const r of livePeople) add('session', r.userId);
	for (const r of credited) add(r.activity === 'mystery_shopping' || r.activity === 'panel' || r.activity === 'session' ? r.activity : 'other', r.userId);

	const all = [...new Set([...byActivity.values()].flatMap((s) => [...s]))].sort();
	const profiles = await accountProfiles(db, org, all, now);
	// Staff who sat on a panel or ran a session were doing their job: reach counts young people and parents.
	for (const set of byActivity.values()) for (const id of set) if (!profiles.has(id)) set.delete(id);
	const people = [...profiles.values()];

	const counts = Object.fromEntries(REACH_ACTIVITIES.map((a) => [a, byActivity.get(a)!.size])) as Record<ReachActivity, number>;
	counts.survey += unlinked.length;
	return {
		people: [...people, ...unlinked.map(anonymousProfile)],
		accountHolders: people.length,
		anonymousResponses: unlinked.length,
		byActivity: counts,
		walkIns: Number(sessionTotals[0]?.walkIns ?? 0),
		anonymousPhones: livePeople.filter((p) => p.userId === null).length
	};
}

/**
 * Each participant's profile, by id: type from their role, age from their birth month, the rest from
 * their newest answers anywhere in the organisation. Staff-only accounts (no participant role) are
 * left out; deleted accounts stay in, with every detail "Not known".
 */
async function accountProfiles(db: Db, organisationId: string, ids: string[], now: Date): Promise<Map<string, Profile>> {
	const profiles = new Map<string, Profile>();
	for (let i = 0; i < ids.length; i += 2000) {
		const chunk = ids.slice(i, i + 2000);
		const [people, roles, answered] = await Promise.all([
			db.select({ id: users.id, birthMonth: users.birthMonth, deletedAt: users.deletedAt }).from(users).where(and(inArray(users.id, chunk), eq(users.organisationId, organisationId))),
			db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, chunk)),
			db
				.select({ userId: surveyResponses.userId, respondentType: surveyResponses.respondentType, ageBand: surveyResponses.ageBand, answers: surveyResponses.answers, submittedAt: surveyResponses.submittedAt, areas: surveys.equalityAreas })
				.from(surveyResponses)
				.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
				.where(and(eq(surveys.organisationId, organisationId), inArray(surveyResponses.userId, chunk)))
		]);
		const known = new Map(people.map((p) => [p.id, p]));
		for (const id of chunk) {
			const person = known.get(id);
			if (!person) continue;
			const profile = blank();
			// Deleted accounts still took part, but nothing about them is kept: every detail is "Not known".
			if (person.deletedAt) {
				profiles.set(id, profile);
				continue;
			}
			const theirRoles = roles.filter((r) => r.userId === id).map((r) => r.role);
			if (!theirRoles.includes('young_person') && !theirRoles.includes('parent_carer')) continue;
			profiles.set(id, profile);
			profile.type = theirRoles.includes('young_person') ? 'young_person' : theirRoles.includes('parent_carer') ? 'parent_carer' : UNKNOWN;
			if (person.birthMonth) profile.age_band = ageBandFor(ageOn(person.birthMonth, now));
			const theirs = answered.filter((r) => r.userId === id).sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
			fromResponses(profile, theirs);
		}
	}
	return profiles;
}
