// What a certificate says: the person's name, the organisation, what they did (grouped by kind of
// activity, the same activity on several days on one line, newest first), total hours,
// accreditations (newest first) and the day it was issued. Built from the same ledger champions
// see, so the hours always agree.
import { and, asc, desc, eq } from 'drizzle-orm';
import { londonToday } from '../../dates';
import { ACTIVITY_LABELS, ACTIVITY_ORDER } from '../../recognition/labels';
import type { Db } from '../db/client';
import { getOrganisation } from '../organisations/organisations';
import { contributions } from '../participation/schema';
import { ledgerPerson } from './people';
import { sum } from './ledger';
import { rewards } from './schema';

/** Lines shown (the most recent) before the earlier ones are summed up in one, so a certificate stays on one A4 page. */
export const MAX_LINES = 14;
/** Accreditations listed (the most recent); any more are counted in one line. */
export const MAX_ACCREDITATIONS = 6;

export interface CertificateLine {
	description: string;
	times: number;
	firstOn: string;
	lastOn: string;
	hours: number;
}

/** Most recent first; the same day in the order of the words, so the choice is stable. */
const newestFirst = (a: CertificateLine, b: CertificateLine) => b.lastOn.localeCompare(a.lastOn) || a.description.localeCompare(b.description);

export async function certificateFor(db: Db, organisationId: string, userId: string, now = new Date()) {
	const person = await ledgerPerson(db, organisationId, userId);
	const organisation = await getOrganisation(db, organisationId);
	const rows = await db
		.select({ activity: contributions.activity, description: contributions.description, happenedOn: contributions.happenedOn, hours: contributions.hours })
		.from(contributions)
		.where(and(eq(contributions.userId, person.id), eq(contributions.organisationId, organisationId)))
		.orderBy(asc(contributions.happenedOn));
	// The same activity on several days is one line; lines are newest first within each kind.
	const groups = ACTIVITY_ORDER.map((activity) => {
		const lines = new Map<string, CertificateLine>();
		for (const r of rows.filter((r) => r.activity === activity)) {
			const line = lines.get(r.description) ?? { description: r.description, times: 0, firstOn: r.happenedOn, lastOn: r.happenedOn, hours: 0 };
			line.times++;
			line.lastOn = r.happenedOn;
			line.hours = sum([line.hours, Number(r.hours)]);
			lines.set(r.description, line);
		}
		return { activity, label: ACTIVITY_LABELS[activity], lines: [...lines.values()].sort(newestFirst) };
	}).filter((g) => g.lines.length > 0);
	// Past MAX_LINES, the most recent lines stay and the earlier ones are summed up on one line,
	// so the newest work is never the part left off. Shown and earlier hours add up to the total.
	const kept = new Set(groups.flatMap((g) => g.lines).sort(newestFirst).slice(0, MAX_LINES));
	const left = groups.flatMap((g) => g.lines).filter((l) => !kept.has(l));
	const earlier = { activities: left.reduce((n, l) => n + l.times, 0), hours: sum(left.map((l) => l.hours)) };
	const shown = groups.map((g) => ({ ...g, lines: g.lines.filter((l) => kept.has(l)) })).filter((g) => g.lines.length > 0);
	const accreditations = await db
		.select({ description: rewards.description, givenOn: rewards.givenOn })
		.from(rewards)
		.where(and(eq(rewards.userId, person.id), eq(rewards.organisationId, organisationId), eq(rewards.kind, 'accreditation')))
		.orderBy(desc(rewards.givenOn), desc(rewards.createdAt));
	return {
		displayName: person.displayName,
		organisation: organisation.name,
		groups: shown,
		earlier,
		totalHours: sum(rows.map((r) => Number(r.hours))),
		activities: rows.length,
		firstOn: rows[0]?.happenedOn ?? null,
		lastOn: rows.at(-1)?.happenedOn ?? null,
		accreditations: accreditations.slice(0, MAX_ACCREDITATIONS),
		moreAccreditations: Math.max(accreditations.length - MAX_ACCREDITATIONS, 0),
		issuedOn: londonToday(now)
	};
}
export type CertificateData = Awaited<ReturnType<typeof certificateFor>>;
