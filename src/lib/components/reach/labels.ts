// Plain words for reach and the participation quality view (browser-safe: no server imports).

export const FORMAT_LABELS: Record<string, string> = {
	easy_read: 'Easy read version',
	other_languages: 'In other languages',
	bsl: 'British Sign Language (BSL)',
	large_print: 'Large print',
	audio: 'Audio or read aloud',
	online: 'Can take part online',
	in_person: 'Can take part in person',
	evening_weekend: 'Evenings or weekends',
	travel_paid: 'Travel costs paid',
	childcare: 'Childcare or care cover'
};

export const REACH_ACTIVITY_LABELS: Record<string, string> = {
	survey: 'Surveys',
	panel: 'Tender panels',
	mystery_shopping: 'Mystery shopping',
	session: 'Workshops and live sessions',
	other: 'Other activities added by a champion'
};

/** What each of the four Lundy areas means, in plain words. */
export const LUNDY_EXPLAINED = {
	space: 'Space: young people and parents get the chance to take part. We count the steps of the commissioning cycle (there are 8) with at least one planned activity for them.',
	voice:
		'Voice: people can give their views in ways that suit them. We count the accessible formats offered across the planned activities, and how many people took part: each person with an account once, however many things they did, and each anonymous survey answer once. It is the same number as on the project’s reach page, and it is hidden when it is small.',
	audience:
		'Audience: someone with the power to act listens. We count the things people said that an officer has responded to: published “you said, we did” entries answered with a decision, mystery-shopping reports that were reviewed (approved or sent back), and ideas from workshop ideas walls that were moderated (approved or hidden).',
	influence: 'Influence: views are acted on. We count the published “you said, we did” entries with a decision (changed or not changed, with the date it was decided), and how many of them changed something.'
};
