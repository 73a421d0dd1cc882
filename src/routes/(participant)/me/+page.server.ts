import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { myPanels } from '$lib/server/evaluation/member-pages';
import { myVisits } from '$lib/server/mystery-shopping/my-visits';
import { readDeviceToken, surveysToAnswer } from '$lib/server/surveys/answering';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'participant:home');
	const db = await getDb();
	const visits = await myVisits(db, user);
	return {
		displayName: user.displayName,
		username: user.username,
		welcome: event.url.searchParams.has('welcome'),
		surveys: await surveysToAnswer(db, user, readDeviceToken(event.cookies)),
		// Panels they've been taken off need nothing from them; /panels still lists those.
		panels: (await myPanels(db, user)).filter((p) => p.stage !== 'removed'),
		// Mystery-shopping visits: how many there are, and how many need a report now.
		visits: { total: visits.length, toReport: visits.filter((v) => v.stage === 'to_report' || v.stage === 'returned').length }
	};
};
