// The groups reach is broken down by, with plain labels. Group keys are what population shares are
// stored under: a participant type, an age band, "area:" and an area's name (so no area name, not
// even one called "unknown", can clash with another key), or an equality answer id (ethnic groups
// rolled up to the five broad census groups). The answer ids and labels come from the equality
// questions themselves (src/lib/surveys/equality.ts). 'unknown' is "Not known": prefer not to say,
// not asked, not answered, or a deleted account.
import { AGE_BANDS, AGE_BAND_LABELS, PREFER_NOT, equalityQuestions } from '../../surveys/equality';
import type { ReachDimension } from './schema';

export const UNKNOWN = 'unknown';
export const NOT_KNOWN = 'Not known';

/** An area's group key. */
export const areaKey = (name: string) => `area:${name}`;

export interface GroupDef {
	key: string;
	label: string;
}

export interface DimensionDef {
	dimension: ReachDimension;
	/** The table's caption: "Age band". */
	label: string;
	/** The equality question it comes from, if any. */
	questionId: string | null;
	groups: GroupDef[];
}

const QUESTIONS = equalityQuestions(1, [], 'anyone', true);

/** A question's answers (without "prefer not to say") as groups; a bare "Yes"/"No" can be reworded for a table. */
function answersOf(questionId: string, relabel: Record<string, string> = {}): GroupDef[] {
	const question = QUESTIONS.find((q) => q.id === questionId);
	if (!question) throw new Error(`No equality question ${questionId}`);
	return question.options.filter((o) => o.id !== PREFER_NOT).map((o) => ({ key: o.id, label: relabel[o.id] ?? o.label }));
}

/** The detailed ethnic groups, as the survey offers them. */
export const ETHNICITY_DETAIL = answersOf('eq-ethnicity');

/** Broad ethnic groups (2021 census), which the detailed answers roll up to: the part of each label before the colon. */
export const BROAD_ETHNICITY: GroupDef[] = [];
for (const { key, label } of ETHNICITY_DETAIL) {
	const broad = key.split('_')[0];
	if (!BROAD_ETHNICITY.some((b) => b.key === broad)) BROAD_ETHNICITY.push({ key: broad, label: label.split(':')[0] });
}

/** The broad group of a detailed eq-ethnicity answer ("black_african" → "black"), or null. */
export function broadEthnicity(answer: string): string | null {
	const prefix = answer.split('_')[0];
	return BROAD_ETHNICITY.some((b) => b.key === prefix) ? prefix : null;
}

const FIXED: DimensionDef[] = [
	{
		dimension: 'type',
		label: 'Who they are',
		questionId: null,
		groups: [
			{ key: 'young_person', label: 'Young people' },
			{ key: 'parent_carer', label: 'Parents and carers' }
		]
	},
	{ dimension: 'age_band', label: 'Age', questionId: 'eq-age', groups: AGE_BANDS.map((b) => ({ key: b, label: AGE_BAND_LABELS[b] })) },
	{ dimension: 'area', label: 'Area they live in', questionId: 'eq-area', groups: [] },
	{ dimension: 'sex', label: 'Sex', questionId: 'eq-sex', groups: answersOf('eq-sex') },
	{ dimension: 'gender_same', label: 'Gender the same as sex registered at birth', questionId: 'eq-gender-same', groups: answersOf('eq-gender-same', { yes: 'Yes, the same', no: 'No, not the same' }) },
	{ dimension: 'ethnicity', label: 'Ethnic group (broad groups)', questionId: 'eq-ethnicity', groups: BROAD_ETHNICITY },
	{
		dimension: 'disability',
		label: 'Disability or long-term health condition',
		questionId: 'eq-disability',
		groups: answersOf('eq-disability', { yes: 'Disabled or a long-term condition', no: 'Not disabled' })
	},
	{ dimension: 'religion', label: 'Religion or belief', questionId: 'eq-religion', groups: answersOf('eq-religion') },
	{ dimension: 'sexual_orientation', label: 'Sexual orientation', questionId: 'eq-sexual-orientation', groups: answersOf('eq-sexual-orientation') }
];

/** Every dimension with its groups; areas are the names the organisation's surveys offered. */
export function dimensionDefs(areas: readonly string[]): DimensionDef[] {
	return FIXED.map((d) => (d.dimension === 'area' ? { ...d, groups: areas.map((a) => ({ key: areaKey(a), label: a })) } : d));
}

export function dimensionDef(dimension: ReachDimension, areas: readonly string[]): DimensionDef {
	return dimensionDefs(areas).find((d) => d.dimension === dimension)!;
}
