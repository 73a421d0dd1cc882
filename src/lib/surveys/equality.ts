// The optional equality-monitoring block ("About you"). Every question is optional and offers
// "Prefer not to say". Its answers are stored with the response under fixed ids (eq-...), are
// counted like any other question, and are only ever shown in groups of at least the
// organisation's small-number threshold.
import type { QuestionOption, SurveyAudience, SurveyQuestion, RespondentType } from './definition';

export const PREFER_NOT = 'prefer_not';

export const AGE_BANDS = ['under_13', '13_15', '16_17', '18_24', '25_34', '35_49', '50_64', '65_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand | 'unknown', string> = {
	under_13: 'Under 13',
	'13_15': '13 to 15',
	'16_17': '16 or 17',
	'18_24': '18 to 24',
	'25_34': '25 to 34',
	'35_49': '35 to 49',
	'50_64': '50 to 64',
	'65_plus': '65 or over',
	unknown: 'Not known'
};

/** The age band for a whole-years age. */
export function ageBandFor(age: number): AgeBand {
	if (age < 13) return 'under_13';
	if (age < 16) return '13_15';
	if (age < 18) return '16_17';
	if (age < 25) return '18_24';
	if (age < 35) return '25_34';
	if (age < 50) return '35_49';
	if (age < 65) return '50_64';
	return '65_plus';
}

const options = (entries: [string, string][]): QuestionOption[] => [
	...entries.map(([id, label]) => ({ id, label })),
	{ id: PREFER_NOT, label: 'Prefer not to say' }
];

/** ONS 2021 census ethnic groups (England), each labelled with its broad group. */
const ETHNICITY: [string, string][] = [
	['asian_bangladeshi', 'Asian or Asian British: Bangladeshi'],
	['asian_chinese', 'Asian or Asian British: Chinese'],
	['asian_indian', 'Asian or Asian British: Indian'],
	['asian_pakistani', 'Asian or Asian British: Pakistani'],
	['asian_other', 'Asian or Asian British: any other Asian background'],
	['black_african', 'Black, Black British, Caribbean or African: African'],
	['black_caribbean', 'Black, Black British, Caribbean or African: Caribbean'],
	['black_other', 'Black, Black British, Caribbean or African: any other Black background'],
	['mixed_white_asian', 'Mixed or multiple ethnic groups: White and Asian'],
	['mixed_white_black_african', 'Mixed or multiple ethnic groups: White and Black African'],
	['mixed_white_black_caribbean', 'Mixed or multiple ethnic groups: White and Black Caribbean'],
	['mixed_other', 'Mixed or multiple ethnic groups: any other mixed background'],
	['white_british', 'White: English, Welsh, Scottish, Northern Irish or British'],
	['white_irish', 'White: Irish'],
	['white_gypsy_traveller', 'White: Gypsy or Irish Traveller'],
	['white_roma', 'White: Roma'],
	['white_other', 'White: any other White background'],
	['other_arab', 'Other ethnic group: Arab'],
	['other_any', 'Other ethnic group: any other ethnic group']
];

interface EqualityQuestionSpec {
	id: string;
	prompt: string;
	help: string | null;
	options: QuestionOption[];
}

function specs(areas: readonly string[], askAnsweringAs: boolean): EqualityQuestionSpec[] {
	const list: EqualityQuestionSpec[] = [];
	if (askAnsweringAs)
		list.push({
			id: 'eq-answering-as',
			prompt: 'Are you answering as a young person or as a parent or carer?',
			help: null,
			options: options([
				['young_person', 'A young person'],
				['parent_carer', 'A parent or carer'],
				['other', 'Someone else']
			])
		});
	list.push(
		{ id: 'eq-age', prompt: 'How old are you?', help: null, options: options(AGE_BANDS.map((b) => [b, AGE_BAND_LABELS[b]])) },
		{
			id: 'eq-sex',
			prompt: 'What is your sex?',
			help: 'This is the sex you were registered with at birth.',
			options: options([
				['female', 'Female'],
				['male', 'Male']
			])
		},
		{
			id: 'eq-gender-same',
			prompt: 'Is the gender you identify with the same as your sex registered at birth?',
			help: null,
			options: options([
				['yes', 'Yes'],
				['no', 'No']
			])
		},
		{ id: 'eq-ethnicity', prompt: 'What is your ethnic group?', help: 'These are the groups used in the 2021 census.', options: options(ETHNICITY) },
		{
			id: 'eq-disability',
			prompt: 'Do you have a disability, long-term illness or health condition?',
			help: 'This includes conditions that affect how you learn, move, see, hear, think or feel, lasting 12 months or more.',
			options: options([
				['yes', 'Yes'],
				['no', 'No']
			])
		},
		{
			id: 'eq-religion',
			prompt: 'What is your religion or belief?',
			help: null,
			options: options([
				['none', 'No religion'],
				['buddhist', 'Buddhist'],
				['christian', 'Christian'],
				['hindu', 'Hindu'],
				['jewish', 'Jewish'],
				['muslim', 'Muslim'],
				['sikh', 'Sikh'],
				['other', 'Another religion or belief']
			])
		},
		{
			id: 'eq-sexual-orientation',
			prompt: 'Which of these best describes your sexual orientation?',
			help: 'Only answer if you want to. You can skip any question here.',
			options: options([
				['straight', 'Straight or heterosexual'],
				['gay_lesbian', 'Gay or lesbian'],
				['bisexual', 'Bisexual'],
				['other', 'Another sexual orientation'],
				['not_sure', 'Not sure yet']
			])
		}
	);
	if (areas.length)
		list.push({
			id: 'eq-area',
			prompt: 'Which area do you live in?',
			help: null,
			options: options(areas.map((label, i) => [`a${i + 1}`, label]))
		});
	return list;
}

export const EQUALITY_EXPLANATION =
	'These questions help the council check that everyone gets a fair say, for example that young people of every background are being heard. Every question is optional, and you can pick “Prefer not to say”. Your answers are only ever counted in groups big enough that nobody can be picked out.';

/** The "About you" page, placed after the survey's own pages. Ids are fixed so results compare across surveys. */
export function equalityQuestions(page: number, areas: readonly string[], audience: SurveyAudience, anonymous: boolean): SurveyQuestion[] {
	return specs(areas, anonymous && audience === 'anyone').map((spec, i) => ({
		...spec,
		page,
		position: i + 1,
		kind: 'single_choice',
		required: false,
		maxChoices: null,
		rankCount: null,
		faces: false,
		showIf: null
	}));
}

export function isEqualityQuestion(questionId: string): boolean {
	return questionId.startsWith('eq-');
}

/** Who answered, from the answers of an anonymous survey ("answering as"), else from the audience. */
export function respondentTypeFromAnswers(audience: SurveyAudience, answeringAs: unknown): RespondentType {
	if (audience === 'young_people') return 'young_person';
	if (audience === 'parents') return 'parent_carer';
	return answeringAs === 'young_person' || answeringAs === 'parent_carer' ? answeringAs : 'unknown';
}

/** The age band from the "How old are you?" answer, when it is one. */
export function ageBandFromAnswer(answer: unknown): AgeBand | null {
	return typeof answer === 'string' && (AGE_BANDS as readonly string[]).includes(answer) ? (answer as AgeBand) : null;
}
