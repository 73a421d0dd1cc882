// Panels: one per tender section, with its members, quorum and scoring window. Officers and
// champions set them up (routes check the permission); an officer decides on a declared interest.
// Members' own steps (confidentiality, declaring interests) are in membership.ts. Audit entries
// hold ids only, never what was declared.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import { hasActiveConsent } from '../auth/consent';
import { can, canJoinPanelOrVisit, isStaff } from '../auth/policy';
import { consents, userRoles, users, type Role } from '../auth/schema';
import type { Db } from '../db/client';
import { notifyAddedToPanel } from '../notifications/events';
import { newId } from '../db/ids';
import { InputError, NUL_MESSAGE, text, validate } from '../forms';
import { organisations } from '../organisations/schema';
import { panelSchema, type PanelInput } from './panel-fields';
import { panelMembers, panels, tenderCriteria, tenders, tenderSections, type PanelAudience } from './schema';
import { lockOpenTender } from './tenders';

type Actor = { id: string; organisationId: string };

const NUL = NUL_MESSAGE;

export { panelSchema, parseWindowTime, windowTime, type PanelInput } from './panel-fields';

/**
 * The tender, locked for the rest of the transaction and refused once the evaluation is finalised:
 * every change to a panel or its members goes through here (or membership.ts's panelTenderForMember), so nothing
 * can change the result after finalising. Lock order everywhere: the tender, then panel_members.
 */
function tenderInOrganisation(tx: Db, organisationId: string, tenderId: string) {
	return lockOpenTender(tx, organisationId, tenderId, 'Panels can’t change once the evaluation is finalised.');
}

export async function createPanel(db: Db, actor: Actor, tenderId: string, sectionId: string, input: PanelInput): Promise<string> {
	const data = validate(panelSchema, input);
	if (data.opensAt && data.closesAt && data.closesAt <= data.opensAt) throw new InputError('Scoring must close after it opens.', 'closesAt');
	return db.transaction(async (tx) => {
		await tenderInOrganisation(tx, actor.organisationId, tenderId);
		const [section] = await tx
			.select({ id: tenderSections.id })
			.from(tenderSections)
			.where(and(eq(tenderSections.id, sectionId), eq(tenderSections.tenderId, tenderId)));
		if (!section) throw new InputError('Choose a section of this tender.', 'sectionId');
		const criteria = await tx.select({ price: tenderCriteria.price }).from(tenderCriteria).where(eq(tenderCriteria.sectionId, sectionId));
		if (criteria.length > 0 && criteria.every((c) => c.price)) throw new InputError('This section is scored from the bids’ prices, so it needs no panel.', 'sectionId');
		const [clash] = await tx.select({ id: panels.id }).from(panels).where(eq(panels.sectionId, sectionId));
		if (clash) throw new InputError('This section already has a panel.', 'sectionId');
		const id = newId();
		await tx.insert(panels).values({ id, tenderId, sectionId, quorum: data.quorum, opensAt: data.opensAt, closesAt: data.closesAt, creditedHours: data.creditedHours });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'panel.created',
			targetType: 'panel',
			targetId: id,
			detail: { tenderId, sectionId, quorum: data.quorum }
		});
		return id;
	});
}

/** A panel of the actor's organisation, with its section's audience. */
export async function panelInOrganisation(db: Db, organisationId: string, panelId: string) {
	const [row] = await db
		.select({ id: panels.id, tenderId: panels.tenderId, sectionId: panels.sectionId, audience: tenderSections.audience, tenderStatus: tenders.status })
		.from(panels)
		.innerJoin(tenders, eq(tenders.id, panels.tenderId))
		.innerJoin(tenderSections, eq(tenderSections.id, panels.sectionId))
		.where(and(eq(panels.id, panelId), eq(tenders.organisationId, organisationId)));
	if (!row) throw new InputError('That panel does not exist.');
	return row;
}

const AUDIENCE_ROLE: Record<Exclude<PanelAudience, 'staff'>, { role: Role; panel: string }> = {
	young_people: { role: 'young_person', panel: 'young people’s' },
	parents: { role: 'parent_carer', panel: 'parents’' }
};

type Candidate = { id: string; displayName: string; birthMonth: string | null; disabledAt: Date | null };

/** Why this person can't join a panel for this audience, in plain words; null when they can. */
function whyNot(audience: PanelAudience, consentAge: number, person: Candidate, roles: Role[], hasConsent: boolean): string | null {
	const name = person.displayName;
	if (person.disabledAt) return `${name}’s account is switched off.`;
	if (audience === 'staff') {
		if (!isStaff({ roles })) return `This section is scored by staff, and ${name} is a participant.`;
		// A staff panel reads every anonymised answer: only people who may see bids sit on one.
		return can({ roles }, 'tenders:manage') ? null : `${name} can’t see bids: only officers sit on a staff panel.`;
	}
	if (isStaff({ roles })) return `${name} is staff; a ${AUDIENCE_ROLE[audience].panel} panel is for participants only.`;
	const wanted = AUDIENCE_ROLE[audience];
	if (!roles.includes(wanted.role))
		return audience === 'young_people' ? `${name} is a parent or carer; this panel is for young people.` : `${name} is a young person; this panel is for parents and carers.`;
	const subject = { roles, birthMonth: person.birthMonth, disabled: false };
	if (!canJoinPanelOrVisit(subject, consentAge, hasConsent)) return `${name} needs a parent’s consent on record before joining a panel.`;
	return null;
}

export async function addMember(db: Db, actor: Actor, panelId: string, userId: string): Promise<string> {
	return db.transaction(async (tx) => {
		const panel = await panelInOrganisation(tx, actor.organisationId, panelId);
		await tenderInOrganisation(tx, actor.organisationId, panel.tenderId);
		const [person] = await tx
			.select({ id: users.id, displayName: users.displayName, birthMonth: users.birthMonth, disabledAt: users.disabledAt, consentAge: organisations.consentAge })
			.from(users)
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)));
		if (!person) throw new InputError('Choose someone from your organisation.', 'userId');
		const roles = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role);
		const problem = whyNot(panel.audience, person.consentAge, person, roles, await hasActiveConsent(tx, userId));
		if (problem) throw new InputError(problem, 'userId');
		const [already] = await tx
			.select({ id: panelMembers.id })
			.from(panelMembers)
			.where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, userId)));
		if (already) throw new InputError(`${person.displayName} is already on this panel.`, 'userId');
		const id = newId();
		await tx.insert(panelMembers).values({ id, panelId, userId });
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'panel.member_added', targetType: 'panel', targetId: panelId, detail: { memberId: id, userId } });
		await notifyAddedToPanel(tx, actor.organisationId, panelId, id, userId);
		return id;
	});
}

export const decisionSchema = v.object({
	decision: v.picklist(['stays', 'removed'], 'Choose whether they stay on the panel.'),
	note: v.pipe(
		text('a note on the decision', 1000),
		v.check((s) => !s.includes('\u0000'), NUL)
	)
});

/** An officer's decision on a declared interest: the member stays (active) or is removed. */
export async function decideInterest(db: Db, officer: Actor, memberId: string, input: v.InferInput<typeof decisionSchema>, now = new Date()): Promise<void> {
	const data = validate(decisionSchema, input);
	await db.transaction(async (tx) => {
		// Keeping or removing them changes whose scores count: never once the evaluation is finalised.
		const member = await memberForOfficer(tx, officer.organisationId, memberId);
		if (member.status !== 'interest_declared') throw new InputError('There is no declared interest waiting for a decision.');
		await tx
			.update(panelMembers)
			.set({ status: data.decision === 'stays' ? 'active' : 'removed', decision: data.decision, decisionNote: data.note, decidedBy: officer.id, decidedAt: now, updatedAt: now })
			.where(eq(panelMembers.id, memberId));
		await recordAudit(tx, {
			organisationId: officer.organisationId,
			actorId: officer.id,
			action: 'panel.interest_decided',
			targetType: 'panel',
			targetId: member.panelId,
			detail: { memberId, decision: data.decision }
		});
	});
}

/**
 * The organisation's people who fit the panel's audience (staff for a staff section, young people
 * or parents for a participant section) and aren't on it yet: who can be added, and who can't with
 * the reason in plain words (an account switched off, no parent's consent on record, a staff
 * member who may not see bids).
 */
export async function panelCandidates(db: Db, organisationId: string, panelId: string) {
	const panel = await panelInOrganisation(db, organisationId, panelId);
	const [org] = await db.select({ consentAge: organisations.consentAge }).from(organisations).where(eq(organisations.id, organisationId));
	const people = await db
		.select({ id: users.id, displayName: users.displayName, birthMonth: users.birthMonth, disabledAt: users.disabledAt })
		.from(users)
		.where(and(eq(users.organisationId, organisationId), isNull(users.deletedAt)))
		.orderBy(asc(users.displayName));
	const ids = people.map((p) => p.id);
	const roleRows = ids.length ? await db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, ids)) : [];
	const consenting = new Set(
		(ids.length
			? await db
					.selectDistinct({ userId: consents.userId })
					.from(consents)
					.where(and(inArray(consents.userId, ids), isNull(consents.withdrawnAt)))
			: []
		).map((c) => c.userId)
	);
	const onPanel = new Set((await db.select({ userId: panelMembers.userId }).from(panelMembers).where(eq(panelMembers.panelId, panelId))).map((m) => m.userId));
	const wanted: Role | null = panel.audience === 'staff' ? null : AUDIENCE_ROLE[panel.audience].role;
	const available: { userId: string; displayName: string }[] = [];
	const unavailable: { userId: string; displayName: string; reason: string }[] = [];
	for (const person of people) {
		if (onPanel.has(person.id)) continue;
		const roles = roleRows.filter((r) => r.userId === person.id).map((r) => r.role);
		// Only the people this panel is for: staff for staff sections (those who can't see bids are
		// listed with the reason), the right participants otherwise.
		if (wanted ? !roles.includes(wanted) : !isStaff({ roles })) continue;
		const reason = whyNot(panel.audience, org.consentAge, person, roles, consenting.has(person.id));
		if (reason) unavailable.push({ userId: person.id, displayName: person.displayName, reason });
		else available.push({ userId: person.id, displayName: person.displayName });
	}
	return { available, unavailable };
}

/**
 * A member of a panel of the actor's organisation, locked for a change after its tender (locked
 * and refused once the evaluation is finalised).
 */
async function memberForOfficer(tx: Db, organisationId: string, memberId: string) {
	const query = () =>
		tx
			.select({ id: panelMembers.id, panelId: panelMembers.panelId, status: panelMembers.status, tenderId: panels.tenderId })
			.from(panelMembers)
			.innerJoin(panels, eq(panels.id, panelMembers.panelId))
			.innerJoin(tenders, eq(tenders.id, panels.tenderId))
			.where(and(eq(panelMembers.id, memberId), eq(tenders.organisationId, organisationId)));
	const [found] = /^[a-z2-7]{16}$/.test(memberId) ? await query() : [];
	if (!found) throw new InputError('That panel member does not exist.', 'memberId');
	await tenderInOrganisation(tx, organisationId, found.tenderId);
	const [member] = await query().for('update', { of: panelMembers });
	return member;
}

/**
 * Takes someone off a panel: they see and score nothing more, and any scores they submitted stop
 * counting (only active members' scores do). Kept on the list as removed, for the record.
 */
export async function removeMember(db: Db, actor: Actor, memberId: string, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const member = await memberForOfficer(tx, actor.organisationId, memberId);
		if (member.status === 'removed') throw new InputError('They are already off this panel.', 'memberId');
		await tx.update(panelMembers).set({ status: 'removed', updatedAt: now }).where(eq(panelMembers.id, memberId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'panel.member_removed',
			targetType: 'panel',
			targetId: member.panelId,
			detail: { memberId, from: member.status }
		});
	});
}

/** Changes a panel's quorum or scoring window. Returns false when nothing changed. */
export async function updatePanel(db: Db, actor: Actor, panelId: string, input: PanelInput): Promise<boolean> {
	const data = validate(panelSchema, input);
	if (data.opensAt && data.closesAt && data.closesAt <= data.opensAt) throw new InputError('Scoring must close after it opens.', 'closesAt');
	return db.transaction(async (tx) => {
		const panel = /^[a-z2-7]{16}$/.test(panelId) ? await panelInOrganisation(tx, actor.organisationId, panelId) : null;
		if (!panel) throw new InputError('That panel does not exist.');
		const tender = await tenderInOrganisation(tx, actor.organisationId, panel.tenderId);
		const [current] = await tx.select().from(panels).where(eq(panels.id, panelId));
		const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
		const hours = data.creditedHours ?? Number(current.creditedHours);
		if (current.quorum === data.quorum && same(current.opensAt, data.opensAt) && same(current.closesAt, data.closesAt) && Number(current.creditedHours) === hours) return false;
		// Moderation works from the quorum as it was when scoring closed: a different one needs scoring reopened.
		if (tender.status === 'moderating' && current.quorum !== data.quorum)
			throw new InputError('Scoring has closed, so the quorum can’t change now. Reopen scoring first (on the moderation page), then change it.', 'quorum');
		await tx.update(panels).set({ quorum: data.quorum, opensAt: data.opensAt, closesAt: data.closesAt, creditedHours: hours, updatedAt: new Date() }).where(eq(panels.id, panelId));
		const iso = (d: Date | null) => d?.toISOString() ?? null;
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'panel.changed',
			targetType: 'panel',
			targetId: panelId,
			detail: {
				quorumFrom: current.quorum,
				quorum: data.quorum,
				opensAtFrom: iso(current.opensAt),
				opensAt: iso(data.opensAt),
				closesAtFrom: iso(current.closesAt),
				closesAt: iso(data.closesAt),
				...(Number(current.creditedHours) !== hours ? { creditedHoursFrom: Number(current.creditedHours), creditedHours: hours } : {})
			}
		});
		return true;
	});
}
