// Mystery-shopping findings for a contract, across its programmes: only approved reports count.
// Scores by checklist theme across visits and by quarter, and the comments grouped by theme,
// without authors and with any shopper's name taken out. Nothing here selects a shopper's id into
// what it returns, nor a report's id: the same data feeds the provider's printed report.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { THEME_LABELS, type ChecklistThemeKey, type ContactKindKey } from '$lib/monitoring/labels';
import type { Db } from '../db/client';
import { contractInOrganisation } from '../monitoring/lookup';
import type { Count } from '../privacy/small-numbers';
import { isSmall, suppress } from '../privacy/small-numbers';
import { organisationThreshold } from '../surveys/results';
import { monthYear, scoreTables, whenWords, type ReportScores, type ScoreTables } from './findings-themes';
import { nameRedactor, shopperNameWords, type NameWord } from './redact';
import { checklistItems, CHECKLIST_THEMES, reportRatings, shoppingProgrammes, shoppingReports, shoppingScenarios, shoppingVisits } from './schema';

export type { FindingsCell, Period, ThemeFindings } from './findings-themes';

export interface CommentGroup {
	key: string;
	heading: string;
	comments: string[];
	/**
	 * True when the group's comments come from fewer reports than the threshold: they aren't
	 * sent at all (comments is empty), and the page says they will be shown once enough are in.
	 */
	withheld: boolean;
}

export interface Findings extends ScoreTables {
	threshold: number;
	/** Visits with at least one approved report. */
	visits: number;
	reports: Count;
	/** "between March and October 2026", or null before any approved report. */
	when: string | null;
	firstMonth: string | null;
	lastMonth: string | null;
	programmes: { id: string; title: string; contactKind: ContactKindKey; announced: boolean }[];
	scenarios: string[];
	comments: CommentGroup[];
}

/** Alphabetical order; one collator, since localeCompare with a locale builds one per call. */
const byWords = new Intl.Collator('en-GB').compare;

export const ANSWER_GROUPS = [
	{ key: 'went_well', heading: 'What went well' },
	{ key: 'could_be_better', heading: 'What could be better' },
	{ key: 'anything_else', heading: 'Anything else they said' }
] as const;

/**
 * Findings for one contract (or one of its programmes). The caller has checked the contract is
 * the actor's organisation's; `programmeId` must belong to it.
 */
export async function findingsFor(db: Db, scope: { organisationId: string; contractId: string; programmeId?: string }): Promise<Findings> {
	const programmeScope = scope.programmeId
		? and(eq(shoppingProgrammes.contractId, scope.contractId), eq(shoppingProgrammes.id, scope.programmeId))
		: eq(shoppingProgrammes.contractId, scope.contractId);
	const [threshold, programmes, items, approved, names] = await Promise.all([
		organisationThreshold(db, scope.organisationId),
		db
			.select({ id: shoppingProgrammes.id, title: shoppingProgrammes.title, contactKind: shoppingProgrammes.contactKind, announced: shoppingProgrammes.announced })
			.from(shoppingProgrammes)
			.where(programmeScope)
			.orderBy(asc(shoppingProgrammes.startsOn), asc(shoppingProgrammes.id)),
		db
			.select({ theme: checklistItems.theme })
			.from(checklistItems)
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, checklistItems.programmeId))
			.where(programmeScope),
		db
			.select({
				id: shoppingReports.id,
				visitId: shoppingReports.visitId,
				programmeId: shoppingVisits.programmeId,
				visitedOn: shoppingReports.visitedOn,
				wentWell: shoppingReports.wentWell,
				couldBeBetter: shoppingReports.couldBeBetter,
				otherComments: shoppingReports.otherComments
			})
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
			.where(and(programmeScope, eq(shoppingReports.status, 'approved'))),
		shopperNameWords(db, scope.programmeId ? { programmeId: scope.programmeId } : { contractId: scope.contractId })
	]);
	// The same approved reports' ratings, by a join rather than thousands of ids in a list. A
	// report approved between the two reads is simply not in `approved`, so its ratings are unused.
	const approvedIds = new Set(approved.map((r) => r.id));
	const ratings = approved.length
		? (
				await db
					.select({ reportId: reportRatings.reportId, rating: reportRatings.rating, comment: reportRatings.comment, theme: checklistItems.theme })
					.from(reportRatings)
					.innerJoin(checklistItems, eq(checklistItems.id, reportRatings.itemId))
					.innerJoin(shoppingReports, eq(shoppingReports.id, reportRatings.reportId))
					.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
					.innerJoin(shoppingProgrammes, eq(shoppingProgrammes.id, shoppingVisits.programmeId))
					.where(and(programmeScope, eq(shoppingReports.status, 'approved')))
			).filter((x) => approvedIds.has(x.reportId))
		: [];

	const ratingsOf = new Map<string, { theme: ChecklistThemeKey; rating: number }[]>();
	for (const x of ratings) {
		if (x.rating === null) continue;
		const list = ratingsOf.get(x.reportId) ?? [];
		list.push({ theme: x.theme, rating: x.rating });
		ratingsOf.set(x.reportId, list);
	}
	const reports: ReportScores[] = approved.map((r) => ({ visitId: r.visitId, visitedOn: r.visitedOn, ratings: ratingsOf.get(r.id) ?? [] }));
	const tables = scoreTables(reports, new Set(items.map((i) => i.theme)), threshold);

	const withReports = new Set(approved.map((r) => r.programmeId));
	const shownProgrammes = programmes.filter((p) => withReports.has(p.id));
	const scenarios = shownProgrammes.length
		? await db
				.select({ title: shoppingScenarios.title })
				.from(shoppingScenarios)
				.where(inArray(shoppingScenarios.programmeId, shownProgrammes.map((p) => p.id)))
				.orderBy(asc(shoppingScenarios.programmeId), asc(shoppingScenarios.position))
		: [];

	const days = approved.map((r) => r.visitedOn).sort();
	const first = days[0] ?? null;
	const last = days.at(-1) ?? null;
	return {
		threshold,
		visits: new Set(approved.map((r) => r.visitId)).size,
		reports: suppress(approved.length, threshold),
		when: first && last ? whenWords(first, last) : null,
		firstMonth: first ? monthYear(first) : null,
		lastMonth: last ? monthYear(last) : null,
		programmes: shownProgrammes,
		scenarios: [...new Set(scenarios.map((s) => s.title))],
		comments: commentGroups(approved, ratings, names, tables, threshold),
		...tables
	};
}

/**
 * Comments by theme, then the three free answers. Sorted alphabetically, not by visit, so comments
 * can't be lined up with each other into one person's report. A small group's words could still
 * point to who wrote them (the provider may know who went), so a theme's comments are shown only
 * when the reports touching it, and those rating it, aren't a small group; the three free answers
 * only when the number of reports isn't. A withheld group keeps its heading and no words.
 */
function commentGroups(
	approved: readonly { id: string; wentWell: string; couldBeBetter: string; otherComments: string }[],
	ratings: readonly { reportId: string; comment: string; theme: ChecklistThemeKey }[],
	names: readonly NameWord[],
	tables: ScoreTables,
	threshold: number
): CommentGroup[] {
	const redact = nameRedactor(names);
	const tidy = (texts: string[]) =>
		texts
			.map((t) => t.trim())
			.filter(Boolean)
			.map(redact)
			.sort(byWords);
	const group = (key: string, heading: string, texts: string[], withheld: boolean): CommentGroup => {
		const comments = tidy(texts);
		return { key, heading, comments: withheld ? [] : comments, withheld: withheld && comments.length > 0 };
	};
	const rowsOf = new Map<string, (typeof ratings)[number][]>();
	for (const r of ratings) {
		const list = rowsOf.get(r.theme) ?? [];
		list.push(r);
		rowsOf.set(r.theme, list);
	}
	const byTheme = CHECKLIST_THEMES.map((theme) => {
		const rows = rowsOf.get(theme) ?? [];
		const rated = tables.themes.find((t) => t.theme === theme)?.all.reports;
		const small = isSmall(new Set(rows.map((r) => r.reportId)).size, threshold) || !rated || rated.suppressed;
		return group(
			theme,
			THEME_LABELS[theme],
			rows.map((r) => r.comment),
			small
		);
	});
	const fewReports = isSmall(approved.length, threshold);
	const answers = ANSWER_GROUPS.map(({ key, heading }) =>
		group(
			key,
			heading,
			approved.map((r) => (key === 'went_well' ? r.wentWell : key === 'could_be_better' ? r.couldBeBetter : r.otherComments)),
			fewReports
		)
	);
	return [...byTheme, ...answers].filter((g) => g.comments.length > 0 || g.withheld);
}

/** The findings page and report: the contract (checked against the actor's organisation) and its findings. */
export async function contractFindings(db: Db, organisationId: string, contractId: string) {
	const { contract, projectTitle } = await contractInOrganisation(db, organisationId, contractId);
	const findings = await findingsFor(db, { organisationId, contractId });
	return {
		contract: { id: contract.id, title: contract.title, provider: contract.provider, projectId: contract.projectId, projectTitle },
		findings
	};
}
