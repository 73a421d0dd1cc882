import { can, isParticipant, type Actor } from './auth/policy';

export interface NavItem {
	href: string;
	label: string;
}

/** The menu a person sees; each page still checks permission itself. */
export function navigationFor(actor: Actor | null): NavItem[] {
	if (!actor) return [{ href: '/', label: 'Home' }, { href: '/join', label: 'I have a code' }, { href: '/sign-in', label: 'Sign in' }];
	const items: NavItem[] = [];
	if (isParticipant(actor)) items.push({ href: '/me', label: 'My space' });
	if (can(actor, 'staff:home')) items.push({ href: '/staff', label: 'Staff home' });
	if (can(actor, 'projects:view')) items.push({ href: '/staff/projects', label: 'Projects' });
	if (can(actor, 'projects:view')) items.push({ href: '/staff/surveys', label: 'Surveys' });
	if (can(actor, 'tenders:view')) items.push({ href: '/staff/tenders', label: 'Tenders' });
	if (can(actor, 'contracts:view')) items.push({ href: '/staff/contracts', label: 'Contracts' });
	if (can(actor, 'shopping:manage')) items.push({ href: '/staff/mystery-shopping', label: 'Mystery shopping' });
	if (can(actor, 'sessions:manage')) items.push({ href: '/staff/sessions', label: 'Sessions' });
	if (can(actor, 'invitations:manage')) items.push({ href: '/staff/invitations', label: 'Invitations' });
	if (can(actor, 'participants:view')) items.push({ href: '/staff/participants', label: 'Participants' });
	if (can(actor, 'recognition:manage') || can(actor, 'rewards:export')) items.push({ href: '/staff/recognition', label: 'Recognition' });
	if (can(actor, 'reach:view')) items.push({ href: '/staff/reach', label: 'Reach' });
	if (can(actor, 'accounts:delete')) items.push({ href: '/staff/account-deletion', label: 'Deleting accounts' });
	if (can(actor, 'staff:manage')) items.push({ href: '/staff/users', label: 'Staff accounts' });
	if (can(actor, 'organisation:settings')) items.push({ href: '/staff/settings', label: 'Settings' });
	if (can(actor, 'audit:read')) items.push({ href: '/staff/audit', label: 'Audit log' });
	items.push({ href: '/account', label: 'My account' });
	return items;
}
