// A person's notification settings: in the app on or off (off stops everything, emails too), and
// a copy by email, which needs an email address on the account. Off by default for email.
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { InputError, validate } from '../forms';

type Actor = { id: string; organisationId: string };

/** A checkbox as a form sends it: "on" when ticked, missing (empty) when not. Anything else is refused. */
const checkbox = (label: string) =>
	v.pipe(
		v.string(),
		v.check((s) => s === '' || s === 'on', `We couldn’t read the “${label}” choice. Please tick it or leave it empty.`),
		v.transform((s) => s === 'on')
	);

export const notificationSettingsSchema = v.object({
	inApp: checkbox('Tell me in My space'),
	byEmail: checkbox('Also send me an email')
});
export const NOTIFICATION_FIELDS = ['inApp', 'byEmail'] as const;

export async function notificationSettings(db: Db, user: Actor) {
	const [row] = await db
		.select({ inApp: users.notifyInApp, byEmail: users.notifyByEmail, email: users.email })
		.from(users)
		.where(eq(users.id, user.id));
	if (!row) throw new InputError('Your account was not found.');
	return { inApp: row.inApp, byEmail: row.byEmail && row.email !== null, hasEmail: row.email !== null };
}

/** Saves both switches; email copies need an address, and need notifications on. */
export async function updateNotificationSettings(db: Db, user: Actor, input: v.InferInput<typeof notificationSettingsSchema>): Promise<void> {
	const data = validate(notificationSettingsSchema, input);
	await db.transaction(async (tx) => {
		const [row] = await tx.select({ email: users.email }).from(users).where(eq(users.id, user.id));
		if (!row) throw new InputError('Your account was not found.');
		if (data.byEmail && !row.email) throw new InputError('Add an email address under “About you” first, then you can choose to get emails.', 'byEmail');
		if (data.byEmail && !data.inApp) throw new InputError('Emails are copies of your notifications, so turn notifications on to get emails too.', 'byEmail');
		await tx.update(users).set({ notifyInApp: data.inApp, notifyByEmail: data.byEmail }).where(eq(users.id, user.id));
		await recordAudit(tx, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'user.notifications_changed',
			targetType: 'user',
			targetId: user.id,
			detail: { inApp: data.inApp, byEmail: data.byEmail }
		});
	});
}

/** The switch on the notifications page: off stops everything (emails too); on leaves the email choice as it was. */
export async function setNotificationsOn(db: Db, user: Actor, on: boolean): Promise<void> {
	const current = await notificationSettings(db, user);
	if (current.inApp === on && (on || !current.byEmail)) return;
	await updateNotificationSettings(db, user, { inApp: on ? 'on' : '', byEmail: on && current.byEmail ? 'on' : '' });
}
