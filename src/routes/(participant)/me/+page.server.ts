import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { whatCanIDoNow } from '$lib/server/my-space/now';
import { readDeviceToken } from '$lib/server/surveys/answering';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	return {
		displayName: user.displayName,
		username: user.username,
		welcome: event.url.searchParams.has('welcome'),
		...(await whatCanIDoNow(await getDb(), user, readDeviceToken(event.cookies)))
	};
};
