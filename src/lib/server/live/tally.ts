// The results of one live activity, read from the answers as they are now: counts only, and the
// words and notes that may reach a screen. Used by the live snapshot (every few hundred ms while
// people watch), the results page and the CSV, so every kind is one or two small grouped queries.
//
// What reaches the screen: word-cloud words only while 'shown' (the filter or the champion may
// hide one), ideas only once 'approved'; pending and hidden ones are never counted here. A
// nickname goes beside an idea only when the session shows names (off unless the champion chose).
import { and, asc, count, desc, eq, sql, sum } from 'drizzle-orm';
import type { Db } from '../db/client';
import { liveActivities, liveChoices, liveEntries, liveOptions, liveParticipants, liveResponses, type LiveActivity } from '../workshops/schema';
import type { LiveOptionView, LiveTally } from '../../live/types';

/** Most words a word cloud shows; most notes an ideas wall shows. */
export const WORD_LIMIT = 60;
export const NOTE_LIMIT = 100;

export interface TallyOptions {
	/** The session shows nicknames beside ideas (workshopSessions.showNicknames). Off by default. */
	showNicknames?: boolean;
	/** The activity's options in order, when the caller has them already. */
	options?: LiveOptionView[];
}

type TallyActivity = Pick<LiveActivity, 'id' | 'type' | 'scaleMin' | 'scaleMax'>;

export async function activityOptions(db: Db, activityId: string): Promise<LiveOptionView[]> {
	return db
		.select({ id: liveOptions.id, label: liveOptions.label })
		.from(liveOptions)
		.where(eq(liveOptions.activityId, activityId))
		.orderBy(asc(liveOptions.position), asc(liveOptions.id));
}

async function responseCount(db: Db, activityId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(liveResponses).where(eq(liveResponses.activityId, activityId));
	return Number(row?.n ?? 0);
}

/** Poll: people per option (one choice row per person per option); priority: dots per option. */
async function optionCounts(db: Db, activity: TallyActivity, options: LiveOptionView[]) {
	const rows = await db
		.select({ optionId: liveChoices.optionId, n: activity.type === 'priority' ? sum(liveChoices.dots) : count() })
		.from(liveChoices)
		.where(eq(liveChoices.activityId, activity.id))
		.groupBy(liveChoices.optionId);
	const byOption = new Map(rows.map((r) => [r.optionId, Number(r.n ?? 0)]));
	return options.map((o) => ({ id: o.id, label: o.label, count: byOption.get(o.id) ?? 0 }));
}

async function ratingCounts(db: Db, activity: TallyActivity) {
	const rows = await db
		.select({ rating: liveResponses.rating, n: count() })
		.from(liveResponses)
		.where(and(eq(liveResponses.activityId, activity.id), sql`${liveResponses.rating} is not null`))
		.groupBy(liveResponses.rating);
	const counts = Array.from({ length: activity.scaleMax - activity.scaleMin + 1 }, () => 0);
	let total = 0;
	let people = 0;
	for (const row of rows) {
		const point = Number(row.rating);
		const n = Number(row.n);
		if (point < activity.scaleMin || point > activity.scaleMax) continue;
		counts[point - activity.scaleMin] += n;
		total += point * n;
		people += n;
	}
	return { counts, mean: people ? Math.round((total / people) * 100) / 100 : null, people };
}

/** Shown words, with how many people gave each (a person's repeated word counts once). */
async function wordCounts(db: Db, activityId: string) {
	const people = sql<number>`count(distinct ${liveEntries.responseId})`.mapWith(Number);
	const rows = await db
		.select({ text: liveEntries.normalised, count: people })
		.from(liveEntries)
		.where(and(eq(liveEntries.activityId, activityId), eq(liveEntries.status, 'shown')))
		.groupBy(liveEntries.normalised)
		.orderBy(desc(people), asc(liveEntries.normalised))
		.limit(WORD_LIMIT);
	return rows.map((r) => ({ text: r.text, count: Number(r.count) }));
}

/** Approved ideas, the most recently approved first. */
async function approvedNotes(db: Db, activityId: string, showNicknames: boolean) {
	const rows = await db
		.select({ id: liveEntries.id, text: liveEntries.text, nickname: liveParticipants.nickname })
		.from(liveEntries)
		.innerJoin(liveResponses, eq(liveResponses.id, liveEntries.responseId))
		.innerJoin(liveParticipants, eq(liveParticipants.id, liveResponses.participantId))
		.where(and(eq(liveEntries.activityId, activityId), eq(liveEntries.status, 'approved')))
		.orderBy(sql`coalesce(${liveEntries.moderatedAt}, ${liveEntries.createdAt}) desc`, desc(liveEntries.id))
		.limit(NOTE_LIMIT);
	return rows.map((r) => (showNicknames && r.nickname ? { id: r.id, text: r.text, nickname: r.nickname } : { id: r.id, text: r.text }));
}

/** The results of one activity, whatever its kind. */
export async function activityTally(db: Db, activity: TallyActivity, tallyOptions: TallyOptions = {}): Promise<LiveTally> {
	const tally: LiveTally = { activityId: activity.id, responses: 0, options: [], rating: null, words: [], notes: [] };
	const [responses] = await Promise.all([
		responseCount(db, activity.id),
		(async () => {
			switch (activity.type) {
				case 'poll':
				case 'priority':
					tally.options = await optionCounts(db, activity, tallyOptions.options ?? (await activityOptions(db, activity.id)));
					break;
				case 'rating': {
					const { counts, mean } = await ratingCounts(db, activity);
					tally.rating = { counts, mean };
					break;
				}
				case 'word_cloud':
					tally.words = await wordCounts(db, activity.id);
					break;
				case 'ideas':
					tally.notes = await approvedNotes(db, activity.id, tallyOptions.showNicknames ?? false);
					break;
			}
		})()
	]);
	tally.responses = responses;
	return tally;
}

/** Tallies of every activity of a session, in order (results page and CSV). */
export async function sessionTallies(db: Db, sessionId: string, tallyOptions: Pick<TallyOptions, 'showNicknames'> = {}) {
	const activities = await db.select().from(liveActivities).where(eq(liveActivities.sessionId, sessionId)).orderBy(asc(liveActivities.position), asc(liveActivities.id));
	const out: { activity: LiveActivity; tally: LiveTally }[] = [];
	for (const activity of activities) out.push({ activity, tally: await activityTally(db, activity, tallyOptions) });
	return out;
}
