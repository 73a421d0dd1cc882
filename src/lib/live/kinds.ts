// The live-session words both the browser and the server use (the schema re-uses the lists).
export const SESSION_KINDS = ['workshop', 'focus_group', 'panel_meeting', 'stakeholder_event', 'storytelling'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const SESSION_STATUSES = ['planned', 'live', 'closed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const ACTIVITY_TYPES = ['poll', 'rating', 'word_cloud', 'ideas', 'priority'] as const;
export type LiveActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_STATES = ['draft', 'open', 'closed'] as const;
export type LiveActivityState = (typeof ACTIVITY_STATES)[number];

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
	workshop: 'Workshop',
	focus_group: 'Focus group',
	panel_meeting: 'Panel meeting',
	stakeholder_event: 'Stakeholder event',
	storytelling: 'Storytelling session'
};

export const ACTIVITY_TYPE_LABELS: Record<LiveActivityType, string> = {
	poll: 'Poll',
	rating: 'Rating scale',
	word_cloud: 'Word cloud',
	ideas: 'Ideas wall',
	priority: 'Priority voting'
};
