// A session's saved results, for the staff results page, the CSV export and the project's
// evidence: the session's details, its closing record counts and every activity's tally (the same
// tally the screen shows: shown words, approved ideas, nicknames only when the session shows
// them). Hidden words and hidden or waiting ideas are only counted here, never read.
import { count, eq, inArray } from 'drizzle-orm';
import type { LiveActivityState, LiveActivityType, SessionKind, SessionStatus } from '../../live/kinds';
import type { LiveTally } from '../../live/types';
import type { Db } from '../db/client';
import { attendanceCounts } from '../workshops/closing';
import { sessionInOrganisation } from '../workshops/lookup';
import { liveEntries, liveParticipants } from '../workshops/schema';
import { NOTE_LIMIT, sessionTallies, WORD_LIMIT } from './tally';

export interface ActivityResult {
	id: string;
	/** 1-based, in the session's order. */
	number: number;
	type: LiveActivityType;
	prompt: string;
	state: LiveActivityState;
	multiple: boolean;
	dots: number;
	scaleMin: number;
	scaleMax: number;
	minLabel: string;
	maxLabel: string;
	tally: LiveTally;
	/** The tally keeps the most given words and the newest ideas up to a limit; true when it was reached. */
	capped: boolean;
	/** Words hidden by the filter or the champion; ideas hidden or never approved. Counts only. */
	hiddenWords: number;
	hiddenNotes: number;
	waitingNotes: number;
}
export interface SessionResults {
	session: {
		id: string;
		title: string;
		description: string;
		kind: SessionKind;
		step: number;
		startsAt: Date;
		endsAt: Date;
		place: string;
		onlineLink: string | null;
		status: SessionStatus;
		showNicknames: boolean;
		hoursCredited: number;
		summary: string;
		outputs: string;
		closedAt: Date | null;
	};
	project: { id: string; title: string };
	/** The closing record's counts: people registered, those who came, walk-ins counted at the door. */
	attendance: { registered: number; attended: number; walkIns: number; present: number };
	/** People who joined on a phone (live participants), whether or not they answered. */
	joined: number;
	activities: ActivityResult[];
}

/** The session's results, if it belongs to the organisation (otherwise "not found", as any other id). */
export async function sessionResults(db: Db, organisationId: string, sessionId: string): Promise<SessionResults> {
	const { session: s, projectTitle } = await sessionInOrganisation(db, organisationId, sessionId);
	const [registrations, [joined], tallies] = await Promise.all([
		attendanceCounts(db, s.id),
		db.select({ n: count() }).from(liveParticipants).where(eq(liveParticipants.sessionId, s.id)),
		sessionTallies(db, s.id, { showNicknames: s.showNicknames })
	]);
	const entryCounts = tallies.length
		? await db
				.select({ activityId: liveEntries.activityId, status: liveEntries.status, n: count() })
				.from(liveEntries)
				.where(inArray(liveEntries.activityId, tallies.map((t) => t.activity.id)))
				.groupBy(liveEntries.activityId, liveEntries.status)
		: [];
	const statusCount = (activityId: string, status: string) => Number(entryCounts.find((e) => e.activityId === activityId && e.status === status)?.n ?? 0);
	const { registered, attended } = registrations;
	return {
		session: {
			id: s.id,
			title: s.title,
			description: s.description,
			kind: s.kind,
			step: s.step,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			onlineLink: s.onlineLink,
			status: s.status,
			showNicknames: s.showNicknames,
			hoursCredited: s.hoursCredited,
			summary: s.summary,
			outputs: s.outputs,
			closedAt: s.closedAt
		},
		project: { id: s.projectId, title: projectTitle },
		attendance: { registered, attended, walkIns: s.walkIns, present: attended + s.walkIns },
		joined: Number(joined.n),
		activities: tallies.map(({ activity: a, tally }, i): ActivityResult => ({
			id: a.id,
			number: i + 1,
			type: a.type,
			prompt: a.prompt,
			state: a.state,
			multiple: a.multiple,
			dots: a.dots,
			scaleMin: a.scaleMin,
			scaleMax: a.scaleMax,
			minLabel: a.minLabel,
			maxLabel: a.maxLabel,
			tally,
			capped: (a.type === 'word_cloud' && tally.words.length >= WORD_LIMIT) || (a.type === 'ideas' && tally.notes.length >= NOTE_LIMIT),
			hiddenWords: a.type === 'word_cloud' ? statusCount(a.id, 'hidden') : 0,
			hiddenNotes: a.type === 'ideas' ? statusCount(a.id, 'hidden') : 0,
			waitingNotes: a.type === 'ideas' ? statusCount(a.id, 'pending') : 0
		}))
	};
}
