import { redirect } from '@sveltejs/kit';
import { requirePermission, requireUser } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { searchText } from '$lib/server/forms';
import { ledgerPeople, organisationHours } from '$lib/server/recognition/people';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Officers may download rewards for finance but don't keep the ledgers: the menu's link takes them there.
	const signedIn = requireUser(event);
	if (!can(signedIn, 'recognition:manage') && can(signedIn, 'rewards:export')) redirect(303, '/staff/recognition/rewards');
	const user = await requirePermission(event, 'recognition:manage');
	const q = searchText(event.url.searchParams.get('q'));
	const db = await getDb();
	return { q, people: await ledgerPeople(db, user.organisationId, q), total: await organisationHours(db, user.organisationId), canExport: can(user, 'rewards:export') };
};
