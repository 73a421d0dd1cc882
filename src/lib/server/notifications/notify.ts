// Telling people: one line in each person's own space, at most once per event (the unique
// (user, source key) index decides, whatever races), and a copy in the email outbox only for people
// who gave an email address and opted in. People who switched notifications off, deleted
// accounts and staff (who sit on panels too, but have no My space to read them in) get nothing. The outbox is read by the mail relay (see README): nothing here sends mail.
import { and, eq, exists, inArray, isNull } from 'drizzle-orm';
import { PARTICIPANT_ROLES, userRoles, users } from '../auth/schema';
import { config } from '../config';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { emailOutbox, notifications, type NotificationKind } from './schema';

export interface NotifyInput {
	userIds: readonly string[];
	organisationId: string;
	projectId: string | null;
	kind: NotificationKind;
	title: string;
	body: string;
	/** A path inside the app, e.g. /me/activity. */
	href: string | null;
	/** What caused it, e.g. "award:<tenderId>": the same key never notifies a person twice. */
	sourceKey: string;
}

/**
 * Where the email points: a full link when the app's public address (ORIGIN) is set, otherwise
 * the path inside the app with a word on how to get there, since a bare path can't be clicked.
 */
export function emailLink(href: string, origin = config.publicOrigin): string {
	return origin ? new URL(href, origin).toString() : `${href} (sign in to Coproduce to see it)`;
}

/** The email's text: the notification's words and where to see it; nothing more about the person. */
export function emailText(n: { title: string; body: string; href: string | null }, origin = config.publicOrigin): { subject: string; body: string } {
	const lines = [n.body, n.href ? `See it in Coproduce: ${emailLink(n.href, origin)}` : '', 'You can turn these emails off in My account, under Notifications.'];
	return { subject: n.title, body: lines.filter(Boolean).join('\n\n') };
}

/** Notifies these people (of this organisation only); returns how many new notifications were made. */
export async function notify(db: Db, input: NotifyInput, now = new Date()): Promise<number> {
	const ids = [...new Set(input.userIds)];
	if (ids.length === 0) return 0;
	const people = await db
		.select({ id: users.id, email: users.email, byEmail: users.notifyByEmail })
		.from(users)
		.where(
			and(
				inArray(users.id, ids),
				eq(users.organisationId, input.organisationId),
				eq(users.notifyInApp, true),
				isNull(users.deletedAt),
				exists(db.select({ one: userRoles.userId }).from(userRoles).where(and(eq(userRoles.userId, users.id), inArray(userRoles.role, [...PARTICIPANT_ROLES]))))
			)
		);
	if (people.length === 0) return 0;
	const made = await db
		.insert(notifications)
		.values(
			people.map((p) => ({
				id: newId(),
				organisationId: input.organisationId,
				userId: p.id,
				projectId: input.projectId,
				kind: input.kind,
				title: input.title,
				body: input.body,
				href: input.href,
				sourceKey: input.sourceKey,
				createdAt: now
			}))
		)
		.onConflictDoNothing({ target: [notifications.userId, notifications.sourceKey] })
		.returning({ id: notifications.id, userId: notifications.userId });
	const byUser = new Map(people.map((p) => [p.id, p]));
	const mail = emailText(input);
	const emails = made.flatMap((n) => {
		const person = byUser.get(n.userId);
		return person?.email && person.byEmail ? [{ id: newId(), notificationId: n.id, toAddress: person.email, subject: mail.subject, body: mail.body, createdAt: now }] : [];
	});
	if (emails.length) await db.insert(emailOutbox).values(emails).onConflictDoNothing({ target: emailOutbox.notificationId });
	return made.length;
}
