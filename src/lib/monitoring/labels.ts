// Plain words for contract monitoring and mystery shopping, shared by pages, the server and the
// phone's report form (no server imports here).

export type PerformanceRatingKey = 'good' | 'approaching_target' | 'requires_improvement' | 'inadequate';

/** The ratings used in UK contract performance notices, best first. */
export const PERFORMANCE_RATING_LABELS: Record<PerformanceRatingKey, string> = {
	good: 'Good',
	approaching_target: 'Approaching target',
	requires_improvement: 'Requires improvement',
	inadequate: 'Inadequate'
};

export type ContactKindKey = 'visit' | 'phone' | 'website' | 'email' | 'social_media';

export const CONTACT_KIND_LABELS: Record<ContactKindKey, string> = {
	visit: 'Visiting in person',
	phone: 'Phoning',
	website: 'Using the website',
	email: 'Emailing',
	social_media: 'Messaging on social media'
};

export type ChecklistThemeKey = 'first_contact' | 'welcome' | 'accessibility' | 'information' | 'environment' | 'overall' | 'recommend' | 'other';

export const THEME_LABELS: Record<ChecklistThemeKey, string> = {
	first_contact: 'First contact',
	welcome: 'Welcome and attitude',
	accessibility: 'Accessibility',
	information: 'Information and communication',
	environment: 'Environment and safety',
	overall: 'Overall impression',
	recommend: 'Would you recommend it',
	other: 'Something else'
};

/** The simple scale every checklist item is rated on, 1 to 5, in plain words. */
export const RATING_WORDS: Record<number, string> = {
	1: 'Really poor',
	2: 'Not great',
	3: 'OK',
	4: 'Good',
	5: 'Really good'
};
export const NOT_SEEN = 'I didn’t see this';

/** The checklist a new programme starts with: one plain question per theme, ready to edit with young people. */
export const DEFAULT_CHECKLIST: { theme: ChecklistThemeKey; question: string; hint: string }[] = [
	{ theme: 'first_contact', question: 'How easy was it to get in touch or find your way in?', hint: 'Think about finding the place, the phone number or the right page, and how long it took.' },
	{ theme: 'welcome', question: 'How were you welcomed and treated?', hint: 'Were people friendly, did they listen, did they speak to you and not just to an adult with you?' },
	{ theme: 'accessibility', question: 'Could everyone use it, whatever their needs?', hint: 'Think about steps and lifts, opening times, languages, and help for people who find reading hard.' },
	{ theme: 'information', question: 'Did you get clear information you could understand?', hint: 'Was it in plain words? Did they explain what happens next?' },
	{ theme: 'environment', question: 'Did the place feel safe, clean and comfortable?', hint: 'For a website or phone call: did it feel private and trustworthy?' },
	{ theme: 'overall', question: 'Overall, how good was it?', hint: 'Your overall feeling about the service.' },
	{ theme: 'recommend', question: 'Would you tell a friend to use it?', hint: '5 means definitely yes, 1 means definitely not.' }
];
