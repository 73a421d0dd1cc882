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
	voice: 'Voice: people can give their views in ways that suit them. We count the accessible formats offered across the planned activities, and how many people took part.',
	audience: 'Audience: someone with the power to act listens. We count the “you said, we did” entries an officer has answered with a decision (changed or not changed), out of all entries.',
	influence: 'Influence: views are acted on. We count the “you said, we did” entries where something changed because of what people said, with the date it was decided.'
};

/** The project's evidence counts people per kind of planned activity. */
export const PARTICIPATION_LABELS: Record<string, string> = {
	survey: 'surveys',
	workshop: 'workshops',
	panel: 'panels',
	mystery_shopping: 'mystery shopping',
	storytelling: 'storytelling',
	other: 'other activities'
};
