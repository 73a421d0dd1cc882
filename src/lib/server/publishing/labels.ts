// Plain words the public pages and open data use beside each code.
import type { ActivityKind } from '../projects/schema';

export { DECOMMISSIONING_REASON_LABELS } from '../projects/decommissioning';

/** "How young people and parents took part": one heading per activity type. */
export const PARTICIPATION_LABELS: Record<ActivityKind, string> = {
	survey: 'Surveys',
	workshop: 'Workshops',
	panel: 'Panels',
	mystery_shopping: 'Mystery shopping',
	storytelling: 'Storytelling',
	other: 'Other activities'
};
