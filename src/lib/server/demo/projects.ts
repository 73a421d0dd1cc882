import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { guidelineDates } from '../projects/projects';
import {
	decisions,
	decommissionings,
	equalityActions,
	equalityAssessments,
	equalityFindings,
	participationPlans,
	projectPartners,
	projectSteps,
	projects,
	youSaidWeDid,
	type ActivityKind,
	type Audience,
	type DecommissioningReason,
	type DeliveryRoute,
	type EqualityCharacteristic,
	type Level,
	type ProjectStatus,
	type YouSaidStatus
} from '../projects/schema';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

interface DemoProject {
	slug: string;
	title: string;
	summary: string;
	serviceArea: string;
	level: Level;
	route: DeliveryRoute;
	annualValuePence: number;
	contractMonths: number;
	status: ProjectStatus;
	/** The step in progress now; earlier steps are done. */
	currentStep: number;
	/** How many days ago step 1 started. */
	startedDaysAgo: number;
	partners?: { name: string; contribution: string; contributionPence?: number }[];
	plans: { step: number; activity: ActivityKind; audience: Audience; description: string }[];
	decisions: { step: number; daysAgo: number; decision: string; decidedBy: string; approver: string; totalValuePence: number }[];
	equality: { status: 'in_progress' | 'complete'; summary: string; findings: [EqualityCharacteristic, string, string, string][]; actions: [string, string, string][] };
	youSaid: { step: number; activity: ActivityKind; source: string; youSaid: string; weDid: string; status: YouSaidStatus; daysAgo: number }[];
	decommissioning?: { reasons: DecommissioningReason[]; explanation: string; consultationPlan: string; noticeInDays: number };
}

const PROJECTS: DemoProject[] = [
	{
		slug: 'youth-mental-health-support',
		title: 'Youth mental health support service',
		summary:
			'We want to buy a new service that helps young people aged 11 to 25 with their mental health, quickly and close to home. We are finding out what you need first, so please tell us.',
		serviceArea: 'Emotional wellbeing and mental health',
		level: 'strategic',
		route: 'procurement',
		annualValuePence: 35_000_000,
		contractMonths: 36,
		status: 'active',
		currentStep: 2,
		startedDaysAgo: 60,
		partners: [{ name: 'Riverside Integrated Care Board', contribution: 'Joint funding, £100,000 a year', contributionPence: 10_000_000 }],
		plans: [
			{ step: 1, activity: 'other', audience: 'both', description: 'Letter and video explaining the project and timescales to the youth forum and parent panel.' },
			{ step: 2, activity: 'survey', audience: 'young_people', description: 'Needs survey in schools, colleges and youth clubs.' },
			{ step: 2, activity: 'workshop', audience: 'both', description: 'Two informal workshops to rank the needs we heard.' },
			{ step: 3, activity: 'workshop', audience: 'young_people', description: 'Design workshop: what a good service looks and feels like.' },
			{ step: 5, activity: 'panel', audience: 'young_people', description: 'Young people’s panel scores a weighted section of the bids.' },
			{ step: 7, activity: 'mystery_shopping', audience: 'young_people', description: 'Young inspectors check the new service after six months.' }
		],
		decisions: [{ step: 1, daysAgo: 55, decision: 'Start the needs analysis and market test', decidedBy: 'Head of service', approver: 'The board', totalValuePence: 105_000_000 }],
		equality: {
			status: 'in_progress',
			summary: 'Early findings from local data; the needs survey will fill the gaps.',
			findings: [
				['age', 'Waiting times are longest for 16 to 18 year olds moving to adult services.', 'CAMHS waiting list data', 'Little data for 19 to 25 year olds'],
				['disability', 'Young people with autism report the most difficulty getting help.', 'Parent panel feedback', 'No data on learning disabilities'],
				['race', 'Referrals from Black young people are lower than their share of the population.', 'Referral data by ethnicity', 'Small numbers in some groups'],
				['sexual_orientation', 'LGBTQ+ young people ask for a service that feels safe for them.', 'Youth forum discussion', 'No local numbers']
			],
			actions: [['Low referrals from Black young people', 'Run a workshop with community groups to understand why', 'Participation champion']]
		},
		youSaid: [
			{ step: 2, activity: 'survey', source: 'Needs survey, 212 young people', youSaid: 'You wait too long to get help, sometimes months.', weDid: 'A first appointment within two weeks is now one of the outcomes the new service must meet.', status: 'changed', daysAgo: 12 },
			{ step: 2, activity: 'workshop', source: 'Youth forum workshop', youSaid: 'You want support in the evenings and online, not only in school hours.', weDid: 'We are testing with providers whether evening and online sessions can be part of the service.', status: 'considering', daysAgo: 5 }
		]
	},
	{
		slug: 'short-breaks-for-disabled-children',
		title: 'Short breaks for disabled children',
		summary:
			'Short breaks give disabled children and young people time to have fun and try new things, and give their families a rest. We are choosing who will run them for the next three years.',
		serviceArea: 'Children with disabilities',
		level: 'operational',
		route: 'procurement',
		annualValuePence: 42_000_000,
		contractMonths: 36,
		status: 'active',
		currentStep: 5,
		startedDaysAgo: 420,
		plans: [
			{ step: 2, activity: 'survey', audience: 'parents', description: 'Survey of families using short breaks now.' },
			{ step: 3, activity: 'workshop', audience: 'both', description: 'Workshops with young people and parent carers to agree outcomes.' },
			{ step: 4, activity: 'workshop', audience: 'both', description: 'Co-producing the specification with the parent carer forum.' },
			{ step: 5, activity: 'panel', audience: 'young_people', description: 'Young people’s panel: 15% of the evaluation.' },
			{ step: 5, activity: 'panel', audience: 'parents', description: 'Parents’ panel: 10% of the evaluation, including presentations.' },
			{ step: 6, activity: 'survey', audience: 'both', description: 'Early satisfaction survey three months after the start.' }
		],
		decisions: [
			{ step: 3, daysAgo: 250, decision: 'Agree outcomes and budget', decidedBy: 'Senior leadership team', approver: 'The board', totalValuePence: 126_000_000 },
			{ step: 4, daysAgo: 60, decision: 'Approve the specification and go to tender', decidedBy: 'The board', approver: 'The board', totalValuePence: 126_000_000 }
		],
		equality: {
			status: 'complete',
			summary: 'The service is for disabled children; the main risks are access for families who speak other languages and for older teenagers.',
			findings: [
				['age', 'Older teenagers (15+) use short breaks less; activities feel too young.', 'Provider returns', 'None'],
				['disability', 'Children with complex health needs wait longest for a place.', 'Panel records', 'None'],
				['race', 'Families who speak other languages find it harder to apply.', 'Parent carer forum', 'Language data incomplete']
			],
			actions: [
				['Older teenagers use the service less', 'Specification requires activities planned with 15 to 18 year olds', 'Commissioning officer'],
				['Language barriers', 'Information in the five most spoken local languages', 'Provider']
			]
		},
		youSaid: [
			{ step: 3, activity: 'workshop', source: 'Workshops with 34 young people', youSaid: 'Activities are too babyish for teenagers.', weDid: 'The specification now requires teenagers to plan some of the activities.', status: 'changed', daysAgo: 200 },
			{ step: 4, activity: 'workshop', source: 'Parent carer forum', youSaid: 'Booking is hard and places go too fast.', weDid: 'The new service must offer online booking and keep places for families in crisis.', status: 'changed', daysAgo: 90 }
		]
	},
	{
		slug: 'riverside-youth-club-contract',
		title: 'Riverside youth club contract',
		summary:
			'The youth club on Mill Street is used by far fewer young people than before. We plan to stop this contract and spend the money on youth work where young people say they want it. Tell us what you think.',
		serviceArea: 'Youth services',
		level: 'operational',
		route: 'grant',
		annualValuePence: 6_000_000,
		contractMonths: 24,
		status: 'decommissioning',
		currentStep: 8,
		startedDaysAgo: 1150,
		plans: [
			{ step: 7, activity: 'mystery_shopping', audience: 'young_people', description: 'Young inspectors visited the club twice.' },
			{ step: 8, activity: 'storytelling', audience: 'young_people', description: 'Storytelling workshop with current members about what the club means to them.' },
			{ step: 8, activity: 'survey', audience: 'both', description: 'Consultation survey on the proposal and alternatives.' }
		],
		decisions: [{ step: 8, daysAgo: 20, decision: 'Consult on ending the contract', decidedBy: 'Senior leadership team', approver: 'Senior leadership team', totalValuePence: 12_000_000 }],
		equality: {
			status: 'in_progress',
			summary: 'Current members are mostly 11 to 14; we must make sure they can still reach youth work.',
			findings: [['age', 'Most current members are 11 to 14 and walk to the club.', 'Attendance records', 'Where else they could go']],
			actions: [['Younger members may lose a local place', 'Map alternative youth work within walking distance', 'Participation champion']]
		},
		youSaid: [
			{ step: 7, activity: 'mystery_shopping', source: 'Young inspectors’ visits', youSaid: 'The club is often closed when it should be open.', weDid: 'We raised this with the provider and it is one reason we are reviewing the contract.', status: 'changed', daysAgo: 45 }
		],
		decommissioning: {
			reasons: ['needs_no_longer_met', 'not_value_for_money'],
			explanation: 'Attendance has fallen by two thirds in two years and the club is often closed. The money could reach more young people elsewhere.',
			consultationPlan: 'Storytelling workshop with members, a consultation survey for young people and parents, and a drop-in at the club.',
			noticeInDays: 90
		}
	}
];

/** The three demo projects of the Projects issue, all published. */
export async function seedDemoProjects(tx: Db, organisationId: string, officerId: string, now = new Date()): Promise<void> {
	for (const p of PROJECTS) {
		const id = newId();
		const started = new Date(now.getTime() - p.startedDaysAgo * DAY);
		await tx.insert(projects).values({
			id,
			organisationId,
			slug: p.slug,
			title: p.title,
			summary: p.summary,
			serviceArea: p.serviceArea,
			level: p.level,
			route: p.route,
			annualValuePence: p.annualValuePence,
			contractMonths: p.contractMonths,
			leadOfficerId: officerId,
			publicContact: 'commissioning@riverside.example.gov.uk',
			status: p.status,
			publishedAt: new Date(now.getTime() - 30 * DAY),
			createdAt: started,
			updatedAt: now
		});
		// Steps follow the guideline durations from the start; earlier ones done, the current one under way.
		const dates = guidelineDates(started);
		await tx.insert(projectSteps).values(
			dates.map((d) => {
				const done = d.step < p.currentStep;
				const current = d.step === p.currentStep;
				return {
					id: newId(),
					projectId: id,
					step: d.step,
					plannedStart: d.plannedStart,
					plannedEnd: d.plannedEnd,
					actualStart: done || current ? d.plannedStart : null,
					actualEnd: done ? d.plannedEnd : null,
					status: done ? ('done' as const) : current ? ('in_progress' as const) : ('not_started' as const)
				};
			})
		);
		for (const partner of p.partners ?? []) await tx.insert(projectPartners).values({ id: newId(), projectId: id, ...partner });
		await tx.insert(participationPlans).values(p.plans.map((plan) => ({ id: newId(), projectId: id, ...plan })));
		for (const d of p.decisions) {
			const { daysAgo, approver, ...rest } = d;
			await tx.insert(decisions).values({ id: newId(), projectId: id, ...rest, requiredApprover: approver, decidedOn: iso(new Date(now.getTime() - daysAgo * DAY)), recordedBy: officerId });
		}
		await tx.insert(equalityAssessments).values({ projectId: id, status: p.equality.status, summary: p.equality.summary, reviewDate: iso(new Date(now.getTime() + 90 * DAY)) });
		for (const [characteristic, findings, dataSources, gaps] of p.equality.findings)
			await tx.insert(equalityFindings).values({ id: newId(), projectId: id, characteristic, findings, dataSources, gaps });
		for (const [issue, action, lead] of p.equality.actions)
			await tx.insert(equalityActions).values({ id: newId(), projectId: id, issue, action, lead, dueDate: iso(new Date(now.getTime() + 60 * DAY)) });
		for (const y of p.youSaid) {
			const { daysAgo, ...rest } = y;
			const at = new Date(now.getTime() - daysAgo * DAY);
			await tx.insert(youSaidWeDid).values({ id: newId(), projectId: id, ...rest, decidedOn: iso(at), publishedAt: at, createdAt: at, updatedAt: at });
		}
		if (p.decommissioning) {
			const { noticeInDays, ...rest } = p.decommissioning;
			await tx.insert(decommissionings).values({ projectId: id, ...rest, providerNoticeDate: iso(new Date(now.getTime() + noticeInDays * DAY)), startedBy: officerId, startedAt: new Date(now.getTime() - 20 * DAY) });
		}
	}
}
