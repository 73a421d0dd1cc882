// Demo contract monitoring for the youth mental-health project: the existing counselling service's
// contract (started about two years ago, so first reviewed after twelve months), three KPIs over
// the last four quarters, the three earlier ones published as performance updates and the latest
// left for an officer to publish; then its young inspectors' programme (demo/mystery-shopping.ts).
// Built through the monitoring module's own functions, so the demo obeys every rule real data does.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { createContract } from '../monitoring/contracts';
import { createMeasure } from '../monitoring/measures';
import { createPeriod, saveResults } from '../monitoring/periods';
import { publishUpdate, saveSummary as savePeriodSummary } from '../monitoring/performance-updates';
import { addMonths } from '../monitoring/schedule';
import type { PerformanceRating } from '../monitoring/schema';
import { quarterLabel, quarterOf } from '../mystery-shopping/findings-themes';
import { projects } from '../projects/schema';
import { seedDemoShopping } from './mystery-shopping';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const dayBefore = (day: string) => iso(new Date(Date.parse(`${day}T00:00:00Z`) - DAY));
/** A moment on this day, but never after `now` (a demo seeded on a quarter's first day stays in the past). */
const at = (day: string, now: Date, hour = 10) => new Date(Math.min(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`), now.getTime() - 3_600_000));

export const DEMO_CONTRACT = {
	title: 'Youth counselling and wellbeing service',
	provider: 'Riverside Minds CIC'
} as const;

type Result = [value: string, rating: PerformanceRating, comment: string];

/** The KPIs, each with a value per quarter, oldest first. */
const MEASURES: { name: string; unit: string; baseline: string; target: string; higherIsBetter: 'yes' | 'no'; results: Result[] }[] = [
	{
		name: 'Young people seen within 4 weeks of referral',
		unit: '%',
		baseline: '48',
		target: '75',
		higherIsBetter: 'yes',
		results: [
			['55', 'requires_improvement', 'Better than before the contract, but well short of the target.'],
			['61', 'requires_improvement', 'The new evening clinics started halfway through the quarter.'],
			['67', 'approaching_target', 'Two more counsellors joined, so fewer young people wait long.'],
			['72', 'approaching_target', 'Nearly there: the school holidays brought fewer referrals.']
		]
	},
	{
		name: 'Young people who say the service helped',
		unit: '%',
		baseline: '62',
		target: '80',
		higherIsBetter: 'yes',
		results: [
			['66', 'requires_improvement', 'From the feedback form young people fill in at their last session.'],
			['71', 'approaching_target', 'More young people said they felt listened to.'],
			['76', 'approaching_target', 'The new online sessions were rated well.'],
			['81', 'good', 'Above the target for the first time.']
		]
	},
	{
		name: 'Average wait for a first appointment',
		unit: 'days',
		baseline: '42',
		target: '21',
		higherIsBetter: 'no',
		results: [
			['40', 'inadequate', 'Hardly better than before the contract. We asked the provider for an improvement plan.'],
			['34', 'requires_improvement', 'The improvement plan is working, but waits are still too long.'],
			['28', 'approaching_target', 'A week shorter than last quarter.'],
			['24', 'approaching_target', 'Three days from the target.']
		]
	}
];

const SUMMARIES = [
	'The first quarter we checked against the targets. More young people are seen quickly than before the contract, but waits for a first appointment are far too long, so we asked Riverside Minds for an improvement plan.',
	'Waits are coming down since the provider opened two evening clinics. Every measure is better than last quarter, but none has reached its target yet.',
	'Steady progress on every measure. Young inspectors visited the service this quarter: they liked the welcome, and said getting through to book was hard.'
];

/** The first day of the quarter `now` is in, as YYYY-MM-DD. */
export function quarterStart(now: Date): string {
	const month = Math.floor(now.getUTCMonth() / 3) * 3;
	return iso(new Date(Date.UTC(now.getUTCFullYear(), month, 1)));
}

export async function seedDemoMonitoring(tx: Db, organisationId: string, ids: ReadonlyMap<string, string>, now = new Date()): Promise<void> {
	const [project] = await tx
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.organisationId, organisationId), eq(projects.slug, 'youth-mental-health-support')));
	const officer = { id: ids.get('officer')!, organisationId };
	const thisMonth = iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
	const startsOn = addMonths(thisMonth, -24);
	const contract = await createContract(
		tx,
		officer,
		project.id,
		{ ...DEMO_CONTRACT, startsOn, endsOn: dayBefore(addMonths(startsOn, 36)), value: '900000', service: 'existing', firstReviewOn: '', reviewEveryMonths: '' },
		at(addMonths(startsOn, -1), now)
	);
	const measures: { id: string }[] = [];
	for (const m of MEASURES) {
		const { results: _, ...input } = m;
		measures.push(await createMeasure(tx, officer, contract.id, input, at(addMonths(startsOn, -1), now)));
	}
	// The last four whole quarters, oldest first.
	const q0 = quarterStart(now);
	for (let i = 0; i < 4; i++) {
		const from = addMonths(q0, -12 + i * 3);
		const to = dayBefore(addMonths(from, 3));
		const recorded = at(addMonths(from, 3), now, 9);
		const period = await createPeriod(tx, officer, contract.id, { label: quarterLabel(quarterOf(from)), startsOn: from, endsOn: to }, recorded);
		const entries = MEASURES.map((m, n) => ({ measureId: measures[n].id, value: m.results[i][0], rating: m.results[i][1], comment: m.results[i][2] }));
		await saveResults(tx, officer, contract.id, period.id, entries, recorded);
		if (i < 3) {
			const published = at(dayBefore(addMonths(from, 4)), now, 11);
			await savePeriodSummary(tx, officer, contract.id, period.id, { summary: SUMMARIES[i] }, published);
			await publishUpdate(tx, officer, contract.id, period.id, published);
		}
	}
	await seedDemoShopping(tx, organisationId, ids, contract.id, now);
}
