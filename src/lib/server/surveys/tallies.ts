// Survey tallies: running counts per question, answer bucket, respondent type and age band, so
// results never read every response. Responses arrive with tallied = false; foldResponses adds
// them in and marks them, in the same transaction, so each is counted exactly once even with
// several processes folding while new responses keep arriving.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { tallyBuckets, type Answers, type SurveyQuestion } from '../../surveys/definition';
import { equalityQuestions } from '../../surveys/equality';
import type { Db } from '../db/client';
import { loadQuestions } from './surveys';
import { surveyResponses, surveys, surveyTallies } from './schema';

export const TOTAL_QUESTION = '_total';
export const TOTAL_BUCKET = 'all';
export const DAY_QUESTION = '_day';

/** Responses folded per transaction: bounded memory and short locks however big the backlog. */
const CHUNK = 5000;
/** Tally rows per insert statement (6 parameters each, well under Postgres's 65,535). */
const UPSERT_ROWS = 1000;

export interface TallyFilter {
	respondentType?: string;
	ageBand?: string;
}

/** Every question whose answers a response may hold: the survey's own and the whole "About you" block. */
async function questionsById(db: Db, surveyId: string): Promise<Map<string, SurveyQuestion>> {
	const own = await loadQuestions(db, surveyId);
	// The widest block (every question, any area count) so answers fold even if the settings changed.
	const [survey] = await db.select({ areas: surveys.equalityAreas }).from(surveys).where(eq(surveys.id, surveyId));
	const equality = equalityQuestions(1, survey?.areas ?? [], 'anyone', true);
	return new Map([...own, ...equality].map((q) => [q.id, q]));
}

interface FoldedRow {
	respondentType: string;
	ageBand: string;
	answers: Answers;
	day: string;
}

/** Counts per tally key, from a chunk of responses. */
function aggregate(rows: FoldedRow[], questions: Map<string, SurveyQuestion>): Map<string, number> {
	const counts = new Map<string, number>();
	const add = (questionId: string, bucket: string, row: FoldedRow) => {
		const key = `${questionId}\u0001${bucket}\u0001${row.respondentType}\u0001${row.ageBand}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	};
	for (const row of rows) {
		add(TOTAL_QUESTION, TOTAL_BUCKET, row);
		add(DAY_QUESTION, row.day, row);
		for (const [questionId, value] of Object.entries(row.answers ?? {})) {
			const question = questions.get(questionId);
			if (question) for (const bucket of tallyBuckets(question, value)) add(questionId, bucket, row);
		}
	}
	return counts;
}

async function hasUntallied(db: Db, surveyId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.tallied, false)))
		.limit(1);
	return !!row;
}

/**
 * Adds every untallied response of a survey into its tallies. Returns how many were folded.
 * The advisory lock makes folds of one survey take turns across processes; the conditional
 * update (not tallied, skip locked) means a row is claimed by exactly one transaction, and the
 * counts are added in that same transaction, so a crash midway folds nothing twice or never.
 */
export async function foldResponses(db: Db, surveyId: string): Promise<number> {
	return fold(db, surveyId, true);
}

/**
 * The same fold for pages anyone can open (published results, the thanks page, the public
 * project page, evidence): if another fold of this survey holds the lock it doesn't wait but
 * stops, showing the tallies as they are; that fold, or the background worker a few seconds
 * later, counts the rest. So a busy survey never makes visitors queue behind a fold.
 */
export async function tryFoldResponses(db: Db, surveyId: string): Promise<number> {
	return fold(db, surveyId, false);
}

/** Raw SQL rows on either driver (postgres.js returns an array, PGlite an object with rows). */
function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

async function fold(db: Db, surveyId: string, wait: boolean): Promise<number> {
	if (!(await hasUntallied(db, surveyId))) return 0;
	const questions = await questionsById(db, surveyId);
	let folded = 0;
	for (;;) {
		const n = await db.transaction(async (tx) => {
			if (wait) {
				await tx.execute(sql`select pg_advisory_xact_lock(hashtext('survey_tallies'), hashtext(${surveyId}))`);
			} else {
				const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('survey_tallies'), hashtext(${surveyId})) as ok`));
				if (!got?.ok) return -1;
			}
			const claim = tx
				.select({ id: surveyResponses.id })
				.from(surveyResponses)
				.where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.tallied, false)))
				.limit(CHUNK)
				.for('update', { skipLocked: true });
			const rows = await tx
				.update(surveyResponses)
				.set({ tallied: true })
				.where(inArray(surveyResponses.id, claim))
				.returning({
					respondentType: surveyResponses.respondentType,
					ageBand: surveyResponses.ageBand,
					answers: surveyResponses.answers,
					day: sql<string>`to_char(${surveyResponses.submittedAt} at time zone 'UTC', 'YYYY-MM-DD')`
				});
			if (rows.length === 0) return 0;
			const values = [...aggregate(rows, questions)].map(([key, count]) => {
				const [questionId, bucket, respondentType, ageBand] = key.split('\u0001');
				return { surveyId, questionId, bucket, respondentType, ageBand, count };
			});
			for (let i = 0; i < values.length; i += UPSERT_ROWS) {
				await tx
					.insert(surveyTallies)
					.values(values.slice(i, i + UPSERT_ROWS))
					.onConflictDoUpdate({
						target: [surveyTallies.surveyId, surveyTallies.questionId, surveyTallies.bucket, surveyTallies.respondentType, surveyTallies.ageBand],
						set: { count: sql`${surveyTallies.count} + excluded.count` }
					});
			}
			return rows.length;
		});
		if (n < 0) return folded;
		folded += n;
		if (n < CHUNK) return folded;
	}
}

/** Tallied counts of a survey for one group (or everyone): question id → bucket → count. */
export async function readTallies(db: Db, surveyId: string, filter: TallyFilter = {}): Promise<Map<string, Map<string, number>>> {
	const rows = await db
		.select({
			questionId: surveyTallies.questionId,
			bucket: surveyTallies.bucket,
			count: sql<number>`sum(${surveyTallies.count})::int`
		})
		.from(surveyTallies)
		.where(
			and(
				eq(surveyTallies.surveyId, surveyId),
				filter.respondentType ? eq(surveyTallies.respondentType, filter.respondentType) : undefined,
				filter.ageBand ? eq(surveyTallies.ageBand, filter.ageBand) : undefined
			)
		)
		.groupBy(surveyTallies.questionId, surveyTallies.bucket);
	const out = new Map<string, Map<string, number>>();
	for (const r of rows) {
		const buckets = out.get(r.questionId) ?? new Map<string, number>();
		buckets.set(r.bucket, Number(r.count));
		out.set(r.questionId, buckets);
	}
	return out;
}

/** Responses per respondent type and per age band (and per pair), for deciding what exports may show. */
export async function groupSizes(db: Db, surveyId: string) {
	const rows = await db
		.select({ respondentType: surveyTallies.respondentType, ageBand: surveyTallies.ageBand, count: surveyTallies.count })
		.from(surveyTallies)
		.where(and(eq(surveyTallies.surveyId, surveyId), eq(surveyTallies.questionId, TOTAL_QUESTION), eq(surveyTallies.bucket, TOTAL_BUCKET)));
	const byType = new Map<string, number>();
	const byAge = new Map<string, number>();
	const byPair = new Map<string, number>();
	for (const r of rows) {
		byType.set(r.respondentType, (byType.get(r.respondentType) ?? 0) + r.count);
		byAge.set(r.ageBand, (byAge.get(r.ageBand) ?? 0) + r.count);
		byPair.set(`${r.respondentType}/${r.ageBand}`, r.count);
	}
	return { byType, byAge, byPair };
}

/** How many responses have been tallied for a survey. */
export async function totalResponses(db: Db, surveyId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(sum(${surveyTallies.count}), 0)::int` })
		.from(surveyTallies)
		.where(and(eq(surveyTallies.surveyId, surveyId), eq(surveyTallies.questionId, TOTAL_QUESTION), eq(surveyTallies.bucket, TOTAL_BUCKET)));
	return Number(row?.n ?? 0);
}
