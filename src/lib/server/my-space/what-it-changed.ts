// What changed: each project's published outcomes, only what is published and only what this
// person may see. The award as the public sees it (the winner's name only from a published award
// on a published project, never which lettered bid it was or anything else about any bid);
// published "you said, we did" entries of published projects; survey results published to
// people who answered (for the surveys they answered) or to the public; and the thank-you to the
// panels they scored on.
import { and, asc, eq, inArray, isNotNull, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { awards, bidIdentities, panels, tenders } from '../evaluation/schema';
import { projects, youSaidWeDid } from '../projects/schema';
import { YOU_SAID_STATUS_LABELS } from '../projects/you-said';
import { surveys } from '../surveys/schema';

export interface ProjectOutcomes {
	projectId: string;
	title: string;
	/** The public project page, when the project is published. */
	publicHref: string | null;
	awards: { tenderId: string; tenderTitle: string; winner: string | null; startsOn: string; endsOn: string; decidedOn: string }[];
	youSaid: { id: string; youSaid: string; weDid: string; status: string; decidedOn: string | null }[];
	results: { title: string; summary: string | null; href: string }[];
	/** One per panel they were on: a person can sit on two panels of one tender. */
	thanks: { panelId: string; tenderTitle: string; message: string }[];
}

export async function whatItChanged(db: Db, organisationId: string, projectIds: string[], mine: { surveyIds: string[]; panelIds: string[] }): Promise<Map<string, ProjectOutcomes>> {
	const out = new Map<string, ProjectOutcomes>();
	if (projectIds.length === 0) return out;
	const found = await db
		.select({ id: projects.id, title: projects.title, slug: projects.slug, publishedAt: projects.publishedAt })
		.from(projects)
		.where(and(inArray(projects.id, projectIds), eq(projects.organisationId, organisationId)));
	const published = found.filter((p) => p.publishedAt).map((p) => p.id);
	for (const p of found) {
		out.set(p.id, { projectId: p.id, title: p.title, publicHref: p.publishedAt ? `/projects/${p.slug}` : null, awards: [], youSaid: [], results: [], thanks: [] });
	}
	const ids = found.map((p) => p.id);
	if (ids.length === 0) return out;
	const [decided, entries, results, thanks] = await Promise.all([
		db
			.select({
				projectId: tenders.projectId,
				tenderId: tenders.id,
				tenderTitle: tenders.title,
				winnerBidId: awards.winningBidId,
				startsOn: awards.startsOn,
				endsOn: awards.endsOn,
				decidedOn: awards.decidedOn
			})
			.from(awards)
			.innerJoin(tenders, eq(tenders.id, awards.tenderId))
			.where(and(inArray(tenders.projectId, ids), eq(tenders.organisationId, organisationId), isNotNull(awards.publishedAt)))
			.orderBy(asc(awards.decidedOn), asc(tenders.reference)),
		published.length
			? db
					.select({ id: youSaidWeDid.id, projectId: youSaidWeDid.projectId, youSaid: youSaidWeDid.youSaid, weDid: youSaidWeDid.weDid, status: youSaidWeDid.status, decidedOn: youSaidWeDid.decidedOn })
					.from(youSaidWeDid)
					.where(and(inArray(youSaidWeDid.projectId, published), isNotNull(youSaidWeDid.publishedAt)))
					.orderBy(asc(youSaidWeDid.publishedAt), asc(youSaidWeDid.id))
			: [],
		db
			.select({ projectId: surveys.projectId, title: surveys.title, summary: surveys.resultsSummary, code: surveys.code })
			.from(surveys)
			.where(
				and(
					inArray(surveys.projectId, ids),
					eq(surveys.organisationId, organisationId),
					ne(surveys.status, 'draft'),
					or(
						mine.surveyIds.length ? and(inArray(surveys.id, mine.surveyIds), inArray(surveys.resultsVisibility, ['participants', 'public'])) : undefined,
						published.length ? and(inArray(surveys.projectId, published), eq(surveys.resultsVisibility, 'public')) : undefined
					) ?? eq(surveys.id, '')
				)
			)
			.orderBy(asc(surveys.createdAt), asc(surveys.id)),
		mine.panelIds.length
			? db
					.select({ panelId: panels.id, projectId: tenders.projectId, tenderTitle: tenders.title, message: panels.thanksMessage })
					.from(panels)
					.innerJoin(tenders, eq(tenders.id, panels.tenderId))
					.innerJoin(awards, eq(awards.tenderId, tenders.id))
					.where(and(inArray(panels.id, mine.panelIds), eq(tenders.organisationId, organisationId), isNotNull(awards.publishedAt), isNotNull(panels.thanksMessage)))
					.orderBy(asc(tenders.reference), asc(panels.id))
			: []
	]);
	// The winner's name, as the public page shows it: only for a published project.
	const publicWinners = decided.filter((d) => published.includes(d.projectId)).map((d) => d.winnerBidId);
	const names = publicWinners.length
		? new Map(
				(await db.select({ bidId: bidIdentities.bidId, name: bidIdentities.bidderName }).from(bidIdentities).where(inArray(bidIdentities.bidId, publicWinners))).map((r) => [r.bidId, r.name])
			)
		: new Map<string, string>();
	for (const d of decided)
		out.get(d.projectId)?.awards.push({
			tenderId: d.tenderId,
			tenderTitle: d.tenderTitle,
			winner: published.includes(d.projectId) ? (names.get(d.winnerBidId) ?? null) : null,
			startsOn: d.startsOn,
			endsOn: d.endsOn,
			decidedOn: d.decidedOn
		});
	for (const e of entries) out.get(e.projectId)?.youSaid.push({ id: e.id, youSaid: e.youSaid, weDid: e.weDid, status: YOU_SAID_STATUS_LABELS[e.status], decidedOn: e.decidedOn });
	for (const r of results) out.get(r.projectId)?.results.push({ title: r.title, summary: r.summary, href: `/survey/${r.code}/results` });
	for (const t of thanks) if (t.message) out.get(t.projectId)?.thanks.push({ panelId: t.panelId, tenderTitle: t.tenderTitle, message: t.message });
	return out;
}
