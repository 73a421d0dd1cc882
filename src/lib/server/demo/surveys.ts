// Demo surveys: the mental-health needs survey (closed, 212 anonymous responses, results public)
// and an open signed-in survey on short breaks for the demo participants to answer.
// Answers come from a fixed pseudo-random sequence, so every fresh demo looks the same.
import { eq } from 'drizzle-orm';
import { checkAnswers, type Answers, type QuestionKind, type QuestionOption, type SurveyQuestion } from '../../surveys/definition';
import { AGE_BANDS } from '../../surveys/equality';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { projects } from '../projects/schema';
import { surveyQuestions, surveyResponses, surveys } from '../surveys/schema';
import { answerableQuestions, toQuestion } from '../surveys/surveys';

const DAY = 86_400_000;

export const DEMO_SURVEY_CODES = { needs: 'MHNEED', shortBreaks: 'BREAKS', youthClub: 'YCLUB7' } as const;

type Spec = Omit<SurveyQuestion, 'id' | 'position' | 'options' | 'maxChoices' | 'rankCount' | 'faces' | 'showIf' | 'help'> & {
	key: string;
	options?: string[];
	help?: string;
	maxChoices?: number;
	rankCount?: number;
	faces?: boolean;
	showIf?: { key: string; value: string };
};

const opts = (labels: string[] = []): QuestionOption[] => labels.map((label, i) => ({ id: `o${i + 1}`, label }));
const q = (key: string, page: number, kind: QuestionKind, prompt: string, rest: Partial<Spec> = {}): Spec => ({ key, page, kind, prompt, required: false, ...rest });

const NEEDS_QUESTIONS: Spec[] = [
	q('worry', 1, 'rating', 'How easy is it to get help when you are worried or low?', { faces: true, required: true }),
	q('asked', 1, 'yes_no', 'Have you ever asked for help with your mental health?', { required: true }),
	q('where', 2, 'multiple_choice', 'Where did you go for help?', {
		options: ['A teacher or school counsellor', 'My GP', 'A youth worker', 'A website or app', 'Family or friends', 'Somewhere else'],
		maxChoices: 3,
		help: 'Pick up to 3.',
		showIf: { key: 'asked', value: 'yes' }
	}),
	q('wait', 2, 'single_choice', 'How long did you wait to be seen?', {
		options: ['Less than a week', '1 to 4 weeks', '1 to 3 months', 'More than 3 months', 'I am still waiting'],
		showIf: { key: 'asked', value: 'yes' }
	}),
	q('priorities', 3, 'ranking', 'What matters most in a new service? Put your top 3 in order.', {
		options: ['Being seen quickly', 'Evening and weekend times', 'Help online or by text', 'Someone my own age to talk to', 'Help in school', 'Not having to tell my story again'],
		rankCount: 3,
		required: true
	}),
	q('how', 3, 'single_choice', 'How would you most like to get support?', { options: ['Face to face', 'Online video', 'Text or chat', 'Phone'], required: true }),
	q('name', 4, 'short_text', 'If the service had a name, what would you call it?'),
	q('one-thing', 4, 'long_text', 'What is the one thing you would change about mental health support for young people?')
];

const SHORT_BREAKS_QUESTIONS: Spec[] = [
	q('use', 1, 'yes_no', 'Does your family use short breaks now?', { required: true }),
	q('rating', 1, 'rating', 'How good are short breaks for your family?', { faces: true }),
	q('activities', 2, 'multiple_choice', 'Which activities would you like more of?', {
		options: ['Sports', 'Arts and crafts', 'Days out', 'Overnight stays', 'Clubs after school', 'Holiday schemes'],
		maxChoices: 3,
		help: 'Pick up to 3.'
	}),
	q('idea', 2, 'long_text', 'Anything else we should know?')
];

const YOUTH_CLUB_QUESTIONS: Spec[] = [
	q('go', 1, 'yes_no', 'Do you go to Riverside Youth Club?', { required: true }),
	q('often', 2, 'single_choice', 'How often do you go?', {
		options: ['Every week', 'Once or twice a month', 'Less often'],
		showIf: { key: 'go', value: 'yes' }
	}),
	q('instead', 2, 'multiple_choice', 'If the club closed, what would you like instead?', {
		options: ['A new club somewhere else', 'Youth workers in parks and streets', 'Activities in schools', 'Online groups', 'Something else'],
		maxChoices: 2,
		help: 'Pick up to 2.'
	}),
	q('matters', 2, 'ranking', 'What matters most to you? Put your top 2 in order.', {
		options: ['Somewhere safe to go', 'Being near home', 'Free activities', 'Staff I know and trust'],
		rankCount: 2
	}),
	q('feel', 3, 'rating', 'How do you feel about the plan to close the club?', { faces: true }),
	q('say', 3, 'long_text', 'Anything else you want to tell us?')
];

function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function insertQuestions(tx: Db, surveyId: string, specs: Spec[]): Promise<SurveyQuestion[]> {
	const ids = new Map(specs.map((s) => [s.key, newId()]));
	const positions = new Map<number, number>();
	const rows = specs.map((s) => {
		const position = (positions.get(s.page) ?? 0) + 1;
		positions.set(s.page, position);
		return {
			id: ids.get(s.key)!,
			surveyId,
			page: s.page,
			position,
			kind: s.kind,
			prompt: s.prompt,
			help: s.help ?? null,
			required: s.required,
			options: opts(s.options),
			maxChoices: s.maxChoices ?? null,
			rankCount: s.rankCount ?? null,
			faces: s.faces ?? false,
			showIfQuestionId: s.showIf ? ids.get(s.showIf.key)! : null,
			showIfValue: s.showIf?.value ?? null
		};
	});
	const inserted = await tx.insert(surveyQuestions).values(rows).returning();
	return inserted.map(toQuestion);
}

const NAMES = ['Safe Space', 'Talk Zone', 'The Hub', 'Mind Matters', 'Open Door'];
const CHANGES = [
	'Shorter waiting lists. I waited four months and things got worse.',
	'Let us text someone instead of phoning, phoning is scary.',
	'More help in the evenings, not just school hours.',
	'Staff who actually listen and don’t rush you.',
	'Don’t make me tell my story to five different people.',
	'Somewhere to go that isn’t a hospital or an office.',
	'Help for people who are struggling but not in crisis.',
	'Tell us what happens next after we ask for help.'
];

/** Plausible answers: a few skipped questions, the equality block often partly filled. */
function demoAnswers(questions: SurveyQuestion[], random: () => number): Answers {
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const raw: Record<string, unknown> = {};
	for (const question of questions) {
		if (!question.required && random() < 0.2) continue;
		const ids = question.options.map((o) => o.id);
		switch (question.kind) {
			case 'rating':
				raw[question.id] = Math.min(5, 1 + Math.floor(random() * 3 + random() * 2));
				break;
			case 'yes_no':
				raw[question.id] = random() < 0.55 ? 'yes' : pick(['no', 'not_sure']);
				break;
			case 'single_choice':
				raw[question.id] = question.id === 'eq-age' ? pick(['13_15', '13_15', '16_17', '16_17', '18_24', 'under_13', 'prefer_not']) : pick(ids);
				break;
			case 'multiple_choice':
				raw[question.id] = [...new Set([pick(ids), pick(ids), pick(ids)])].slice(0, question.maxChoices ?? 3);
				break;
			case 'ranking': {
				const shuffled = [...ids].sort(() => random() - 0.5);
				raw[question.id] = shuffled.slice(0, question.rankCount ?? 3);
				break;
			}
			case 'short_text':
				raw[question.id] = pick(NAMES);
				break;
			case 'long_text':
				raw[question.id] = pick(CHANGES);
				break;
		}
	}
	return checkAnswers(questions, raw).answers;
}

export async function seedDemoSurveys(tx: Db, organisationId: string, officerId: string, now = new Date()): Promise<void> {
	const [mentalHealth] = await tx.select().from(projects).where(eq(projects.slug, 'youth-mental-health-support'));
	const [shortBreaks] = await tx.select().from(projects).where(eq(projects.slug, 'short-breaks-for-disabled-children'));

	const needsId = newId();
	const [needs] = await tx
		.insert(surveys)
		.values({
			id: needsId,
			organisationId,
			projectId: mentalHealth.id,
			step: 2,
			title: 'What would help your mental health?',
			introduction:
				'We are planning a new mental health support service for young people in Riverside. Tell us what would help you. It takes about 5 minutes. You don’t have to give your name.',
			nextSteps: 'We will share what everyone said with the youth forum in March, and the answers will shape what the new service must do.',
			audience: 'young_people',
			anonymous: true,
			equalityMonitoring: true,
			equalityAreas: ['North Riverside', 'Town centre', 'South Riverside', 'Eastfields'],
			status: 'closed',
			opensAt: new Date(now.getTime() - 80 * DAY),
			closesAt: new Date(now.getTime() - 40 * DAY),
			code: DEMO_SURVEY_CODES.needs,
			resultsVisibility: 'public',
			resultsSummary:
				'212 young people told us that getting help takes too long and that they want support in the evenings and by text. Waiting times are now one of the things the new service will be judged on.',
			resultsPublishedAt: new Date(now.getTime() - 30 * DAY),
			createdBy: officerId,
			createdAt: new Date(now.getTime() - 90 * DAY)
		})
		.returning();
	const own = await insertQuestions(tx, needsId, NEEDS_QUESTIONS);
	const all = answerableQuestions(needs, own);
	const random = mulberry32(2024);
	const rows = [];
	for (let i = 0; i < 212; i++) {
		const answers = demoAnswers(all, random);
		const ageBand = typeof answers['eq-age'] === 'string' && (AGE_BANDS as readonly string[]).includes(answers['eq-age']) ? answers['eq-age'] : 'unknown';
		rows.push({
			id: newId(),
			surveyId: needsId,
			userId: null,
			deviceHash: null,
			idempotencyKey: newId(),
			respondentType: 'young_person' as const,
			ageBand,
			answers,
			submittedAt: new Date(now.getTime() - (80 - Math.floor(random() * 40)) * DAY + Math.floor(random() * DAY))
		});
	}
	await tx.insert(surveyResponses).values(rows);

	const breaksId = newId();
	await tx.insert(surveys).values({
		id: breaksId,
		organisationId,
		projectId: shortBreaks.id,
		step: 6,
		title: 'Your say on short breaks',
		introduction: 'Short breaks give disabled children fun things to do and families a rest. Tell us what works and what you would like more of. It takes about 3 minutes.',
		nextSteps: 'The short breaks team reads every answer. We will post what we changed on the project page.',
		audience: 'anyone',
		anonymous: false,
		equalityMonitoring: false,
		status: 'open',
		opensAt: new Date(now.getTime() - 5 * DAY),
		closesAt: new Date(now.getTime() + 60 * DAY),
		code: DEMO_SURVEY_CODES.shortBreaks,
		createdBy: officerId
	});
	await insertQuestions(tx, breaksId, SHORT_BREAKS_QUESTIONS);

	const [club] = await tx.select().from(projects).where(eq(projects.slug, 'riverside-youth-club-contract'));
	const clubId = newId();
	await tx.insert(surveys).values({
		id: clubId,
		organisationId,
		projectId: club.id,
		step: 8,
		title: 'Riverside Youth Club: have your say',
		introduction: 'We are thinking about ending the Riverside Youth Club contract and using the money differently. Before we decide, we want to hear from you. It takes about 4 minutes and you don’t have to give your name.',
		nextSteps: 'Councillors will read a summary of all the answers before they decide. We will post the decision, and what you said, on the project page.',
		audience: 'anyone',
		anonymous: true,
		equalityMonitoring: true,
		equalityAreas: ['North Riverside', 'Town centre', 'South Riverside', 'Eastfields'],
		status: 'open',
		opensAt: new Date(now.getTime() - 10 * DAY),
		closesAt: new Date(now.getTime() + 45 * DAY),
		code: DEMO_SURVEY_CODES.youthClub,
		createdBy: officerId
	});
	await insertQuestions(tx, clubId, YOUTH_CLUB_QUESTIONS);
}
