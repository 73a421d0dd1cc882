// The free-text answers page: one question's answers a page at a time, its themes with counts,
// and the group filter, suppressed like every other breakdown.
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { suppress, tooSmallExplanation } from '../privacy/small-numbers';
import { describeFilter, organisationThreshold, type ResultsFilter } from './results';
import { getSurvey } from './surveys';
import { foldResponses, readTallies, TOTAL_BUCKET, TOTAL_QUESTION } from './tallies';
import { ANSWERS_PER_PAGE, listTextAnswers, textQuestion, themeCounts } from './themes';

export async function textAnswersPage(
	db: Db,
	organisationId: string,
	surveyId: string,
	questionId: string,
	options: { page: number; themeId: string | null; filter: ResultsFilter }
) {
	const survey = await getSurvey(db, organisationId, surveyId);
	const question = await textQuestion(db, surveyId, questionId);
	await foldResponses(db, surveyId);
	const segment = { respondentType: options.filter.respondentType, ageBand: options.filter.ageBand };
	const [threshold, tallies, counts] = await Promise.all([
		organisationThreshold(db, organisationId),
		readTallies(db, surveyId, { respondentType: segment.respondentType ?? undefined, ageBand: segment.ageBand ?? undefined }),
		themeCounts(db, surveyId, segment)
	]);
	const rawThemes = counts.get(questionId) ?? [];
	if (options.themeId && !rawThemes.some((t) => t.id === options.themeId)) throw new InputError('That theme does not exist.', 'theme');
	const group = tallies.get(TOTAL_QUESTION)?.get(TOTAL_BUCKET) ?? 0;
	const answeredRaw = tallies.get(questionId)?.get('_answered') ?? 0;
	const themes = rawThemes.map((t) => ({ id: t.id, name: t.name, count: suppress(t.tagged, threshold) }));
	const common = {
		survey: { id: survey.id, title: survey.title, projectId: survey.projectId },
		question,
		threshold,
		filterLabel: describeFilter(options.filter),
		themes,
		answered: suppress(answeredRaw, threshold)
	};
	// Someone who knows a small group could recognise a person by their words: show nothing for it.
	if (suppress(group, threshold).suppressed) {
		return { ...common, tooSmall: true, explanation: tooSmallExplanation(threshold), answers: [], page: 1, pages: 1, matching: 0 };
	}
	const matching = options.themeId ? (rawThemes.find((t) => t.id === options.themeId)?.tagged ?? 0) : answeredRaw;
	const pages = Math.max(1, Math.ceil(matching / ANSWERS_PER_PAGE));
	const page = Math.min(options.page, pages);
	const answers = await listTextAnswers(db, survey, questionId, { page, themeId: options.themeId, filter: segment });
	return { ...common, tooSmall: false, explanation: null, answers, page, pages, matching };
}
