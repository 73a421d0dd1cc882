// The shapes of public data: what portal pages render and the open data API returns. Only public
// facts belong here. Later issues add their sections to PublicProject (`tenders` with the scoring
// system and the published award, `performance`), each filled by its own module in portal.ts.
import type { PublicQuality } from '../reach/quality';
import type { ActivityKind, DecommissioningReason, DeliveryRoute, Level, ProjectStatus, StepStatus, YouSaidStatus } from '../projects/schema';

export type { PublicQuality };

export interface PublicProjectSummary {
	slug: string;
	title: string;
	/** Written for young people. */
	summary: string;
	serviceArea: string;
	status: ProjectStatus;
	statusLabel: string;
	level: Level;
	levelLabel: string;
	route: DeliveryRoute;
	routeLabel: string;
	currentStep: { step: number; name: string; phase: string; about: string } | null;
	/** ISO timestamp; null only in a staff preview of an unpublished project. */
	publishedAt: string | null;
	updatedAt: string;
}

export interface PublicStep {
	step: number;
	name: string;
	phase: string;
	about: string;
	plannedStart: string | null;
	plannedEnd: string | null;
	actualStart: string | null;
	actualEnd: string | null;
	status: StepStatus;
	statusLabel: string;
}

export interface PublicYouSaid {
	id: string;
	/** Present on lists across projects (the home page). */
	project?: { slug: string; title: string };
	step: number | null;
	stepName: string | null;
	activity: ActivityKind;
	activityLabel: string;
	/** Where it came from, e.g. "Survey of 120 young people, March". */
	source: string;
	youSaid: string;
	weDid: string;
	status: YouSaidStatus;
	statusLabel: string;
	decidedOn: string | null;
	publishedAt: string;
}

export interface PublicParticipation {
	activity: ActivityKind;
	label: string;
	/** null when fewer than the organisation's small-number threshold took part. */
	participants: number | null;
	/** "120" or "fewer than 5". */
	display: string;
}

export interface PublicDecommissioning {
	reasons: { code: DecommissioningReason; label: string }[];
	/** When the provider is given notice (YYYY-MM-DD). */
	providerNoticeDate: string;
}

/** A survey whose results summary is published to the public. */
export interface PublicSurveySummary {
	code: string;
	title: string;
	/** The officer's plain-words summary. */
	summary: string | null;
	/** null when fewer than the organisation's small-number threshold answered. */
	responses: number | null;
	/** "212" or "fewer than 5". */
	responsesDisplay: string;
	/** YYYY-MM-DD. */
	publishedAt: string | null;
	/** The published results page (site-relative). */
	url: string;
}

export interface PublicProject extends PublicProjectSummary {
	annualValuePence: number;
	contractMonths: number;
	/** A team inbox or phone number, never a personal address. */
	publicContact: string | null;
	steps: PublicStep[];
	nextStep: { step: number; name: string; about: string; plannedStart: string | null } | null;
	participation: { threshold: number; activities: PublicParticipation[] };
	youSaidWeDid: PublicYouSaid[];
	decommissioning: PublicDecommissioning | null;
	/** Surveys whose results are published to the public. */
	surveyResults: PublicSurveySummary[];
	/** Tenders whose scoring system is published, each with its award once that is published. */
	tenders: PublicTender[];
	/** Contracts with a published performance update or mystery-shopping summary. */
	performance: PublicContract[];
	/** The participation quality headline counts (Lundy model), when staff published them. */
	quality: PublicQuality | null;
}

/** One point of a tender's scoring scale and what it means. */
export interface PublicScalePoint {
	score: number;
	descriptor: string;
}

export interface PublicTenderCriterion {
	/** The question put to bidders. */
	title: string;
	/** Percentage points of the whole evaluation. */
	weight: number;
	/** Scored from the prices: lowest price ÷ this price × weight. */
	price: boolean;
	/** Scored during the bidders' presentations. */
	presentation: boolean;
}

export interface PublicTenderSection {
	name: string;
	about: string;
	/** The sum of its criteria's weights. */
	weight: number;
	/** Who scores it: young people's or parents' panel (the participant sections), or staff. */
	audience: 'young_people' | 'parents' | 'staff';
	/** "Scored by young people" / "Scored by parents and carers"; null for staff sections. */
	scoredBy: string | null;
	criteria: PublicTenderCriterion[];
}

/** A published award: only now is the winner's name public. Never any other bidder. */
export interface PublicAward {
	winner: string;
	valuePence: number;
	/** YYYY-MM-DD. */
	startsOn: string;
	endsOn: string;
	decidedOn: string;
	/** ISO timestamp. */
	publishedAt: string;
}

export interface PublicTender {
	/** The page anchor (id) of this tender on the project page, from its reference. */
	anchor: string;
	title: string;
	reference: string;
	/** YYYY-MM-DD, or null when not set. */
	publishedOn: string | null;
	closesOn: string | null;
	contractMonths: number;
	scale: { min: number; max: number; points: PublicScalePoint[] };
	sections: PublicTenderSection[];
	award: PublicAward | null;
}

/** One measure's published value for one period. */
export interface PublicMeasureResult {
	/** The period's label, e.g. "April to June 2026". */
	period: string;
	/** YYYY-MM-DD: the period's last day. */
	periodEndsOn: string;
	value: number;
	rating: 'good' | 'approaching_target' | 'requires_improvement' | 'inadequate';
	/** "Good", "Approaching target", "Requires improvement" or "Inadequate". */
	ratingLabel: string;
	comment: string;
}

/** A performance measure (KPI) with its published results only, oldest first; a measure with none isn't listed. */
export interface PublicMeasure {
	name: string;
	unit: string;
	baseline: number;
	target: number;
	higherIsBetter: boolean;
	results: PublicMeasureResult[];
}

/** A published performance update: one monitoring period and the officer's summary. */
export interface PublicPerformanceUpdate {
	period: string;
	startsOn: string;
	endsOn: string;
	summary: string;
	/** ISO timestamp. */
	publishedAt: string;
}

/** A published mystery-shopping summary. Never a shopper's name. */
export interface PublicMysteryShopping {
	title: string;
	summary: string;
	/** ISO timestamp. */
	publishedAt: string;
}

/**
 * A contract with something published about it (a performance update or a mystery-shopping
 * summary). Only published periods' values appear.
 */
export interface PublicContract {
	/** The page anchor (id) of this contract on the project page. */
	anchor: string;
	title: string;
	provider: string;
	startsOn: string;
	endsOn: string;
	valuePence: number;
	measures: PublicMeasure[];
	updates: PublicPerformanceUpdate[];
	mysteryShopping: PublicMysteryShopping[];
}
