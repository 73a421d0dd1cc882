import { and, asc, desc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { newId } from '../db/ids';
import { InputError, optionalText, text } from '../forms';
import { CYCLE } from './cycle';
import { LEVELS, PROJECT_STATUSES, ROUTES, projectSteps, projects, type Project, type ProjectStatus } from './schema';

type Actor = { id: string; organisationId: string };

/** Pounds as typed ("12,500" or "12500.50") to whole pence. */
export const poundsField = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => s.replace(/[£,\s]/g, '')),
		v.regex(/^\d{1,10}(\.\d{1,2})?$/, `Enter ${label} in pounds, for example 125000.`),
		v.transform((s) => Math.round(Number(s) * 100))
	);

export const projectSchema = v.object({
	title: text('a title', 120),
	summary: text('a summary for young people', 2000),
	serviceArea: text('the service area', 80),
	level: v.picklist(LEVELS, 'Choose strategic, operational or individual.'),
	route: v.picklist(ROUTES, 'Choose how the service will be delivered.'),
	annualValue: poundsField('the estimated annual value'),
	contractMonths: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,3}$/, 'Enter the contract length in whole months.'),
		v.transform(Number),
		v.minValue(1, 'The contract lasts at least a month.'),
		v.maxValue(240, 'Contracts here last at most 240 months (20 years).')
	),
	leadOfficerId: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^[a-z2-7]{16}$/.test(s), 'Choose a lead officer from the list.'),
		v.transform((s) => (s === '' ? null : s))
	),
	publicContact: optionalText('the public contact', 200),
	status: v.picklist(PROJECT_STATUSES, 'Choose a status.')
});
export type ProjectInput = v.InferOutput<typeof projectSchema>;
export type ProjectInputRaw = v.InferInput<typeof projectSchema>;

/** A readable, unique public address: "youth-mental-health-support-k3x9". */
export function slugFor(title: string, id: string): string {
	const base = title
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	return `${base || 'project'}-${id.slice(0, 4)}`;
}

async function checkLeadOfficer(db: Db, organisationId: string, leadOfficerId: string | null) {
	if (!leadOfficerId) return;
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'officer')))
		.where(and(eq(users.id, leadOfficerId), eq(users.organisationId, organisationId)));
	if (!row) throw new InputError('Choose a lead officer from the list.', 'leadOfficerId');
}

/** Guideline dates from a start: each step follows the last, for its guideline length. */
export function guidelineDates(start: Date): { step: number; plannedStart: string; plannedEnd: string }[] {
	let cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
	return CYCLE.map((s) => {
		const from = cursor;
		const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + (s.guidelineMonths ?? 1), from.getUTCDate() - 1));
		cursor = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate() + 1));
		return { step: s.step, plannedStart: from.toISOString().slice(0, 10), plannedEnd: to.toISOString().slice(0, 10) };
	});
}

/** Creates the project with its eight steps, planned from today by the guideline durations. */
const DECOMMISSION_FIRST = 'Use “Start decommissioning” for this: it asks for the reasons, the equality assessment and the consultation.';

export async function createProject(db: Db, actor: Actor, input: ProjectInput, now = new Date()): Promise<Project> {
	if (input.status === 'decommissioning') throw new InputError(DECOMMISSION_FIRST, 'status');
	await checkLeadOfficer(db, actor.organisationId, input.leadOfficerId);
	const id = newId();
	const { annualValue, ...rest } = input;
	const row = { id, organisationId: actor.organisationId, slug: slugFor(input.title, id), ...rest, annualValuePence: annualValue, createdAt: now, updatedAt: now };
	try {
		await db.transaction(async (tx) => {
			await tx.insert(projects).values(row);
			await tx.insert(projectSteps).values(
				guidelineDates(now).map((d) => ({ id: newId(), projectId: id, ...d, status: d.step === 1 ? ('in_progress' as const) : ('not_started' as const), actualStart: d.step === 1 ? d.plannedStart : null }))
			);
			await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'project.created', targetType: 'project', targetId: id });
		});
	} catch (err) {
		if (isUniqueViolation(err)) throw new InputError('Please try again.');
		throw err;
	}
	return getProject(db, actor.organisationId, id);
}

export async function updateProject(db: Db, actor: Actor, projectId: string, input: ProjectInput, now = new Date()) {
	const current = await getProject(db, actor.organisationId, projectId);
	// Decommissioning only starts through its own checks (decommissioning.ts).
	if (input.status === 'decommissioning' && current.status !== 'decommissioning') throw new InputError(DECOMMISSION_FIRST, 'status');
	if (current.status === 'decommissioning' && !['decommissioning', 'closed'].includes(input.status))
		throw new InputError('A project being decommissioned can only be closed.', 'status');
	await checkLeadOfficer(db, actor.organisationId, input.leadOfficerId);
	const { annualValue, ...rest } = input;
	await db.transaction(async (tx) => {
		await tx
			.update(projects)
			.set({ ...rest, annualValuePence: annualValue, updatedAt: now })
			.where(and(eq(projects.id, projectId), eq(projects.organisationId, actor.organisationId)));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'project.updated', targetType: 'project', targetId: projectId });
	});
}

/** One project of the actor's organisation; anything else is "not found". */
export async function getProject(db: Db, organisationId: string, projectId: string): Promise<Project> {
	const [row] = await db
		.select()
		.from(projects)
		.where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!row) throw new InputError('That project does not exist.');
	return row;
}

export interface ProjectFilter {
	q?: string;
	status?: ProjectStatus;
	route?: (typeof ROUTES)[number];
	level?: (typeof LEVELS)[number];
}

export async function listProjects(db: Db, organisationId: string, filter: ProjectFilter = {}) {
	const q = filter.q?.trim().slice(0, 80);
	const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
	return db
		.select({
			id: projects.id,
			title: projects.title,
			serviceArea: projects.serviceArea,
			status: projects.status,
			route: projects.route,
			level: projects.level,
			publishedAt: projects.publishedAt,
			updatedAt: projects.updatedAt,
			// Written out with an alias: drizzle leaves columns unqualified here, which would compare project_steps with itself.
			// Same rule as currentStep() in steps.ts: the lowest step in progress, else the first not started.
			currentStep: sql<number | null>`(select coalesce(min(ps.step) filter (where ps.status = 'in_progress'), min(ps.step) filter (where ps.status = 'not_started')) from project_steps ps where ps.project_id = ${projects}.id)`
		})
		.from(projects)
		.where(
			and(
				eq(projects.organisationId, organisationId),
				filter.status ? eq(projects.status, filter.status) : undefined,
				filter.route ? eq(projects.route, filter.route) : undefined,
				filter.level ? eq(projects.level, filter.level) : undefined,
				like ? or(ilike(projects.title, like), ilike(projects.serviceArea, like), ilike(projects.summary, like)) : undefined
			)
		)
		.orderBy(desc(projects.updatedAt), asc(projects.title))
		.limit(200);
}

/** Officers who may lead a project, for the form's list. */
export function listLeadOfficers(db: Db, organisationId: string) {
	return db
		.select({ id: users.id, displayName: users.displayName })
		.from(users)
		.innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'officer')))
		.where(and(eq(users.organisationId, organisationId), isNull(users.disabledAt)))
		.orderBy(asc(users.displayName));
}
