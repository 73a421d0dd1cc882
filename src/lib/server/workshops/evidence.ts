// Workshops and sessions in a project's evidence: each closed session at its cycle step, with how
// many came (registered people who came plus walk-ins) and how many activities ran, linked to its
// results. One query; counts only (the public page adds participants up per activity type).
import { and, asc, eq, sql } from 'drizzle-orm';
import { londonDay } from '../../dates';
import { SESSION_KIND_LABELS } from '../../live/kinds';
import type { Db } from '../db/client';
import type { EvidenceItem, EvidenceSource } from '../projects/evidence';
import { workshopSessions } from './schema';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function sessionSummary(kind: keyof typeof SESSION_KIND_LABELS, attended: number, walkIns: number, activities: number): string {
	const people = plural(attended + walkIns, 'person', 'people');
	return `${SESSION_KIND_LABELS[kind]}, ${people} (${attended} registered, ${walkIns} walked in), ${plural(activities, 'activity', 'activities')}`;
}

export const sessionEvidence: EvidenceSource = {
	kind: 'session',
	label: 'Workshops and sessions',
	async list(db: Db, projectId: string): Promise<EvidenceItem[]> {
		const rows = await db
			.select({
				id: workshopSessions.id,
				step: workshopSessions.step,
				kind: workshopSessions.kind,
				title: workshopSessions.title,
				startsAt: workshopSessions.startsAt,
				walkIns: workshopSessions.walkIns,
				attended: sql<number>`(select count(*)::int from session_registrations r where r.session_id = ${workshopSessions}.id and r.attended_at is not null)`.mapWith(Number),
				activities: sql<number>`(select count(*)::int from live_activities a where a.session_id = ${workshopSessions}.id and a.state <> 'draft')`.mapWith(Number)
			})
			.from(workshopSessions)
			.where(and(eq(workshopSessions.projectId, projectId), eq(workshopSessions.status, 'closed')))
			.orderBy(asc(workshopSessions.startsAt), asc(workshopSessions.id));
		return rows.map(
			(s): EvidenceItem => ({
				kind: 'session',
				step: s.step,
				title: s.title,
				summary: sessionSummary(s.kind, s.attended, s.walkIns, s.activities),
				date: londonDay(s.startsAt),
				href: `/staff/sessions/${s.id}/results`,
				participation: { activity: s.kind === 'storytelling' ? 'storytelling' : 'workshop', participants: s.attended + s.walkIns }
			})
		);
	}
};
