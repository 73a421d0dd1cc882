// Plain words for where a panel member is, shared by /panels, /me and the panel page.
import type { MemberStage } from '$lib/server/evaluation/member-pages';

export function stageText(stage: MemberStage, p: { opens: string | null; closes: string | null; bids: number; submitted: number; awardPublished?: boolean }): string {
	switch (stage) {
		case 'confidentiality':
			return 'Start here: read and accept the promise to keep things confidential.';
		case 'declare':
			return 'Next: tell us whether you have any interests to declare.';
		case 'scoring':
			return `Scoring is open${p.closes ? ` until ${p.closes}` : ''}. You’ve submitted ${p.submitted} of ${p.bids} ${p.bids === 1 ? 'bid' : 'bids'}.`;
		case 'not_open':
			return p.opens ? `Scoring opens on ${p.opens}.` : 'Scoring hasn’t opened yet.';
		case 'paused':
			return 'Your place is paused while an officer looks at the interest you declared.';
		case 'on_hold':
			return 'Your place is on hold for now. Open the panel to see why.';
		case 'closed':
			return p.awardPublished ? 'Scoring has finished and the decision has been published.' : 'Scoring has finished. The officers now have the scores.';
		case 'removed':
			return 'You’re no longer on this panel.';
	}
}

/** A weight as a percentage with up to two decimals and no trailing zeros: 15%, 12.5%, 12.25%. */
export function percent(weight: number): string {
	return `${Number(weight.toFixed(2))}%`;
}
