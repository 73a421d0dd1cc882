// A 15-question anonymous survey for the benchmarks, written straight into the bench database,
// and a pool of ready-made complete answers (checked by the same rules the app uses).
import type { Sql } from 'postgres';
import { checkAnswers, type Answers, type QuestionKind, type SurveyQuestion } from '../src/lib/surveys/definition';

const KINDS: QuestionKind[] = [
	'single_choice',
	'single_choice',
	'single_choice',
	'single_choice',
	'multiple_choice',
	'multiple_choice',
	'rating',
	'rating',
	'rating',
	'yes_no',
	'yes_no',
	'ranking',
	'short_text',
	'long_text',
	'single_choice'
];

function randomId(): string {
	return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('');
}

export function benchQuestions(): SurveyQuestion[] {
	return KINDS.map((kind, i) => {
		const choices = ['single_choice', 'multiple_choice', 'ranking'].includes(kind);
		return {
			id: randomId(),
			page: Math.floor(i / 5) + 1,
			position: (i % 5) + 1,
			kind,
			prompt: `Question ${i + 1}`,
			help: null,
			required: true,
			options: choices ? Array.from({ length: 5 }, (_, o) => ({ id: `o${o + 1}`, label: `Choice ${o + 1}` })) : [],
			maxChoices: kind === 'multiple_choice' ? 3 : null,
			rankCount: kind === 'ranking' ? 3 : null,
			faces: kind === 'rating',
			showIf: null
		};
	});
}

export interface BenchSurvey {
	id: string;
	code: string;
	questions: SurveyQuestion[];
}

/** Inserts an open anonymous survey on the demo organisation's first project. */
export async function createBenchSurvey(sql: Sql, code: string): Promise<BenchSurvey> {
	const [project] = await sql<{ id: string; organisation_id: string }[]>`select id, organisation_id from projects order by created_at limit 1`;
	const id = randomId();
	const questions = benchQuestions();
	await sql.begin(async (tx) => {
		await tx`insert into surveys (id, organisation_id, project_id, step, title, introduction, audience, anonymous, status, code)
			values (${id}, ${project.organisation_id}, ${project.id}, 2, ${'Benchmark survey ' + code}, 'Benchmark', 'anyone', true, 'open', ${code})`;
		for (const q of questions)
			await tx`insert into survey_questions (id, survey_id, page, position, kind, prompt, required, options, max_choices, rank_count, faces)
				values (${q.id}, ${id}, ${q.page}, ${q.position}, ${q.kind}, ${q.prompt}, true, ${tx.json(q.options as never)}, ${q.maxChoices}, ${q.rankCount}, ${q.faces})`;
	});
	return { id, code, questions };
}

const WORDS = ['more', 'evening', 'sessions', 'online', 'help', 'quicker', 'friendly', 'staff', 'near', 'school', 'free', 'safe'];

/** A complete, valid set of answers (what a phone would send). */
export function randomAnswers(questions: SurveyQuestion[], random = Math.random): Answers {
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const raw: Record<string, unknown> = {};
	for (const q of questions) {
		const ids = q.options.map((o) => o.id);
		if (q.kind === 'single_choice') raw[q.id] = pick(ids);
		else if (q.kind === 'multiple_choice') raw[q.id] = [...new Set([pick(ids), pick(ids)])];
		else if (q.kind === 'rating') raw[q.id] = 1 + Math.floor(random() * 5);
		else if (q.kind === 'yes_no') raw[q.id] = pick(['yes', 'no', 'not_sure']);
		else if (q.kind === 'ranking') raw[q.id] = [...ids].sort(() => random() - 0.5).slice(0, 3);
		else raw[q.id] = Array.from({ length: q.kind === 'long_text' ? 40 : 4 }, () => pick(WORDS)).join(' ');
	}
	const { answers, errors } = checkAnswers(questions, raw);
	if (Object.keys(errors).length) throw new Error(`bench answers invalid: ${JSON.stringify(errors)}`);
	return answers;
}

/** Bulk-loads `count` responses straight into the table (for the results benchmark). */
export async function loadResponses(sql: Sql, survey: BenchSurvey, count: number): Promise<void> {
	const batch = 2_000;
	const start = Date.now() - 30 * 86_400_000;
	for (let done = 0; done < count; done += batch) {
		const rows = Array.from({ length: Math.min(batch, count - done) }, (_, i) => ({
			id: randomId(),
			survey_id: survey.id,
			idempotency_key: randomId() + randomId(),
			respondent_type: i % 3 === 0 ? 'parent_carer' : 'young_person',
			age_band: ['13_15', '16_17', '18_24', 'unknown'][i % 4],
			answers: sql.json(randomAnswers(survey.questions) as never),
			submitted_at: new Date(start + Math.floor(((done + i) / count) * 30 * 86_400_000))
		}));
		await sql`insert into survey_responses ${sql(rows as unknown as Record<string, string>[], 'id', 'survey_id', 'idempotency_key', 'respondent_type', 'age_band', 'answers', 'submitted_at')}`;
	}
}
