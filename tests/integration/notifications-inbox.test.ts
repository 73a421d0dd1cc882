// A person's own notifications and settings: mark read, the off switch, the settings form, and
// hostile input (someone else's id, another organisation's, NUL, broken text, oversized, files),
// each refused with nothing changed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/lib/server/auth/schema';
import type { Db } from '../../src/lib/server/db/client';
import { parseForm } from '../../src/lib/server/forms';
import { profileSchema, updateProfile } from '../../src/lib/server/auth/profile';
import { markAllRead, markRead, markReadSchema, myNotifications, unreadCount } from '../../src/lib/server/notifications/inbox';
import { notify } from '../../src/lib/server/notifications/notify';
import { notifications } from '../../src/lib/server/notifications/schema';
import { NOTIFICATION_FIELDS, notificationSettings, notificationSettingsSchema, setNotificationsOn, updateNotificationSettings } from '../../src/lib/server/notifications/settings';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { auditFor, expectInputError, quickUser, rows } from '../helpers/fixtures-integration';
import { NOW, world, type World } from './my-space-world';

let t: TestDatabase;
let db: Db;
let w: World;

beforeAll(async () => {
	t = await createTestDatabase();
	db = t.db;
	w = await world(db);
	const base = { projectId: w.projectP, kind: 'outcome' as const, body: 'Something happened.', href: '/me/activity' };
	for (let i = 1; i <= 3; i++) await notify(db, { ...base, organisationId: w.orgA, userIds: [w.me.id, w.someoneElse.id], title: `News ${i}`, sourceKey: `inbox:${i}` }, new Date(NOW.getTime() + i * 1000));
	await notify(db, { ...base, organisationId: w.orgB, projectId: w.projectB, userIds: [w.outsider.id], title: 'Southbank news', sourceKey: 'inbox:b' });
}, 60_000);
afterAll(async () => t?.close());

const state = () => rows(db, `select user_id, source_key, read_at from notifications order by user_id, source_key`);
const settingsRow = async (id: string) => (await db.select({ inApp: users.notifyInApp, byEmail: users.notifyByEmail }).from(users).where(eq(users.id, id)))[0];

describe('my notifications', () => {
	it('lists only mine, newest first, with the unread count', async () => {
		const list = await myNotifications(db, w.me);
		expect(list.map((n) => n.title)).toEqual(['News 3', 'News 2', 'News 1']);
		expect(list.every((n) => n.unread)).toBe(true);
		expect(await unreadCount(db, w.me)).toBe(3);
		expect((await myNotifications(db, w.outsider)).map((n) => n.title)).toEqual(['Southbank news']);
	});

	it('marks one read, refusing anyone else’s, another organisation’s, and hostile ids with nothing changed', async () => {
		const [mineNewest] = await myNotifications(db, w.me);
		const [theirs] = await myNotifications(db, w.someoneElse);
		const [outside] = await myNotifications(db, w.outsider);
		const before = await state();
		for (const id of [theirs.id, outside.id, 'zzzzzzzzzzzzzzzz', 'not an id', `${mineNewest.id}\u0000`, '\ud800', 'a'.repeat(100_000), ''])
			await expectInputError(markRead(db, w.me, { id }), 'id');
		// Someone from another organisation can't mark mine either.
		await expectInputError(markRead(db, w.outsider, { id: mineNewest.id }), 'id');
		expect(await state()).toEqual(before);
		// The form refuses the same before the domain is asked.
		const form = new FormData();
		form.set('id', new File(['x'], 'x.txt'));
		expect(parseForm(markReadSchema, form, ['id']).ok).toBe(false);
		await markRead(db, w.me, { id: mineNewest.id });
		await markRead(db, w.me, { id: mineNewest.id }); // again: nothing more happens
		expect(await unreadCount(db, w.me)).toBe(2);
		expect(await unreadCount(db, w.someoneElse)).toBe(3);
	});

	it('marks all of mine read, and nobody else’s', async () => {
		expect(await markAllRead(db, w.me)).toBe(2);
		expect(await markAllRead(db, w.me)).toBe(0);
		expect(await unreadCount(db, w.me)).toBe(0);
		expect(await unreadCount(db, w.someoneElse)).toBe(3);
		expect(await unreadCount(db, w.outsider)).toBe(1);
	});
});

describe('notification settings', () => {
	it('the off switch stops new notifications; on again lets them through', async () => {
		await setNotificationsOn(db, w.someoneElse, false);
		expect(await settingsRow(w.someoneElse.id)).toEqual({ inApp: false, byEmail: false });
		expect(await notify(db, { organisationId: w.orgA, projectId: null, kind: 'action', title: 'While off', body: '', href: null, sourceKey: 'off:1', userIds: [w.someoneElse.id] })).toBe(0);
		await setNotificationsOn(db, w.someoneElse, true);
		expect(await notify(db, { organisationId: w.orgA, projectId: null, kind: 'action', title: 'On again', body: '', href: null, sourceKey: 'off:2', userIds: [w.someoneElse.id] })).toBe(1);
		expect((await auditFor(db, 'user.notifications_changed')).filter((a) => a.targetId === w.someoneElse.id)).toHaveLength(2);
	});

	it('email copies need an email address, and notifications on', async () => {
		await expectInputError(updateNotificationSettings(db, w.me, { inApp: 'on', byEmail: 'on' }), 'byEmail');
		expect(await notificationSettings(db, w.me)).toEqual({ inApp: true, byEmail: false, hasEmail: false });
		await db.update(users).set({ email: 'me@example.org' }).where(eq(users.id, w.me.id));
		await expectInputError(updateNotificationSettings(db, w.me, { inApp: '', byEmail: 'on' }), 'byEmail');
		await updateNotificationSettings(db, w.me, { inApp: 'on', byEmail: 'on' });
		expect(await notificationSettings(db, w.me)).toEqual({ inApp: true, byEmail: true, hasEmail: true });
		// Removing the address: the choice reads as off, and no email could be queued.
		await db.update(users).set({ email: null }).where(eq(users.id, w.me.id));
		expect((await notificationSettings(db, w.me)).byEmail).toBe(false);
	});

	it('clearing the email address on the account page turns email copies off for good; giving one again doesn’t turn them back on', async () => {
		const person = await quickUser(db, w.orgA, ['young_person'], { displayName: 'Robin Clear' });
		const save = async (email: string) => {
			const body = new FormData();
			body.set('displayName', 'Robin Clear');
			body.set('email', email);
			const parsed = parseForm(profileSchema, body, ['displayName', 'email']);
			if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
			await updateProfile(db, person, parsed.data);
		};
		await save('robin@example.org');
		await updateNotificationSettings(db, person, { inApp: 'on', byEmail: 'on' });
		expect(await settingsRow(person.id)).toEqual({ inApp: true, byEmail: true });
		await save('  ');
		expect(await settingsRow(person.id)).toEqual({ inApp: true, byEmail: false });
		await save('robin.new@example.org');
		expect(await settingsRow(person.id)).toEqual({ inApp: true, byEmail: false });
		await notify(db, { organisationId: w.orgA, projectId: null, kind: 'outcome', title: 'After clearing', body: 'B', href: null, sourceKey: 'inbox:cleared', userIds: [person.id] });
		expect(await rows(db, `select o.id from email_outbox o join notifications n on n.id = o.notification_id where n.user_id = '${person.id}'`)).toEqual([]);
		// Changing the address (not clearing it) keeps the choice.
		await updateNotificationSettings(db, person, { inApp: 'on', byEmail: 'on' });
		await save('robin.other@example.org');
		expect(await settingsRow(person.id)).toEqual({ inApp: true, byEmail: true });
	});

	it('refuses hostile settings input with plain words, changing nothing', async () => {
		const before = await settingsRow(w.me.id);
		const audits = (await auditFor(db, 'user.notifications_changed')).length;
		for (const [input, field] of [
			[{ inApp: 'yes', byEmail: '' }, 'inApp'],
			[{ inApp: 'on\u0000', byEmail: '' }, 'inApp'],
			[{ inApp: '', byEmail: '\ud800' }, 'byEmail'],
			[{ inApp: 'on'.repeat(50_000), byEmail: '' }, 'inApp'],
			[{ inApp: 'true', byEmail: 'false' }, 'inApp']
		] as const) {
			const err = await expectInputError(updateNotificationSettings(db, w.me, input), field);
			expect(err.message).toMatch(/tick it or leave it empty/);
		}
		const form = new FormData();
		form.set('inApp', 'on\u0000');
		form.set('byEmail', new File(['x'], 'x.txt'));
		const parsed = parseForm(notificationSettingsSchema, form, NOTIFICATION_FIELDS);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(Object.keys(parsed.errors).sort()).toEqual(['byEmail', 'inApp']);
		expect(await settingsRow(w.me.id)).toEqual(before);
		expect((await auditFor(db, 'user.notifications_changed')).length).toBe(audits);
	});

	it('a deleted account gets nothing', async () => {
		await db.update(users).set({ deletedAt: NOW }).where(eq(users.id, w.me.id));
		expect(await notify(db, { organisationId: w.orgA, projectId: null, kind: 'outcome', title: 'After deletion', body: '', href: null, sourceKey: 'deleted:1', userIds: [w.me.id] })).toBe(0);
		expect(await db.select().from(notifications).where(eq(notifications.sourceKey, 'deleted:1'))).toEqual([]);
	});
});
