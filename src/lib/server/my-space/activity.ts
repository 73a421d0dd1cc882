// "What I did and what it changed": everything the person took part in, grouped by project, each
// project with its published outcomes. Projects with the latest activity first; things not tied to
// a project (hours a champion added for other work) last.
import type { Db } from '../db/client';
import { whatIDid, type ActivityItem } from './what-i-did';
import { whatItChanged, type ProjectOutcomes } from './what-it-changed';

type Actor = { id: string; organisationId: string };

export interface ProjectActivity {
	/** null: things not tied to a project. */
	projectId: string | null;
	title: string;
	publicHref: string | null;
	items: ActivityItem[];
	hours: number;
	outcomes: Omit<ProjectOutcomes, 'projectId' | 'title' | 'publicHref'> | null;
}

const roundHours = (n: number) => Math.round(n * 100) / 100;

export async function myActivity(db: Db, user: Actor) {
	const did = await whatIDid(db, user);
	const projectIds = [...new Set(did.items.flatMap((i) => (i.projectId ? [i.projectId] : [])))];
	const changed = await whatItChanged(db, user.organisationId, projectIds, did);
	const groups = new Map<string, ProjectActivity>();
	for (const item of did.items) {
		const outcome = item.projectId ? changed.get(item.projectId) : undefined;
		// A project that isn't in their organisation (it can't be, but never trust a stray row) joins "other".
		const key = outcome ? outcome.projectId : '';
		let group = groups.get(key);
		if (!group) {
			group = outcome
				? { projectId: outcome.projectId, title: outcome.title, publicHref: outcome.publicHref, items: [], hours: 0, outcomes: { awards: outcome.awards, youSaid: outcome.youSaid, results: outcome.results, thanks: outcome.thanks } }
				: { projectId: null, title: 'Other things you did', publicHref: null, items: [], hours: 0, outcomes: null };
			groups.set(key, group);
		}
		group.items.push(item);
		if (item.hours !== null) group.hours = roundHours(group.hours + item.hours);
	}
	const projects = [...groups.values()].sort((a, b) => {
		if ((a.projectId === null) !== (b.projectId === null)) return a.projectId === null ? 1 : -1;
		return (b.items[0]?.on ?? '').localeCompare(a.items[0]?.on ?? '') || a.title.localeCompare(b.title);
	});
	return { projects, totalHours: roundHours(projects.reduce((sum, p) => sum + p.hours, 0)) };
}
export type MyActivity = Awaited<ReturnType<typeof myActivity>>;
