// The free-text answers page: one question's answers a page at a time, its themes with counts,
// and the group filter, suppressed like every other breakdown.
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { HIDDEN_WITH_SMALL, isSmall, suppress, tooSmallExplanation, type Count } from '../privacy/small-numbers';
import { describeFilter, differencingExplanation, filterRefused, organisationThreshold, type ResultsFilter } from './results';
import { getSurvey } from './surveys';
import { foldResponses, groupSizes, readTallies, TOTAL_BUCKET, TOTAL_QUESTION } from './tallies';
import { ANSWERS_PER_PAGE, listTextAnswers, textQuestion, themeCounts } from './themes';

const fewAnswered = (threshold: number, theme: boolean) =>
	`Fewer than ${threshold} people ${theme ? 'have answers with this theme' : 'in this group answered this question'}, so the answers aren’t shown, to protect their privacy.`;

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
	const matching = options.themeId ? (rawThemes.find((t) => t.id === options.themeId)?.tagged ?? 0) : answeredRaw;
	// Someone who knows a small group could recognise a person by their words: show nothing for
	// a small group, a question only a few in the group answered, or a theme only a few were given.
	const small = isSmall(group, threshold) || isSmall(answeredRaw, threshold) || isSmall(matching, threshold);
	const filtered = !!(options.filter.respondentType || options.filter.ageBand);
	const refused = !small && filtered && filterRefused(options.filter, await groupSizes(db, surveyId), threshold);
	if (small || refused) {
		// A group that can't be shown doesn't show its counts either (themes stay, to manage them).
		const groupHidden = refused || isSmall(group, threshold);
		const hide = (c: Count): Count => (groupHidden ? { suppressed: true, value: null, display: c.suppressed ? c.display : HIDDEN_WITH_SMALL } : c);
		return {
			...common,
			answered: hide(common.answered),
			themes: themes.map((t) => ({ ...t, count: hide(t.count) })),
			tooSmall: true,
			explanation: refused ? differencingExplanation(threshold) : groupHidden ? tooSmallExplanation(threshold) : fewAnswered(threshold, !!options.themeId),
			answers: [],
			page: 1,
			pages: 1,
			matching: 0
		};
	}
	const pages = Math.max(1, Math.ceil(matching / ANSWERS_PER_PAGE));
	const page = Math.min(options.page, pages);
	const answers = await listTextAnswers(db, survey, questionId, { page, themeId: options.themeId, filter: segment });
	return { ...common, tooSmall: false, explanation: null, answers, page, pages, matching };
}
