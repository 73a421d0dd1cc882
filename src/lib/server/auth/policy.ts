// Who may do what. Pure functions: no database, no SvelteKit; every load and action asks here.
import { PARTICIPANT_ROLES, STAFF_ROLES, type Role } from './schema';

export type Permission =
	| 'participant:home'
	| 'staff:home'
	| 'invitations:manage'
	| 'participants:view'
	| 'participants:manage'
	| 'consent:record'
	| 'staff:manage'
	| 'organisation:settings'
	| 'audit:read'
	| 'projects:view'
	| 'projects:manage'
	| 'projects:plan'
	| 'projects:publish'
	| 'surveys:manage'
	| 'surveys:publish'
	/** See a project's tenders, their scoring system and panels (never bidders' identities). */
	| 'tenders:view'
	/** Set up tenders, enter and anonymise bids, moderate, award and publish; the only way to bidder identity. */
	| 'tenders:manage'
	/** Set up panels and members, the panels' shared questions and presentations. */
	| 'panels:manage'
	/** See contracts, their performance measures and mystery-shopping findings. */
	| 'contracts:view'
	/** Enter contracts, performance measures and each period's values and ratings. */
	| 'contracts:manage'
	/** Put a performance update or a mystery-shopping summary on the public project page. */
	| 'monitoring:publish'
	/** Run mystery-shopping programmes: scenarios, checklists, visits, shoppers, reviewing reports. */
	| 'shopping:manage'
	/** Run workshops and live sessions: set up, registrations, attendance, live activities, the screen, closing records. */
	| 'sessions:manage'
	/** Each participant's contributions ledger, hours a champion adds, certificates and rewards given. */
	| 'recognition:manage'
	/** Download every reward given, for finance. */
	| 'rewards:export'
	/** Who has been heard: reach by group against population shares, and the participation quality view. */
	| 'reach:view'
	/** Enter the population shares reach is compared with, and publish a project's quality counts. */
	| 'reach:manage'
	/** Confirm participants' deletion requests and review accounts past the retention period. */
	| 'accounts:delete';

const GRANTS: Record<Role, readonly Permission[]> = {
	young_person: ['participant:home'],
	parent_carer: ['participant:home'],
	champion: [
		'staff:home',
		'invitations:manage',
		'participants:view',
		'participants:manage',
		'consent:record',
		'projects:view',
		'projects:plan',
		'surveys:manage',
		'tenders:view',
		'panels:manage',
		'contracts:view',
		'shopping:manage',
		'sessions:manage',
		'recognition:manage',
		'rewards:export',
		'reach:view',
		'accounts:delete'
	],
	officer: [
		'staff:home',
		'participants:view',
		'projects:view',
		'projects:manage',
		'projects:plan',
		'projects:publish',
		'surveys:manage',
		'surveys:publish',
		'tenders:view',
		'tenders:manage',
		'panels:manage',
		'contracts:view',
		'contracts:manage',
		'monitoring:publish',
		'shopping:manage',
		'sessions:manage',
		'rewards:export',
		'reach:view',
		'reach:manage'
	],
	admin: [
		'staff:home',
		'participants:view',
		'participants:manage',
		'staff:manage',
		'organisation:settings',
		'audit:read',
		'projects:view',
		'reach:view',
		'accounts:delete'
	]
};

export interface Actor {
	roles: readonly Role[];
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
	return !!actor && actor.roles.some((role) => GRANTS[role]?.includes(permission));
}

export function isParticipant(actor: Actor): boolean {
	return actor.roles.some((r) => (PARTICIPANT_ROLES as readonly Role[]).includes(r));
}

export function isStaff(actor: Actor): boolean {
	return actor.roles.some((r) => (STAFF_ROLES as readonly Role[]).includes(r));
}

/** Where a person lands after signing in. */
export function homePath(actor: Actor): string {
	return isStaff(actor) ? '/staff' : '/me';
}

/** Age in whole years on `today`, counting a birthday as reached only once its month is over. */
export function ageOn(birthMonth: string, today: Date): number {
	const [year, month] = birthMonth.split('-').map(Number);
	const months = (today.getUTCFullYear() - year) * 12 + (today.getUTCMonth() + 1 - month) - 1;
	return Math.floor(months / 12);
}

export interface ConsentSubject {
	roles: readonly Role[];
	birthMonth: string | null;
	disabled?: boolean;
}

/**
 * Whether parental consent must be on record before this person joins a tender panel or a
 * mystery-shopping visit. Young people with no birth month recorded are treated as under age.
 */
export function needsParentalConsent(person: ConsentSubject, consentAge: number, today = new Date()): boolean {
	if (!person.roles.includes('young_person')) return false;
	if (!person.birthMonth) return true;
	return ageOn(person.birthMonth, today) < consentAge;
}

/** Surveys and workshops are open to every active participant at once. */
export function canJoinSurveysAndWorkshops(person: ConsentSubject): boolean {
	return !person.disabled && person.roles.some((r) => (PARTICIPANT_ROLES as readonly Role[]).includes(r));
}

/** Tender panels and mystery-shopping visits need recorded consent below the consent age. */
export function canJoinPanelOrVisit(
	person: ConsentSubject,
	consentAge: number,
	hasActiveConsent: boolean,
	today = new Date()
): boolean {
	if (!canJoinSurveysAndWorkshops(person)) return false;
	return !needsParentalConsent(person, consentAge, today) || hasActiveConsent;
}

/** Staff may hold several staff roles; participants exactly one participant role. Never both. */
export function rolesAreValid(roles: readonly Role[]): boolean {
	if (roles.length === 0) return false;
	const participant = roles.filter((r) => (PARTICIPANT_ROLES as readonly Role[]).includes(r));
	const staff = roles.filter((r) => (STAFF_ROLES as readonly Role[]).includes(r));
	if (participant.length + staff.length !== roles.length) return false;
	if (new Set(roles).size !== roles.length) return false;
	return participant.length === 0 ? staff.length > 0 : participant.length === 1 && staff.length === 0;
}
