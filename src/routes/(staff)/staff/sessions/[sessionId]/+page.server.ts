import { redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { qrDataUrl } from '$lib/server/auth/codes';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { attempt, invalid, readForm } from '$lib/server/http/actions';
import { found, idParam } from '$lib/server/http/params';
import { announce } from '$lib/server/realtime';
import { countWalkIns, markAttendance, walkInsField } from '$lib/server/workshops/attendance';
import { ID, sessionInOrganisation } from '$lib/server/workshops/lookup';
import { sessionPage } from '$lib/server/workshops/session-pages';
import { moveSession, newSessionCode, type SessionMove } from '$lib/server/workshops/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'sessions:manage');
	const id = idParam(event.params.sessionId);
	const page = await found(async () => sessionPage(await getDb(), user.organisationId, id));
	const { status, code } = page.session;
	const liveUrl = `${event.url.origin}/live/${code}`;
	const usable = status === 'planned' || status === 'live';
	return { ...page, joinAt: `${event.url.origin}/live`, liveUrl: usable ? liveUrl : null, qr: usable ? await qrDataUrl(liveUrl) : null, saved: event.url.searchParams.get('saved') };
};

async function sessionFor(event: RequestEvent<{ sessionId: string }>) {
	const user = await requirePermission(event, 'sessions:manage');
	const id = idParam(event.params.sessionId ?? '');
	await found(async () => sessionInOrganisation(await getDb(), user.organisationId, id));
	return { user, id };
}

/** Start, cancel, put back: the phones and the screen follow the session's status. */
function move(kind: SessionMove, saved: string) {
	return async (event: RequestEvent<{ sessionId: string }>) => {
		const { user, id } = await sessionFor(event);
		await readForm(event.request);
		const done = await attempt({ form: 'status' }, async () => moveSession(await getDb(), user, id, kind));
		if (!done.ok) return done.failure;
		await announce({ sessionId: id, what: 'control' });
		redirect(303, `/staff/sessions/${id}?saved=${saved}`);
	};
}

const tickForm = v.object({
	registrationId: v.pipe(v.string(), v.regex(ID, 'That person isn’t signed up for this session.')),
	attended: v.picklist(['yes', 'no'], 'Choose whether they came.')
});
const stepForm = v.object({ change: v.picklist(['up', 'down'], 'Choose one more or one fewer.') });
const setForm = v.object({ walkIns: walkInsField });

export const actions: Actions = {
	start: move('start', 'started'),
	cancel: move('cancel', 'cancelled'),
	reinstate: move('reinstate', 'reinstated'),
	newCode: async (event) => {
		const { user, id } = await sessionFor(event);
		await readForm(event.request);
		const done = await attempt({ form: 'code' }, async () => newSessionCode(await getDb(), user, id));
		if (!done.ok) return done.failure;
		await announce({ sessionId: id, what: 'control' });
		redirect(303, `/staff/sessions/${id}?saved=code#code`);
	},
	tick: async (event) => {
		const { user, id } = await sessionFor(event);
		const parsed = parseForm(tickForm, await readForm(event.request), ['registrationId', 'attended']);
		const values = { form: 'attendance' };
		if (!parsed.ok) return invalid({ form: Object.values(parsed.errors)[0] }, values);
		const done = await attempt(values, async () => markAttendance(await getDb(), user, id, parsed.data.registrationId, parsed.data.attended === 'yes'));
		if (!done.ok) return invalid({ form: Object.values(done.failure.data.errors)[0] }, values);
		redirect(303, `/staff/sessions/${id}?saved=${parsed.data.attended === 'yes' ? 'ticked' : 'unticked'}#registrations`);
	},
	walkInsStep: async (event) => {
		const { user, id } = await sessionFor(event);
		const parsed = parseForm(stepForm, await readForm(event.request), ['change']);
		const values = { form: 'walk-ins' };
		if (!parsed.ok) return invalid({ walkIns: Object.values(parsed.errors)[0] }, values);
		const done = await attempt(values, async () => countWalkIns(await getDb(), user, id, { by: parsed.data.change === 'up' ? 1 : -1 }));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/sessions/${id}?saved=walk-ins#walk-ins`);
	},
	walkInsSet: async (event) => {
		const { user, id } = await sessionFor(event);
		const parsed = parseForm(setForm, await readForm(event.request), ['walkIns']);
		const values = { ...parsed.values, form: 'walk-ins' };
		if (!parsed.ok) return invalid(parsed.errors, values);
		const done = await attempt(values, async () => countWalkIns(await getDb(), user, id, { set: parsed.data.walkIns }));
		if (!done.ok) return done.failure;
		redirect(303, `/staff/sessions/${id}?saved=walk-ins#walk-ins`);
	}
};
