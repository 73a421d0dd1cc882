// Reach figures from participant profiles: counts per group with small-number suppression (and
// secondary suppression, so a hidden group can't be worked out from the total), each group's share,
// and a flag on groups well below their share of the population. Pure: no database.
import { fewerThan, isSmall, suppress, suppressSet, type Count } from '../privacy/small-numbers';
import { NOT_KNOWN, UNKNOWN, type DimensionDef, type GroupDef } from './groups';
import type { Participants, Profile, ReachActivity } from './people';
import { REACH_ACTIVITIES } from './people';
import type { ReachDimension } from './schema';

/** A group is flagged when its share of participants is under this fraction of its population share… */
export const FLAG_RATIO = 2 / 3;
/** …and at least this many percentage points below it. */
export const FLAG_POINTS = 5;

export const FLAG_RULE = `A group is flagged as well below its share when its share of the people who took part is less than two-thirds of its share of the population, and at least ${FLAG_POINTS} percentage points lower. For example, a group that is 30% of the population is flagged below 20%, and a group that is 9% is flagged below 4%.`;


export interface Population {
	percent: number;
	source: string | null;
}

export interface GroupFigure {
	key: string;
	label: string;
	count: Count;
	/** Whole-number share of the base; null when the count is hidden. */
	percent: number | null;
	population: Population | null;
	flagged: boolean;
	/** Hidden, with a population share, but the flag could narrow down its number: not compared. */
	tooFewToCompare: boolean;
	notKnown: boolean;
}

export interface Breakdown {
	dimension: ReachDimension | 'ethnicity_detail';
	label: string;
	/** Whether population shares can be entered for it (not the detailed ethnic groups). */
	comparable: boolean;
	groups: GroupFigure[];
	/** known: shares are of people whose group is known; everyone: "Not known" is hidden, so shares are of everyone. */
	base: 'known' | 'everyone';
	anyHidden: boolean;
}

/** Whether a group's share is well below its population share (see FLAG_RULE). */
export function isWellBelow(participantPercent: number, populationPercent: number): boolean {
	return populationPercent > 0 && participantPercent < populationPercent * FLAG_RATIO && populationPercent - participantPercent >= FLAG_POINTS;
}

type Field = keyof Profile;

export function breakdown(
	def: { dimension: Breakdown['dimension']; label: string; groups: GroupDef[] },
	field: Field,
	people: readonly Profile[],
	threshold: number,
	population: ReadonlyMap<string, Population> | null
): Breakdown {
	const keys = [...def.groups.map((g) => g.key), UNKNOWN];
	const tally = new Map<string, number>(keys.map((k) => [k, 0]));
	for (const person of people) {
		const key = tally.has(person[field]) ? person[field] : UNKNOWN;
		tally.set(key, tally.get(key)! + 1);
	}
	const raw = keys.map((k) => tally.get(k)!);
	const shown = suppressSet(raw, threshold);
	const unknownIndex = keys.length - 1;
	const unknownShown = !shown[unknownIndex].suppressed;
	const total = raw.reduce((a, b) => a + b, 0);
	const base = unknownShown ? total - raw[unknownIndex] : total;
	// What a reader can tell about a hidden group: the total (when it is shown) less the shown groups
	// is what the hidden ones add up to, and "fewer than N" caps each one at N - 1.
	const totalShown = !isSmall(total, threshold);
	const hiddenSum = raw.reduce((sum, n, i) => (shown[i].suppressed ? sum + n : sum), 0);
	const groups = keys.map((key, i): GroupFigure => {
		const notKnown = key === UNKNOWN;
		const count = shown[i];
		const exact = base > 0 ? (raw[i] / base) * 100 : 0;
		const pop = notKnown ? null : (population?.get(key) ?? null);
		let flagged = false;
		let tooFewToCompare = false;
		if (pop !== null && base > 0) {
			if (!count.suppressed) flagged = isWellBelow(exact, pop.percent);
			else {
				// Flag only when the largest number it could be is flagged too: then the flag says nothing new.
				const largest = count.display === fewerThan(threshold) ? Math.min(threshold - 1, hiddenSum) : hiddenSum;
				flagged = totalShown && isWellBelow((largest / base) * 100, pop.percent);
				tooFewToCompare = !flagged;
			}
		}
		return {
			key,
			label: notKnown ? NOT_KNOWN : def.groups[i].label,
			count,
			percent: count.suppressed || base === 0 || (notKnown && unknownShown) ? null : Math.round(exact),
			population: pop,
			flagged,
			tooFewToCompare,
			notKnown
		};
	});
	return { dimension: def.dimension, label: def.label, comparable: population !== null, groups, base: unknownShown ? 'known' : 'everyone', anyHidden: shown.some((c) => c.suppressed) };
}

export interface ReachFigures {
	threshold: number;
	/** Everyone counted: account holders plus anonymous survey responses. */
	total: Count;
	accountHolders: Count;
	anonymousResponses: Count;
	/** Walk-ins and anonymous live phones: took part without giving details. */
	withoutDetails: Count;
	activities: { activity: ReachActivity; count: Count }[];
	breakdowns: Breakdown[];
	flaggedCount: number;
}

const FIELD: Record<Breakdown['dimension'], Field> = {
	type: 'type',
	age_band: 'age_band',
	area: 'area',
	sex: 'sex',
	gender_same: 'gender_same',
	ethnicity: 'ethnicity',
	ethnicity_detail: 'ethnicity_detail',
	disability: 'disability',
	religion: 'religion',
	sexual_orientation: 'sexual_orientation'
};

/**
 * People per kind of activity. Someone who did two kinds is in both rows, so the rows add up to at
 * least the total: the total less the shown rows is a floor under the hidden ones. So they are
 * hidden as a set (see suppressSet), and that floor can't pin a small one down.
 */
function activityCounts(participants: Participants, threshold: number): { activity: ReachActivity; count: Count }[] {
	const used = REACH_ACTIVITIES.filter((a) => participants.byActivity[a] > 0);
	const counts = suppressSet(
		used.map((a) => participants.byActivity[a]),
		threshold
	);
	return used.map((activity, i) => ({ activity, count: counts[i] }));
}

export function reachFigures(
	participants: Participants,
	defs: readonly DimensionDef[],
	ethnicityDetail: GroupDef[],
	shares: ReadonlyMap<ReachDimension, ReadonlyMap<string, Population>>,
	threshold: number
): ReachFigures {
	const breakdowns: Breakdown[] = [];
	for (const def of defs) {
		breakdowns.push(breakdown(def, FIELD[def.dimension], participants.people, threshold, shares.get(def.dimension) ?? new Map()));
		if (def.dimension === 'ethnicity')
			breakdowns.push(breakdown({ dimension: 'ethnicity_detail', label: 'Ethnic group (detailed)', groups: ethnicityDetail }, 'ethnicity_detail', participants.people, threshold, null));
	}
	// The two kinds add up to the total, so they are hidden together (one small one would show in the other).
	const [accountHolders, anonymousResponses] = suppressSet([participants.accountHolders, participants.anonymousResponses], threshold);
	return {
		threshold,
		total: suppress(participants.people.length, threshold),
		accountHolders,
		anonymousResponses,
		withoutDetails: suppress(participants.walkIns + participants.anonymousPhones, threshold),
		activities: activityCounts(participants, threshold),
		breakdowns,
		flaggedCount: breakdowns.reduce((n, b) => n + b.groups.filter((g) => g.flagged).length, 0)
	};
}
