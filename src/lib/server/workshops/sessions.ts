// Setting up a session and moving it along: created with a fresh code (planned), started (live:
// the code works at /live), cancelled or put back in the plan; a new code when the old one got
// out. Closing is closing.ts. Every change is audited with ids and settings only.
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError } from '../forms';
import { projects } from '../projects/schema';
import { withFreshCode } from './live-code';
import { lockSession, type Actor } from './lookup';
import { checkedSession, type CheckedSession, type SessionInput } from './session-input';
import { liveActivities, sessionRegistrations, workshopSessions, type WorkshopSession } from './schema';

async function projectOfOrganisation(db: Db, organisationId: string, projectId: string) {
	const [row] = await db
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!row) throw new InputError('Choose one of your projects.', 'projectId');
}

const auditDetail = (v: CheckedSession) => ({ projectId: v.projectId, step: v.step, kind: v.kind, invite: v.invite, capacity: v.capacity, hoursCredited: v.hoursCredited, showNicknames: v.showNicknames });

export async function createSession(db: Db, actor: Actor, input: SessionInput, now = new Date()): Promise<string> {
	const values = checkedSession(input);
	await projectOfOrganisation(db, actor.organisationId, values.projectId);
	const id = newId();
	await withFreshCode(db, async (tx, code) => {
		await tx.insert(workshopSessions).values({ id, organisationId: actor.organisationId, ...values, code, createdBy: actor.id, createdAt: now, updatedAt: now });
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'workshop_session.created', targetType: 'workshop_session', targetId: id, detail: auditDetail(values) });
	});
	return id;
}

export async function registeredCount(db: Db, sessionId: string): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessionRegistrations).where(eq(sessionRegistrations.sessionId, sessionId));
	return Number(row.n);
}

const CHANGEABLE: Record<WorkshopSession['status'], string | null> = {
	planned: null,
	live: null,
	closed: 'This session is closed, so its details can’t change. You can still change the closing record.',
	cancelled: 'This session is cancelled. Put it back in the plan first to change it.'
};

/** Saves the details; returns false when nothing changed. The capacity can't drop below who has signed up. */
export async function updateSession(db: Db, actor: Actor, sessionId: string, input: SessionInput, now = new Date()): Promise<boolean> {
	const values = checkedSession(input);
	return db.transaction(async (tx) => {
		const current = await lockSession(tx, actor.organisationId, sessionId);
		const refused = CHANGEABLE[current.status];
		if (refused) throw new InputError(refused);
		await projectOfOrganisation(tx, actor.organisationId, values.projectId);
		const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => {
			const a = values[k];
			const b = current[k];
			return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : String(a) === String(b);
		});
		if (same) return false;
		if (values.capacity !== null) {
			const registered = await registeredCount(tx, sessionId);
			if (values.capacity < registered)
				throw new InputError(
					`${registered} ${registered === 1 ? 'person has' : 'people have'} already signed up, so the most people who can come can’t be less than ${registered}.`,
					'capacity'
				);
		}
		await tx.update(workshopSessions).set({ ...values, updatedAt: now }).where(eq(workshopSessions.id, sessionId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'workshop_session.updated', targetType: 'workshop_session', targetId: sessionId, detail: auditDetail(values) });
		return true;
	});
}

type Move = { from: readonly WorkshopSession['status'][]; to: WorkshopSession['status']; action: string; refused: string };
const MOVES = {
	start: { from: ['planned'], to: 'live', action: 'workshop_session.started', refused: 'Only a planned session can be started.' },
	cancel: { from: ['planned', 'live'], to: 'cancelled', action: 'workshop_session.cancelled', refused: 'Only a planned or live session can be cancelled.' },
	reinstate: { from: ['cancelled'], to: 'planned', action: 'workshop_session.reinstated', refused: 'Only a cancelled session can be put back in the plan.' }
} satisfies Record<string, Move>;
export type SessionMove = keyof typeof MOVES;

/**
 * Start (the code starts working at /live), cancel, or put a cancelled session back in the plan.
 * Cancelling closes whatever activity was open and takes it off the screens, so nothing is left
 * taking answers. The caller announces the change once this has committed.
 */
export async function moveSession(db: Db, actor: Actor, sessionId: string, move: SessionMove, now = new Date()): Promise<void> {
	const rule: Move = MOVES[move];
	await db.transaction(async (tx) => {
		const current = await lockSession(tx, actor.organisationId, sessionId);
		if (!rule.from.includes(current.status)) throw new InputError(rule.refused);
		const cancelling = rule.to === 'cancelled';
		if (cancelling)
			await tx
				.update(liveActivities)
				.set({ state: 'closed', closedAt: now, updatedAt: now })
				.where(and(eq(liveActivities.sessionId, sessionId), eq(liveActivities.state, 'open')));
		await tx
			.update(workshopSessions)
			.set({ status: rule.to, updatedAt: now, ...(cancelling ? { currentActivityId: null } : {}) })
			.where(eq(workshopSessions.id, sessionId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: rule.action, targetType: 'workshop_session', targetId: sessionId, detail: { from: current.status } });
	});
}

/** A new code for a planned or live session (the old one stops working at once). */
export async function newSessionCode(db: Db, actor: Actor, sessionId: string, now = new Date()): Promise<void> {
	await withFreshCode(db, async (tx, code) => {
		const current = await lockSession(tx, actor.organisationId, sessionId);
		if (current.status !== 'planned' && current.status !== 'live') throw new InputError('Only a planned or live session gets a new code.');
		await tx.update(workshopSessions).set({ code, updatedAt: now }).where(eq(workshopSessions.id, sessionId));
		// The code itself is never logged: it is what lets people in.
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'workshop_session.code_changed', targetType: 'workshop_session', targetId: sessionId });
	});
}
