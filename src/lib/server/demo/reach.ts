// Demo reach: population shares for Riverside (made-up but plausible figures, labelled as such) so
// the reach pages have something to compare with, and accessible formats on some planned
// activities of the youth mental-health project for the quality view. The demo's anonymous needs
// survey already carries equality answers. With these, under-13s and White young people show as
// well below their share, and parents and carers (a handful) are hidden as "fewer than 5".
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { participationPlans, projects, type AccessibleFormat } from '../projects/schema';
import { areaKey } from '../reach/groups';
import { populationShares, type ReachDimension } from '../reach/schema';

const SOURCE = 'Demo figures, made up for this example (use the census or school census for real ones)';

export const DEMO_POPULATION: [ReachDimension, string, number][] = [
	['type', 'young_person', 70],
	['type', 'parent_carer', 30],
	['age_band', 'under_13', 28],
	['age_band', '13_15', 27],
	['age_band', '16_17', 18],
	['age_band', '18_24', 27],
	['area', 'North Riverside', 25],
	['area', 'Town centre', 20],
	['area', 'South Riverside', 20],
	['area', 'Eastfields', 35],
	['sex', 'female', 49],
	['sex', 'male', 51],
	['ethnicity', 'asian', 15.5],
	['ethnicity', 'black', 8.5],
	['ethnicity', 'mixed', 6.2],
	['ethnicity', 'white', 65.3],
	['ethnicity', 'other', 4.5],
	['disability', 'yes', 10],
	['disability', 'no', 90]
];

/** Formats on the youth mental-health project's plan, by step and activity. */
const FORMATS: [number, string, AccessibleFormat[]][] = [
	[2, 'survey', ['easy_read', 'other_languages', 'online', 'audio']],
	[2, 'workshop', ['in_person', 'evening_weekend', 'travel_paid']],
	[3, 'workshop', ['in_person', 'bsl']]
];

export async function seedDemoReach(tx: Db, organisationId: string, officerId: string, now = new Date()): Promise<void> {
	await tx.insert(populationShares).values(
		DEMO_POPULATION.map(([dimension, group, percent]) => ({ id: newId(), organisationId, dimension, groupKey: dimension === 'area' ? areaKey(group) : group, percent, source: SOURCE, updatedBy: officerId, updatedAt: now }))
	);
	const [project] = await tx.select({ id: projects.id }).from(projects).where(and(eq(projects.organisationId, organisationId), eq(projects.slug, 'youth-mental-health-support')));
	if (!project) return;
	for (const [step, activity, formats] of FORMATS)
		await tx
			.update(participationPlans)
			.set({ formats })
			.where(and(eq(participationPlans.projectId, project.id), eq(participationPlans.step, step), eq(participationPlans.activity, activity as 'survey')));
}
