// A project's evidence: everything linked to it, gathered by cycle step, without the projects
// code knowing each module. A module describes its activities with an EvidenceSource and
// registers it once at import time (see sources.ts); listProjectEvidence asks every source.
//
// To plug a new module in (surveys, workshops, evaluations, monitoring):
//   1. write `export const surveyEvidence: EvidenceSource = { kind: 'survey', label: 'Surveys', list }`
//      where `list(db, projectId)` returns that project's items (staff view) with counts only;
//   2. add it to the array in src/lib/server/projects/sources.ts.
import type { Db } from '../db/client';
import type { ActivityKind } from './schema';

export interface EvidenceItem {
	/** Which source produced it, e.g. 'you_said_we_did', 'decision', 'equality', 'survey'. */
	kind: string;
	/** Cycle step 1-8, or null when it belongs to the project as a whole. */
	step: number | null;
	title: string;
	/** One line: headline result, decision, status. Never personal details. */
	summary: string;
	/** When it happened or was last updated (ISO date). */
	date: string | null;
	/** Staff page with the detail, if any. */
	href?: string;
	/** For "how young people and parents took part": the activity type and distinct participants. */
	participation?: { activity: ActivityKind; participants: number };
}

export interface EvidenceSource {
	kind: string;
	/** Plural heading for the source, e.g. "Decisions". */
	label: string;
	list(db: Db, projectId: string): Promise<EvidenceItem[]>;
}

export interface EvidenceByStep {
	step: number | null;
	items: EvidenceItem[];
}

/** Every source's items for one project, grouped by step (project-wide items last). */
export async function gatherEvidence(db: Db, projectId: string, sources: readonly EvidenceSource[]): Promise<EvidenceByStep[]> {
	const lists = await Promise.all(sources.map((source) => source.list(db, projectId)));
	const items = lists.flat();
	const steps = [...new Set(items.map((i) => i.step))].sort((a, b) => (a ?? 99) - (b ?? 99));
	return steps.map((step) => ({
		step,
		items: items.filter((i) => i.step === step).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
	}));
}

/** Distinct participants per activity type across the evidence, for the public "how people took part". */
export function participationCounts(evidence: readonly EvidenceByStep[]): Map<ActivityKind, number> {
	const counts = new Map<ActivityKind, number>();
	for (const { items } of evidence)
		for (const item of items)
			if (item.participation) counts.set(item.participation.activity, (counts.get(item.participation.activity) ?? 0) + item.participation.participants);
	return counts;
}
