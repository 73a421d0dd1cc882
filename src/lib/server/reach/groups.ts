// The groups reach is broken down by, with plain labels. Group keys are what population shares are
// stored under: a participant type, an age band, an area's name, or an equality answer id (ethnic
// groups rolled up to the five broad census groups). 'unknown' is "Not known": prefer not to say,
// not asked, not answered, or a deleted account.
import { AGE_BANDS, AGE_BAND_LABELS } from '../../surveys/equality';
import type { ReachDimension } from './schema';

export const UNKNOWN = 'unknown';
export const NOT_KNOWN = 'Not known';

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

const g = (entries: [string, string][]): GroupDef[] => entries.map(([key, label]) => ({ key, label }));

/** Broad ethnic groups (2021 census), which the detailed answers roll up to. */
export const BROAD_ETHNICITY = g([
	['asian', 'Asian or Asian British'],
	['black', 'Black, Black British, Caribbean or African'],
	['mixed', 'Mixed or multiple ethnic groups'],
	['white', 'White'],
	['other', 'Other ethnic group']
]);

/** The broad group of a detailed eq-ethnicity answer ("black_african" → "black"), or null. */
export function broadEthnicity(answer: string): string | null {
	const prefix = answer.split('_')[0];
	return BROAD_ETHNICITY.some((b) => b.key === prefix) ? prefix : null;
}

const FIXED: DimensionDef[] = [
	{ dimension: 'type', label: 'Who they are', questionId: null, groups: g([['young_person', 'Young people'], ['parent_carer', 'Parents and carers']]) },
	{ dimension: 'age_band', label: 'Age', questionId: 'eq-age', groups: AGE_BANDS.map((b) => ({ key: b, label: AGE_BAND_LABELS[b] })) },
	{ dimension: 'area', label: 'Area they live in', questionId: 'eq-area', groups: [] },
	{ dimension: 'sex', label: 'Sex', questionId: 'eq-sex', groups: g([['female', 'Female'], ['male', 'Male']]) },
	{
		dimension: 'gender_same',
		label: 'Gender the same as sex registered at birth',
		questionId: 'eq-gender-same',
		groups: g([['yes', 'Yes, the same'], ['no', 'No, not the same']])
	},
	{ dimension: 'ethnicity', label: 'Ethnic group (broad groups)', questionId: 'eq-ethnicity', groups: BROAD_ETHNICITY },
	{ dimension: 'disability', label: 'Disability or long-term health condition', questionId: 'eq-disability', groups: g([['yes', 'Disabled or a long-term condition'], ['no', 'Not disabled']]) },
	{
		dimension: 'religion',
		label: 'Religion or belief',
		questionId: 'eq-religion',
		groups: g([
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
		dimension: 'sexual_orientation',
		label: 'Sexual orientation',
		questionId: 'eq-sexual-orientation',
		groups: g([
			['straight', 'Straight or heterosexual'],
			['gay_lesbian', 'Gay or lesbian'],
			['bisexual', 'Bisexual'],
			['other', 'Another sexual orientation'],
			['not_sure', 'Not sure yet']
		])
	}
];

/** Every dimension with its groups; areas are the names the organisation's surveys offered. */
export function dimensionDefs(areas: readonly string[]): DimensionDef[] {
	return FIXED.map((d) => (d.dimension === 'area' ? { ...d, groups: areas.map((a) => ({ key: a, label: a })) } : d));
}

export function dimensionDef(dimension: ReachDimension, areas: readonly string[]): DimensionDef {
	return dimensionDefs(areas).find((d) => d.dimension === dimension)!;
}
