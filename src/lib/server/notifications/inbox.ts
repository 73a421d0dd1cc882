// A person's own notifications: the list, how many are unread, and marking them read. Only ever
// the signed-in person's rows (by user id and organisation); another person's id simply matches
// nothing.
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import type { Db } from '../db/client';
import { idField, InputError } from '../forms';
import { notifications } from './schema';

type Actor = { id: string; organisationId: string };

const mine = (user: Actor) => and(eq(notifications.userId, user.id), eq(notifications.organisationId, user.organisationId));

/** The newest first, at most `limit`. */
export async function myNotifications(db: Db, user: Actor, limit = 50) {
	return db
		.select({
			id: notifications.id,
			kind: notifications.kind,
			title: notifications.title,
			body: notifications.body,
			href: notifications.href,
			createdAt: notifications.createdAt,
			read: notifications.readAt
		})
		.from(notifications)
		.where(mine(user))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(limit)
		.then((rows) => rows.map(({ read, ...n }) => ({ ...n, unread: read === null })));
}
export type MyNotification = Awaited<ReturnType<typeof myNotifications>>[number];

export async function unreadCount(db: Db, user: Actor): Promise<number> {
	const [row] = await db.select({ n: count() }).from(notifications).where(and(mine(user), isNull(notifications.readAt)));
	return Number(row?.n ?? 0);
}

/** Marks every unread notification of theirs read; returns how many changed. */
export async function markAllRead(db: Db, user: Actor, now = new Date()): Promise<number> {
	const changed = await db.update(notifications).set({ readAt: now }).where(and(mine(user), isNull(notifications.readAt))).returning({ id: notifications.id });
	return changed.length;
}

export const markReadSchema = v.object({
	id: idField('We couldn’t find that notification.')
});

/** Marks one of their notifications read; someone else's (or no such id) is "not found". */
export async function markRead(db: Db, user: Actor, input: v.InferInput<typeof markReadSchema>, now = new Date()): Promise<void> {
	const parsed = v.safeParse(markReadSchema, input);
	if (!parsed.success) throw new InputError('We couldn’t find that notification.', 'id');
	const [row] = await db.select({ readAt: notifications.readAt }).from(notifications).where(and(mine(user), eq(notifications.id, parsed.output.id)));
	if (!row) throw new InputError('We couldn’t find that notification.', 'id');
	if (row.readAt) return;
	await db.update(notifications).set({ readAt: now }).where(and(mine(user), eq(notifications.id, parsed.output.id)));
}
