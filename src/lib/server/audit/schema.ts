import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Who did what, when (UTC). Never holds passwords, tokens, codes or children's personal details. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: text().primaryKey(),
		organisationId: text(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorId: text(),
		action: text().notNull(),
		targetType: text(),
		targetId: text(),
		detail: jsonb().$type<Record<string, string | number | boolean | null>>()
	},
	(t) => [index().on(t.organisationId, t.at), index().on(t.targetType, t.targetId), index().on(t.actorId)]
);
export type AuditEntry = typeof auditLog.$inferSelect;
