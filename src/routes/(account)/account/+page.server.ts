import { redirect } from '@sveltejs/kit';
import { setSessionCookie, deleteSessionCookie } from '$lib/server/auth/cookies';
import { requireUser } from '$lib/server/auth/guards';
import { changePassword, changePasswordSchema, getProfile, profileSchema, signOutEverywhere, updateProfile } from '$lib/server/auth/profile';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { NOTIFICATION_FIELDS, notificationSettings, notificationSettingsSchema, updateNotificationSettings } from '$lib/server/notifications/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = await getDb();
	const [profile, notifications] = await Promise.all([getProfile(db, user.id), notificationSettings(db, user)]);
	return { profile, notifications, saved: event.url.searchParams.get('saved') };
};

export const actions: Actions = {
	profile: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(profileSchema, await readForm(event.request), ['displayName', 'email']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateProfile(await getDb(), user, parsed.data));
		if (!done.ok) return done.failure;
		redirect(303, '/account?saved=profile');
	},
	notifications: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(notificationSettingsSchema, await readForm(event.request), NOTIFICATION_FIELDS);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () => updateNotificationSettings(await getDb(), user, { inApp: parsed.values.inApp, byEmail: parsed.values.byEmail }));
		if (!done.ok) return done.failure;
		redirect(303, '/account?saved=notifications#notifications');
	},
	password: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(changePasswordSchema, await readForm(event.request), ['currentPassword', 'newPassword'], ['currentPassword', 'newPassword']);
		if (!parsed.ok) return invalid(parsed.errors, parsed.values);
		const done = await attempt(parsed.values, async () =>
			changePassword(await getDb(), user.id, parsed.data.currentPassword, parsed.data.newPassword)
		);
		if (!done.ok) return done.failure;
		setSessionCookie(event.cookies, event.url, done.value.token, done.value.expiresAt);
		redirect(303, '/account?saved=password');
	},
	everywhere: async (event) => {
		const user = requireUser(event);
		await signOutEverywhere(await getDb(), user);
		deleteSessionCookie(event.cookies, event.url);
		redirect(303, '/sign-in?signed-out=1');
	}
};
