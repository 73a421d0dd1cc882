// What the public sees: portal pages, open data JSON and the Atom feed all read from here. Every
// query names its columns, and only public ones: never lead officers, notes, decision or equality
// details, or organisation ids. Unpublished or withdrawn projects don't exist to these functions.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { ACTIVITY_LABELS, LEVEL_LABELS, PROJECT_STATUS_LABELS, ROUTE_LABELS, STEP_STATUS_LABELS } from '../../project-labels';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { organisations } from '../organisations/schema';
import { cycleStep } from '../projects/cycle';
import { gatherEvidence, participationCounts, type EvidenceSource } from '../projects/evidence';
import { ACTIVITY_KINDS, decommissionings, projectSteps, projects, youSaidWeDid, type ActivityKind, type StepStatus } from '../projects/schema';
import { EVIDENCE_SOURCES } from '../projects/sources';
import { currentStep, nextStep } from '../projects/steps';
import { YOU_SAID_COLUMNS, YOU_SAID_STATUS_LABELS } from '../projects/you-said';
import { publicSurveySummaries } from '../surveys/publish-results';
import { publicTenders, publishedAwardEntries } from '../evaluation/public';
import { publicPerformance, publishedUpdateEntries } from '../monitoring/public';
import { publicQuality } from '../reach/quality';
import { formatDay, formatPounds } from '../projects/decisions';
import { DECOMMISSIONING_REASON_LABELS, PARTICIPATION_LABELS } from './labels';
import type { PublicDecommissioning, PublicParticipation, PublicProject, PublicProjectSummary, PublicStep, PublicYouSaid } from './types';

export type * from './types';

/** Public addresses are lower-case words and digits joined by dashes; anything else can't exist. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

const projectColumns = {
	id: projects.id,
	slug: projects.slug,
	title: projects.title,
	summary: projects.summary,
	serviceArea: projects.serviceArea,
	level: projects.level,
	route: projects.route,
	status: projects.status,
	annualValuePence: projects.annualValuePence,
	contractMonths: projects.contractMonths,
	publicContact: projects.publicContact,
	publishedAt: projects.publishedAt,
	updatedAt: projects.updatedAt
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const later = (a: Date | null, b: Date): Date => (a && a > b ? a : b);

function publishedRows(db: Db) {
	return db.select(projectColumns).from(projects).where(isNotNull(projects.publishedAt)).orderBy(desc(projects.publishedAt), asc(projects.slug)).limit(500);
}
type ProjectRow = Awaited<ReturnType<typeof publishedRows>>[number];

/** Each project's steps with the framework's words, by project id. */
async function stepsOf(db: Db, projectIds: string[]): Promise<Map<string, PublicStep[]>> {
	const byProject = new Map<string, PublicStep[]>();
	if (projectIds.length === 0) return byProject;
	const rows = await db
		.select({
			projectId: projectSteps.projectId,
			step: projectSteps.step,
			plannedStart: projectSteps.plannedStart,
			plannedEnd: projectSteps.plannedEnd,
			actualStart: projectSteps.actualStart,
			actualEnd: projectSteps.actualEnd,
			status: projectSteps.status
		})
		.from(projectSteps)
		.where(inArray(projectSteps.projectId, projectIds))
		.orderBy(asc(projectSteps.step));
	for (const { projectId, ...s } of rows) {
		const c = cycleStep(s.step);
		const list = byProject.get(projectId) ?? [];
		list.push({ ...s, name: c.name, phase: c.phase, about: c.about, statusLabel: STEP_STATUS_LABELS[s.status] ?? s.status });
		byProject.set(projectId, list);
	}
	return byProject;
}

function summaryOf(row: ProjectRow, steps: readonly { step: number; status: StepStatus }[]): PublicProjectSummary {
	const current = currentStep(steps);
	const c = current === null ? null : cycleStep(current);
	return {
		slug: row.slug,
		title: row.title,
		summary: row.summary,
		serviceArea: row.serviceArea,
		status: row.status,
		statusLabel: PROJECT_STATUS_LABELS[row.status] ?? row.status,
		level: row.level,
		levelLabel: LEVEL_LABELS[row.level] ?? row.level,
		route: row.route,
		routeLabel: ROUTE_LABELS[row.route] ?? row.route,
		currentStep: c ? { step: c.step, name: c.name, phase: c.phase, about: c.about } : null,
		publishedAt: iso(row.publishedAt),
		updatedAt: later(row.publishedAt, row.updatedAt).toISOString()
	};
}

/** Published "you said, we did" entries: of one project, or (for the home page and feed) of every published project. */
async function publishedYouSaid(db: Db, options: { projectId?: string; limit: number }): Promise<(PublicYouSaid & { updatedAt: Date; publishedDate: Date })[]> {
	const rows = await db
		.select({
			...YOU_SAID_COLUMNS,
			projectSlug: projects.slug,
			projectTitle: projects.title
		})
		.from(youSaidWeDid)
		.innerJoin(projects, eq(projects.id, youSaidWeDid.projectId))
		.where(
			and(
				isNotNull(youSaidWeDid.publishedAt),
				options.projectId ? eq(youSaidWeDid.projectId, options.projectId) : isNotNull(projects.publishedAt)
			)
		)
		.orderBy(desc(youSaidWeDid.publishedAt), asc(youSaidWeDid.id))
		.limit(options.limit);
	return rows.map((r) => ({
		id: r.id,
		project: { slug: r.projectSlug, title: r.projectTitle },
		step: r.step,
		stepName: r.step === null ? null : cycleStep(r.step).name,
		activity: r.activity,
		activityLabel: ACTIVITY_LABELS[r.activity] ?? r.activity,
		source: r.source,
		youSaid: r.youSaid,
		weDid: r.weDid,
		status: r.status,
		statusLabel: YOU_SAID_STATUS_LABELS[r.status],
		decidedOn: r.decidedOn,
		publishedAt: iso(r.publishedAt)!,
		updatedAt: later(r.publishedAt, r.updatedAt),
		publishedDate: r.publishedAt!
	}));
}

const publicEntry = ({ updatedAt: _u, publishedDate: _p, ...entry }: PublicYouSaid & { updatedAt: Date; publishedDate: Date }): PublicYouSaid => entry;

async function decommissioningOf(db: Db, projectIds: string[]): Promise<Map<string, PublicDecommissioning>> {
	const out = new Map<string, PublicDecommissioning>();
	if (projectIds.length === 0) return out;
	const rows = await db
		.select({ projectId: decommissionings.projectId, reasons: decommissionings.reasons, providerNoticeDate: decommissionings.providerNoticeDate })
		.from(decommissionings)
		.where(inArray(decommissionings.projectId, projectIds));
	for (const r of rows)
		out.set(r.projectId, {
			reasons: r.reasons.map((code) => ({ code, label: DECOMMISSIONING_REASON_LABELS[code] ?? code })),
			providerNoticeDate: r.providerNoticeDate
		});
	return out;
}

/** Counts by activity type; any below the organisation's threshold is shown only as "fewer than N". */
export function publicParticipation(counts: ReadonlyMap<ActivityKind, number>, threshold: number): PublicParticipation[] {
	return ACTIVITY_KINDS.filter((kind) => counts.has(kind)).map((kind) => {
		const n = counts.get(kind)!;
		const hidden = n < threshold;
		return { activity: kind, label: PARTICIPATION_LABELS[kind], participants: hidden ? null : n, display: hidden ? `fewer than ${threshold}` : String(n) };
	});
}

/** The first day of the month twelve months on, as the end (exclusive) of the forward plan. */
function monthsLater(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

export async function portalHome(db: Db, now = new Date()) {
	const rows = await publishedRows(db);
	const steps = await stepsOf(db, rows.map((r) => r.id));
	const today = now.toISOString().slice(0, 10);
	const horizon = monthsLater(today, 12);
	const open = rows.filter((r) => r.status === 'planned' || r.status === 'active');
	const forwardPlan = open
		.flatMap((r) => {
			const tender = steps.get(r.id)?.find((s) => s.step === 5);
			if (!tender?.plannedStart || tender.status === 'done' || tender.status === 'skipped') return [];
			if (tender.plannedStart < today || tender.plannedStart >= horizon) return [];
			return [{ slug: r.slug, title: r.title, serviceArea: r.serviceArea, routeLabel: ROUTE_LABELS[r.route] ?? r.route, tenderStarts: tender.plannedStart, tenderEnds: tender.plannedEnd, publicContact: r.publicContact }];
		})
		.sort((a, b) => a.tenderStarts.localeCompare(b.tenderStarts) || a.title.localeCompare(b.title));
	const closing = rows.filter((r) => r.status === 'decommissioning');
	const notices = await decommissioningOf(db, closing.map((r) => r.id));
	return {
		commissioningNow: open.map((r) => summaryOf(r, steps.get(r.id) ?? [])),
		forwardPlan,
		decommissioning: closing.map((r) => ({ ...summaryOf(r, steps.get(r.id) ?? []), notice: notices.get(r.id) ?? null })),
		latestYouSaid: (await publishedYouSaid(db, { limit: 6 })).map(publicEntry)
	};
}
export type PortalHome = Awaited<ReturnType<typeof portalHome>>;

export async function publicProjectsList(db: Db): Promise<PublicProjectSummary[]> {
	const rows = await publishedRows(db);
	const steps = await stepsOf(db, rows.map((r) => r.id));
	return rows.map((r) => summaryOf(r, steps.get(r.id) ?? [])).sort((a, b) => a.title.localeCompare(b.title));
}

interface BuildOptions {
	/** Tests pass their own; the app always uses every registered module's source. */
	sources?: readonly EvidenceSource[];
}

async function buildPublicProject(db: Db, row: ProjectRow & { organisationId: string; threshold: number; qualityPublished: boolean }, options: BuildOptions): Promise<PublicProject> {
	const [stepMap, youSaid, notices, evidence, surveyResults, tenders, performance] = await Promise.all([
		stepsOf(db, [row.id]),
		publishedYouSaid(db, { projectId: row.id, limit: 200 }),
		decommissioningOf(db, [row.id]),
		gatherEvidence(db, row.id, options.sources ?? EVIDENCE_SOURCES),
		publicSurveySummaries(db, row.id),
		publicTenders(db, row.id),
		publicPerformance(db, row.id)
	]);
	const steps = stepMap.get(row.id) ?? [];
	const current = currentStep(steps);
	const next = nextStep(steps, current);
	return {
		...summaryOf(row, steps),
		annualValuePence: row.annualValuePence,
		contractMonths: row.contractMonths,
		publicContact: row.publicContact,
		steps,
		nextStep: next ? { step: next.step, name: next.name, about: next.about, plannedStart: next.plannedStart } : null,
		participation: { threshold: row.threshold, activities: publicParticipation(participationCounts(evidence), row.threshold) },
		youSaidWeDid: youSaid.map(publicEntry),
		decommissioning: row.status === 'decommissioning' ? (notices.get(row.id) ?? null) : null,
		surveyResults,
		tenders,
		performance,
		// Only the four headline counts, and only when staff chose to publish them.
		quality: row.qualityPublished ? await publicQuality(db, row.organisationId, row.id, evidence, row.threshold) : null
	};
}

const withThreshold = { ...projectColumns, organisationId: projects.organisationId, threshold: organisations.smallNumberThreshold, qualityPublished: projects.qualityPublished };

/** A published project by its public address; null when it doesn't exist or isn't public. */
export async function publicProject(db: Db, slug: string, options: BuildOptions = {}): Promise<PublicProject | null> {
	if (typeof slug !== 'string' || !SLUG.test(slug)) return null;
	const [row] = await db
		.select(withThreshold)
		.from(projects)
		.innerJoin(organisations, eq(organisations.id, projects.organisationId))
		.where(and(eq(projects.slug, slug), isNotNull(projects.publishedAt)));
	return row ? buildPublicProject(db, row, options) : null;
}

/** Exactly what the public would see, published or not, for staff of the project's organisation. */
export async function publicProjectPreview(db: Db, organisationId: string, projectId: string, options: BuildOptions = {}): Promise<PublicProject> {
	const [row] = await db
		.select(withThreshold)
		.from(projects)
		.innerJoin(organisations, eq(organisations.id, projects.organisationId))
		.where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!row) throw new InputError('That project does not exist.');
	return buildPublicProject(db, row, options);
}

export interface FeedEntry {
	/** Site-relative address, also the entry's permanent id once made absolute. */
	path: string;
	title: string;
	summary: string;
	published: string;
	updated: string;
}

/** Published projects, "you said, we did" entries, awards and performance updates, newest first, for the Atom feed. */
export async function feedEntries(db: Db, limit = 50): Promise<FeedEntry[]> {
	const [rows, entries, awarded, updates] = await Promise.all([publishedRows(db), publishedYouSaid(db, { limit }), publishedAwardEntries(db, limit), publishedUpdateEntries(db, limit)]);
	const items = [
		...rows.map((r) => ({
			path: `/projects/${r.slug}`,
			title: r.title,
			summary: `${PROJECT_STATUS_LABELS[r.status] ?? r.status}. ${r.summary}`,
			published: r.publishedAt!,
			updated: later(r.publishedAt, r.updatedAt)
		})),
		...entries.map((e) => ({
			path: `/projects/${e.project!.slug}#you-said-${e.id}`,
			title: `You said, we did: ${e.project!.title}`,
			summary: `You said: ${e.youSaid} We did: ${e.weDid} (${e.statusLabel})`,
			published: e.publishedDate,
			updated: e.updatedAt
		})),
		...awarded.map((a) => ({
			path: `/projects/${a.projectSlug}#${a.anchor}`,
			title: `Contract awarded: ${a.title}`,
			summary: `${a.winner} won ${a.title} (${a.reference}), worth ${formatPounds(a.valuePence)}, running from ${formatDay(a.startsOn)} to ${formatDay(a.endsOn)}.`,
			published: a.publishedAt,
			updated: a.publishedAt
		})),
		...updates
	];
	return items
		.sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.path.localeCompare(b.path))
		.slice(0, limit)
		.map((i) => ({ ...i, published: i.published.toISOString(), updated: i.updated.toISOString() }));
}
