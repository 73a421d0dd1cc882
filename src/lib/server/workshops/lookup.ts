// Finding a session within the actor's organisation: an id from elsewhere is "not found".
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { InputError } from '../forms';
import { projects } from '../projects/schema';
import { normaliseLiveCode } from './live-code';
import { workshopSessions } from './schema';

export type Actor = { id: string; organisationId: string };

export const ID = /^[a-z2-7]{16}$/;
export const NO_SESSION = 'That session does not exist.';

/** The session and its project's title, or InputError when it isn't the organisation's. */
export async function sessionInOrganisation(db: Db, organisationId: string, sessionId: string) {
	const [row] = ID.test(sessionId)
		? await db
				.select({ session: workshopSessions, projectTitle: projects.title })
				.from(workshopSessions)
				.innerJoin(projects, eq(projects.id, workshopSessions.projectId))
				.where(and(eq(workshopSessions.id, sessionId), eq(workshopSessions.organisationId, organisationId)))
		: [];
	if (!row) throw new InputError(NO_SESSION);
	return row;
}

/**
 * The session row, locked for this transaction. Registrations, attendance, edits and closing all
 * take this lock first, so capacity checks, counts and hours can't race each other.
 */
export async function lockSession(tx: Db, organisationId: string, sessionId: string) {
	const [row] = ID.test(sessionId)
		? await tx
				.select()
				.from(workshopSessions)
				.where(and(eq(workshopSessions.id, sessionId), eq(workshopSessions.organisationId, organisationId)))
				.for('update')
		: [];
	if (!row) throw new InputError(NO_SESSION);
	return row;
}

/** The session with this code (any organisation, any status), or null; what was typed is forgiven. */
export async function sessionByCode(db: Db, code: string) {
	const normalised = normaliseLiveCode(code);
	if (!normalised) return null;
	const [row] = await db.select().from(workshopSessions).where(eq(workshopSessions.code, normalised));
	return row ?? null;
}
