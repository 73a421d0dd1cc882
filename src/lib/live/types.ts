// What the server pushes to phones, the control panel and the projector over server-sent events
// (and what each page loads first). Shared by server and browser; no personal details, ever:
// nicknames appear only when the champion turned them on for the session.
import type { LiveActivityState, LiveActivityType, SessionStatus } from './kinds';

export interface LiveOptionView {
	id: string;
	label: string;
}

/** The activity as a phone needs it to show the question and take an answer. */
export interface LiveActivityView {
	id: string;
	type: LiveActivityType;
	prompt: string;
	/** Poll and priority options, in order; empty for other types. */
	options: LiveOptionView[];
	multiple: boolean;
	scaleMin: number;
	scaleMax: number;
	minLabel: string;
	maxLabel: string;
	dots: number;
	maxEntries: number;
	allowChange: boolean;
	state: LiveActivityState;
	revealed: boolean;
	/** Position (1-based) and how many activities the session has, for "2 of 5". */
	number: number;
	of: number;
}

/** Results of one activity. Counts only; entries' words as shown on the screen. */
export interface LiveTally {
	activityId: string;
	/** People who answered. */
	responses: number;
	/** Poll: people choosing each option; priority: dots on each option. Same order as the options. */
	options: { id: string; label: string; count: number }[];
	/** Rating: how many chose each point from scaleMin to scaleMax, and the mean (null with no answers). */
	rating: { counts: number[]; mean: number | null } | null;
	/** Word cloud: shown words with how many people gave each, most first (at most 60). */
	words: { text: string; count: number }[];
	/** Ideas wall: approved notes, newest first (at most 100); nickname only when the session shows names. */
	notes: { id: string; text: string; nickname?: string }[];
}

export interface LiveSnapshot {
	sessionTitle: string;
	status: SessionStatus;
	/** The activity everyone is on now; null between activities or before the first. */
	activity: LiveActivityView | null;
	/** Results of the current activity; null when this viewer may not see them yet. */
	tally: LiveTally | null;
	/** People who have answered the current activity, shown even while results wait for "reveal" (projector and control; null for phones, so their stream stays quiet until something they see changes). */
	answered: number | null;
	/** The session's code, for the projector's and control panel's join instructions (null for phones, which know it). */
	code: string | null;
	/** Ideas waiting for approval (control panel only; 0 for others). */
	pending: number;
	/** Increases with every change, so a client can ignore an out-of-date message. */
	at: number;
}

/** Who a snapshot is for: phones see results only once revealed; the projector unless hidden; the control panel always. */
export type LiveAudience = 'phone' | 'projector' | 'control';
