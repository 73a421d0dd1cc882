import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { auditLog } from './schema';

export interface AuditInput {
	organisationId?: string | null;
	actorId?: string | null;
	action: string;
	targetType?: string;
	targetId?: string | null;
	/** Ids, counts and settings only: never passwords, codes, names or contact details. */
	detail?: Record<string, string | number | boolean | null>;
}

export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
	await db.insert(auditLog).values({
		id: newId(),
		organisationId: entry.organisationId ?? null,
		actorId: entry.actorId ?? null,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId ?? null,
		detail: entry.detail ?? null
	});
}

export async function listAudit(db: Db, organisationId: string, options: { before?: Date; limit?: number } = {}) {
	const limit = Math.min(options.limit ?? 100, 500);
	return db
		.select()
		.from(auditLog)
		.where(
			and(
				eq(auditLog.organisationId, organisationId),
				options.before ? lt(auditLog.at, options.before) : undefined
			)
		)
		.orderBy(desc(auditLog.at))
		.limit(limit);
}
