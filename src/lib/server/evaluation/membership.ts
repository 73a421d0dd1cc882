// A panel member's own steps: the confidentiality promise and declaring interests, and whether
// they may carry on at all (memberHold: account on, still allowed to see bids, consent on record).
// Panel-facing: never reads bids (see panel-view.ts).
import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { hasActiveConsent } from '../auth/consent';
import { can, canJoinPanelOrVisit, isParticipant } from '../auth/policy';
import { userRoles, users } from '../auth/schema';
import type { Db } from '../db/client';
import { InputError, NUL_MESSAGE, optionalText, validate } from '../forms';
import { organisations } from '../organisations/schema';
import { panelMembers, panels, tenders, type PanelAudience } from './schema';
import { OPEN_STATUSES } from './tenders';

type Actor = { id: string; organisationId: string };

const NUL = NUL_MESSAGE;

/**
 * For a member's own change (their declaration): the tender of a panel in their organisation,
 * held with a share lock so the evaluation can't be closed or finalised under them (every status
 * change takes the tender `for update`), and refused once it is finished.
 */
async function panelTenderForMember(tx: Db, user: Actor, panelId: string) {
	const [row] = await tx
		.select({ id: tenders.id, status: tenders.status })
		.from(tenders)
		.innerJoin(panels, eq(panels.tenderId, tenders.id))
		.where(and(eq(panels.id, panelId), eq(tenders.organisationId, user.organisationId)))
		.for('share', { of: tenders });
	if (!row) throw new InputError('You are not on that panel.');
	if (!OPEN_STATUSES.includes(row.status))
		throw new InputError('The evaluation is finished, so the panel can’t change now. If something worries you, please talk to your participation champion.');
	return row;
}

export const CONSENT_NEEDED = 'We need a parent’s or carer’s consent on record before you can carry on scoring. Please talk to your participation champion.';

/**
 * Why this person can't carry on as a member of a panel for this audience now (checked again on
 * every member page and every score, not only when they were added): an account switched off,
 * parental consent withdrawn, or, on a staff panel, no longer allowed to see bids. Null when they can.
 */
export async function memberHold(db: Db, userId: string, audience: PanelAudience, now = new Date()): Promise<string | null> {
	const [person] = await db
		.select({ birthMonth: users.birthMonth, disabledAt: users.disabledAt, consentAge: organisations.consentAge })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(users.id, userId));
	if (!person || person.disabledAt) return 'Your account is switched off, so you can’t carry on with this panel. Please talk to your participation champion.';
	const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role);
	if (audience === 'staff') return can({ roles }, 'tenders:manage') ? null : 'Only officers, who may read the bids, can score this section. Please talk to the officer running the tender.';
	if (!isParticipant({ roles })) return 'This panel is for participants, so you can’t score on it. Please talk to the officer running the tender.';
	if (!canJoinPanelOrVisit({ roles, birthMonth: person.birthMonth, disabled: false }, person.consentAge, await hasActiveConsent(db, userId), now)) return CONSENT_NEEDED;
	return null;
}

/** The signed-in person's own membership of a panel in their organisation, locked for a change. */
async function ownMembership(tx: Db, user: Actor, panelId: string) {
	const [row] = await tx
		.select({ id: panelMembers.id, status: panelMembers.status, confidentialityAcceptedAt: panelMembers.confidentialityAcceptedAt, declaredAt: panelMembers.declaredAt })
		.from(panelMembers)
		.innerJoin(panels, eq(panels.id, panelMembers.panelId))
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, user.id), eq(tenders.organisationId, user.organisationId)))
		.for('update', { of: panelMembers });
	if (!row) throw new InputError('You are not on that panel.');
	if (row.status === 'removed') throw new InputError('You are no longer on this panel.');
	return row;
}

export async function acceptConfidentiality(db: Db, user: Actor, panelId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const member = await ownMembership(tx, user, panelId);
		if (member.confidentialityAcceptedAt) return;
		await tx.update(panelMembers).set({ confidentialityAcceptedAt: now, updatedAt: now }).where(eq(panelMembers.id, member.id));
		await recordAudit(tx, { organisationId: user.organisationId, actorId: user.id, action: 'panel.confidentiality_accepted', targetType: 'panel', targetId: panelId, detail: { memberId: member.id } });
	});
}

export const interestSchema = v.object({
	hasInterest: v.boolean('Say whether you have an interest to declare.'),
	details: v.pipe(
		optionalText('what the interest is', 2000),
		v.check((s) => !s?.includes('\u0000'), NUL)
	)
});

/**
 * The member's declaration. An interest takes them off the panel (status interest_declared: they
 * can see and score nothing) until an officer decides; none makes them active. They may declare
 * an interest later too (say, on recognising a bidder), but can't withdraw one an officer is
 * looking at.
 */
export async function declareInterests(db: Db, user: Actor, panelId: string, input: v.InferInput<typeof interestSchema>, now = new Date()): Promise<'active' | 'interest_declared'> {
	const data = validate(interestSchema, input);
	if (data.hasInterest && !data.details) throw new InputError('Please say what the interest is, in your own words.', 'details');
	return db.transaction(async (tx) => {
		// An interest drops the member's scores from the result: never once the evaluation is finished.
		await panelTenderForMember(tx, user, panelId);
		const member = await ownMembership(tx, user, panelId);
		if (!member.confidentialityAcceptedAt) throw new InputError('Please accept the confidentiality statement first.');
		if (member.status === 'interest_declared') throw new InputError('An officer is looking at the interest you declared; you’ll hear when they have decided.');
		if (!data.hasInterest && member.status === 'active') return 'active';
		const status = data.hasInterest ? 'interest_declared' : 'active';
		await tx
			.update(panelMembers)
			.set({ status, declaredAt: now, interest: data.hasInterest ? data.details : null, decision: null, decisionNote: null, decidedBy: null, decidedAt: null, updatedAt: now })
			.where(eq(panelMembers.id, member.id));
		await recordAudit(tx, {
			organisationId: user.organisationId,
			actorId: user.id,
			action: 'panel.interests_declared',
			targetType: 'panel',
			targetId: panelId,
			detail: { memberId: member.id, hasInterest: data.hasInterest }
		});
		return status;
	});
}
