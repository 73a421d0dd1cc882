// What a certificate says: the person's name, the organisation, what they did (grouped by kind of
// activity, the same activity on several days on one line), total hours, accreditations and the
// day it was issued. Built from the same ledger champions see, so the hours always agree.
import { and, asc, eq } from 'drizzle-orm';
import { londonToday } from '../../dates';
import { ACTIVITY_LABELS, ACTIVITY_ORDER } from '../../recognition/labels';
import type { Db } from '../db/client';
import { getOrganisation } from '../organisations/organisations';
import { contributions } from '../participation/schema';
import { ledgerPerson } from './people';
import { sum } from './ledger';
import { rewards } from './schema';

/** Lines shown before the rest are summed up in one, so a certificate stays on one A4 page. */
export const MAX_LINES = 14;

export interface CertificateLine {
	description: string;
	times: number;
	firstOn: string;
	lastOn: string;
	hours: number;
}

export async function certificateFor(db: Db, organisationId: string, userId: string, now = new Date()) {
	const person = await ledgerPerson(db, organisationId, userId);
	const organisation = await getOrganisation(db, organisationId);
	const rows = await db
		.select({ activity: contributions.activity, description: contributions.description, happenedOn: contributions.happenedOn, hours: contributions.hours })
		.from(contributions)
		.where(and(eq(contributions.userId, person.id), eq(contributions.organisationId, organisationId)))
		.orderBy(asc(contributions.happenedOn));
	const groups = ACTIVITY_ORDER.map((activity) => {
		const lines = new Map<string, CertificateLine>();
		for (const r of rows.filter((r) => r.activity === activity)) {
			const line = lines.get(r.description) ?? { description: r.description, times: 0, firstOn: r.happenedOn, lastOn: r.happenedOn, hours: 0 };
			line.times++;
			line.lastOn = r.happenedOn;
			line.hours = sum([line.hours, Number(r.hours)]);
			lines.set(r.description, line);
		}
		return { activity, label: ACTIVITY_LABELS[activity], lines: [...lines.values()] };
	}).filter((g) => g.lines.length > 0);
	// Past MAX_LINES, the rest of each group is summed up on one line.
	let room = MAX_LINES;
	let more = { lines: 0, hours: 0 };
	for (const g of groups) {
		const shown = g.lines.slice(0, Math.max(room, 0));
		const rest = g.lines.slice(shown.length);
		more = { lines: more.lines + rest.length, hours: sum([more.hours, ...rest.map((l) => l.hours)]) };
		g.lines = shown;
		room -= shown.length;
	}
	const accreditations = await db
		.select({ description: rewards.description, givenOn: rewards.givenOn })
		.from(rewards)
		.where(and(eq(rewards.userId, person.id), eq(rewards.organisationId, organisationId), eq(rewards.kind, 'accreditation')))
		.orderBy(asc(rewards.givenOn));
	return {
		displayName: person.displayName,
		organisation: organisation.name,
		groups: groups.filter((g) => g.lines.length > 0),
		more,
		totalHours: sum(rows.map((r) => Number(r.hours))),
		activities: rows.length,
		firstOn: rows[0]?.happenedOn ?? null,
		lastOn: rows.at(-1)?.happenedOn ?? null,
		accreditations: accreditations.slice(0, 6),
		issuedOn: londonToday(now)
	};
}
export type CertificateData = Awaited<ReturnType<typeof certificateFor>>;
