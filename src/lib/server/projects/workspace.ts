// Everything the officer's project pages show, gathered in one call so the routes stay thin.
import { and, eq } from 'drizzle-orm';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { searchText } from '../forms';
import { totalContractValuePence } from './approvals';
import { listPartners } from './partners';
import { listPlanItems, stepsWithoutPlans } from './plans';
import { getProject, listLeadOfficers, type ProjectFilter } from './projects';
import { LEVELS, PROJECT_STATUSES, ROUTES } from './schema';
import { listProjectEvidence } from './sources';
import { CYCLE } from './cycle';
import { currentStep, listSteps, nextStep } from './steps';
import { equalityStatus } from './equality';

async function leadOfficerName(db: Db, organisationId: string, userId: string | null): Promise<string | null> {
	if (!userId) return null;
	const [row] = await db
		.select({ displayName: users.displayName })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	return row?.displayName ?? null;
}

/** The project page: facts, partners, the cycle, the participation plan and the evidence. */
export async function getProjectOverview(db: Db, organisationId: string, projectId: string) {
	const project = await getProject(db, organisationId, projectId);
	const [partners, steps, plans, evidence, leadOfficer, equality] = await Promise.all([
		listPartners(db, organisationId, projectId),
		listSteps(db, organisationId, projectId),
		listPlanItems(db, organisationId, projectId),
		listProjectEvidence(db, projectId),
		leadOfficerName(db, organisationId, project.leadOfficerId),
		equalityStatus(db, projectId)
	]);
	const current = currentStep(steps);
	return {
		project,
		leadOfficer,
		totalValuePence: totalContractValuePence(project.annualValuePence, project.contractMonths),
		partners,
		steps,
		plans,
		current,
		next: nextStep(steps, current),
		unplanned: stepsWithoutPlans(plans, steps),
		evidence,
		equality
	};
}

/** The cycle page: each step with its plan items. */
export async function getProjectCycle(db: Db, organisationId: string, projectId: string) {
	const project = await getProject(db, organisationId, projectId);
	const [steps, plans] = await Promise.all([listSteps(db, organisationId, projectId), listPlanItems(db, organisationId, projectId)]);
	const current = currentStep(steps);
	return {
		project: { id: project.id, title: project.title, status: project.status },
		steps: steps.map((s) => ({ ...s, plans: plans.filter((p) => p.step === s.step) })),
		current,
		next: nextStep(steps, current),
		unplanned: stepsWithoutPlans(plans, steps)
	};
}

/** The edit page: the project's fields, its partners and the officers who may lead it. */
export async function getProjectForEditing(db: Db, organisationId: string, projectId: string) {
	const project = await getProject(db, organisationId, projectId);
	const [partners, officers, currentLead] = await Promise.all([
		listPartners(db, organisationId, projectId),
		listLeadOfficers(db, organisationId),
		leadOfficerName(db, organisationId, project.leadOfficerId)
	]);
	// Keep the current lead choosable even if they have since stopped being an officer.
	const leadOfficers =
		project.leadOfficerId && currentLead !== null && !officers.some((o) => o.id === project.leadOfficerId)
			? [...officers, { id: project.leadOfficerId, displayName: currentLead }]
			: officers;
	return { project, partners, leadOfficers };
}

/** The list page's filters from the address bar; unknown values are ignored rather than refused. */
export function parseProjectFilter(params: URLSearchParams): Required<Pick<ProjectFilter, 'q'>> & ProjectFilter {
	const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined => (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
	return {
		q: searchText(params.get('q')),
		status: pick(PROJECT_STATUSES, params.get('status')),
		route: pick(ROUTES, params.get('route')),
		level: pick(LEVELS, params.get('level'))
	};
}

/** The choices the project forms and filters offer. */
export const PROJECT_CHOICES = {
	levels: LEVELS,
	routes: ROUTES,
	statuses: PROJECT_STATUSES,
	stepNames: CYCLE.map((c) => c.name)
} as const;

/** The form fields of a project, in the order projectSchema reads them. */
export const PROJECT_FIELDS = ['title', 'summary', 'serviceArea', 'level', 'route', 'annualValue', 'contractMonths', 'leadOfficerId', 'publicContact', 'status'] as const;
