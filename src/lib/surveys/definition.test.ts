import { describe, expect, it } from 'vitest';
import { answersFromForm, checkAnswers, fieldName, visiblePages, type SurveyQuestion } from './definition';
import { move } from './paging';

const question = (id: string, page: number, kind: SurveyQuestion['kind'], over: Partial<SurveyQuestion> = {}): SurveyQuestion => ({
	id,
	page,
	position: 1,
	kind,
	prompt: `Question ${id}`,
	help: null,
	required: false,
	options: [],
	maxChoices: null,
	rankCount: null,
	faces: false,
	showIf: null,
	...over
});
const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, label: `Option ${i + 1}` }));

const single = question('single', 1, 'single_choice', { options: opts(3), required: true });
const multi = question('multi', 1, 'multiple_choice', { options: opts(4), maxChoices: 2, position: 2 });
const rating = question('rating', 1, 'rating', { faces: true, position: 3 });
const yesNo = question('yesno', 2, 'yes_no', { required: true });
const follow = question('follow', 2, 'single_choice', { options: opts(2), required: true, position: 2, showIf: { questionId: 'yesno', value: 'yes' } });
const short = question('short', 3, 'short_text');
const long = question('long', 3, 'long_text', { position: 2 });
const rank = question('rank', 3, 'ranking', { options: opts(4), rankCount: 2, position: 3 });
const all = [single, multi, rating, yesNo, follow, short, long, rank];

describe('checkAnswers', () => {
	it('accepts a complete, valid set and cleans text', () => {
		const { answers, errors } = checkAnswers(all, { single: 'o2', multi: ['o1', 'o3'], rating: 4, yesno: 'yes', follow: 'o1', short: '  Hi  ', long: 'Long answer', rank: ['o3', 'o1'] });
		expect(errors).toEqual({});
		expect(answers).toEqual({ single: 'o2', multi: ['o1', 'o3'], rating: 4, yesno: 'yes', follow: 'o1', short: 'Hi', long: 'Long answer', rank: ['o3', 'o1'] });
	});

	it('requires required questions and lets optional ones be skipped', () => {
		const { errors } = checkAnswers(all, {});
		expect(Object.keys(errors).sort()).toEqual(['single', 'yesno']);
	});

	it('refuses choices that are not options', () => {
		expect(checkAnswers([single], { single: 'o9' }).errors.single).toMatch(/pick one/);
		expect(checkAnswers([single], { single: ['o1'] }).errors.single).toBeDefined();
		expect(checkAnswers([yesNo], { yesno: 'maybe' }).errors.yesno).toMatch(/yes, no or not sure/);
	});

	it('refuses too many choices, repeats and wrong types', () => {
		expect(checkAnswers([multi], { multi: ['o1', 'o2', 'o3'] }).errors.multi).toBe('Please pick no more than 2.');
		expect(checkAnswers([multi], { multi: ['o1', 'o1'] }).errors.multi).toMatch(/only once/);
		expect(checkAnswers([multi], { multi: 'o1' }).errors.multi).toBeDefined();
		expect(checkAnswers([multi], { multi: [1] }).errors.multi).toBeDefined();
	});

	it('refuses ratings outside 1 to 5', () => {
		for (const bad of [0, 6, 2.5, '3', -1, Number.NaN]) expect(checkAnswers([rating], { rating: bad }).errors.rating, String(bad)).toMatch(/1 to 5/);
		expect(checkAnswers([rating], { rating: 5 }).errors).toEqual({});
	});

	it('refuses text over the limits and NUL characters', () => {
		expect(checkAnswers([long], { long: 'x'.repeat(5001) }).errors.long).toMatch(/5,000 characters or fewer/);
		expect(checkAnswers([long], { long: 'x'.repeat(5000) }).errors).toEqual({});
		expect(checkAnswers([short], { short: 'x'.repeat(301) }).errors.short).toMatch(/300/);
		expect(checkAnswers([short], { short: 'a\u0000b' }).errors.short).toMatch(/can’t accept/);
		expect(checkAnswers([short], { short: 42 }).errors.short).toBeDefined();
	});

	it('refuses answers to questions the survey does not have', () => {
		const { errors } = checkAnswers(all, { single: 'o1', yesno: 'no', ghost: 'o1' });
		expect(errors.form).toMatch(/questions this survey doesn’t have/);
	});

	it('refuses input that is not an object', () => {
		for (const raw of [null, 'answers', [1, 2], 7]) expect(checkAnswers(all, raw).errors.form).toBeDefined();
	});

	it('drops answers to questions hidden by a condition, and requires them when shown', () => {
		expect(checkAnswers(all, { single: 'o1', yesno: 'no', follow: 'o1' })).toEqual({ answers: { single: 'o1', yesno: 'no' }, errors: {} });
		expect(checkAnswers(all, { single: 'o1', yesno: 'yes' }).errors.follow).toBeDefined();
		expect(visiblePages(all, { yesno: 'no' })).toEqual([1, 2, 3]);
	});

	it('a bad answer cannot reveal a later question', () => {
		const { errors, answers } = checkAnswers(all, { single: 'o1', yesno: 'yes-please', follow: 'o1' });
		expect(errors.yesno).toBeDefined();
		expect(answers.follow).toBeUndefined();
	});

	it('checks rankings: no repeats, no more than the count, only known items, no gaps', () => {
		expect(checkAnswers([rank], { rank: ['o1', 'o1'] }).errors.rank).toMatch(/only one place/);
		expect(checkAnswers([rank], { rank: ['o1', 'o2', 'o3'] }).errors.rank).toMatch(/no more than 2/);
		expect(checkAnswers([rank], { rank: ['o9'] }).errors.rank).toBeDefined();
		expect(checkAnswers([rank], { rank: { gaps: true } }).errors.rank).toMatch(/without gaps/);
		expect(checkAnswers([rank], { rank: ['o4'] }).errors).toEqual({});
	});

	it('checks only the given pages, keeping valid answers from the others', () => {
		const { answers, errors } = checkAnswers(all, { single: 'o1', short: 'x'.repeat(400), long: 'kept' }, { pages: [1] });
		expect(errors).toEqual({});
		expect(answers).toEqual({ single: 'o1', long: 'kept' });
	});
});

describe('answersFromForm', () => {
	const form = (entries: [string, string][]) => {
		const data = new URLSearchParams();
		for (const [k, v] of entries) data.append(k, v);
		return data;
	};

	it('reads every kind from form fields', () => {
		const raw = answersFromForm(
			all,
			form([
				[fieldName(single), 'o1'],
				[fieldName(multi), 'o1'],
				[fieldName(multi), 'o2'],
				[fieldName(rating), '3'],
				[fieldName(yesNo), 'no'],
				[fieldName(short), ' hi '],
				[fieldName(long), ''],
				[fieldName(rank, 'o2'), '1'],
				[fieldName(rank, 'o4'), '2'],
				[fieldName(rank, 'o1'), '']
			])
		);
		expect(raw).toEqual({ single: 'o1', multi: ['o1', 'o2'], rating: 3, yesno: 'no', short: ' hi ', rank: ['o2', 'o4'] });
	});

	it('marks rankings with gaps, repeats or junk', () => {
		expect(answersFromForm([rank], form([[fieldName(rank, 'o1'), '2']]))).toEqual({ rank: { gaps: true } });
		expect(answersFromForm([rank], form([[fieldName(rank, 'o1'), '1'], [fieldName(rank, 'o2'), '1']]))).toEqual({ rank: { gaps: true } });
		expect(answersFromForm([rank], form([[fieldName(rank, 'o1'), 'first']]))).toEqual({ rank: 'not-a-ranking' });
		expect(checkAnswers([rank], answersFromForm([rank], form([[fieldName(rank, 'o1'), '3']]))).errors.rank).toBeDefined();
	});

	it('turns a non-number rating into an error, not a crash', () => {
		expect(checkAnswers([rating], answersFromForm([rating], form([[fieldName(rating), 'lots']]))).errors.rating).toBeDefined();
	});
});

describe('moving page by page', () => {
	it('stops on a page with a problem and moves on once it is answered', () => {
		expect(move(all, {}, 1, 'next')).toMatchObject({ page: 1, errors: { single: expect.any(String) } });
		expect(move(all, { single: 'o1' }, 1, 'next')).toMatchObject({ page: 2, errors: {}, complete: null });
	});

	it('goes back without checking, keeping valid answers', () => {
		expect(move(all, { single: 'o1', yesno: 'bad' }, 2, 'back')).toMatchObject({ page: 1, answers: { single: 'o1' } });
	});

	it('stays to show a question that an answer on the same page revealed', () => {
		const sameGround = [yesNo, { ...follow, page: 2 }];
		expect(move(sameGround, { yesno: 'yes' }, 2, 'submit', ['yesno'])).toMatchObject({ page: 2, complete: null, errors: {} });
		expect(move(sameGround, { yesno: 'yes', follow: 'o2' }, 2, 'submit', ['yesno', 'follow']).complete).toEqual({ yesno: 'yes', follow: 'o2' });
	});

	it('sending checks everything and returns to the first page with a problem', () => {
		const step = move(all, { yesno: 'no' }, 3, 'submit');
		expect(step).toMatchObject({ page: 1, complete: null });
		expect(step.errors.single).toBeDefined();
		expect(move(all, { single: 'o1', yesno: 'no', rank: ['o1'] }, 3, 'submit').complete).toEqual({ single: 'o1', yesno: 'no', rank: ['o1'] });
	});

	it('keeps what was typed for an answer with a problem so the person can fix it', () => {
		expect(move(all, { short: 'x'.repeat(301) }, 3, 'next').answers.short).toHaveLength(301);
	});
});
