import { redirect } from '@sveltejs/kit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { markAllRead, markRead, markReadSchema, myNotifications } from '$lib/server/notifications/inbox';
import { notificationSettings, setNotificationsOn } from '$lib/server/notifications/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const db = await getDb();
	const [notifications, settings] = await Promise.all([myNotifications(db, user), notificationSettings(db, user)]);
	return { notifications, settings, saved: event.url.searchParams.get('saved') };
};

export const actions: Actions = {
	read: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		const parsed = parseForm(markReadSchema, await readForm(event.request), ['id']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => markRead(await getDb(), user, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, '/me/notifications?saved=read');
	},
	readAll: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		await markAllRead(await getDb(), user);
		redirect(303, '/me/notifications?saved=read');
	},
	off: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		await setNotificationsOn(await getDb(), user, false);
		redirect(303, '/me/notifications?saved=off');
	},
	on: async (event) => {
		const user = await requirePermission(event, 'participant:home');
		await setNotificationsOn(await getDb(), user, true);
		redirect(303, '/me/notifications?saved=on');
	}
};
