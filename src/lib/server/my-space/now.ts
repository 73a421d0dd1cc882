// "What can I do now": the surveys open to them, their panels (with when scoring closes), their
// mystery-shopping visits that need something or are coming up, the sessions they signed up for,
// and how many notifications they haven't read. Each part comes from its own domain's function.
import type { SessionUser } from '../auth/sessions';
import type { Db } from '../db/client';
import { myPanels } from '../evaluation/member-pages';
import { myVisits } from '../mystery-shopping/my-visits';
import { unreadCount } from '../notifications/inbox';
import { surveysToAnswer } from '../surveys/answering';
import { mySessions } from '../workshops/my-sessions';

export async function whatCanIDoNow(db: Db, user: SessionUser, deviceToken: string | null, now = new Date()) {
	const [surveys, panels, visits, sessions, unread] = await Promise.all([
		surveysToAnswer(db, user, deviceToken, now),
		myPanels(db, user, now),
		myVisits(db, user, now),
		mySessions(db, user, now),
		unreadCount(db, user)
	]);
	return {
		surveys,
		// Panels they've been taken off need nothing from them; /panels still lists those.
		panels: panels.filter((p) => p.stage !== 'removed'),
		visits: {
			total: visits.length,
			toReport: visits.filter((v) => v.stage === 'to_report' || v.stage === 'returned').length,
			// Sent and approved reports are in "What I did"; here only what's next.
			next: visits
				.filter((v) => v.stage === 'returned' || v.stage === 'to_report' || v.stage === 'upcoming')
				.slice(0, 5)
				.map((v) => ({ visitId: v.visitId, serviceTitle: v.serviceTitle, stage: v.stage, windowFrom: v.windowFrom, windowTo: v.windowTo }))
		},
		sessions: sessions.signedUp.slice(0, 5),
		unread
	};
}
export type WhatCanIDoNow = Awaited<ReturnType<typeof whatCanIDoNow>>;
