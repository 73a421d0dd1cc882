// One participant's contributions ledger: what they did, when, for how long and who added it, with
// totals by activity. Champions add hours for things the platform didn't see ('other' rows) and may
// remove only those; automatic credits (panels, sessions, mystery shopping) stay.
import { and, asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import * as v from 'valibot';
import { londonToday } from '../../dates';
import { ACTIVITY_ORDER, type ActivityKey } from '../../recognition/labels';
import { recordAudit } from '../audit/audit';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { ID_PATTERN, InputError, realDate, validate } from '../forms';
import { contributions } from '../participation/schema';
import { projects } from '../projects/schema';
import { hoursField, plainWords } from './fields';
import { creditContribution } from './credit';
import { ledgerPerson } from './people';

type Actor = { id: string; organisationId: string };

/** A day that has happened: today or before (in England), from the year 2000. */
export const pastDay = (label: string, now = () => new Date()) =>
	v.pipe(
		realDate(label),
		v.check((s) => s <= londonToday(now()), `${label.charAt(0).toUpperCase()}${label.slice(1)} can’t be in the future.`)
	);

/** An optional project of the actor's organisation ('' for none); checked against the database separately. */
export const projectField = v.pipe(
	v.string(),
	v.trim(),
	v.check((s) => s === '' || ID_PATTERN.test(s), 'Choose a project from the list.')
);

export const hoursSchema = v.object({
	description: plainWords('what they did', 200),
	happenedOn: pastDay('the date'),
	hours: hoursField('the hours', 0.25, 24),
	projectId: projectField
});
export type HoursInput = v.InferInput<typeof hoursSchema>;

/** The organisation's projects, for the optional "which project" choice. */
export async function projectChoices(db: Db, organisationId: string) {
	return db.select({ id: projects.id, title: projects.title }).from(projects).where(eq(projects.organisationId, organisationId)).orderBy(asc(projects.title));
}

/** '' → null; another organisation's (or no such) project is refused on the field. */
export async function checkedProject(db: Db, organisationId: string, projectId: string): Promise<string | null> {
	if (!projectId) return null;
	const [row] = await db.select({ id: projects.id }).from(projects).where(and(eq(projects.id, projectId), eq(projects.organisationId, organisationId)));
	if (!row) throw new InputError('Choose a project from the list.', 'projectId');
	return row.id;
}

/** The participant's ledger rows (newest first), totals by activity and overall. */
export async function participantLedger(db: Db, organisationId: string, userId: string) {
	const person = await ledgerPerson(db, organisationId, userId);
	const adder = alias(users, 'adder');
	const rows = await db
		.select({
			id: contributions.id,
			activity: contributions.activity,
			description: contributions.description,
			projectId: contributions.projectId,
			projectTitle: projects.title,
			happenedOn: contributions.happenedOn,
			hours: contributions.hours,
			addedBy: adder.displayName,
			addedByDeleted: adder.deletedAt
		})
		.from(contributions)
		.leftJoin(projects, eq(projects.id, contributions.projectId))
		.leftJoin(adder, eq(adder.id, contributions.creditedBy))
		.where(and(eq(contributions.userId, person.id), eq(contributions.organisationId, organisationId)))
		.orderBy(desc(contributions.happenedOn), desc(contributions.createdAt));
	const entries = rows.map((r) => ({
		id: r.id,
		activity: r.activity as ActivityKey,
		description: r.description,
		projectTitle: r.projectTitle,
		happenedOn: r.happenedOn,
		hours: Number(r.hours),
		addedBy: r.activity === 'other' ? (r.addedBy && !r.addedByDeleted ? r.addedBy : 'A champion') : 'Added automatically',
		removable: r.activity === 'other'
	}));
	const byActivity = ACTIVITY_ORDER.map((activity) => {
		const mine = entries.filter((e) => e.activity === activity);
		return { activity, count: mine.length, hours: sum(mine.map((e) => e.hours)) };
	}).filter((t) => t.count > 0);
	return { person, entries, byActivity, totalHours: sum(entries.map((e) => e.hours)) };
}

/** Adds up hours to the hundredth, free of floating-point crumbs. */
export function sum(hours: number[]): number {
	return Math.round(hours.reduce((a, h) => a + Math.round(h * 100), 0)) / 100;
}

/** A champion adds hours the platform didn't record itself. Returns the new row's id. */
export async function addHours(db: Db, actor: Actor, userId: string, input: HoursInput, now = new Date()): Promise<string> {
	const data = validate(v.object({ ...hoursSchema.entries, happenedOn: pastDay('the date', () => now) }), input);
	return db.transaction(async (tx) => {
		const person = await ledgerPerson(tx, actor.organisationId, userId);
		const projectId = await checkedProject(tx, actor.organisationId, data.projectId);
		const sourceId = newId();
		const id = await creditContribution(tx, {
			organisationId: actor.organisationId,
			userId: person.id,
			projectId,
			activity: 'other',
			sourceId,
			description: data.description,
			hours: data.hours,
			happenedOn: data.happenedOn,
			creditedBy: actor.id,
			createdAt: now
		});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'contribution.added',
			targetType: 'user',
			targetId: person.id,
			detail: { contributionId: id, projectId, hours: data.hours }
		});
		return id!;
	});
}

/** Removes hours a champion added ('other' rows only) from this participant's ledger. */
export async function removeHours(db: Db, actor: Actor, userId: string, contributionId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const person = await ledgerPerson(tx, actor.organisationId, userId);
		const [row] = ID_PATTERN.test(contributionId)
			? await tx
					.select({ id: contributions.id, activity: contributions.activity, hours: contributions.hours })
					.from(contributions)
					.where(and(eq(contributions.id, contributionId), eq(contributions.userId, person.id), eq(contributions.organisationId, actor.organisationId)))
					.for('update')
			: [];
		if (!row) throw new InputError('Those hours aren’t on this person’s record.');
		if (row.activity !== 'other') throw new InputError('Hours credited automatically (panels, sessions and mystery shopping) can’t be removed.');
		await tx.delete(contributions).where(eq(contributions.id, row.id));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'contribution.removed',
			targetType: 'user',
			targetId: person.id,
			detail: { contributionId: row.id, hours: Number(row.hours) }
		});
	});
}
