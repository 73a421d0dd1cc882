import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { isMember } from '$lib/server/evaluation/member-pages';
import { memberPresentations } from '$lib/server/evaluation/presentations';
import { InputError } from '$lib/server/forms';
import { idParam } from '$lib/server/http/params';
import type { PageServerLoad } from './$types';

// The presentation slots and the panel's prepared questions, for its members only.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const panelId = idParam(event.params.panelId);
	const db = await getDb();
	if (!(await isMember(db, user, panelId))) error(404, 'We couldn’t find that.');
	try {
		return { panelId, view: await memberPresentations(db, user, panelId), refusal: null };
	} catch (err) {
		if (err instanceof InputError) return { panelId, view: null, refusal: err.message };
		throw err;
	}
};
