// Keeps tallies close to current in the background, so the first person to open a survey's
// results after a busy spell doesn't wait for thousands of responses to be counted. Every
// process runs one; folds of one survey take turns under its advisory lock, so two processes
// never count a response twice, and a process that dies mid-fold leaves nothing half counted.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { log } from '../log';
import { surveyResponses } from './schema';
import { foldResponses } from './tallies';

/** Folds every survey that has responses waiting (a few at a time). Returns how many were counted. */
export async function foldWaitingSurveys(db: Db, surveysPerRound = 20): Promise<number> {
	const waiting = await db
		.selectDistinct({ surveyId: surveyResponses.surveyId })
		.from(surveyResponses)
		.where(eq(surveyResponses.tallied, false))
		.limit(surveysPerRound);
	let folded = 0;
	for (const { surveyId } of waiting) folded += await foldResponses(db, surveyId);
	return folded;
}

/** Starts folding every `seconds`; returns a function that stops it. A round never overlaps the last. */
export function startTallyWorker(getDb: () => Promise<Db>, seconds: number): () => void {
	if (seconds <= 0) return () => {};
	let running = false;
	const timer = setInterval(async () => {
		if (running) return;
		running = true;
		try {
			await foldWaitingSurveys(await getDb());
		} catch (err) {
			log('warn', 'survey tallies not updated', { name: (err as Error)?.name, code: (err as { code?: string })?.code });
		} finally {
			running = false;
		}
	}, seconds * 1000);
	timer.unref();
	return () => clearInterval(timer);
}
