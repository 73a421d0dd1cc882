// The commissioning cycle: four phases, eight steps (Achieving for Children's framework), with the
// framework's prompts for involving young people and parents, and guideline durations.

export const PHASES = ['Analyse', 'Plan', 'Do', 'Review'] as const;
export type Phase = (typeof PHASES)[number];

export const STEP_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type StepNumber = (typeof STEP_NUMBERS)[number];

export interface CycleStep {
	step: StepNumber;
	name: string;
	phase: Phase;
	/** What happens, in plain words. */
	about: string;
	/** How young people and parents can be involved at this step. */
	prompts: string[];
	/** Guideline duration in months, used to suggest planned dates; null where none is given. */
	guidelineMonths: number | null;
}

export const CYCLE: readonly CycleStep[] = [
	{
		step: 1,
		name: 'Initiate',
		phase: 'Analyse',
		about: 'Getting started: agreeing what the project is for, who is involved and the timetable.',
		prompts: ['Tell young people and parents the timescales and what their part will be.'],
		guidelineMonths: 1
	},
	{
		step: 2,
		name: 'Investigate',
		phase: 'Analyse',
		about: 'Finding out what children, young people and families need, and what is missing now.',
		prompts: ['Run surveys about needs.', 'Hold informal workshops.', 'Ask young people and parents to prioritise needs.'],
		guidelineMonths: 6
	},
	{
		step: 3,
		name: 'Collaborate',
		phase: 'Plan',
		about: 'Agreeing with young people, families and partners what a good service must achieve, and the budget.',
		prompts: [
			'Hold workshops to shape future provision.',
			'Decide who will represent young people and parents.',
			'Thank volunteers and tell them what happens next.'
		],
		guidelineMonths: 2
	},
	{
		step: 4,
		name: 'Incubate',
		phase: 'Plan',
		about: 'Writing down what the new service must do (the specification) and the contract.',
		prompts: ['Co-produce the specification and the way the service will be delivered.'],
		guidelineMonths: 4
	},
	{
		step: 5,
		name: 'Negotiate',
		phase: 'Do',
		about: 'Choosing who runs the service: organisations send offers (bids), panels score them, and the best is chosen.',
		prompts: [
			'Young people and parents score bids in a pre-agreed, weighted section.',
			'They score supplier presentations and ask questions.',
			'Explain confidentiality: they advise, officers decide.'
		],
		guidelineMonths: 4
	},
	{
		step: 6,
		name: 'Activate',
		phase: 'Do',
		about: 'The new service starts, and we check early on how it is going.',
		prompts: ['Run early satisfaction surveys with people using the service.'],
		guidelineMonths: 8
	},
	{
		step: 7,
		name: 'Consolidate',
		phase: 'Review',
		about: 'Checking the service does what it promised: after 6 months for a new service, then every year.',
		prompts: ['Mystery shopping.', 'Quality checks.', 'Feedback from people using the service.'],
		guidelineMonths: 12
	},
	{
		step: 8,
		name: 'Evaluate and improve',
		phase: 'Review',
		about: 'Looking back at what worked, telling everyone, and deciding to keep, change or stop the service.',
		prompts: ['Storytelling workshops.', 'Publish case studies.'],
		guidelineMonths: 2
	}
];

export function cycleStep(step: number): CycleStep {
	const found = CYCLE.find((s) => s.step === step);
	if (!found) throw new RangeError(`No cycle step ${step}`);
	return found;
}
